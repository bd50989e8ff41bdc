import ArgumentParser
import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import EvidenceReports
import Foundation

/// `check [PATH]`: the nightly consistency check.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a catalogue and say what changed since the last run.",
    discussion: """
      Validates the catalogue (every rule), runs the analysis (with its findings: strong \
      recommendations on low certainty, missing citations, stale and superseded sources as of \
      --as-of), compares conflicts and pathways with the last run recorded in the database (or \
      with --baseline, a JSON file written by check --json, report or conflicts --format json), \
      and records this run. A summary goes to standard output; errors and warnings to standard \
      error; --json and --junit write files for CI dashboards.

      --fail-on is a comma-separated list of: error, warning, new-major, new-conflict, \
      any-change, reopened-decision; or never. Default: error,new-major,reopened-decision. A \
      committee decision is re-opened when a recommendation it considered changes or leaves the \
      catalogue, a source newer than the decision addresses its question, or a dispute it \
      settles changes. Exit status: 0 when the check passes under \
      the policy; 1 when it fails (or cannot run); 64 for a usage error. A run that fails \
      part-way records nothing and leaves earlier output files as they were.
      """)

  @OptionGroup var analysis: AnalysisArguments
  @OptionGroup var database: DatabaseOption

  @Option(help: "Only this topic (an id); runs are compared with earlier runs of the same scope.")
  var topic: String?

  @Option(help: "Compare with this JSON file instead of the last recorded run.")
  var baseline: String?

  @Option(help: "Write JUnit XML here.")
  var junit: String?

  @Option(help: "Write the check's JSON here.")
  var json: String?

  @Option(name: .customLong("fail-on"), help: "When the check fails (see below).")
  var failOn = CheckPolicy.standard.description

  @Option(
    name: .customLong("max-source-age"),
    help: "Years after which a current source is stale (default 10, or the scoring file's).")
  var maxSourceAge: Int?

  func validate() throws {
    if CheckPolicy(parsing: failOn) == nil {
      throw ValidationError(
        "--fail-on '\(failOn)' is not a policy; use never, or a comma-separated list of: "
          + CheckPolicy.Condition.allCases.map(\.rawValue).joined(separator: ", "))
    }
    if let maxSourceAge, maxSourceAge < 0 { throw ValidationError("--max-source-age must be zero or more") }
    for (flag, path) in [("--json", json), ("--junit", junit)] {
      if let path, path.isEmpty { throw ValidationError("\(flag) must name a file") }
    }
    if let json, let junit,
      URL(fileURLWithPath: json).standardizedFileURL == URL(fileURLWithPath: junit).standardizedFileURL
    {
      throw ValidationError("--json and --junit must name different files")
    }
  }

  func run() throws {
    // An installation a killed run left unfinished is repaired first, whatever happens next.
    StagedFiles.recover([json, junit].compactMap { $0 })
    let policy = CheckPolicy(parsing: failOn)!
    var diagnostics: [Diagnostic]
    var catalogue: Catalogue?
    var catalogueHash: String?
    do {
      let load = try CatalogueLoader().load(analysis.path)
      diagnostics = load.diagnostics
      if !load.hasErrors {
        catalogue = load.catalogue
        catalogueHash = Self.hash(load.catalogue)
      }
    } catch let error as CatalogueError {
      diagnostics = [error.diagnostic]
    }
    var options: AnalysisOptions?
    var snapshot: RunSnapshot?
    var conflicts: [Conflict] = []
    if let catalogue {
      var chosen = try analysis.options(for: catalogue, topic: topic)
      if let maxSourceAge { chosen.configuration.staleAfterYears = maxSourceAge }
      let result = Analysis(catalogue, options: chosen)
      let resolver = Resolver(catalogue: result.catalogue, analysis: result)
      let topics = topic.map { [$0] } ?? catalogue.topics.map(\.id)
      snapshot = RunSnapshot(result, pathways: topics.compactMap(resolver.pathway(for:)))
      diagnostics = (diagnostics + result.findings).sortedByLocation()
      conflicts = result.conflicts
      options = chosen
    }
    let asOf = options?.asOf.description ?? analysis.asOf ?? ""

    // The baseline: a file, or the last complete run of the same scope.
    var baselineInfo = CheckDocument.Baseline(kind: "none")
    var previous: RunSnapshot?
    var comparePathways = true
    if let baseline {
      guard let data = FileManager.default.contents(atPath: baseline),
        let file = try? JSONDecoder().decode(BaselineFile.self, from: data), let loaded = file.runSnapshot
      else {
        writeError("\(baseline): error: [baseline] not a JSON file written by check --json, report or conflicts --format json")
        throw ExitCode.failure
      }
      previous = loaded
      comparePathways = file.hasPathways
      baselineInfo = .init(kind: "file", asOf: file.asOf, path: baseline)
    }
    var store: EvidenceStore?
    if snapshot != nil {
      do {
        let opened = try EvidenceStore(path: database.path)
        store = opened
        if previous == nil, let last = try opened.lastRun(topic: topic) {
          previous = last.snapshot
          baselineInfo = .init(kind: "run", run: last.id, asOf: last.asOf, catalogueHash: last.catalogueHash)
        }
      } catch let error as StoreError {
        writeError("\(database.path): error: [database] \(error.localizedDescription)")
        throw ExitCode.failure
      }
    }
    // A decision whose considered recommendations changed since a run first saw it is
    // re-opened; the evidence it settled is carried forward until the committee revises it.
    if let current = snapshot, let previous, let catalogue {
      for (id, changed) in current.reopenedDecisions(since: previous) {
        guard let decision = catalogue.decisions.first(where: { $0.id == id }) else { continue }
        diagnostics.append(Diagnostic(
          rule: FindingRule.decisionReopened.rawValue, severity: .warning,
          message: "decision \(id) (\(decision.committee), \(decision.date)) is re-opened: "
            + changed.map { "\($0), which it considered, changed since the decision was first checked" }.joined(separator: "; ")
            + "; review it and record the committee's new decision (a new date, its considered evidence)",
          location: decision.location))
      }
      diagnostics = diagnostics.sortedByLocation()
      snapshot = current.settling(from: previous)
    }
    let comparison = snapshot.flatMap { current in
      previous.map { RunComparison(from: $0, to: current, comparePathways: comparePathways) }
    }
    let analysed = snapshot != nil
    let failures = policy.failures(diagnostics: diagnostics, comparison: comparison, analysed: analysed)
    let passed = failures.isEmpty
    let counts = Dictionary(grouping: diagnostics, by: \.severity).mapValues(\.count)

    // Record the run (incomplete), stage the outputs, put them in place, then complete the run:
    // a run that fails or is killed before the end is never compared with or listed.
    var recordedRun: Int64?
    if let store, let snapshot, let options, let catalogueHash {
      do {
        recordedRun = try store.record(
          asOf: options.asOf.description, catalogueHash: catalogueHash, toolVersion: toolVersion,
          topic: topic, errors: counts[.error] ?? 0, warnings: counts[.warning] ?? 0,
          notes: counts[.note] ?? 0, passed: passed, snapshot: snapshot,
          beforeCommit: { Fault.pause(at: "before-commit") })
      } catch let error as StoreError {
        writeError("\(database.path): error: [database] \(error.localizedDescription)")
        throw ExitCode.failure
      }
    }
    let comparedWith: String
    switch baselineInfo.kind {
    case "run": comparedWith = "run \(baselineInfo.run ?? 0) (as of \(baselineInfo.asOf ?? "?"), catalogue \(String((baselineInfo.catalogueHash ?? "").prefix(12))))"
    case "file": comparedWith = baselineInfo.path ?? "the baseline"
    default: comparedWith = "nothing (no earlier run)"
    }
    var outputs: [(path: String, text: String)] = []
    if let json {
      var bySeverity = Dictionary(uniqueKeysWithValues: ConflictSeverity.allCases.map { ($0.rawValue, 0) })
      for c in conflicts where c.type.isConflict { bySeverity[c.severity.rawValue, default: 0] += 1 }
      let document = CheckDocument(
        tool: "evidence-conflicts \(toolVersion)", catalogue: analysis.path, catalogueHash: catalogueHash,
        asOf: asOf, topic: topic, policy: policy.description, status: passed ? "pass" : "fail",
        failures: failures, baseline: baselineInfo, recordedRun: recordedRun,
        counts: .init(
          errors: counts[.error] ?? 0, warnings: counts[.warning] ?? 0, notes: counts[.note] ?? 0,
          conflicts: bySeverity),
        diagnostics: diagnostics, changes: comparison, snapshot: snapshot)
      outputs.append((json, try jsonText(document)))
    }
    if let junit {
      let rules = RuleID.allCases.map(\.rawValue) + FindingRule.allCases.map(\.rawValue)
      outputs.append((junit, JUnitReport.render(
        diagnostics: diagnostics, ruleIDs: rules, comparison: comparison, policy: policy,
        comparedWith: comparedWith, analysed: analysed)))
    }
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
      writeError("\(failure?.path ?? "check"): error: [check-output] cannot write the check's files: \(failure?.reason ?? error.localizedDescription)")
      throw ExitCode.failure
    }

    DiagnosticPrinter.print(diagnostics.filter { $0.severity >= .warning })
    writeOutput(summary(diagnostics: diagnostics, conflicts: conflicts, asOf: asOf, comparedWith: comparedWith,
      comparison: comparison, recordedRun: recordedRun, policy: policy, failures: failures))
    if !passed { throw ExitCode.failure }
  }

  /// The SHA-256 of the catalogue's files and their content hashes, sorted by path.
  static func hash(_ catalogue: Catalogue) -> String {
    let text = catalogue.files.map { "\($0.path)\u{0}\($0.contentHash)\n" }.joined()
    return sha256Hex(Array(text.utf8))
  }

  private func summary(
    diagnostics: [Diagnostic], conflicts: [Conflict], asOf: String, comparedWith: String,
    comparison: RunComparison?, recordedRun: Int64?, policy: CheckPolicy, failures: [String]
  ) -> String {
    var out: [String] = []
    let severities = ConflictSeverity.allCases.reversed().dropLast().map { severity in
      "\(conflicts.filter { $0.type.isConflict && $0.severity == severity }.count) \(severity.rawValue)"
    }
    out.append(
      "check \(analysis.path)\(asOf.isEmpty ? "" : " as of \(asOf)"): \(findingsLine(diagnostics)); "
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
    if let recordedRun { out.append("Recorded run \(recordedRun) in \(database.path).") }
    out.append("Policy \(policy): " + (failures.isEmpty ? "pass." : "FAIL (\(failures.joined(separator: "; "))).") )
    return TerminalText.escaped(out.joined(separator: "\n") + "\n")
  }
}
