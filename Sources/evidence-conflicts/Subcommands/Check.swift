import ArgumentParser
import ConflictAnalysis
import EvidenceWorkflows
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
    let workflow = CheckWorkflow(
      .init(
        catalogue: analysis.path, database: database.path, topic: topic, baseline: baseline, junit: junit, json: json,
        policy: CheckPolicy(parsing: failOn)!, toolVersion: toolVersion, asOf: analysis.asOf,
        analysis: { catalogue in
          var chosen = try analysis.options(for: catalogue, topic: topic)
          if let maxSourceAge { chosen.configuration.staleAfterYears = maxSourceAge }
          return chosen
        }))
    let outcome: CheckWorkflow.Outcome
    do {
      outcome = try workflow.run()
    } catch let failure as WorkflowFailure {
      DiagnosticPrinter.print([failure.diagnostic])
      throw ExitCode.failure
    }
    DiagnosticPrinter.print(outcome.diagnostics.filter { $0.severity >= .warning })
    writeOutput(outcome.summary)
    if !outcome.passed { throw ExitCode.failure }
  }
}
