import ArgumentParser

/// The `evidence-conflicts` command: validates, stores and lists an evidence catalogue.
///
/// Exit status: 0 success; 1 findings or failure; 64 usage error.
@main
struct EvidenceConflicts: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evidence-conflicts",
    abstract: "Find, explain and resolve disagreements between clinical guideline recommendations.",
    discussion: """
      Exit status: 0 when the command succeeded with no findings; 1 when it found errors in the \
      catalogue or failed; 64 for a usage error.
      """,
    version: toolVersion,
    subcommands: [Validate.self, Import.self, List.self, Conflicts.self, Resolve.self, Evaluate.self, Report.self, Check.self, History.self, Synth.self, ParseYAML.self])
}

/// The tool's version, recorded with every stored run.
let toolVersion = "0.1.0"
