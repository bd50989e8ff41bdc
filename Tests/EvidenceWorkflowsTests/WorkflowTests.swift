import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import EvidenceTestSupport
import EvidenceWorkflows
import Foundation
import Testing

/// The workflows run in process on a copy of the bundled catalogue: import, check (with its
/// policy, run history and outputs) and report, and their failures as diagnostics.
struct WorkflowTests {
  struct Workspace {
    let root: URL
    var catalogue: URL { root.appendingPathComponent("Evidence") }
    var database: String { root.appendingPathComponent("runs.sqlite").path }

    init() throws {
      root = try TestSupport.makeTemporaryDirectory()
      try FileManager.default.copyItem(at: TestSupport.bundledCatalogue, to: catalogue)
    }

    func check(_ adjust: (inout CheckWorkflow.Options) -> Void = { _ in }) throws -> CheckWorkflow.Outcome {
      var options = CheckWorkflow.Options(
        catalogue: catalogue.path, database: database, toolVersion: "test",
        analysis: { _ in AnalysisOptions(asOf: CalendarDate(year: 2025, month: 12, day: 31)!) })
      adjust(&options)
      return try CheckWorkflow(options).run()
    }
  }

  @Test func importWritesOnceThenSkipsUnchangedFiles() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let first = try ImportWorkflow(root: w.catalogue.path, databasePath: w.database).run()
    #expect(first.load?.hasErrors == false && first.written == first.load?.references.count && first.skipped == 0)
    let again = try ImportWorkflow(root: w.catalogue.path, databasePath: w.database).run()
    #expect(again.load == nil && again.written == 0 && again.skipped == first.written)
    #expect(try EvidenceStore(readingExisting: w.database).counts()["recommendation"] == 182)
  }

  /// The therapy a concept adjusts is a column since migration v11, filled by every import (the
  /// bundled HbA1c topic's step-up and step-down concepts). (v11 also filled it from the JSON
  /// content of databases imported before; since v13 drops that content, the import that
  /// migrates such a database fills it.)
  @Test func anImportFillsTheAdjustedTherapyOfEveryConcept() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    _ = try ImportWorkflow(root: w.catalogue.path, databasePath: w.database).run()
    let query = "SELECT id || '>' || adjustsTherapy FROM intervention WHERE adjustsTherapy IS NOT NULL ORDER BY id"
    let imported = try TestSupport.python(
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print('\\n'.join(r[0] for r in c.execute(sys.argv[2])))",
      [w.database, query])
    let expected = try CatalogueLoader().load(w.catalogue.path).catalogue.interventions
      .compactMap { c in c.adjusts.map { "\(c.id)>\($0.therapy)" } }.sorted()
    #expect(!expected.isEmpty)
    #expect(imported.stdout.split(separator: "\n").map(String.init) == expected)
  }

  /// A database from before a change of the stored content's form (migration v8: locations
  /// without their path; v13: the compact binary form instead of JSON) is refused by a reader
  /// until an import, which migrates it and stores every file again, in the compact form.
  @Test(arguments: ["v8", "v13"])
  func anImportAfterTheContentFormatChangedStoresEveryFileAgain(migration: String) throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let first = try ImportWorkflow(root: w.catalogue.path, databasePath: w.database).run()
    let rewind = try TestSupport.python(
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        + "c.execute(\"DELETE FROM grdb_migrations WHERE identifier LIKE '\(migration):%'\"); c.commit()",
      [w.database])
    #expect(rewind.status == 0, "\(rewind.stderr)")
    #expect(throws: StoreError.self) { try EvidenceStore(readingExisting: w.database) }
    let again = try ImportWorkflow(root: w.catalogue.path, databasePath: w.database).run()
    #expect(again.written == first.written && again.skipped == 0)
    let stored = try StoredCatalogue.load(database: w.database, root: w.catalogue.path)
    let read = try CatalogueLoader().load(w.catalogue.path)
    #expect(stored.load.catalogue.files == read.catalogue.files)
    // Every file's content is in the compact form: its magic, never JSON.
    let forms = try TestSupport.python(
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        + "print(sorted({bytes(r[0][:4]).decode('latin-1') for r in c.execute('SELECT content FROM catalogueFile')}))",
      [w.database])
    #expect(forms.stdout == "['ECB2']\n", "\(forms.stderr)")
  }

  @Test func checkRecordsRunsComparesAndFailsUnderThePolicy() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let first = try w.check { $0.json = w.root.appendingPathComponent("check.json").path }
    #expect(first.passed && first.recordedRun == 1 && first.comparison == nil)
    #expect(first.summary.contains("No earlier run to compare with.\nRecorded run 1 in \(w.database).\nPolicy error,new-major,reopened-decision: pass.\n"))
    #expect(FileManager.default.fileExists(atPath: w.root.appendingPathComponent("check.json").path))
    // AAOS 2010 turned for vertebroplasty: new major conflicts fail the standard policy.
    let aaos = w.catalogue.appendingPathComponent("vcf/sources/aaos-2010-oscf.yaml")
    let text = try String(contentsOf: aaos, encoding: .utf8)
    try text.replacingOccurrences(
      of: "population: osteoporotic-vcf-neuro-intact\n    direction: against\n    strength: Strong",
      with: "population: osteoporotic-vcf-neuro-intact\n    direction: for\n    strength: Strong"
    ).write(to: aaos, atomically: true, encoding: .utf8)
    let flipped = try w.check()
    #expect(!flipped.passed && flipped.recordedRun == 2)
    #expect(flipped.comparison?.newConflicts.contains { $0.severity == .major } == true)
    #expect(try w.check { $0.policy = CheckPolicy(parsing: "never")! }.passed)
  }

  @Test func aBaselineThatIsNotTheToolsJSONIsAFailureNamingTheFile() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let bad = w.root.appendingPathComponent("baseline.json")
    try Data("{\"hello\": 1}".utf8).write(to: bad)
    #expect {
      try w.check { $0.baseline = bad.path }
    } throws: { error in
      (error as? WorkflowFailure)?.diagnostic.formatted
        == "\(bad.path): error: [baseline] not a JSON file written by check --json, report or conflicts --format json"
    }
    // Nothing was recorded.
    #expect(!FileManager.default.fileExists(atPath: w.database))
  }

  @Test func reportWritesEveryFormatAndReportsFindingsAsTheyArise() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let out = w.root.appendingPathComponent("reports").path
    var seen: [Diagnostic] = []
    let workflow = ReportWorkflow(
      .init(
        load: { try CatalogueLoader().load(w.catalogue.path) },
        analysis: { _ in AnalysisOptions(topic: "vcf-initial-treatment", asOf: CalendarDate(year: 2025, month: 12, day: 31)!) },
        catalogueName: "Evidence", directory: out, toolVersion: "test"))
    let outcome = try workflow.run(diagnose: { seen += $0 })
    #expect(outcome.written == ReportFormat.allCases.map { "\(out)/\($0.fileName)" })
    #expect(seen.contains { $0.rule == "stale-source" } && seen.allSatisfy { $0.severity >= .warning })
    let text = try String(contentsOfFile: "\(out)/conflict-report.txt", encoding: .utf8)
    #expect(text.hasPrefix("EVIDENCE-CONFLICT REPORT\n") && text.contains("== Summary: vcf-initial-treatment"))
  }

  @Test func aReportIntoAFileIsAFailureAndLeavesNothingBehind() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let blocker = w.root.appendingPathComponent("not-a-directory")
    try Data("x".utf8).write(to: blocker)
    let workflow = ReportWorkflow(
      .init(
        load: { try CatalogueLoader().load(w.catalogue.path) },
        analysis: { _ in AnalysisOptions(asOf: CalendarDate(year: 2025, month: 12, day: 31)!) },
        catalogueName: "Evidence", directory: blocker.path, formats: [.text], toolVersion: "test"))
    #expect {
      try workflow.run()
    } throws: { error in
      let diagnostic = (error as? WorkflowFailure)?.diagnostic
      return diagnostic?.rule == "report-output" && diagnostic?.location == .file(blocker.path)
    }
  }

  @Test func exportWritesTheBundleAndTheTablesAndAFailedExportKeepsTheEarlierFiles() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    func export(_ format: ExportFormat, to output: String, load: @escaping () throws -> CatalogueLoadResult) -> ExportWorkflow {
      ExportWorkflow(
        .init(
          load: load, analysis: { _ in AnalysisOptions(topic: "vcf-initial-treatment", asOf: CalendarDate(year: 2025, month: 12, day: 31)!) },
          catalogueName: "Evidence", format: format, output: output, toolVersion: "test"))
    }
    let load = { try CatalogueLoader().load(w.catalogue.path) }
    var printed = ""
    let standard = try export(.fhir, to: "-", load: load).run(standardOutput: { printed += $0 })
    #expect(standard.written.isEmpty && printed.hasPrefix("{\n  \"resourceType\": \"Bundle\""))
    let tables = w.root.appendingPathComponent("csv").path
    let written = try export(.csv, to: tables, load: load).run()
    #expect(written.written == ["recommendations.csv", "relations.csv", "disputes.csv"].map { "\(tables)/\($0)" })
    let before = try Data(contentsOf: URL(fileURLWithPath: "\(tables)/relations.csv"))
    // A run that fails leaves the earlier files as they were, and nothing staged behind.
    struct Stop: Error {}
    #expect(throws: Stop.self) { try export(.csv, to: tables, load: { throw Stop() }).run() }
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(tables)/relations.csv")) == before)
    let names = try FileManager.default.contentsOfDirectory(atPath: tables).sorted()
    #expect(names == ["disputes.csv", "recommendations.csv", "relations.csv"], "no staged file is left behind")
  }

  @Test func initWritesASkeletonThatValidatesAndRefusesAnExistingTopic() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let outcome = try InitWorkflow(topic: "new-topic", directory: w.catalogue.path).run()
    #expect(outcome.written.count == 2 && !outcome.load.hasErrors)
    #expect(outcome.load.catalogue.topic("new-topic") != nil)
    #expect(outcome.load.catalogue.recommendations.contains { $0.id == "new-topic-example-r1" && $0.verification.isUnverified })
    #expect(throws: WorkflowFailure.self) { try InitWorkflow(topic: "new-topic", directory: w.catalogue.path).run() }
    #expect(!InitWorkflow.isValidTopicID("New Topic") && InitWorkflow.isValidTopicID("knee-oa.2"))
  }

  @Test func aPerTopicReportWritesEachTopicAndAnIndexWhoseLinksLand() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let out = w.root.appendingPathComponent("by-topic").path
    let workflow = ReportWorkflow(
      .init(
        load: { try CatalogueLoader().load(w.catalogue.path) },
        analysis: { _ in AnalysisOptions(asOf: CalendarDate(year: 2025, month: 12, day: 31)!) },
        catalogueName: "Evidence", directory: out, formats: [.text, .json, .markdown], perTopic: true, toolVersion: "test"))
    let outcome = try workflow.run()
    #expect(outcome.written.count == 7 * 3 + 2)
    #expect(outcome.written.suffix(2) == ["\(out)/index.md", "\(out)/index.html"])
    let index = try String(contentsOfFile: "\(out)/index.md", encoding: .utf8)
    let links = index.components(separatedBy: "](").dropFirst().compactMap { $0.split(separator: ")").first.map(String.init) }
    #expect(links.count == 21)
    for link in links { #expect(FileManager.default.fileExists(atPath: "\(out)/\(link)"), "\(link)") }
    // Each topic's report is that topic's alone.
    let vcf = try String(contentsOfFile: "\(out)/vcf-initial-treatment/conflict-report.txt", encoding: .utf8)
    #expect(vcf.contains("; topic vcf-initial-treatment.") && !vcf.contains("== Summary: aaa-screening"))
  }

  @Test func minSeverityFiltersThePairwiseDetailButNotTheDisputes() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    func json(_ minSeverity: ConflictSeverity) throws -> [String: Any] {
      let out = w.root.appendingPathComponent("r-\(minSeverity.rawValue)").path
      _ = try ReportWorkflow(
        .init(
          load: { try CatalogueLoader().load(w.catalogue.path) },
          analysis: { _ in AnalysisOptions(asOf: CalendarDate(year: 2025, month: 12, day: 31)!) },
          catalogueName: "Evidence", directory: out, formats: [.json], minSeverity: minSeverity, toolVersion: "test")
      ).run()
      let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/conflict-report.json"))
      return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
    let all = try json(.none)
    let major = try json(.major)
    let conflicts = try #require(major["conflicts"] as? [[String: Any]])
    #expect(major["minSeverity"] as? String == "major" && conflicts.count == 20)
    #expect(conflicts.allSatisfy { $0["severity"] as? String == "major" })
    #expect((all["conflicts"] as? [Any])?.count ?? 0 > conflicts.count)
    #expect((major["disputes"] as? [Any])?.count == (all["disputes"] as? [Any])?.count)
  }

  /// The whole analysis of a catalogue, as a check without groups would record it.
  static func fullAnalysis(_ path: String, asOf: CalendarDate) throws -> (RunSnapshot, [Diagnostic]) {
    let load = try CatalogueLoader().load(path)
    let analysis = Analysis(load.catalogue, options: AnalysisOptions(asOf: asOf))
    let resolver = Resolver(catalogue: analysis.catalogue, analysis: analysis)
    let snapshot = RunSnapshot(analysis, pathways: load.catalogue.topics.map(\.id).compactMap(resolver.pathway(for:)))
    return (snapshot, (load.diagnostics + analysis.findings).sortedByLocation())
  }

  @Test func aCheckByGroupsRecordsWhatTheWholeAnalysisGivesAndReusesUnchangedGroups() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let asOf = CalendarDate(year: 2025, month: 12, day: 31)!
    let (full, findings) = try Self.fullAnalysis(w.catalogue.path, asOf: asOf)
    let first = try w.check()
    // Each part apart, so that a difference says where it is.
    #expect(first.snapshot?.conflicts == full.conflicts)
    #expect(first.snapshot?.pathwayLines == full.pathwayLines)
    #expect(first.snapshot?.decisions == full.decisions)
    #expect(first.diagnostics == findings)
    #expect(first.reusedGroups == 0)
    let again = try w.check()
    #expect(again.snapshot == full && again.diagnostics == findings)
    #expect(again.reusedGroups == 7 && again.summary.contains("Reused the analysis of 7 of 7 question groups from run 1 (their files unchanged); analysed 0."))
  }

  /// The stored group results and run listings, counted in the database file.
  private static func groupRows(_ database: String) throws -> (results: Int, listed: Int) {
    let count = try TestSupport.python(
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        + "print(c.execute('SELECT COUNT(*) FROM analysisGroup').fetchone()[0], c.execute('SELECT COUNT(*) FROM runGroup').fetchone()[0])",
      [database])
    let numbers = count.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    #expect(count.status == 0 && numbers.count == 2, "\(count.stderr)")
    return (numbers.first ?? -1, numbers.last ?? -1)
  }

  /// Each group's result is stored once, whichever runs list it; a run whose outputs could not be
  /// written takes the results only it listed with it; a database of the earlier layout (a copy
  /// per run, before migration v9) is migrated and its results reused.
  @Test func eachGroupResultIsStoredOnceWhicheverRunsListIt() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    _ = try w.check()
    _ = try w.check()
    #expect(try Self.groupRows(w.database) == (7, 14))
    // Each result's findings are stored apart too (v15), and read instead of the result.
    let apart = try TestSupport.python(
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute('SELECT COUNT(*) FROM analysisGroupFindings').fetchone()[0])",
      [w.database])
    #expect(apart.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "7", "\(apart.stderr)")
    let last = try #require(try EvidenceStore(readingExisting: w.database).lastRun(topic: nil))
    #expect(last.rows.groups.count == 7 && last.rows.groups.values.allSatisfy { $0.content == nil && $0.findings != nil })

    // An edited file makes new results; when the run's outputs cannot be written it is discarded
    // with them.
    let guideline = w.catalogue.appendingPathComponent("hba1c-targets/sources/nice-ng28-2015.yaml")
    let text = try String(contentsOf: guideline, encoding: .utf8)
    try Data(("# edited\n" + text).utf8).write(to: guideline)
    let blocked = w.root.appendingPathComponent("blocked")
    try FileManager.default.createDirectory(at: blocked.appendingPathComponent("check.json"), withIntermediateDirectories: true)
    #expect(throws: WorkflowFailure.self) { try w.check { $0.json = blocked.appendingPathComponent("check.json").path } }
    #expect(try Self.groupRows(w.database) == (7, 14))

    // The layout before v9: one copy of each result per run.
    let rewind = try TestSupport.python(
      """
      import sqlite3, sys
      c = sqlite3.connect(sys.argv[1])
      rows = c.execute('SELECT g.runId, g.fingerprint, a.content FROM runGroup g JOIN analysisGroup a USING (fingerprint)').fetchall()
      c.executescript('DROP TABLE analysisGroupFindings; DROP TABLE runGroup; DROP TABLE analysisGroup; CREATE TABLE runGroup (runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, fingerprint TEXT NOT NULL, content BLOB NOT NULL, PRIMARY KEY (runId, fingerprint)) WITHOUT ROWID;')
      c.executemany('INSERT INTO runGroup VALUES (?, ?, ?)', rows)
      c.executescript('DROP TABLE analysisGroupCount; ALTER TABLE run DROP COLUMN byGroups;')
      c.execute("DELETE FROM grdb_migrations WHERE identifier LIKE 'v9:%' OR identifier LIKE 'v10:%' OR identifier LIKE 'v15:%'")
      c.commit()
      """,
      [w.database])
    #expect(rewind.status == 0, "\(rewind.stderr)")
    try Data(text.utf8).write(to: guideline)
    let migrated = try w.check()
    #expect(migrated.reusedGroups == 7)
    #expect(try Self.groupRows(w.database) == (7, 21))
    // The results stored before v15 have their findings stored apart by the first run after it.
    let reread = try #require(try EvidenceStore(readingExisting: w.database).lastRun(topic: nil))
    #expect(reread.rows.groups.count == 7 && reread.rows.groups.values.allSatisfy { $0.content == nil && $0.findings != nil })
    #expect(try EvidenceStore(readingExisting: w.database).consistencyProblems().isEmpty)
  }

  /// A check keeps the files it decoded in its database and takes them from there next time; a
  /// kept file that does not decode, or that another version of the tool kept, is parsed again,
  /// and the check gives the same result whichever way its files came.
  @Test func theCheckTakesUnchangedFilesFromItsDatabaseAndParsesBadOnesAgain() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let count = try CatalogueLoader().fileReferences(at: w.catalogue.path).count
    let first = try w.check()
    #expect(first.parsedFiles == count)
    let second = try w.check()
    #expect(second.parsedFiles == 0)
    #expect(second.diagnostics == first.diagnostics && second.snapshot == first.snapshot)
    let damage = try TestSupport.python(
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE decodedFile SET content = X'4543423208'\"); c.commit()",
      [w.database])
    #expect(damage.status == 0, "\(damage.stderr)")
    let damaged = try w.check()
    #expect(damaged.parsedFiles == count)
    #expect(damaged.diagnostics == first.diagnostics && damaged.snapshot == first.snapshot)
    #expect(try w.check().parsedFiles == 0)
    #expect(try w.check { $0.toolVersion = "another" }.parsedFiles == count)
  }

  /// Random edits of a synthetic catalogue: after each, the check (reusing what it can) records
  /// exactly what a whole analysis gives.
  @Test func afterRandomEditsTheCheckEqualsAWholeAnalysis() throws {
    let root = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let synthetic = root.appendingPathComponent("synthetic")
    let made = try TestSupport.runTool([
      "synth", "--recommendations", "600", "--seed", "5", "--out", synthetic.path, "--schemes",
      TestSupport.bundledCatalogue.appendingPathComponent("common/schemes.yaml").path,
    ])
    #expect(made.status == 0, "\(made.stderr)")
    let asOf = CalendarDate(year: 2025, month: 12, day: 31)!
    let options = CheckWorkflow.Options(
      catalogue: synthetic.path, database: root.appendingPathComponent("runs.sqlite").path, policy: CheckPolicy(parsing: "never")!,
      toolVersion: "test", analysis: { _ in AnalysisOptions(asOf: asOf) })
    // The first check analyses every group (here in one analysis of the whole, cut into groups).
    let first = try CheckWorkflow(options).run()
    #expect(first.parsedFiles == (try CatalogueLoader().fileReferences(at: synthetic.path).count))
    let (whole, wholeFindings) = try Self.fullAnalysis(synthetic.path, asOf: asOf)
    #expect(first.snapshot == whole && first.diagnostics == wholeFindings && first.reusedGroups == 0)
    var before = whole
    var changedAny = false
    let files = try FileManager.default.subpathsOfDirectory(atPath: synthetic.path).filter { $0.hasSuffix(".yaml") && $0.contains("sources") }.sorted()
    #expect(files.count > 5)
    var random = SplitMix(seed: 11)
    var reusedAny = false
    for _ in 0..<4 {
      let file = synthetic.appendingPathComponent(files[Int(random.next() % UInt64(files.count))])
      var text = try String(contentsOf: file, encoding: .utf8)
      // Flip one direction, or reword one statement.
      if random.next() % 2 == 0, let range = text.range(of: "direction: for") ?? text.range(of: "direction: against") {
        text.replaceSubrange(range, with: text[range].hasSuffix("for") ? "direction: against" : "direction: for")
      } else if let range = text.range(of: "statement: ") {
        text.replaceSubrange(range, with: "statement: Edited. ")
      }
      try text.write(to: file, atomically: true, encoding: .utf8)
      let outcome = try CheckWorkflow(options).run()
      let (full, findings) = try Self.fullAnalysis(synthetic.path, asOf: asOf)
      // Only the edited file was parsed; the others came decoded from the database, without
      // their recommendations.
      #expect(outcome.parsedFiles == 1 && outcome.readIncrementally, "after editing \(file.lastPathComponent)")
      #expect(outcome.snapshot == full, "after editing \(file.lastPathComponent)")
      #expect(outcome.diagnostics == findings, "after editing \(file.lastPathComponent)")
      // The changes, found from the groups that changed, are those of the whole snapshots (the
      // earlier one as a run's rows are read: relations in id order).
      before.conflicts.sort { $0.id < $1.id }
      #expect(outcome.comparison == RunComparison(from: before, to: full), "after editing \(file.lastPathComponent)")
      changedAny = changedAny || !(outcome.comparison?.isEmpty ?? true)
      before = full
      reusedAny = reusedAny || outcome.reusedGroups > 0
    }
    #expect(reusedAny && changedAny)
  }

  /// Runs the check on its database, and on a copy of it without what the last run kept for the
  /// next check (which then reads the whole catalogue): the two must agree.
  static func checkBothWays(_ options: CheckWorkflow.Options) throws -> (kept: CheckWorkflow.Outcome, whole: CheckWorkflow.Outcome) {
    var whole = options
    whole.database = options.database + ".whole"
    try? FileManager.default.removeItem(atPath: whole.database)
    try FileManager.default.copyItem(atPath: options.database, toPath: whole.database)
    let forget = try TestSupport.python(
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM checkState'); c.commit()", [whole.database])
    #expect(forget.status == 0, "\(forget.stderr)")
    return (try CheckWorkflow(options).run(), try CheckWorkflow(whole).run())
  }

  /// Kept recommendations that no longer decode never change what the check finds: those of a
  /// file in another question group are not needed after an edit that changes only what
  /// recommendations say (the file is not parsed again), and those of a file in the edited
  /// group are replaced by parsing it; a check that reads everything parses both again.
  @Test func keptRecommendationsThatNoLongerDecodeNeverChangeWhatTheCheckFinds() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let options = CheckWorkflow.Options(
      catalogue: w.catalogue.path, database: w.database, policy: CheckPolicy(parsing: "never")!, toolVersion: "test",
      analysis: { _ in AnalysisOptions(asOf: CalendarDate(year: 2025, month: 12, day: 31)!) })
    #expect(try CheckWorkflow(options).run().recordedRun != nil)
    let damage = try TestSupport.python(
      """
      import sqlite3, sys; c = sqlite3.connect(sys.argv[1])
      n = sum(c.execute("UPDATE decodedFileRecommendations SET content = X'4543423208' WHERE path = ?", (p,)).rowcount
              for p in sys.argv[2:])
      c.commit(); sys.exit(0 if n == 2 else 1)
      """,
      [w.database, "statins-primary-prevention/sources/acc-aha-2013-cholesterol.yaml", "vcf/sources/acr-ac-vcf-2013.yaml"])
    #expect(damage.status == 0, "\(damage.stderr)")
    let aaos = w.catalogue.appendingPathComponent("vcf/sources/aaos-2010-oscf.yaml")
    func edit(_ old: String, _ new: String) throws {
      let text = try String(contentsOf: aaos, encoding: .utf8)
      #expect(text.contains(old))
      try text.replacingOccurrences(of: old, with: new).write(to: aaos, atomically: true, encoding: .utf8)
    }
    try edit("Recommends against vertebroplasty", "Recommends, edited, against vertebroplasty")
    let (reworded, whole) = try Self.checkBothWays(options)
    #expect(reworded.readIncrementally && reworded.parsedFiles == 1)
    #expect(reworded.diagnostics == whole.diagnostics && reworded.snapshot == whole.snapshot)
    try edit("intervention: vertebroplasty", "intervention: balloon-kyphoplasty")
    let (changed, wholeAgain) = try Self.checkBothWays(options)
    #expect(!changed.readIncrementally && changed.parsedFiles == 3)
    #expect(changed.diagnostics == wholeAgain.diagnostics && changed.snapshot == wholeAgain.snapshot)
  }

  /// After edits that change only what recommendations say, the check reads, validates and
  /// groups only the edited files (the others' recommendations are neither decoded nor
  /// validated); after any other edit it reads everything. Either way it finds, records and
  /// compares what it finds reading the whole catalogue.
  @Test func theCheckReadsOnlyTheEditedRecommendationsWhenThatGivesTheWholeResult() throws {
    let w = try Workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    try Data(TestSupport.committeeDecision.utf8).write(to: w.catalogue.appendingPathComponent("vcf/decisions.yaml"))
    var options = CheckWorkflow.Options(
      catalogue: w.catalogue.path, database: w.database, policy: CheckPolicy(parsing: "never")!, toolVersion: "test",
      analysis: { _ in AnalysisOptions(asOf: CalendarDate(year: 2025, month: 12, day: 31)!) })
    let first = try CheckWorkflow(options).run()
    #expect(!first.readIncrementally && first.recordedRun != nil)

    let aaos = w.catalogue.appendingPathComponent("vcf/sources/aaos-2010-oscf.yaml")
    func edit(_ file: URL, _ old: String, _ new: String) throws {
      var text = try String(contentsOf: file, encoding: .utf8)
      let range = try #require(text.range(of: old), "\(old)")
      text.replaceSubrange(range, with: new)
      try text.write(to: file, atomically: true, encoding: .utf8)
    }
    @discardableResult
    func check(incrementally: Bool, _ what: Comment) throws -> CheckWorkflow.Outcome {
      let (kept, whole) = try Self.checkBothWays(options)
      #expect(kept.readIncrementally == incrementally && !whole.readIncrementally, what)
      #expect(kept.diagnostics == whole.diagnostics, what)
      #expect(kept.snapshot == whole.snapshot, what)
      #expect(kept.comparison == whole.comparison, what)
      #expect(kept.failures == whole.failures && (kept.recordedRun == nil) == (whole.recordedRun == nil), what)
      // What each recorded, and what each kept for the next check, byte for byte (a run not
      // recorded keeps nothing new, and the copy had its state taken away).
      let stores = try [options.database, options.database + ".whole"].map { try EvidenceStore(readingExisting: $0) }
      #expect(try stores[0].lastRun(topic: nil)?.rows == stores[1].lastRun(topic: nil)?.rows, what)
      if kept.recordedRun != nil {
        #expect(try stores[0].lastCheckState() != nil && stores[0].lastCheckState() == stores[1].lastCheckState(), what)
      }
      return kept
    }

    try check(incrementally: true, "nothing edited")
    // A considered recommendation reworded: the decision is re-opened.
    try edit(aaos, "Recommends against vertebroplasty", "Recommends, edited, against vertebroplasty")
    let reworded = try check(incrementally: true, "a statement reworded")
    #expect(reworded.parsedFiles == 1 && reworded.diagnostics.contains { $0.rule == "decision-reopened" })
    // A grade outside the scheme is an error: nothing is analysed or recorded until it is put right.
    try edit(aaos, "strength: Strong", "strength: Mighty")
    let wrong = try check(incrementally: true, "a grade outside its scheme")
    #expect(wrong.recordedRun == nil && wrong.diagnostics.contains { $0.severity == .error && $0.rule == "unknown-grade" })
    try edit(aaos, "strength: Mighty", "strength: Strong")
    #expect(try check(incrementally: true, "the grade put right").parsedFiles == 0)
    // Lines added above a recommendation move it, not the source.
    try edit(aaos, "recommendations:\n", "recommendations:\n  # A comment.\n\n")
    try check(incrementally: true, "lines added")
    // An intervention changed can move topics between groups, a file without sources is read by
    // every group, and other options need other groups: everything is read again.
    try edit(aaos, "intervention: vertebroplasty", "intervention: balloon-kyphoplasty")
    try check(incrementally: false, "an intervention changed")
    try edit(w.catalogue.appendingPathComponent("vcf/topic.yaml"), "Kyphoplasty (balloon)", "Kyphoplasty (balloon), edited")
    try check(incrementally: false, "a topic file edited")
    options.analysis = { _ in AnalysisOptions(asOf: CalendarDate(year: 2024, month: 12, day: 31)!) }
    try check(incrementally: false, "another as-of date")
    try check(incrementally: true, "the same as-of date again")
    try FileManager.default.removeItem(at: w.catalogue.appendingPathComponent("vcf/decisions.yaml"))
    try check(incrementally: false, "a file removed")
  }

  @Test func everyRuleIdIsRegisteredOnce() {
    #expect(Set(RuleRegistry.all).count == RuleRegistry.all.count)
    for rule in ["dangling-reference", "decision-reopened", "report-output", "database", "xlsx-cell-truncated"] {
      #expect(RuleRegistry.all.contains(rule), "\(rule)")
    }
  }
}

/// A small deterministic random source for the tests (SplitMix64).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
