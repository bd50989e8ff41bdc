import EvidenceTestSupport
import Foundation
import Testing

/// `--quiet`, `-` for standard output, the JSON outputs of `validate`, `check`, `history` and
/// `list`, `NO_COLOR`, `init` and the help texts, end to end.
@Suite("command-line conventions, end to end")
struct OutputOptionsTests {
  @Test func quietPrintsErrorsOnlyAndOneLineOfWarningsByRule() throws {
    let result = try TestSupport.runTool(["conflicts", "Evidence", "--quiet", "--format", "json"], in: TestSupport.repositoryRoot)
    #expect(result.status == 0)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(result.stderr)")
    #expect(lines.first?.hasPrefix("19 warnings not shown (13 population-outside-topic, 5 stale-source, 1 strong-on-low-certainty)") == true)
    // Machine output is untouched.
    #expect(result.stdout.hasPrefix("{"))
  }

  @Test func errorsComeBeforeWarnings() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try TestSupport.copyCatalogueFiles(from: TestSupport.fixture("MinimalCatalogue"), to: directory)
    // One warning-level problem first in the file order, one error later.
    let file = directory.appendingPathComponent("source-b.yaml")
    var text = try String(contentsOf: file, encoding: .utf8)
    text = text.replacingOccurrences(of: "kind: position-statement", with: "kind: no-such-kind")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let result = try TestSupport.runTool(["validate", directory.path, "--strict"])
    #expect(result.status == 1)
    let severities = result.stderr.split(separator: "\n").compactMap { line -> String? in
      line.contains(": error: ") ? "error" : line.contains(": warning: ") ? "warning" : nil
    }
    #expect(severities.first == "error", "\(result.stderr)")
    #expect(severities == severities.sorted { $0 == "error" && $1 != "error" })
  }

  @Test func validateCheckAndHistoryWriteJSONOnStandardOutput() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("db.sqlite").path
    let validate = try TestSupport.runTool(["validate", "Evidence", "--format", "json"], in: TestSupport.repositoryRoot)
    #expect(validate.status == 0)
    let check = try TestSupport.runTool(["check", "Evidence", "--database", database, "--format", "json"], in: TestSupport.repositoryRoot)
    #expect(check.status == 0, "\(check.stderr)")
    // With JSON on standard output, the summary goes to standard error.
    #expect(check.stderr.contains("Recorded run 1"))
    let history = try TestSupport.runTool(["history", "--database", database, "--format", "json"])
    #expect(history.status == 0)
    let script = """
      import json, sys
      v, c, h = (json.load(open(x)) for x in sys.argv[1:4])
      print(v["passed"], v["counts"]["topics"], v["errors"], len(v["diagnostics"]))
      print(c["status"], c["recordedRun"], c["counts"]["conflicts"]["major"] > 0)
      run = h["runs"][0]
      print(len(h["runs"]), run["id"], run["topic"], run["previousRun"], run["change"], run["passed"])
      """
    var files: [String] = []
    for (name, text) in [("v", validate.stdout), ("c", check.stdout), ("h", history.stdout)] {
      let file = directory.appendingPathComponent(name + ".json")
      try Data(text.utf8).write(to: file)
      files.append(file.path)
    }
    let read = try TestSupport.python(script, files)
    #expect(read.status == 0, "\(read.stderr)")
    #expect(read.stdout == "True 7 0 0\npass 1 True\n1 1 None None None True\n")
  }

  @Test func aCheckAgainstABaselineRecordsNothingUnlessAsked() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let baseline = directory.appendingPathComponent("baseline.json").path
    let database = directory.appendingPathComponent("db.sqlite").path
    let first = try TestSupport.runTool(
      ["check", "Evidence", "--database", database, "--json", baseline, "--no-progress"], in: TestSupport.repositoryRoot)
    #expect(first.status == 0, "\(first.stderr)")
    try FileManager.default.removeItem(atPath: database)
    let compared = try TestSupport.runTool(
      ["check", "Evidence", "--database", database, "--baseline", baseline], in: TestSupport.repositoryRoot)
    #expect(compared.status == 0, "\(compared.stderr)")
    #expect(!compared.stdout.contains("Recorded run"))
    #expect(!FileManager.default.fileExists(atPath: database), "a check against a baseline created a database")
    let recorded = try TestSupport.runTool(
      ["check", "Evidence", "--database", database, "--baseline", baseline, "--record"], in: TestSupport.repositoryRoot)
    #expect(recorded.status == 0)
    #expect(recorded.stdout.contains("Recorded run 1"))
  }

  @Test func dashMeansStandardOutputForEveryCheckFile() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("db.sqlite").path
    let junit = try TestSupport.runTool(
      ["check", "Evidence", "--database", database, "--junit", "-", "--quiet"], in: TestSupport.repositoryRoot)
    #expect(junit.status == 0)
    #expect(junit.stdout.hasPrefix("<?xml"))
    #expect(!junit.stdout.contains("Recorded run"))
    let sarif = try TestSupport.runTool(
      ["check", "Evidence", "--database", database, "--sarif", "-", "--quiet"], in: TestSupport.repositoryRoot)
    #expect(sarif.stdout.contains("\"version\": \"2.1.0\""))
    let both = try TestSupport.runTool(["check", "Evidence", "--json", "-", "--sarif", "-"], in: TestSupport.repositoryRoot)
    #expect(both.status == 64)
    #expect(both.stderr.contains("would all write to standard output"))
    // A baseline from standard input.
    let baseline = directory.appendingPathComponent("b.json")
    let written = try TestSupport.runTool(
      ["check", "Evidence", "--database", database, "--json", baseline.path, "--quiet"], in: TestSupport.repositoryRoot)
    #expect(written.status == 0)
    let piped = try TestSupport.shell(
      "'\(TestSupport.executable.path)' check Evidence --database '\(database)' --baseline - < '\(baseline.path)'",
      in: TestSupport.repositoryRoot)
    #expect(piped.status == 0, "\(piped.stderr)")
    #expect(piped.stdout.contains("Compared with -"))
    // A scoring file from standard input: no source is stale within 100 years.
    let scored = try TestSupport.shell(
      "echo '{\"staleAfterYears\": 100}' | '\(TestSupport.executable.path)' conflicts Evidence --scoring - --format json",
      in: TestSupport.repositoryRoot)
    #expect(scored.status == 0, "\(scored.stderr)")
    #expect(scored.stdout.hasPrefix("{"))
    #expect(!scored.stderr.contains("[stale-source]"))
  }

  @Test func listJSONWritesEveryFieldWithNullWhereAbsent() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("db.sqlite").path
    #expect(try TestSupport.runTool(["import", "Evidence", "--database", database], in: TestSupport.repositoryRoot).status == 0)
    let list = try TestSupport.runTool(["list", "--database", database, "--format", "json"])
    #expect(list.status == 0)
    let script = """
      import json, sys
      rows = json.load(open(sys.argv[1]))
      keys = {"id", "source", "societies", "topic", "intervention", "interventions", "population", "direction", "strength",
              "evidenceLevel", "scheme", "normalized", "window", "statement", "locator", "studies", "unverified", "implied"}
      assert all(set(r) == keys for r in rows), [set(r) ^ keys for r in rows if set(r) != keys][:1]
      assert all(set(r["window"]) == {"start", "end", "after"} for r in rows)
      print(any(r["evidenceLevel"] is None for r in rows), any(r["window"]["end"] is None for r in rows),
            any(r["normalized"]["strength"] is None for r in rows))
      """
    let file = directory.appendingPathComponent("list.json")
    try Data(list.stdout.utf8).write(to: file)
    let read = try TestSupport.python(script, [file.path])
    #expect(read.status == 0, "\(read.stderr)")
    #expect(read.stdout == "True True True\n")
  }

  @Test func noColorAndPipesKeepDiagnosticsPlain() throws {
    // `script` gives the tool a terminal, where it colours severities unless NO_COLOR is set.
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
    let command = "'\(TestSupport.executable.path)' conflicts Evidence --no-progress > /dev/null"
    // The test runner's own environment may ask for no colour; this run must not inherit it.
    let coloured = try TestSupport.shell("env -u NO_COLOR TERM=xterm script -qec \"\(command)\" /dev/null", in: TestSupport.repositoryRoot)
    #expect(coloured.stdout.contains("\u{1B}[1;33mwarning:"), "\(coloured.stdout.prefix(300))")
    let plain = try TestSupport.shell("TERM=xterm NO_COLOR=1 script -qec \"\(command)\" /dev/null", in: TestSupport.repositoryRoot)
    #expect(plain.stdout.contains(" warning: ["))
    #expect(!plain.stdout.contains("\u{1B}["))
    let piped = try TestSupport.runTool(["conflicts", "Evidence"], in: TestSupport.repositoryRoot)
    #expect(!piped.stderr.contains("\u{1B}["))
  }

  @Test func initWritesASkeletonThatValidates() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let catalogue = directory.appendingPathComponent("catalogue")
    try FileManager.default.createDirectory(at: catalogue, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: TestSupport.bundledCatalogue.appendingPathComponent("common"), to: catalogue.appendingPathComponent("common"))
    let result = try TestSupport.runTool(["init", "knee-pain", catalogue.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("wrote \(catalogue.path)/knee-pain/topic.yaml"))
    #expect(result.stdout.contains("1 topic"))
    let validate = try TestSupport.runTool(["validate", catalogue.path, "--strict"])
    #expect(validate.status == 0, "\(validate.stderr)")
    // The skeleton analyses and reports, its example marked unverified.
    let resolve = try TestSupport.runTool(["resolve", catalogue.path, "--topic", "knee-pain"])
    #expect(resolve.status == 0, "\(resolve.stderr)")
    #expect(resolve.stdout.contains("UNVERIFIED"))
    let again = try TestSupport.runTool(["init", "knee-pain", catalogue.path])
    #expect(again.status == 1)
    #expect(again.stderr.contains("already exists"))
    let empty = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: empty) }
    let nowhere = try TestSupport.runTool(["init", "knee-pain", empty.path])
    #expect(nowhere.status == 1)
    #expect(nowhere.stderr.contains("copy Evidence/common"))
    #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent("knee-pain").path))
    let bad = try TestSupport.runTool(["init", "Knee Pain", catalogue.path])
    #expect(bad.status == 64)
  }

  @Test func helpTextsReadAsWords() throws {
    let root = try TestSupport.runTool(["--help"])
    #expect(root.stdout.contains("conflicts found are results, not failures"))
    #expect(root.stdout.contains("init"))
    #expect(root.stdout.contains("export"))
    let check = try TestSupport.runTool(["check", "--help"])
    #expect(check.stdout.contains("--fail-on <conditions>"))
    #expect(check.stdout.contains("--as-of <date>"))
    #expect(check.stdout.contains("--scoring <file>"))
    #expect(!check.stdout.contains("<as-of>"))
    #expect(!check.stdout.contains("<fail-on>"))
    let report = try TestSupport.runTool(["report", "--help"])
    #expect(report.stdout.contains("--out <directory>"))
    #expect(report.stdout.contains("\"weights\""), "the --scoring help shows an example file")
    let version = try TestSupport.runTool(["--version"])
    #expect(version.stdout == "0.1.0\n")
  }
}
