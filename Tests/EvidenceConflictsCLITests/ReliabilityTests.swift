import EvidenceStore
import EvidenceTestSupport
import Foundation
import Testing

/// The reliability defects of issue 13, each end to end against the built executable: what a
/// failed, killed, blocked or concurrent run must never do.
@Suite("reliability", .serialized)
struct ReliabilityTests {
  let root: URL
  var minimal: URL { TestSupport.fixture("MinimalCatalogue") }

  init() throws { root = try TestSupport.makeTemporaryDirectory() }

  func copy(_ name: String) throws -> URL {
    let destination = root.appendingPathComponent(name)
    try TestSupport.copyCatalogueFiles(from: minimal, to: destination)
    return destination
  }

  func edit(_ url: URL, _ old: String, _ new: String) throws {
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.contains(old), "\(url.lastPathComponent) has no '\(old)'")
    try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
  }

  /// Defect 2: diagnostics of files reused from the store name the path being imported.
  @Test func importNamesTheFilesUnderThePathBeingImported() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let a = try copy("a")
    let database = root.appendingPathComponent("db.sqlite").path
    #expect(try TestSupport.runTool(["import", a.path, "--database", database]).status == 0)
    let b = try copy("b")
    try FileManager.default.removeItem(at: a)
    try edit(b.appendingPathComponent("base.yaml"), "  - id: adults-with-fracture\n", "  - id: adults-with-fracture-renamed\n")
    let result = try TestSupport.runTool(["import", b.path, "--database", database])
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(b.path)/source-a.yaml:13:17: error: [dangling-reference]"), "\(result.stderr)")
    #expect(!result.stderr.contains("\(a.path)/"))
  }

  /// Defect 3: a named pipe in the catalogue or as the database is refused at once.
  @Test func namedPipesAreRefusedWithoutBlocking() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    #expect(mkfifo(catalogue.appendingPathComponent("pipe.yaml").path, 0o644) == 0)
    let validate = try TestSupport.runTool(["validate", catalogue.path], killedAfter: 20)
    #expect(validate.status == 1, "\(validate.status) \(validate.stderr)")
    #expect(validate.stderr.contains("pipe.yaml:1:1: error: [not-a-regular-file]"))
    try FileManager.default.removeItem(at: catalogue.appendingPathComponent("pipe.yaml"))
    let fifo = root.appendingPathComponent("db.fifo").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let result = try TestSupport.runTool(["import", catalogue.path, "--database", fifo], killedAfter: 20)
    #expect(result.status == 1, "\(result.status) \(result.stderr)")
    #expect(result.stderr.contains("is not a regular file"))
  }

  /// Defect 4: a first import that fails (here: the file size limit, as on a full disk) leaves no
  /// database file.
  @Test func aFailedFirstImportLeavesNoDatabaseFile() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    let database = root.appendingPathComponent("db.sqlite")
    let tool = TestSupport.executable.path
    let result = try TestSupport.shell(
      "ulimit -f 8; '\(tool)' import '\(catalogue.path)' --database '\(database.path)'", in: root)
    #expect(result.status != 0)
    #expect(!FileManager.default.fileExists(atPath: database.path), "\(result.stderr)")
    // Without the limit it succeeds, and the database is complete.
    #expect(try TestSupport.runTool(["import", catalogue.path, "--database", database.path]).status == 0)
    #expect(try EvidenceStore(readingExisting: database.path).contentHashes().count == 3)
  }

  /// Defect 6: concurrent imports of different catalogues never leave a mix of them: the database
  /// holds exactly one catalogue that an import that succeeded validated.
  @Test func concurrentImportsNeverMixCatalogues() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let database = root.appendingPathComponent("db.sqlite").path
    #expect(try TestSupport.runTool(["import", try copy("base").path, "--database", database]).status == 0)
    let files = ["base.yaml", "source-a.yaml", "source-b.yaml"]
    var catalogues: [URL] = []
    for index in 0..<6 {
      let catalogue = try copy("c\(index)")
      let file = catalogue.appendingPathComponent(files[index % 3])
      try String(contentsOf: file, encoding: .utf8).appending("# edit \(index)\n").write(to: file, atomically: true, encoding: .utf8)
      catalogues.append(catalogue)
    }
    let scratch = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let running = try catalogues.map {
      try TestSupport.start(TestSupport.executable, ["import", $0.path, "--database", database], outputIn: scratch)
    }
    let results = try running.map { try $0.wait() }
    for result in results where result.status != 0 {
      #expect(result.status == 1)
      #expect(result.stderr.contains("another process changed the database"), "\(result.stderr)")
    }
    let stored = try EvidenceStore(readingExisting: database).contentHashes()
    let matching = try catalogues.indices.filter { index in
      let hashes = try Dictionary(uniqueKeysWithValues: files.map { name in
        (name, try sha256(catalogues[index].appendingPathComponent(name)))
      })
      return hashes == stored
    }
    #expect(matching.count == 1, "the database holds no catalogue any import validated")
    if let winner = matching.first { #expect(results[winner].status == 0) }
  }

  /// Defect 7: several processes opening a database that does not exist yet all succeed.
  @Test func concurrentFirstUseMigratesOnce() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    let database = root.appendingPathComponent("runs.sqlite").path
    let scratch = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let running = try (0..<6).map { _ in
      try TestSupport.start(TestSupport.executable, ["check", catalogue.path, "--database", database, "--fail-on", "never"], outputIn: scratch)
    }
    for result in try running.map({ try $0.wait() }) {
      #expect(result.status == 0, "\(result.stderr)")
      #expect(!result.stderr.contains("already exists"))
    }
  }

  /// A database written by a newer version is refused, naming the versions.
  @Test func aDatabaseOfANewerVersionIsRefused() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    let database = root.appendingPathComponent("db.sqlite").path
    #expect(try TestSupport.runTool(["import", catalogue.path, "--database", database]).status == 0)
    let insert = try TestSupport.python(
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO grdb_migrations VALUES ('v99: from the future')\"); c.commit()",
      [database])
    #expect(insert.status == 0, "\(insert.stderr)")
    let list = try TestSupport.runTool(["list", "--database", database])
    #expect(list.status == 1)
    #expect(list.stderr.contains("newer version") && list.stderr.contains("v99: from the future"), "\(list.stderr)")
  }

  @Test func aDatabaseWhoseFolderIsAFileIsExplained() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    FileManager.default.createFile(atPath: root.appendingPathComponent("afile").path, contents: Data())
    let result = try TestSupport.runTool(["import", catalogue.path, "--database", root.appendingPathComponent("afile/db.sqlite").path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("its folder") && result.stderr.contains("is a file, not a directory"))
    #expect(!result.stderr.contains("NSCocoaErrorDomain"))
  }

  /// Starts the tool paused at a fault point, waits until it gets there and kills it (SIGKILL).
  func killed(at point: String, _ arguments: [String]) throws {
    let scratch = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let running = try TestSupport.start(
      TestSupport.executable, arguments, in: root,
      environment: ["EVIDENCE_CONFLICTS_FAULT": "pause-\(point)", "EVIDENCE_CONFLICTS_FAULT_SECONDS": "60"], outputIn: scratch)
    let deadline = Date().addingTimeInterval(60)
    while !running.stderrSoFar.contains("fault: paused"), running.process.isRunning, Date() < deadline { usleep(20_000) }
    #expect(running.stderrSoFar.contains("fault: paused \(point)"), "\(point): \(running.stderrSoFar)")
    kill(running.process.processIdentifier, SIGKILL)
    _ = try running.wait()
  }

  /// The as-of date each report file was written for (the XLSX only has to exist).
  func reportDates(_ directory: URL) throws -> [String] {
    let text = try String(contentsOf: directory.appendingPathComponent("conflict-report.txt"), encoding: .utf8)
    let json = try String(contentsOf: directory.appendingPathComponent("conflict-report.json"), encoding: .utf8)
    let html = try String(contentsOf: directory.appendingPathComponent("conflict-report.html"), encoding: .utf8)
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("conflict-report.xlsx").path))
    return ["2024-12-31", "2025-12-31"].filter { date in text.contains(date) && json.contains(date) && html.contains(date) }
  }

  func hiddenFiles(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }.sorted()
  }

  /// Defect 5: a report killed at any rename of its installation (or right after committing it)
  /// is repaired by the next run, even one that fails on its catalogue: one complete set, the
  /// earlier one unless the installation had committed.
  @Test func aReportKilledAtEveryRenameIsRepairedByTheNextRun() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    let out = root.appendingPathComponent("out")
    for point in (1...8).map({ "install-\($0)" }) + ["install-committed"] {
      try? FileManager.default.removeItem(at: out)
      #expect(try TestSupport.runTool(["report", catalogue.path, "--out", out.path, "--as-of", "2024-12-31"]).status == 0)
      try killed(at: point, ["report", catalogue.path, "--out", out.path, "--as-of", "2025-12-31"])
      let repair = try TestSupport.runTool(["report", root.appendingPathComponent("missing").path, "--out", out.path])
      #expect(repair.status == 1)
      #expect(try reportDates(out) == [point == "install-committed" ? "2025-12-31" : "2024-12-31"], "\(point)")
      let hidden = try hiddenFiles(out)
      #expect(hidden.isEmpty, "\(point): \(hidden)")
    }
  }

  /// Defect 5 for `check`: its JSON and JUnit files, killed at every rename.
  @Test func aCheckKilledAtEveryRenameLeavesOneSetOfItsFiles() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    let database = root.appendingPathComponent("runs.sqlite").path
    let arguments = ["check", catalogue.path, "--database", database, "--json", "check.json", "--junit", "junit.xml", "--fail-on", "never"]
    for point in (1...4).map({ "install-\($0)" }) {
      #expect(try TestSupport.runTool(arguments + ["--as-of", "2024-12-31"], in: root).status == 0)
      try killed(at: point, arguments + ["--as-of", "2025-12-31"])
      // A later run into the same directory (writing other files) repairs it first.
      let repair = try TestSupport.runTool(["check", root.appendingPathComponent("missing").path, "--json", "other.json"], in: root)
      #expect(repair.status != 0)
      let json = try String(contentsOf: root.appendingPathComponent("check.json"), encoding: .utf8)
      #expect(json.contains("2024-12-31"), "\(point)")
      #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("junit.xml").path))
      #expect(try hiddenFiles(root).filter { $0.contains("check.json") || $0.contains("junit.xml") || $0.contains("install") }.isEmpty)
    }
  }

  /// Defect 8: reports run at once into one directory all succeed, and it ends with one complete
  /// set.
  @Test func concurrentReportsIntoOneDirectoryAllSucceed() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    let out = root.appendingPathComponent("out")
    let scratch = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    for _ in 0..<3 {
      let running = try ["2024-12-31", "2025-12-31", "2024-12-31", "2025-12-31"].map {
        try TestSupport.start(TestSupport.executable, ["report", catalogue.path, "--out", out.path, "--as-of", $0], outputIn: scratch)
      }
      for result in try running.map({ try $0.wait() }) { #expect(result.status == 0, "\(result.stderr)") }
      #expect(try reportDates(out).count == 1)
      #expect(try hiddenFiles(out).isEmpty)
    }
  }

  /// With umask 000 every report file gets the same mode.
  @Test func everyReportFileHasTheSameMode() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    let out = root.appendingPathComponent("out")
    let tool = TestSupport.executable.path
    #expect(try TestSupport.shell("umask 000; '\(tool)' report '\(catalogue.path)' --out '\(out.path)'", in: root).status == 0)
    let modes = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }.map { name in
      (try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.posixPermissions] as? Int) ?? -1
    }
    #expect(modes.count == 5 && Set(modes) == [0o644], "\(modes)")
  }

  /// `list` on another application's database says so instead of suggesting `import`.
  @Test func listOnAForeignDatabaseDoesNotSuggestImport() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let database = root.appendingPathComponent("other.sqlite").path
    #expect(try TestSupport.python("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE t (x)'); c.commit()", [database]).status == 0)
    let list = try TestSupport.runTool(["list", "--database", database])
    #expect(list.status == 1)
    #expect(list.stderr.contains("is not an evidence-conflicts database") && !list.stderr.contains("run 'evidence-conflicts import'"), "\(list.stderr)")
  }

  /// A writer killed inside its transaction, after it wrote pages, leaves a hot journal: a reader
  /// rolls it back and reads the last committed catalogue (a read-only connection alone cannot,
  /// and failed with "attempt to write a readonly database").
  @Test func aReaderRollsBackTheHotJournalOfAKilledWriter() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    let database = root.appendingPathComponent("db.sqlite").path
    #expect(try TestSupport.runTool(["import", catalogue.path, "--database", database]).status == 0)
    let before = try TestSupport.runTool(["conflicts", catalogue.path, "--database", database, "--format", "json"])
    #expect(before.status == 0, "\(before.stderr)")
    let killed = """
      import os, sqlite3, sys
      c = sqlite3.connect(sys.argv[1], isolation_level=None)
      c.execute("PRAGMA cache_size=1")
      c.execute("BEGIN IMMEDIATE")
      c.execute("UPDATE catalogueFile SET content = zeroblob(length(content))")
      os._exit(0)
      """
    #expect(try TestSupport.python(killed, [database]).status == 0)
    #expect(FileManager.default.fileExists(atPath: database + "-journal"))
    let after = try TestSupport.runTool(["conflicts", catalogue.path, "--database", database, "--format", "json"])
    #expect(after.status == 0, "\(after.stderr)")
    #expect(after.stdout == before.stdout)
    #expect(!FileManager.default.fileExists(atPath: database + "-journal"))
  }

  /// `import` killed at points spread over its run leaves the database holding the earlier
  /// catalogue or the new one, never a mix, and readable.
  @Test func anImportKilledAtAnyPointLeavesTheEarlierOrTheNewCatalogue() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let old = try copy("old")
    let new = try copy("new")
    for name in ["base.yaml", "source-a.yaml", "source-b.yaml"] {
      let file = new.appendingPathComponent(name)
      try String(contentsOf: file, encoding: .utf8).appending("# changed\n").write(to: file, atomically: true, encoding: .utf8)
    }
    func hashes(_ catalogue: URL) throws -> [String: String] {
      try Dictionary(uniqueKeysWithValues: ["base.yaml", "source-a.yaml", "source-b.yaml"].map { ($0, try sha256(catalogue.appendingPathComponent($0))) })
    }
    let (before, after) = (try hashes(old), try hashes(new))
    let scratch = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    for delay in [0, 5_000, 15_000, 30_000, 60_000, 120_000] {
      let database = root.appendingPathComponent("db-\(delay).sqlite").path
      #expect(try TestSupport.runTool(["import", old.path, "--database", database]).status == 0)
      let running = try TestSupport.start(TestSupport.executable, ["import", new.path, "--database", database], outputIn: scratch)
      usleep(UInt32(delay))
      kill(running.process.processIdentifier, SIGKILL)
      _ = try running.wait()
      let stored = try EvidenceStore(readingExisting: database).contentHashes()
      #expect(stored == before || stored == after, "killed after \(delay) µs")
    }
  }

  /// `report` and `check` killed at points spread over their runs: the next run finds one
  /// complete set of files, and no hidden file is left.
  @Test func reportsAndChecksKilledAtAnyPointLeaveOneCompleteSet() throws {
    defer { try? FileManager.default.removeItem(at: root) }
    let catalogue = try copy("catalogue")
    let out = root.appendingPathComponent("out")
    let scratch = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    #expect(try TestSupport.runTool(["report", catalogue.path, "--out", out.path, "--as-of", "2024-12-31"]).status == 0)
    let database = root.appendingPathComponent("runs.sqlite").path
    let check = ["check", catalogue.path, "--database", database, "--json", "check.json", "--junit", "junit.xml", "--fail-on", "never"]
    #expect(try TestSupport.runTool(check, in: root).status == 0)
    for delay in [0, 10_000, 30_000, 60_000, 100_000, 200_000] {
      for arguments in [["report", catalogue.path, "--out", out.path, "--as-of", "2025-12-31"], check] {
        let running = try TestSupport.start(TestSupport.executable, arguments, in: root, outputIn: scratch)
        usleep(UInt32(delay))
        kill(running.process.processIdentifier, SIGKILL)
        _ = try running.wait()
      }
      #expect(try TestSupport.runTool(["report", root.appendingPathComponent("missing").path, "--out", out.path]).status == 1)
      #expect(try reportDates(out).count == 1, "killed after \(delay) µs")
      let hidden = try hiddenFiles(out)
      #expect(hidden.isEmpty, "\(hidden)")
      #expect(try TestSupport.runTool(check, in: root).status == 0)
      #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("check.json").path))
    }
  }

  func sha256(_ url: URL) throws -> String {
    let result = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [url.path])
    return String(result.stdout.prefix(64))
  }
}
