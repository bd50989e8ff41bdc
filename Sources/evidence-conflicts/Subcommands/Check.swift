import ArgumentParser
import ConflictAnalysis
import EvidenceReports
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
      error; --json, --junit and --sarif write files for CI dashboards (- for standard \
      output, then the summary goes to standard error). --format json prints the check's JSON \
      on standard output instead of the summary; --format github prints GitHub Actions workflow \
      commands (::error file=…,line=…,col=…::…) that annotate the files, then the summary. With \
      --baseline the run is compared with that file and recorded nowhere unless --record is given.

      --fail-on is a comma-separated list of: error, warning, new-major, new-conflict, \
      any-change, reopened-decision; or never. Default: error,new-major,reopened-decision. A \
      committee decision is re-opened when a recommendation it considered changes or leaves the \
      catalogue, a source newer than the decision addresses its question, or a dispute it \
      settles changes. Exit status: 0 when the check passes under \
      the policy; 1 when it fails (or cannot run); 64 for a usage error. A run that fails \
      part-way records nothing and leaves earlier output files as they were.
      """)

  @OptionGroup var analysis: AnalysisArguments
  @OptionGroup var output: OutputOptions
  @OptionGroup var database: DatabaseOption

  @Option(help: ArgumentHelp("Only this topic (an id); runs are compared with earlier runs of the same scope.", valueName: "topic-id"))
  var topic: String?

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, github }

  @Option(help: ArgumentHelp("Compare with this JSON file (- for standard input) instead of the last recorded run.", valueName: "file"))
  var baseline: String?

  @Flag(help: "Record the run in the database even when comparing with --baseline.")
  var record = false

  @Option(help: ArgumentHelp("Write JUnit XML here (- for standard output).", valueName: "file"))
  var junit: String?

  @Option(help: ArgumentHelp("Write the check's JSON here (- for standard output).", valueName: "file"))
  var json: String?

  @Option(help: ArgumentHelp("Write a SARIF 2.1.0 log here, for code-scanning dashboards (- for standard output).", valueName: "file"))
  var sarif: String?

  @Option(help: "What standard output carries: text (the summary), json (the check's JSON) or github (workflow-command annotations, then the summary).")
  var format: Format = .text

  @Option(name: .customLong("fail-on"), help: ArgumentHelp("When the check fails (see below).", valueName: "conditions"))
  var failOn = CheckPolicy.standard.description

  @Option(
    name: .customLong("max-source-age"),
    help: ArgumentHelp("Years after which a current source is stale (default 10, or the scoring file's).", valueName: "years"))
  var maxSourceAge: Int?

  func validate() throws {
    if CheckPolicy(parsing: failOn) == nil {
      throw ValidationError(
        "--fail-on '\(failOn)' is not a policy; use never, or a comma-separated list of: "
          + CheckPolicy.Condition.allCases.map(\.rawValue).joined(separator: ", "))
    }
    if let maxSourceAge, maxSourceAge < 0 { throw ValidationError("--max-source-age must be zero or more") }
    let outputs = [("--json", json), ("--junit", junit), ("--sarif", sarif)]
    for (flag, path) in outputs {
      if let path, path.isEmpty { throw ValidationError("\(flag) must name a file, or - for standard output") }
    }
    let toStandardOutput = outputs.filter { $0.1 == "-" }.map(\.0) + (format == .text ? [] : ["--format \(format.rawValue)"])
    if toStandardOutput.count > 1 {
      throw ValidationError("\(toStandardOutput.joined(separator: " and ")) would all write to standard output; send all but one to files")
    }
    let files = outputs.compactMap { flag, path in path.flatMap { $0 == "-" ? nil : (flag, URL(fileURLWithPath: $0).standardizedFileURL) } }
    for (index, file) in files.enumerated() {
      if let other = files[..<index].first(where: { $0.1 == file.1 }) {
        throw ValidationError("\(other.0) and \(file.0) must name different files")
      }
    }
  }

  func run() throws {
    let workflow = CheckWorkflow(
      .init(
        catalogue: analysis.path, database: database.path, topic: topic, baseline: baseline, junit: junit,
        json: format == .json ? "-" : json, sarif: sarif, record: baseline == nil || record, policy: CheckPolicy(parsing: failOn)!, toolVersion: toolVersion, asOf: analysis.asOf,
        analysis: { catalogue in
          var chosen = try analysis.options(for: catalogue, topic: topic)
          if let maxSourceAge { chosen.configuration.staleAfterYears = maxSourceAge }
          return chosen
        }))
    let outcome: CheckWorkflow.Outcome
    do {
      outcome = try workflow.run(progress: Progress(label: "check"))
    } catch let failure as WorkflowFailure {
      DiagnosticPrinter.print([failure.diagnostic])
      throw ExitCode.failure
    }
    if format == .github {
      // The annotations carry the diagnostics; standard error does not repeat them.
      writeOutput(GitHubAnnotations.render(outcome.diagnostics.filter { $0.severity >= .warning }, failures: outcome.failures))
    } else {
      DiagnosticPrinter.print(outcome.diagnostics.filter { $0.severity >= .warning })
    }
    if let machine = outcome.standardOutput {
      writeOutput(machine)
      if !output.quiet { FileHandle.standardError.write(Data(outcome.summary.utf8)) }
    } else {
      writeOutput(outcome.summary)
    }
    // The outcome holds every diagnostic and every group of the analysis: on a national
    // catalogue freeing them one by one took a second after the check's work was done (at 1M).
    // The process ends here instead, its output written, as compilers end without freeing.
    DiagnosticPrinter.finish()
    Foundation.exit(outcome.passed ? EXIT_SUCCESS : EXIT_FAILURE)
  }
}
