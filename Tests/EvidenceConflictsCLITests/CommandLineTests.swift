import EvidenceStore
import EvidenceTestSupport
import Foundation
import Testing

@Suite("evidence-conflicts, end to end")
struct CommandLineTests {
  static func consistencyProblems(_ path: String) throws -> [String] {
    try EvidenceStore(readingExisting: path).consistencyProblems()
  }

  @Test func validatesTheBundledCatalogue() throws {
    let result = try TestSupport.runTool(["validate", "Evidence"], in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    #expect(result.stdout.hasPrefix("Evidence: "))
    #expect(result.stdout.contains("0 errors, 0 warnings"))
  }

  #if os(Linux)
    /// The executable allocates through jemalloc (see Package.swift): asked through jemalloc's own
    /// environment variable, it prints jemalloc's statistics when it exits, which glibc's malloc
    /// would not.
    @Test func allocatesThroughJemalloc() throws {
      let result = try TestSupport.runTool(
        ["validate", "Evidence"], in: TestSupport.repositoryRoot, environment: ["MALLOC_CONF": "stats_print:true"])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stderr.contains("Begin jemalloc statistics"))
      #expect(result.stdout.contains("0 errors, 0 warnings"))
    }
  #endif

  @Test func importsListsAndSkipsUnchangedFiles() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("catalogue.sqlite").path
    let evidence = TestSupport.bundledCatalogue.path
    let first = try TestSupport.runTool(["import", evidence, "--database", database])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("0 files unchanged and skipped"))
    let fileCount = try #require(first.stdout.split(separator: " ").dropFirst(4).first.flatMap { Int($0) })
    #expect(fileCount > 10)

    let second = try TestSupport.runTool(["import", evidence, "--database", database])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("0 files written, \(fileCount) files unchanged and skipped, 0 files removed"))

    let list = try TestSupport.runTool(["list", "--database", database, "--format", "json"])
    #expect(list.status == 0, "\(list.stderr)")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
    let vertebroplasty = try #require(rows.first { $0["id"] as? String == "aaos-2010-r1" })
    #expect(vertebroplasty["source"] as? String == "aaos-2010-oscf")
    #expect(vertebroplasty["societies"] as? [String] == ["aaos"])
    #expect(vertebroplasty["intervention"] as? String == "vertebroplasty")
    #expect(vertebroplasty["direction"] as? String == "against")
    #expect(vertebroplasty["strength"] as? String == "Strong")
    #expect(vertebroplasty["unverified"] as? Bool == false)
    let normalized = try #require(vertebroplasty["normalized"] as? [String: Any])
    #expect(normalized["strength"] as? Double == 1)
    #expect(normalized["certainty"] != nil)
    #expect(vertebroplasty["window"] is [String: Any])
    #expect(vertebroplasty["population"] as? String == "osteoporotic-vcf-neuro-intact")
    #expect(vertebroplasty.keys.contains("evidenceLevel"))
    #expect(try Self.consistencyProblems(database).isEmpty)
  }

  @Test func anUnchangedCatalogueIsOnlyHashedAndAnyChangeIsImportedAgain() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let catalogue = directory.appendingPathComponent("Evidence")
    try FileManager.default.copyItem(at: TestSupport.bundledCatalogue, to: catalogue)
    let database = directory.appendingPathComponent("c.sqlite").path
    let arguments = ["import", catalogue.path, "--database", database]
    let first = try TestSupport.runTool(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains(" recommendations"))

    // Nothing changed: the files are hashed, nothing is decoded or validated again.
    let second = try TestSupport.runTool(arguments)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains(" 0 files written, "))
    #expect(second.stdout.contains("Nothing changed since the last import, which validated the catalogue"))
    #expect(!second.stdout.contains(" recommendations"))

    // One file's bytes change: it is parsed again and the whole catalogue validated.
    let files = try #require(FileManager.default.enumerator(atPath: catalogue.path)?.compactMap { $0 as? String })
    let edited = catalogue.appendingPathComponent(try #require(files.filter { $0.hasSuffix(".yaml") }.sorted().last))
    let handle = try FileHandle(forWritingTo: edited)
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("\n# reviewed again\n".utf8))
    try handle.close()
    let third = try TestSupport.runTool(arguments)
    #expect(third.status == 0, "\(third.stderr)")
    #expect(third.stdout.contains(" 1 file written, "))
    #expect(third.stdout.contains(" recommendations") && !third.stdout.contains("Nothing changed"))

    // An added file is never taken as unchanged: a broken one is refused.
    let extra = catalogue.appendingPathComponent("extra.yaml")
    try Data("recommendations: [\n".utf8).write(to: extra)
    let fourth = try TestSupport.runTool(arguments)
    #expect(fourth.status == 1)
    #expect(fourth.stderr.contains("extra.yaml:"))
    try FileManager.default.removeItem(at: extra)
    let fifth = try TestSupport.runTool(arguments)
    #expect(fifth.status == 0, "\(fifth.stderr)")
    #expect(fifth.stdout.contains("Nothing changed since the last import"))
    #expect(try Self.consistencyProblems(database).isEmpty)
  }

  @Test func listFiltersKeepTheTwoACRsApart() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("c.sqlite").path
    _ = try TestSupport.runTool(["import", TestSupport.bundledCatalogue.path, "--database", database])
    func ids(_ arguments: [String]) throws -> [String] {
      let result = try TestSupport.runTool(["list", "--database", database, "--format", "json"] + arguments)
      #expect(result.status == 0, "\(result.stderr)")
      let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
      return rows.compactMap { $0["id"] as? String }
    }
    let rheumatology = try ids(["--society", "acr-rheumatology"])
    let radiology = try ids(["--society", "acr-radiology"])
    #expect(!rheumatology.isEmpty && !radiology.isEmpty)
    #expect(Set(rheumatology).isDisjoint(with: radiology))
    let vertebroplasty = try ids(["--intervention", "vertebroplasty", "--topic", "vcf-initial-treatment"])
    #expect(vertebroplasty.contains("aaos-2010-r1"))
    #expect(vertebroplasty.contains("multisociety-2014-va") || vertebroplasty.contains { $0.hasPrefix("multisociety-2014") })
    #expect(!vertebroplasty.contains("aaos-2010-r7"))
    let text = try TestSupport.runTool(["list", "--database", database, "--society", "aaos"])
    #expect(text.status == 0)
    #expect(text.stdout.hasSuffix("11 recommendations\n"))
    #expect(try Self.consistencyProblems(database).isEmpty)
  }

  @Test(arguments: TestSupport.badCatalogueNames)
  func badCatalogueFailsWithItsDiagnosticAndChangesNothing(name: String) throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("catalogue.sqlite")
    let good = directory.appendingPathComponent("good")
    try TestSupport.copyCatalogueFiles(from: TestSupport.fixture("MinimalCatalogue"), to: good)
    let setup = try TestSupport.runTool(["import", "good", "--database", database.path], in: directory)
    #expect(setup.status == 0, "\(setup.stderr)")
    let before = try #require(TestSupport.contents(of: database))

    let (_, expected) = try TestSupport.assembleBadCatalogue(name, in: directory)
    let result = try TestSupport.runTool(["import", "catalogue", "--database", database.path], in: directory)
    #expect(result.status == 1)
    for prefix in expected {
      let full = "catalogue" + (prefix.hasPrefix(":") ? "" : "/") + prefix
      #expect(result.stderr.contains(full + " "), "\(name): expected \(full) in\n\(result.stderr)")
    }
    #expect(TestSupport.contents(of: database) == before, "\(name) changed the database")
    #expect(try Self.consistencyProblems(database.path).isEmpty)

    let validate = try TestSupport.runTool(["validate", "catalogue"], in: directory)
    #expect(validate.status == 1)
  }

  @Test func aFailedFirstImportCreatesNoDatabase() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try TestSupport.assembleBadCatalogue("dangling-study", in: directory)
    let result = try TestSupport.runTool(["import", "catalogue"], in: directory)
    #expect(result.status == 1)
    #expect(result.stderr.contains("was not changed"))
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".evidence-conflicts").path))
  }

  @Test func defaultDatabaseIsCreatedUnderTheWorkingDirectory() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try TestSupport.copyCatalogueFiles(from: TestSupport.fixture("MinimalCatalogue"), to: directory.appendingPathComponent("c"))
    let result = try TestSupport.runTool(["import", "c"], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    let path = directory.appendingPathComponent(".evidence-conflicts/catalogue.sqlite").path
    #expect(FileManager.default.fileExists(atPath: path))
    #expect(try Self.consistencyProblems(path).isEmpty)
    let env = try TestSupport.runTool(["list"], in: directory, environment: ["EVIDENCE_CONFLICTS_DATABASE": "elsewhere.sqlite"])
    #expect(env.status == 1)
    #expect(env.stderr.contains("there is no database at 'elsewhere.sqlite'"))
  }

  @Test func usageErrorsExitWith64() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try TestSupport.runTool(["validate", "--no-such-flag"]).status == 64)
    #expect(try TestSupport.runTool(["list", "--format", "xml"]).status == 64)
    #expect(try TestSupport.runTool(["frobnicate"]).status == 64)
    try TestSupport.copyCatalogueFiles(from: TestSupport.fixture("MinimalCatalogue"), to: directory.appendingPathComponent("c"))
    _ = try TestSupport.runTool(["import", "c", "--database", "d.sqlite"], in: directory)
    let unknown = try TestSupport.runTool(["list", "--database", "d.sqlite", "--topic", "nope"], in: directory)
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("--topic 'nope'"))
    #expect(try Self.consistencyProblems(directory.appendingPathComponent("d.sqlite").path).isEmpty)
  }

  @Test func importIntoAFileThatIsNotADatabaseFailsCleanly() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try TestSupport.copyCatalogueFiles(from: TestSupport.fixture("MinimalCatalogue"), to: directory.appendingPathComponent("c"))
    let notes = directory.appendingPathComponent("notes.txt")
    let text = Data(String(repeating: "meeting notes, not a database\n", count: 20).utf8)
    try text.write(to: notes)
    let result = try TestSupport.runTool(["import", "c", "--database", "notes.txt"], in: directory)
    #expect(result.status == 1)
    #expect(result.stderr.contains("is not an evidence-conflicts database"))
    #expect(TestSupport.contents(of: notes) == text)
  }

  @Test func strictTurnsWarningsIntoFailure() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let catalogue = directory.appendingPathComponent("c")
    try TestSupport.copyCatalogueFiles(from: TestSupport.fixture("MinimalCatalogue"), to: catalogue)
    let source = catalogue.appendingPathComponent("source-b.yaml")
    let text = try String(contentsOf: source, encoding: .utf8)
      .replacingOccurrences(of: "  url: https://example.org/statement-b\n", with: "  url: https://example.org/statement-b\n  unverified: true\n")
    try text.write(to: source, atomically: true, encoding: .utf8)
    let lenient = try TestSupport.runTool(["validate", "c"], in: directory)
    #expect(lenient.status == 0)
    #expect(lenient.stderr.contains("warning: [unverified-without-note]"))
    #expect(try TestSupport.runTool(["validate", "c", "--strict"], in: directory).status == 1)
  }
}
