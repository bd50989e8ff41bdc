import ArgumentParser
import EvidenceCatalogue
import EvidenceModel
import EvidenceWorkflows

/// `validate [PATH]`: reads and checks a catalogue without storing anything.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a catalogue: YAML, types, references, grades and provenance.",
    discussion: "Diagnostics go to standard error; a summary goes to standard output.")

  @OptionGroup var catalogue: CatalogueArgument

  @Flag(help: "Treat warnings as errors.")
  var strict = false

  func run() throws {
    let result: CatalogueLoadResult
    do {
      result = try CatalogueLoader().load(catalogue.path)
    } catch let error as CatalogueError {
      DiagnosticPrinter.print([error.diagnostic])
      throw ExitCode.failure
    }
    DiagnosticPrinter.print(result.diagnostics)
    writeOutput("\(catalogue.path): \(summaryLine(result)); \(findingsLine(result.diagnostics))\n")
    if result.hasErrors || (strict && !result.diagnostics.isEmpty) {
      throw ExitCode.failure
    }
  }
}
