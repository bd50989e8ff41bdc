import EvidenceStore
import EvidenceTestSupport
import Foundation
import Testing

/// `check` and `history` on a copy of the bundled catalogue, as the nightly job runs them.
@Suite("check and history, end to end")
struct CheckCommandTests {
  /// A scratch directory holding a copy of the bundled catalogue (`Evidence/`), where the tool
  /// runs, with the database and outputs beside it.
  struct Workspace {
    let root: URL
    var catalogue: URL { root.appendingPathComponent("Evidence") }
    var database: String { root.appendingPathComponent("runs.sqlite").path }
    var aaos: URL { catalogue.appendingPathComponent("vcf/sources/aaos-2010-oscf.yaml") }

    init() throws {
      root = try TestSupport.makeTemporaryDirectory()
      try FileManager.default.copyItem(at: TestSupport.bundledCatalogue, to: catalogue)
    }

    func check(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> TestSupport.CommandResult {
      try TestSupport.runTool(
        ["check", "Evidence", "--database", database, "--as-of", "2025-12-31"] + arguments, in: root,
        environment: environment)
    }

    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> TestSupport.RunningProcess {
      try TestSupport.start(
        TestSupport.executable,
        ["check", "Evidence", "--database", database, "--as-of", "2025-12-31"] + arguments, in: root,
        environment: environment, outputIn: root)
    }

    /// Turns AAOS 2010's recommendation against vertebroplasty into one for it (or back).
    func flipAAOSVertebroplasty(to direction: String) throws {
      let text = try String(contentsOf: aaos, encoding: .utf8)
      let from = direction == "for" ? "against" : "for"
      let old = "population: osteoporotic-vcf-neuro-intact\n    direction: \(from)\n    strength: Strong"
      #expect(text.contains(old))
      try text.replacingOccurrences(of: old, with: "population: osteoporotic-vcf-neuro-intact\n    direction: \(direction)\n    strength: Strong")
        .write(to: aaos, atomically: true, encoding: .utf8)
    }

    func runCount() throws -> Int { try EvidenceStore(readingExisting: database).runs(limit: 1000, conflictTypes: []).count }

    func json(_ name: String) throws -> [String: Any] {
      let data = try Data(contentsOf: root.appendingPathComponent(name))
      return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
  }

  /// Parses JUnit XML with Python's ElementTree; returns "tests failures" and the names of the
  /// failing test cases, one per line.
  func junitSummary(_ file: URL) throws -> [String] {
    let script = """
      import sys, xml.etree.ElementTree as ET
      root = ET.parse(sys.argv[1]).getroot()
      assert root.tag == "testsuites"
      print(root.get("tests"), root.get("failures"))
      for case in root.iter("testcase"):
          if case.find("failure") is not None: print(case.get("name"))
      """
    let result = try TestSupport.python(script, [file.path])
    #expect(result.status == 0, "JUnit file is not well-formed: \(result.stderr)")
    return result.stdout.split(separator: "\n").map(String.init)
  }

  @Test func aFirstCheckRecordsARunAndPasses() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let result = try w.check(["--json", "check.json", "--junit", "junit.xml"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("No earlier run to compare with."))
    #expect(result.stdout.contains("Recorded run 1 in \(w.database)."))
    #expect(result.stdout.hasSuffix("Policy error,new-major,reopened-decision: pass.\n"))
    #expect(result.stderr.contains("warning: [stale-source] aaos-2010-oscf"))
    #expect(try w.runCount() == 1)
    let document = try w.json("check.json")
    #expect(document["status"] as? String == "pass")
    #expect((document["baseline"] as? [String: Any])?["kind"] as? String == "none")
    #expect(document["recordedRun"] as? Int == 1)
    let junit = try junitSummary(w.root.appendingPathComponent("junit.xml"))
    #expect(junit.first?.hasSuffix(" 0") == true)
    let second = try w.check()
    #expect(second.status == 0)
    #expect(second.stdout.contains("Compared with run 1 (as of 2025-12-31, catalogue "))
    #expect(second.stdout.contains("0 new, 0 changed, 0 resolved conflicts; 0 pathway changes."))
  }

  @Test func aFlippedRecommendationIsReportedAndRevertingResolvesIt() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    #expect(try w.check().status == 0)

    try w.flipAAOSVertebroplasty(to: "for")
    let flipped = try w.check(["--json", "flipped.json", "--junit", "flipped.xml"])
    #expect(flipped.status == 1, "the default policy fails on new major conflicts")
    // For vs the (ungraded) multisociety statement is agreement: a strength divergence needs two
    // known strengths, so the contradiction is resolved rather than changed.
    #expect(flipped.stdout.contains("resolved  cf-aecc5181ba85db60 aaos-2010-r1 ~ multisociety-2014-va-r1 on vertebroplasty"))
    #expect(flipped.stdout.contains("new       major 96.2 contradiction vertebroplasty: aaos-2010-r1 ~ cochrane-2018-vertebroplasty-r1"))
    // The "for" now collides with the implied "not before failed conservative care" of the
    // exclusive statements, named as implied positions.
    #expect(flipped.stdout.contains("new       major 91.4 contradiction vertebroplasty: aaos-2010-r1 ~ multisociety-2014-va-r1~window-until"))
    #expect(flipped.stdout.contains("Policy error,new-major,reopened-decision: FAIL (7 new major conflicts)."))
    let document = try w.json("flipped.json")
    #expect(document["status"] as? String == "fail")
    let changes = try #require(document["changes"] as? [String: Any])
    #expect((changes["newConflicts"] as? [Any])?.count == 5)
    #expect((changes["changedConflicts"] as? [Any])?.count == 5)
    #expect((changes["resolvedConflicts"] as? [Any])?.count == 4)
    let junit = try junitSummary(w.root.appendingPathComponent("flipped.xml"))
    #expect(junit.count == 8 && junit.dropFirst().allSatisfy { $0.hasPrefix("new cf-") || $0.hasPrefix("changed cf-") })
    #expect(junit.dropFirst().filter { $0.hasPrefix("new cf-") }.count == 5)

    let lenient = try w.check(["--fail-on", "error"])
    #expect(lenient.status == 0)
    #expect(lenient.stdout.contains("0 new, 0 changed, 0 resolved conflicts"))

    try w.flipAAOSVertebroplasty(to: "against")
    let reverted = try w.check()
    #expect(reverted.stdout.contains("resolved  ") && reverted.stdout.contains("aaos-2010-r1 ~ cochrane-2018-vertebroplasty-r1 on vertebroplasty"))
    #expect(reverted.stdout.contains("new       major 91.4 contradiction vertebroplasty: aaos-2010-r1 ~ multisociety-2014-va-r1 (cf-aecc5181ba85db60)"))
    #expect(try w.runCount() == 4)

    let history = try TestSupport.runTool(["history", "--database", w.database, "--limit", "3"], in: w.root)
    #expect(history.status == 0, "\(history.stderr)")
    let lines = history.stdout.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[1].hasPrefix("4      2025-12-31") && lines[1].hasSuffix("-1 minor"))
    #expect(lines[3].hasPrefix("2      2025-12-31") && lines[3].hasSuffix("+1 minor"))
  }

  @Test func aBaselineFileReplacesTheLastRun() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let report = TestSupport.repositoryRoot.appendingPathComponent("Reports/conflict-report.json").path
    let same = try w.check(["--baseline", report])
    #expect(same.status == 0, "\(same.stderr)")
    #expect(same.stdout.contains("Compared with \(report): 0 new, 0 changed, 0 resolved conflicts; 0 pathway changes."))
    #expect(try w.check(["--json", "own.json"]).status == 0)
    // The last run and the baseline differ: the flipped catalogue is recorded as run 2, and the
    // comparison must be with own.json (run 1's state), not with run 2.
    try w.flipAAOSVertebroplasty(to: "for")
    #expect(try w.check(["--fail-on", "never"]).status == 0)
    let own = try w.check(["--baseline", w.root.appendingPathComponent("own.json").path, "--fail-on", "any-change"])
    #expect(own.status == 1)
    #expect(own.stdout.contains("5 new, 5 changed, 4 resolved conflicts"))
    let last = try w.check(["--fail-on", "any-change"])
    #expect(last.status == 0, "\(last.stdout)")
    // A conflicts --format json baseline has no pathways: they are not compared.
    let conflicts = try w.check(["--json", "unused.json"])
    #expect(conflicts.status == 0)
    let listed = try TestSupport.runTool(["conflicts", "Evidence", "--format", "json", "--as-of", "2025-12-31"], in: w.root)
    try listed.stdout.write(to: w.root.appendingPathComponent("cf.json"), atomically: true, encoding: .utf8)
    let fromConflicts = try w.check(["--baseline", w.root.appendingPathComponent("cf.json").path, "--fail-on", "any-change"])
    #expect(fromConflicts.status == 0, "\(fromConflicts.stdout)")
    #expect(fromConflicts.stdout.contains("0 new, 0 changed, 0 resolved conflicts; pathways not compared (the baseline has none)."))
    let bad = try w.check(["--baseline", w.aaos.path])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("error: [baseline] not a JSON file written by check --json"))
  }

  @Test func aFarFutureDateMakesEverySourceStale() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let result = try TestSupport.runTool(
      ["check", "Evidence", "--database", w.database, "--as-of", "2100-01-01", "--fail-on", "warning"], in: w.root)
    #expect(result.status == 1)
    let stale = result.stderr.split(separator: "\n").filter { $0.contains("[stale-source]") }
    // One per current source that has recommendations and a known year (35 of the 39 current).
    #expect(stale.count == 35, "one per current source with recommendations and a year")
    #expect(result.stdout.contains("Policy warning: FAIL"))
  }

  @Test func aBrokenCatalogueFailsAndRecordsNothing() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    try "recommendations: [".write(to: w.catalogue.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
    let result = try w.check(["--json", "check.json", "--junit", "junit.xml"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("Evidence/broken.yaml:2:1: error: [yaml-syntax]"))
    #expect(result.stdout.contains("not analysed (the catalogue has errors)"))
    #expect(!FileManager.default.fileExists(atPath: w.database))
    #expect(try w.json("check.json")["status"] as? String == "fail")
    let junit = try junitSummary(w.root.appendingPathComponent("junit.xml"))
    #expect(junit.contains("yaml-syntax") && junit.contains("analysis"))
    // Every policy but never fails a catalogue that cannot be analysed.
    #expect(try w.check(["--fail-on", "new-major"]).status == 1)
    let never = try w.check(["--fail-on", "never", "--junit", "never.xml"])
    #expect(never.status == 0)
    #expect(try junitSummary(w.root.appendingPathComponent("never.xml")) .first?.hasSuffix(" 0") == true)
    #expect(!FileManager.default.fileExists(atPath: w.database))
  }

  @Test func usageErrors() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let result = try w.check(["--fail-on", "sometimes"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--fail-on 'sometimes' is not a policy"))
    let same = try w.check(["--json", "out.txt", "--junit", "./out.txt"])
    #expect(same.status == 64)
    #expect(same.stderr.contains("--json and --junit must name different files"))
    let history = try TestSupport.runTool(["history", "--database", w.database])
    #expect(history.status == 1)
  }

  @Test func twoChecksAtOnceNeitherCorruptNorInterleave() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    // The first check holds its write transaction open for 3 seconds; the second starts while it
    // does, so the two certainly overlap, and must wait for it rather than fail or corrupt.
    let first = try w.start(
      ["--json", "shared.json", "--junit", "shared.xml"],
      environment: ["EVIDENCE_CONFLICTS_FAULT": "pause-before-commit", "EVIDENCE_CONFLICTS_FAULT_SECONDS": "3"])
    let deadline = Date().addingTimeInterval(60)
    while !first.stderrSoFar.contains("fault: paused before-commit") && Date() < deadline { usleep(20_000) }
    #expect(first.stderrSoFar.contains("fault: paused before-commit"))
    let second = try w.start(["--json", "shared.json", "--junit", "shared.xml"])
    let results = [try first.wait(), try second.wait()]
    #expect(results.map(\.status) == [0, 0], "\(results.map(\.stderr))")
    #expect(results[0].stdout.contains("Recorded run 1") && results[1].stdout.contains("Recorded run 2"))
    #expect(try EvidenceStore(path: w.database).integrityProblems().isEmpty)
    #expect(try w.runCount() == 2)
    let document = try w.json("shared.json")
    #expect([1, 2].contains(document["recordedRun"] as? Int))
    #expect(try junitSummary(w.root.appendingPathComponent("shared.xml")).first?.hasSuffix(" 0") == true)
    let left = try FileManager.default.contentsOfDirectory(atPath: w.root.path).filter { $0.contains(".tmp-") }
    #expect(left.isEmpty)
  }

  /// Kills a check with SIGKILL at a fault-injection point, once the process says it is there.
  func killAt(_ point: String, _ w: Workspace) throws -> TestSupport.RunningProcess {
    let running = try w.start(
      ["--json", "check.json", "--junit", "junit.xml"], environment: ["EVIDENCE_CONFLICTS_FAULT": "pause-\(point)"])
    let deadline = Date().addingTimeInterval(60)
    while !running.stderrSoFar.contains("fault: paused \(point)") && Date() < deadline && running.process.isRunning {
      usleep(20_000)
    }
    #expect(running.stderrSoFar.contains("fault: paused \(point)"))
    kill(running.process.processIdentifier, SIGKILL)
    let result = try running.wait()
    #expect(result.status == SIGKILL && running.process.terminationReason == .uncaughtSignal)
    return running
  }

  @Test func aCheckKilledWhileWritingLeavesTheDatabaseAndEarlierOutputsIntact() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    #expect(try w.check(["--json", "check.json", "--junit", "junit.xml"]).status == 0)
    let json = try Data(contentsOf: w.root.appendingPathComponent("check.json"))
    let junit = try Data(contentsOf: w.root.appendingPathComponent("junit.xml"))

    _ = try killAt("before-commit", w)
    #expect(try EvidenceStore(path: w.database).integrityProblems().isEmpty)
    #expect(try w.runCount() == 1, "the killed run's transaction must not be committed")
    #expect(try Data(contentsOf: w.root.appendingPathComponent("check.json")) == json)

    let killed = try killAt("before-rename", w)
    #expect(try EvidenceStore(path: w.database).integrityProblems().isEmpty)
    #expect(try Data(contentsOf: w.root.appendingPathComponent("check.json")) == json)
    #expect(try Data(contentsOf: w.root.appendingPathComponent("junit.xml")) == junit)
    #expect(try w.runCount() == 1, "a run killed before its files are in place is never listed")
    let pid = killed.process.processIdentifier
    #expect(try FileManager.default.contentsOfDirectory(atPath: w.root.path).contains(".check.json.tmp-\(pid)"))

    let after = try w.check(["--json", "check.json", "--junit", "junit.xml"])
    #expect(after.status == 0, "\(after.stderr)")
    #expect(after.stdout.contains("Compared with run 1 "), "the killed run is not the baseline")
    let left = try FileManager.default.contentsOfDirectory(atPath: w.root.path).filter { $0.contains(".tmp-") }
    #expect(left.isEmpty, "abandoned files are cleaned up: \(left)")
  }
}

@Suite("Scripts/nightly")
struct NightlyScriptTests {
  /// Runs the script from the workspace with relative paths, as a crontab line would.
  func nightly(_ w: CheckCommandTests.Workspace, day: String, keep: String = "2") throws -> TestSupport.CommandResult {
    try TestSupport.run(
      TestSupport.repositoryRoot.appendingPathComponent("Scripts/nightly"), ["Evidence", "nightly", keep],
      in: w.root,
      environment: [
        "EVIDENCE_CONFLICTS_TOOL": TestSupport.executable.path, "NIGHTLY_DATE": day,
        "EVIDENCE_CONFLICTS_DATABASE": "runs.sqlite",
      ])
  }

  @Test func writesDatedFoldersKeepsTheNewestAndExitsWithTheCheck() throws {
    let w = try CheckCommandTests.Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let first = try nightly(w, day: "2025-12-01")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("Policy error,new-major,reopened-decision: pass."))
    let folder = w.root.appendingPathComponent("nightly/2025-12-01")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(files == [
      "check.json", "check.stderr", "check.txt", "conflict-report.html", "conflict-report.json",
      "conflict-report.md", "conflict-report.txt", "conflict-report.xlsx", "junit.xml", "report.stderr",
    ])
    #expect(try nightly(w, day: "2025-12-02").status == 0)
    try w.flipAAOSVertebroplasty(to: "for")
    let third = try nightly(w, day: "2025-12-03")
    #expect(third.status == 1)
    #expect(third.stdout.contains("FAIL"))
    // A rerun on the same day gets its own folder; the failing night's files are kept.
    let rerun = try nightly(w, day: "2025-12-03", keep: "3")
    #expect(rerun.status == 0)
    let kept = try FileManager.default.contentsOfDirectory(atPath: w.root.appendingPathComponent("nightly").path).sorted()
    #expect(kept == ["2025-12-02", "2025-12-03", "2025-12-03.2"])
    let failed = try String(contentsOf: w.root.appendingPathComponent("nightly/2025-12-03/check.txt"), encoding: .utf8)
    #expect(failed.contains("FAIL"))
    #expect(try w.runCount() == 4)
    #expect(try nightly(w, day: "2025-12-04", keep: "none").status == 64)
  }
}
