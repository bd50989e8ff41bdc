import ArgumentParser

/// The `evidence-conflicts` command: validates, stores, analyses, reports and exports an evidence
/// catalogue.
///
/// Exit status: 0 success; 1 findings that fail the command, or a failure; 64 usage error.
@main
struct EvidenceConflicts: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evidence-conflicts",
    abstract: "Find, explain and resolve disagreements between clinical guideline recommendations.",
    discussion: """
      Start with `evidence-conflicts init TOPIC-ID` for a first topic, `validate` to check a \
      catalogue and `report --out DIR` for the reports. Diagnostics go to standard error as \
      file:line:col: severity: [rule] message; results go to standard output.

      Exit status: 0 when the command did its work (for conflicts, resolve, report and export, \
      conflicts found are results, not failures); 1 when the catalogue has errors, when validate \
      --strict finds warnings, when check fails under its --fail-on policy, when evaluate falls \
      below --min-in-band, or when the command cannot run; 64 for a usage error. \
      Shell completion: evidence-conflicts --generate-completion-script bash (or zsh, fish).
      """,
    version: toolVersion,
    subcommands: [
      Init.self, Validate.self, Import.self, List.self, Conflicts.self, Resolve.self, Evaluate.self, Report.self,
      Export.self, Check.self, History.self, Synth.self, ParseYAML.self,
    ])

  /// Runs the command, then prints what `--quiet` held back, on success and failure alike.
  static func main() {
    do {
      var command = try parseAsRoot()
      defer { DiagnosticPrinter.finish() }
      try command.run()
    } catch {
      exit(withError: error)
    }
  }
}

/// The tool's version, recorded with every stored run.
let toolVersion = "0.1.0"
