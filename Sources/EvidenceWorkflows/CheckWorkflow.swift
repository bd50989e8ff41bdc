import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceReports
import EvidenceStore
import Foundation

/// One nightly check: validate the catalogue, analyse it, compare with the last recorded run (or
/// a baseline file), decide under the policy whether it passes, record the run, and write the
/// check's JSON and JUnit files, staged so that a failed or killed run leaves earlier ones and
/// records nothing.
///
/// The policy (``CheckPolicy``) is the one place that decides whether a change fails; the JUnit
/// writer asks it.
public struct CheckWorkflow {
  public struct Options {
    public var catalogue: String
    public var database: String
    public var topic: String?
    public var baseline: String?
    /// Where the JUnit XML, the check's JSON and the SARIF log go: a file, `-` for standard
    /// output (``Outcome/standardOutput``; at most one of them), or nowhere (`nil`).
    public var junit: String?
    public var json: String?
    public var sarif: String?
    /// Whether the run is recorded in the database. A check that compares with a baseline file
    /// records nothing unless asked (`check --record`).
    public var record: Bool
    public var policy: CheckPolicy
    public var toolVersion: String
    /// The `--as-of` date as given, shown when the catalogue has errors and is not analysed.
    public var asOf: String?
    /// The analysis options for the catalogue read (as-of date, scoring, stale-source age).
    ///
    /// After edits that change only what recommendations say, the catalogue given holds the
    /// unchanged files without their recommendations (``IncrementalLoad``): the options may depend
    /// on its other entities (the default as-of date is its sources' and decisions' newest year),
    /// not on its recommendations.
    public var analysis: (Catalogue) throws -> AnalysisOptions

    public init(
      catalogue: String, database: String, topic: String? = nil, baseline: String? = nil, junit: String? = nil,
      json: String? = nil, sarif: String? = nil, record: Bool? = nil, policy: CheckPolicy = .standard,
      toolVersion: String, asOf: String? = nil, analysis: @escaping (Catalogue) throws -> AnalysisOptions
    ) {
      self.sarif = sarif
      self.record = record ?? (baseline == nil)
      self.asOf = asOf
      self.catalogue = catalogue
      self.database = database
      self.topic = topic
      self.baseline = baseline
      self.junit = junit
      self.json = json
      self.policy = policy
      self.toolVersion = toolVersion
      self.analysis = analysis
    }
  }

  /// What a check found and decided.
  public struct Outcome {
    /// Every diagnostic of the catalogue and the analysis, sorted by location.
    public var diagnostics: [Diagnostic]
    /// The summary for standard output.
    public var summary: String
    public var passed: Bool
    public var recordedRun: Int64?
    public var comparison: RunComparison?
    /// What the run recorded of the analysis (`nil` when the catalogue has errors), put together
    /// from the groups when first read.
    public var snapshot: RunSnapshot? { whole.value }
    let whole: Lazy<RunSnapshot?>
    /// How many groups of the analysis were reused from the last run, unchanged.
    public var reusedGroups: Int
    /// How many catalogue files were parsed; the others were taken, decoded, from the database
    /// (``DecodedFileCache``).
    public var parsedFiles: Int
    /// Whether the catalogue was read incrementally (``IncrementalLoad``): only the edited files'
    /// recommendations validated, the other files' taken as the last run validated them.
    public var readIncrementally: Bool
    /// The output named `-`, for standard output.
    public var standardOutput: String?
    /// Why the check failed under the policy (empty when it passed).
    public var failures: [String]
  }

  public let options: Options

  public init(_ options: Options) { self.options = options }

  /// Runs the check.
  ///
  /// - Throws: ``WorkflowFailure`` when the baseline, the database or an output file cannot be
  ///   used (nothing is recorded then); errors of `options.analysis`.
  public func run(progress: ProgressSink? = nil) throws -> Outcome {
    defer { progress?.finish() }
    // An installation a killed run left unfinished is repaired first, whatever happens next.
    StagedFiles.recover([options.json, options.junit, options.sarif].compactMap { $0 }.filter { $0 != "-" })
    let policy = options.policy
    var diagnostics: [Diagnostic]
    var catalogue: Catalogue?
    var catalogueHash: String?
    // What the last whole-catalogue run kept, to read, validate and group only what changed since.
    let kept = options.topic == nil ? PhaseTimer.measure("state") { Self.keptState(options.database) } : nil
    // The files decoded by earlier checks: only the changed ones are parsed. With a kept state,
    // without their recommendations until it turns out the whole catalogue must be read.
    var cache = PhaseTimer.measure("cache") {
      DecodedFileCache.read(database: options.database, toolVersion: options.toolVersion, withRecommendations: kept == nil)
    }
    let readFrom = Int64(Date().timeIntervalSince1970 * 1e9)
    var loaded: CatalogueLoadResult?
    var incremental: IncrementalLoad?
    do {
      progress?.phase("reading", total: 0)
      if let kept {
        incremental = try PhaseTimer.measure("load") {
          try IncrementalLoad.attempt(
            root: options.catalogue, state: kept, cache: cache, progress: { progress?.update($0, of: $1) })
        }
        // Groups kept under other options (another as-of date, scoring or version) are of no use.
        if let attempt = incremental, !attempt.load.hasErrors,
          Self.salt(try options.analysis(attempt.load.catalogue), toolVersion: options.toolVersion) != kept.salt
        {
          incremental = nil
        }
      }
      if incremental == nil, kept != nil { cache = PhaseTimer.measure("cache") { cache.withRecommendations() } }
      let load = try incremental?.load ?? PhaseTimer.measure("load") {
        try CatalogueLoader().load(
          options.catalogue, reusing: cache, progress: { progress?.update($0, of: $1) },
          validating: { progress?.phase("validating", total: 0) })
      }
      loaded = load
      diagnostics = load.diagnostics
      if !load.hasErrors {
        catalogue = load.catalogue
        catalogueHash = Self.hash(load.catalogue)
      }
    } catch let error as CatalogueError {
      diagnostics = [error.diagnostic]
    }
    // The baseline: a file, or the last complete run of the same scope.
    var baselineInfo = CheckDocument.Baseline(kind: "none")
    var previous: RunSnapshot?
    var comparePathways = true
    if let baseline = options.baseline {
      guard let data = InputFile.contents(baseline),
        let file = try? JSONDecoder().decode(BaselineFile.self, from: data), let loaded = file.runSnapshot
      else {
        throw WorkflowFailure(.baseline, at: baseline, "not a JSON file written by check --json, report or conflicts --format json")
      }
      previous = loaded
      comparePathways = file.hasPathways
      baselineInfo = .init(kind: "file", asOf: file.asOf, path: baseline)
    }
    var analysisOptions: AnalysisOptions?
    var store: EvidenceStore?
    var reuse: (reused: Int, of: Int, run: Int64)?
    // What the run records and compares: the whole snapshot (a topic's check), or the groups
    // (the whole catalogue's), whose snapshot is put together only when asked for.
    var topicSnapshot: RunSnapshot?
    var grouped: GroupedAnalysis?
    var decisions: [RunSnapshot.DecisionEvidence] = []
    var last: RecordedRun?
    var checkState: CheckState?
    if let catalogue {
      progress?.phase("analysing", total: 0)
      let chosen = try options.analysis(catalogue)
      do {
        // A run that records nothing creates no database; it reuses an existing one's last run.
        let opened: EvidenceStore? = options.record
          ? try EvidenceStore(path: options.database)
          : (FileManager.default.fileExists(atPath: options.database) ? try? EvidenceStore(readingExisting: options.database) : nil)
        store = opened
        last = try PhaseTimer.measure("last run") { try opened?.lastRun(topic: options.topic) }
      } catch let error as StoreError {
        throw WorkflowFailure(.database, at: options.database, error.localizedDescription)
      }
      if options.topic == nil, let loaded {
        // The whole catalogue, group by group, reusing the last run's result of every group whose
        // files and options are unchanged.
        let salt = Self.salt(chosen, toolVersion: options.toolVersion)
        let opened = store
        let storedContent: @Sendable (String) -> Data? = { fingerprint in (try? opened?.groupContent(fingerprint)) ?? nil }
        let analysis: GroupedAnalysis
        let decided = catalogue.decisions(asOf: chosen.asOf)
        let considered: [String: String]
        if let incremental {
          // The catalogue read holds the unchanged files without their recommendations: each
          // group analysed is read whole.
          analysis = GroupedAnalysis(
            PhaseTimer.measure("groups") { incremental.questionGroups(salt: salt) }, topics: catalogue.topics.map(\.id),
            last: last?.rows, storedContent: storedContent, wholeAnalysis: nil,
            analyse: { GroupResult($0, of: incremental.catalogue(for: $0), options: chosen) })
          considered = incremental.state.considered
        } else {
          analysis = GroupedAnalysis(catalogue, options: chosen, salt: salt, last: last?.rows, storedContent: storedContent)
          considered = RunSnapshot.consideredFingerprints(decided, in: catalogue.asOf(chosen.asOf))
        }
        if analysis.reused > 0, let last { reuse = (analysis.reused, analysis.parts.count, last.id) }
        decisions = RunSnapshot.decisionEvidence(decided, considered: considered)
        diagnostics = PhaseTimer.measure("sort") { (diagnostics + analysis.findings).sortedByLocation() }
        grouped = analysis
        checkState = CheckState(
          catalogue: options.catalogue, salt: salt,
          files: incremental?.state.files ?? Dictionary(catalogue.files.map { ($0.path, $0.contentHash) }) { first, _ in first },
          diagnostics: loaded.diagnostics, groups: analysis.groups, considered: considered)
      } else {
        let result = Analysis(catalogue, options: chosen)
        let resolver = Resolver(catalogue: result.catalogue, analysis: result)
        let snapshot = RunSnapshot(result, pathways: [options.topic!].compactMap(resolver.pathway(for:)))
        decisions = snapshot.decisions
        diagnostics = (diagnostics + result.findings).sortedByLocation()
        topicSnapshot = snapshot
      }
      analysisOptions = chosen
      if previous == nil, let last {
        baselineInfo = .init(kind: "run", run: last.id, asOf: last.asOf, catalogueHash: last.catalogueHash)
      }
    }
    let asOf = analysisOptions?.asOf.description ?? options.asOf ?? ""
    let analysed = catalogue != nil
    // The whole snapshot, put together once if anything asks for it.
    let whole = Lazy { topicSnapshot ?? grouped.map { $0.snapshot(decisions: decisions) } }
    // What the comparison needs of the earlier run and of this one: the groups that differ when
    // both are recorded by groups, otherwise the whole snapshots.
    var compared: (before: RunSnapshot, after: RunSnapshot)?
    if analysed {
      if previous == nil, let last {
        compared = grouped?.changes(
          since: last.rows, decisions: decisions, previousDecisions: last.rows.decisions.map(RunSnapshot.DecisionEvidence.init))
          ?? whole.value.map { (RunSnapshot(last.rows), $0) }
      } else if let previous {
        compared = whole.value.map { (previous, $0) }
      }
    }

    // A decision whose considered recommendations changed since a run first saw it is
    // re-opened; the evidence it settled is carried forward until the committee revises it.
    if let (before, after) = compared, let catalogue {
      for (id, changed) in after.reopenedDecisions(since: before) {
        guard let decision = catalogue.decisions.first(where: { $0.id == id }) else { continue }
        diagnostics.append(DecisionReview.finding(
          decision, reasons: changed.map { "\($0), which it considered, changed since the decision was first checked" }))
      }
      diagnostics = diagnostics.sortedByLocation()
      decisions = after.settling(from: before).decisions
    }
    let comparison = PhaseTimer.measure("compare") {
      compared.map { RunComparison(from: $0.before, to: $0.after, comparePathways: comparePathways) }
    }
    let snapshot = Lazy { whole.value.map { var settled = $0; settled.decisions = decisions; return settled } }
    let conflictsBySeverity = grouped?.conflictsBySeverity
      ?? topicSnapshot.map { RunSnapshot.conflictsBySeverity($0.conflicts) } ?? [:]
    let failures = policy.failures(diagnostics: diagnostics, comparison: comparison, analysed: analysed)
    let passed = failures.isEmpty
    let counts = diagnostics.reduce(into: [Diagnostic.Severity: Int]()) { counts, diagnostic in counts[diagnostic.severity, default: 0] += 1 }

    // Record the run (incomplete), stage the outputs, put them in place, then complete the run:
    // a run that fails or is killed before the end is never compared with or listed.
    var recordedRun: Int64?
    if options.record, let store, analysed, let analysisOptions, let catalogueHash {
      progress?.phase("writing the database", total: 0)
      let rows = grouped?.rows(decisions: decisions) ?? snapshot.value?.rows() ?? RunRows(relations: [], pathwayLines: [], decisions: [])
      do {
        if let loaded {
          let kept = PhaseTimer.measure("encode files") { cache.changes(after: loaded, readFrom: readFrom) }
          try PhaseTimer.measure("keep files") {
            try store.keepDecodedFiles(kept.rows, restamped: kept.restamped, present: kept.present)
          }
        }
        recordedRun = try PhaseTimer.measure("record") { try store.record(
          asOf: analysisOptions.asOf.description, catalogueHash: catalogueHash, toolVersion: options.toolVersion,
          topic: options.topic, errors: counts[.error] ?? 0, warnings: counts[.warning] ?? 0,
          notes: counts[.note] ?? 0, passed: passed, rows: rows, checkState: checkState?.encoded(),
          beforeCommit: { Fault.pause(at: "before-commit") }) }
      } catch let error as StoreError {
        throw WorkflowFailure(.database, at: options.database, error.localizedDescription)
      }
    }
    let comparedWith: String
    switch baselineInfo.kind {
    case "run": comparedWith = "run \(baselineInfo.run ?? 0) (as of \(baselineInfo.asOf ?? "?"), catalogue \(String((baselineInfo.catalogueHash ?? "").prefix(12))))"
    case "file": comparedWith = baselineInfo.path ?? "the baseline"
    default: comparedWith = "nothing (no earlier run)"
    }
    var outputs: [(path: String, text: String)] = []
    if let json = options.json {
      var bySeverity = Dictionary(uniqueKeysWithValues: ConflictSeverity.allCases.map { ($0.rawValue, 0) })
      for (severity, count) in conflictsBySeverity { bySeverity[severity.rawValue] = count }
      let document = CheckDocument(
        tool: "evidence-conflicts \(options.toolVersion)", catalogue: options.catalogue, catalogueHash: catalogueHash,
        asOf: asOf, topic: options.topic, policy: policy.description, status: passed ? "pass" : "fail",
        failures: failures, baseline: baselineInfo, recordedRun: recordedRun,
        counts: .init(
          errors: counts[.error] ?? 0, warnings: counts[.warning] ?? 0, notes: counts[.note] ?? 0,
          conflicts: bySeverity),
        diagnostics: diagnostics, changes: comparison, snapshot: snapshot.value)
      outputs.append((json, String(decoding: try JSONOutput.encoder().encode(document), as: UTF8.self) + "\n"))
    }
    if let junit = options.junit {
      outputs.append((junit, JUnitReport.render(
        diagnostics: diagnostics, ruleIDs: RuleRegistry.all, comparison: comparison, policy: policy,
        comparedWith: comparedWith, analysed: analysed)))
    }
    if let sarif = options.sarif {
      outputs.append((sarif, SARIFReport.render(
        diagnostics, rules: RuleRegistry.sarifRules, toolVersion: options.toolVersion, failures: failures).document))
    }
    let standardOutput = outputs.first { $0.path == "-" }?.text
    outputs.removeAll { $0.path == "-" }
    let staged = StagedFiles(outputs.map(\.path))
    defer { staged.discard() }
    do {
      for (output, file) in zip(outputs, staged.files) { try staged.write(output.text, to: file) }
      Fault.pause(at: "before-rename")
      try staged.install()
      if let recordedRun { try store?.completeRun(recordedRun) }
    } catch {
      if let recordedRun { try? store?.discardRun(recordedRun) }
      let failure = error as? StagedFiles.Failure
      throw WorkflowFailure(
        .checkOutput, at: failure?.path ?? "check",
        "cannot write the check's files: \(failure?.reason ?? error.localizedDescription)")
    }
    let summary = Self.summary(
      catalogue: options.catalogue, diagnostics: diagnostics, conflictsBySeverity: conflictsBySeverity, asOf: asOf,
      comparedWith: comparedWith,
      comparison: comparison, reuse: reuse, recordedRun: recordedRun, database: options.database, policy: policy,
      failures: failures)
    return Outcome(
      diagnostics: diagnostics, summary: summary, passed: passed, recordedRun: recordedRun, comparison: comparison,
      whole: snapshot, reusedGroups: reuse?.reused ?? 0, parsedFiles: loaded?.parsedPaths.count ?? 0,
      readIncrementally: incremental != nil, standardOutput: standardOutput, failures: failures)
  }

  /// What the last whole-catalogue run kept for the next check; `nil` when there is none, or it
  /// cannot be read (the check then reads everything).
  static func keptState(_ database: String) -> CheckState? {
    guard FileManager.default.fileExists(atPath: database),
      let content = try? EvidenceStore(readingExisting: database).lastCheckState()
    else { return nil }
    return CheckState(encoded: content)
  }

  /// What a group's result depends on besides its files: the as-of date, the scoring
  /// configuration and the tool version.
  static func salt(_ options: AnalysisOptions, toolVersion: String) -> String {
    let configuration = (try? JSONOutput.encoder().encode(options.configuration)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return "\(options.asOf)\u{1F}\(toolVersion)\u{1F}\(configuration)"
  }

  /// The SHA-256 of the catalogue's files and their content hashes, sorted by path.
  public static func hash(_ catalogue: Catalogue) -> String {
    let text = catalogue.files.map { "\($0.path)\u{0}\($0.contentHash)\n" }.joined()
    return sha256Hex(Array(text.utf8))
  }

  private static func summary(
    catalogue: String, diagnostics: [Diagnostic], conflictsBySeverity: [ConflictSeverity: Int], asOf: String,
    comparedWith: String, comparison: RunComparison?, reuse: (reused: Int, of: Int, run: Int64)?, recordedRun: Int64?,
    database: String, policy: CheckPolicy, failures: [String]
  ) -> String {
    var out: [String] = []
    let severities = ConflictSeverity.allCases.reversed().dropLast().map { severity in
      "\(conflictsBySeverity[severity] ?? 0) \(severity.rawValue)"
    }
    out.append(
      "check \(catalogue)\(asOf.isEmpty ? "" : " as of \(asOf)"): \(findingsLine(diagnostics)); "
        + (diagnostics.containsErrors ? "not analysed (the catalogue has errors)" : "conflicts: " + severities.joined(separator: ", ")) + ".")
    if let comparison {
      out.append(
        "Compared with \(comparedWith): \(comparison.newConflicts.count) new, \(comparison.changedConflicts.count) changed, "
          + "\(comparison.resolvedConflicts.count) resolved conflicts; "
          + (comparison.pathwaysCompared ? "\(comparison.pathwayChanges.count) pathway changes." : "pathways not compared (the baseline has none)."))
      for c in comparison.newConflicts {
        out.append("  new       \(c.severity.rawValue) \(c.score) \(c.type.rawValue) \(c.intervention): \(c.recommendations.joined(separator: " ~ ")) (\(c.id))")
      }
      for c in comparison.changedConflicts {
        out.append(
          "  changed   \(c.id) \(c.after.recommendations.joined(separator: " ~ ")): \(c.before.type.rawValue)/\(c.before.severity.rawValue) \(c.before.score) → "
            + "\(c.after.type.rawValue)/\(c.after.severity.rawValue) \(c.after.score)")
      }
      for c in comparison.resolvedConflicts {
        out.append("  resolved  \(c.id) \(c.recommendations.joined(separator: " ~ ")) on \(c.intervention)")
      }
      for p in comparison.pathwayChanges {
        out.append("  pathway   \(p.topic) / \(p.intervention) from \(p.from) (\(p.phase)): \(p.before?.rawValue ?? "none") → \(p.after?.rawValue ?? "none")")
      }
    } else if !diagnostics.containsErrors {
      out.append("No earlier run to compare with.")
    }
    if let reuse {
      out.append(
        "Reused the analysis of \(reuse.reused) of \(reuse.of) question groups from run \(reuse.run) (their files unchanged); analysed \(reuse.of - reuse.reused).")
    }
    if let recordedRun { out.append("Recorded run \(recordedRun) in \(database).") }
    out.append("Policy \(policy): " + (failures.isEmpty ? "pass." : "FAIL (\(failures.joined(separator: "; "))).") )
    return TerminalText.escaped(out.joined(separator: "\n") + "\n")
  }
}

/// A value worked out when first read, once.
final class Lazy<Value> {
  private var make: (() -> Value)?
  private var made: Value?

  init(_ make: @escaping () -> Value) { self.make = make }

  var value: Value {
    if let make {
      made = make()
      self.make = nil
    }
    return made!
  }
}
