import EvidenceTestSupport
import Foundation
import Testing

/// `conflicts` and `resolve`, run as a user runs them: stdout, stderr and exit status.
@Suite("conflicts and resolve, end to end")
struct AnalysisCommandTests {
  static let bundled = ["Evidence", "--topic", "vcf-initial-treatment", "--as-of", "2025-12-31"]

  /// Compares output with a reviewed golden file; on a difference, writes the output next to a
  /// temporary copy and says how to review it.
  func expectGolden(_ output: String, _ name: String) throws {
    let golden = TestSupport.repositoryRoot.appendingPathComponent("Tests/Golden").appendingPathComponent(name)
    let expected = try String(contentsOf: golden, encoding: .utf8)
    if output != expected {
      let actual = FileManager.default.temporaryDirectory.appendingPathComponent("actual-" + name)
      try output.write(to: actual, atomically: true, encoding: .utf8)
      let advice =
        "output differs from Tests/Golden/\(name); compare with: diff \(golden.path) \(actual.path) "
        + "(if the change is intended, run Scripts/update-golden and review git diff)"
      Issue.record(Comment(rawValue: advice))
    }
  }

  /// `--as-of` analyses the catalogue as it stood: on 30 June 2014 the lung topic has its 2013
  /// editions and nothing published later.
  @Test func asOfAnalysesTheCatalogueAsItStoodOnThatDate() throws {
    let result = try TestSupport.runTool(
      ["conflicts", "Evidence", "--topic", "lung-cancer-screening", "--as-of", "2014-06-30", "--format", "json"],
      in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(document["asOf"] as? String == "2014-06-30")
    let conflicts = try #require(document["conflicts"] as? [[String: Any]])
    let analysed = Set(conflicts.flatMap { $0["statements"] as? [String] ?? [] })
    #expect(analysed == ["l-u13", "l-f13", "l-a13"])
    #expect((document["editionChanges"] as? [Any])?.isEmpty == true)
    #expect((document["historical"] as? [Any])?.isEmpty == true)
    let later = try TestSupport.runTool(
      ["conflicts", "Evidence", "--topic", "lung-cancer-screening", "--as-of", "2025-12-31"], in: TestSupport.repositoryRoot)
    // The 2013 AAFP edition is superseded by then: its conflicts are historical, with their era.
    let parts = later.stdout.components(separatedBy: "Historical conflicts")
    #expect(parts.count == 2)
    #expect(parts[0].contains("l-a23") && !parts[0].contains("l-f13 ["))
    #expect(parts[1].contains("l-f13 [") && parts[1].contains("historical 2013"))
  }

  @Test func conflictsJSONMatchesTheReviewedGoldenFile() throws {
    let result = try TestSupport.runTool(["conflicts"] + Self.bundled + ["--format", "json"], in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    try expectGolden(result.stdout, "vcf-conflicts.json")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(document["schemaVersion"] as? Int == 1)
    let conflicts = try #require(document["conflicts"] as? [[String: Any]])
    let first = try #require(conflicts.first)
    for key in ["id", "type", "severity", "score", "components", "recommendations", "societies", "intervention", "explanations", "window"] {
      #expect(first.keys.contains(key), "missing \(key)")
    }
  }

  @Test func conflictsTextMatchesTheReviewedGoldenFile() throws {
    let result = try TestSupport.runTool(
      ["conflicts"] + Self.bundled + ["--min-severity", "moderate"], in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    try expectGolden(result.stdout, "vcf-conflicts-moderate.txt")
    #expect(!result.stdout.contains("\nMINOR "))
    let warnings = result.stderr.split(separator: "\n")
    #expect(!warnings.isEmpty)
    #expect(warnings.allSatisfy { $0.range(of: #"^Evidence/.+\.yaml:\d+:\d+: warning: \[[a-z-]+\] "#, options: .regularExpression) != nil })
    #expect(result.stderr.contains("warning: [stale-source] aaos-2010-oscf is 15 years old as of 2025-12-31"))
  }

  @Test func resolveMatchesTheReviewedGoldenFiles() throws {
    let text = try TestSupport.runTool(["resolve"] + Self.bundled, in: TestSupport.repositoryRoot)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stderr.isEmpty)
    try expectGolden(text.stdout, "vcf-pathway.txt")
    let json = try TestSupport.runTool(["resolve"] + Self.bundled + ["--format", "json"], in: TestSupport.repositoryRoot)
    #expect(json.status == 0)
    try expectGolden(json.stdout, "vcf-pathway.json")
  }

  @Test func resolveAtAPointGivesThePhaseInForce() throws {
    let result = try TestSupport.runTool(
      ["resolve"] + Self.bundled + ["--at", "10d", "--format", "json"], in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(document["at"] as? String == "10d")
    let phases = try #require(document["phases"] as? [[String: Any]])
    #expect(phases.count == 1)
    #expect(phases.first?["name"] as? String == "First 2 weeks (5d–2w)")
    #expect(phases.first?["start"] as? String == "5d" && phases.first?["end"] as? String == "2w")
    let items = try #require(phases.first?["items"] as? [[String: Any]])
    let augmentation = try #require(items.first { $0["intervention"] as? String == "vertebral-augmentation" })
    // Never do or consider before conservative care has failed: at most contested.
    #expect(["do-not", "contested"].contains(augmentation["position"] as? String))
    for key in ["recommendations", "conflicts", "assumptions"] { #expect(augmentation[key] is [String]) }
    #expect(!items.contains { $0["intervention"] as? String == "calcitonin" })
  }

  @Test func outputDoesNotDependOnTimeZoneOrLocale() throws {
    let arguments = ["conflicts"] + Self.bundled + ["--format", "json"]
    let plain = try TestSupport.runTool(arguments, in: TestSupport.repositoryRoot)
    let other = try TestSupport.runTool(
      arguments, in: TestSupport.repositoryRoot,
      environment: ["TZ": "Pacific/Chatham", "LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"])
    #expect(plain.stdout == other.stdout)
  }

  @Test func usageErrorsExitWith64() throws {
    let cases: [([String], String)] = [
      (["conflicts", "Evidence", "--topic", "no-such-topic"], "--topic 'no-such-topic': no topic with that id"),
      (["resolve", "Evidence"], "--topic"),
      (["resolve", "Evidence", "--topic", "vcf-initial-treatment", "--at", "ten days"], "is not a duration"),
      (["conflicts", "Evidence", "--as-of", "2025-02-30"], "is not a date"),
      (["conflicts", "Evidence", "--min-severity", "huge"], "huge"),
    ]
    for (arguments, message) in cases {
      let result = try TestSupport.runTool(arguments, in: TestSupport.repositoryRoot)
      #expect(result.status == 64, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }

  @Test func aBrokenCatalogueStopsTheAnalysisWithItsDiagnostics() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (catalogue, expected) = try TestSupport.assembleBadCatalogue("dangling-study", in: directory)
    for command in [["conflicts", catalogue.path], ["resolve", catalogue.path, "--topic", "t"]] {
      let result = try TestSupport.runTool(command)
      #expect(result.status == 1)
      #expect(result.stdout.isEmpty)
      let suffix = try #require(expected.first?.split(separator: ":", maxSplits: 1).last)
      #expect(result.stderr.contains(suffix), "\(result.stderr)")
    }
  }

  @Test func aScoringFileOverridesTheDefaultsAndABadOneIsRefused() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let good = directory.appendingPathComponent("scoring.json")
    try Data(#"{"bands": {"major": 100, "moderate": 100, "minor": 100}}"#.utf8).write(to: good)
    let relaxed = try TestSupport.runTool(
      ["conflicts"] + Self.bundled + ["--scoring", good.path, "--min-severity", "minor"], in: TestSupport.repositoryRoot)
    #expect(relaxed.status == 0, "\(relaxed.stderr)")
    #expect(relaxed.stdout.hasPrefix("Conflicts in Evidence (topic vcf-initial-treatment) as of 2025-12-31: 0 shown (minor and above: none); 126 hidden by --min-severity (126 other relations)."))

    let bad = directory.appendingPathComponent("bad.json")
    try Data(#"{"weights": {"strenght": 1}}"#.utf8).write(to: bad)
    let refused = try TestSupport.runTool(["conflicts"] + Self.bundled + ["--scoring", bad.path], in: TestSupport.repositoryRoot)
    #expect(refused.status == 1)
    #expect(refused.stdout.isEmpty)
    #expect(refused.stderr.contains("\(bad.path): error: [scoring-configuration] at 'weights.strenght': unknown key 'strenght'"))
  }

  /// `evaluate` prints each topic's expected relations and lines against the analysis, and its
  /// exit status follows --min-in-band and --strict.
  @Test func evaluateComparesTheAnalysisWithTheExpectationsFiles() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: TestSupport.repositoryRoot.appendingPathComponent("Expectations").path)
      .filter { $0.hasSuffix(".yaml") }.sorted().map { "Expectations/" + $0 }
    let result = try TestSupport.runTool(["evaluate", "Evidence", "--expectations"] + files, in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("vcf-initial-treatment: relations 5/5 in band (100%), pathway lines 18/18 matched"))
    #expect(result.stdout.contains("Total: relations 69/70 in band (98%; target 90%), 0 expected major or moderate not in band, 0 negative controls broken, pathway lines 64/64 matched."))
    let strict = try TestSupport.runTool(["evaluate", "Evidence", "--strict", "--expectations"] + files, in: TestSupport.repositoryRoot)
    #expect(strict.status == 0, "\(strict.stdout)")
    // A committee that pins a line the analysis does not give: --strict fails and says why.
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let pinned = directory.appendingPathComponent("pinned.yaml")
    try Data(
      """
      topic: hpv-vaccination
      pathway:
        - id: hpv-at-12-do-not
          intervention: hpv-vaccination
          patient: {at: 12y}
          position: [do-not]
      """.utf8
    ).write(to: pinned)
    let unmet = try TestSupport.runTool(["evaluate", "Evidence", "--strict", "--expectations", pinned.path], in: TestSupport.repositoryRoot)
    #expect(unmet.status == 1)
    #expect(unmet.stdout.contains("line not matched: hpv-at-12-do-not hpv-vaccination: expected do-not, found do"), "\(unmet.stdout)")
    #expect(unmet.stdout.contains("    from "))
    let lenient = try TestSupport.runTool(["evaluate", "Evidence", "--expectations", pinned.path], in: TestSupport.repositoryRoot)
    #expect(lenient.status == 0, "without --strict only the relations and controls decide")
    let demanding = try TestSupport.runTool(
      ["evaluate", "Evidence", "--min-in-band", "0.99", "--expectations", "Expectations/lung-cancer-screening.yaml", "Expectations/cervical-cancer-screening.yaml"],
      in: TestSupport.repositoryRoot)
    #expect(demanding.status == 1)
    let usage = try TestSupport.runTool(["evaluate", "Evidence"], in: TestSupport.repositoryRoot)
    #expect(usage.status == 64)
  }
}
