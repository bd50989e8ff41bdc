import ArgumentParser
import EvidenceCatalogue
import EvidenceModel
import EvidenceReports
import EvidenceWorkflows

/// `validate [PATH]`: reads and checks a catalogue without storing anything.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a catalogue: YAML, types, references, grades and provenance.",
    discussion: """
      Diagnostics go to standard error, errors first; a summary goes to standard output. \
      --format json prints the counts, every diagnostic and whether the catalogue passed on \
      standard output instead (diagnostics still go to standard error unless --quiet). Exit \
      status: 0 when the catalogue has no errors (and, with --strict, no warnings); 1 otherwise; \
      64 for a usage error.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @OptionGroup var catalogue: CatalogueArgument
  @OptionGroup var output: OutputOptions

  @Flag(help: "Treat warnings as errors.")
  var strict = false

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  func run() throws {
    let result: CatalogueLoadResult
    do {
      result = try CatalogueLoader().load(catalogue.path)
    } catch let error as CatalogueError {
      DiagnosticPrinter.print([error.diagnostic])
      if format == .json {
        writeOutput(try jsonText(ValidationDocument(catalogue: catalogue.path, counts: nil, diagnostics: [error.diagnostic], strict: strict)))
      }
      throw ExitCode.failure
    }
    DiagnosticPrinter.print(result.diagnostics)
    switch format {
    case .text: writeOutput("\(catalogue.path): \(summaryLine(result)); \(findingsLine(result.diagnostics))\n")
    case .json:
      let c = result.catalogue
      let counts = ValidationDocument.Counts(
        files: result.references.count, gradingSchemes: c.schemes.count, bodies: c.bodies.count,
        interventions: c.interventions.count, populations: c.populations.count, topics: c.topics.count,
        studies: c.studies.count, sources: c.sources.count, recommendations: c.recommendations.count)
      writeOutput(try jsonText(ValidationDocument(catalogue: catalogue.path, counts: counts, diagnostics: result.diagnostics, strict: strict)))
    }
    if result.hasErrors || (strict && !result.diagnostics.isEmpty) {
      throw ExitCode.failure
    }
  }
}
