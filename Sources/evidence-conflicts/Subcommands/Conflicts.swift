import ArgumentParser
import ConflictAnalysis
import EvidenceReports
import EvidenceWorkflows

/// `conflicts [PATH]`: finds, classifies, scores and explains disagreements in a catalogue.
struct Conflicts: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Find, classify, score and explain disagreements between recommendations.",
    discussion: """
      Reads the catalogue (as validate does), compares recommendations on the same clinical \
      question, and prints every relation found: conflicts by severity, then agreements, \
      complementary timing and population mismatches. Catalogue diagnostics and findings of \
      severity warning or error go to standard error; --format json writes everything, findings \
      included, to standard output. Exit status: 0 when the analysis ran (conflicts are its \
      result, not a failure); 1 when the catalogue has errors or the scoring file is unusable; \
      64 for a usage error.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @OptionGroup var analysis: AnalysisArguments
  @OptionGroup var output: OutputOptions
  @OptionGroup var store: StoreSourceOption

  @Option(help: ArgumentHelp("Only relations answering this topic (an id).", valueName: "topic-id"))
  var topic: String?

  @Option(
    name: .customLong("min-severity"),
    help: ArgumentHelp("Only relations of at least this severity: none, minor, moderate or major.", valueName: "severity"))
  var minSeverity: ConflictSeverity = .none

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  func run() throws {
    let loaded = try PhaseTimer.measure("load") { try analysis.loadCatalogue(from: store, topic: topic) }
    let catalogue = loaded.catalogue
    let options = try analysis.options(for: catalogue, topic: topic, defaultAsOf: loaded.defaultAsOf)
    let result = PhaseTimer.measure("analysis") { Analysis(catalogue, options: options) }
    DiagnosticPrinter.print(result.findings.filter { $0.severity >= .warning })
    try PhaseTimer.measure("output") {
      switch format {
      case .text:
        streamOutput { ConflictsText.write(result, minSeverity: minSeverity, catalogueName: analysis.path, to: &$0) }
      case .json:
        try streamOutput { try ConflictsDocument(result, minSeverity: minSeverity).write(to: &$0) }
      }
    }
  }
}

extension ConflictSeverity: ExpressibleByArgument {}
