import ArgumentParser
import ConflictAnalysis
import EvidenceModel
import EvidenceReports
import EvidenceWorkflows

/// `export [PATH] --format fhir|csv --out FILE|DIR`: the analysis in the field's exchange formats.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Export the analysis as a FHIR R5 bundle (EBM on FHIR) or as CSV tables.",
    discussion: """
      --format fhir writes one FHIR R5 Bundle (JSON) to --out FILE, or to standard output with \
      --out -, following the HL7 EBM-on-FHIR guide: a Citation per source, a Composition per \
      recommendation, an ArtifactAssessment rating each recommendation and implied position \
      (the RecommendationRating content), an ArtifactAssessment (Comparison) per dispute and per \
      pairwise relation, and per topic a Group for its population and a PlanDefinition \
      (RecommendationPlan) holding the resolved pathway. --format csv writes recommendations.csv, relations.csv and disputes.csv \
      (RFC 4180, UTF-8, formula-like text neutralised) into --out DIR. Files are staged and \
      installed together; a failed run leaves earlier files as they were. Exit status: 0 \
      success; 1 when the catalogue has errors or a file cannot be written; 64 for a usage error.
      """)

  @OptionGroup var analysis: AnalysisArguments
  @OptionGroup var store: StoreSourceOption
  @OptionGroup var output: OutputOptions

  @Option(help: "The exchange format: fhir or csv.")
  var format: ExportFormat

  @Option(help: ArgumentHelp("The bundle file (fhir; - for standard output) or the directory (csv).", valueName: "file-or-directory"))
  var out: String

  @Option(help: ArgumentHelp("Only this topic (an id); all topics when omitted.", valueName: "topic-id"))
  var topic: String?

  @Option(
    name: .customLong("min-severity"),
    help: ArgumentHelp("Export only pairwise relations of at least this severity (none, minor, moderate, major); disputes and pathways use them all.", valueName: "severity"))
  var minSeverity: ConflictSeverity = .none

  @Option(
    name: .customLong("base-url"),
    help: ArgumentHelp(
      "The base of the bundle's own canonical URLs, identifier systems and code systems.",
      discussion: "Default: \(FHIRExport.defaultBaseURL) (example.org is reserved for examples; name your organisation's own base before publishing).",
      valueName: "url"))
  var baseURL = FHIRExport.defaultBaseURL

  func validate() throws {
    if out.isEmpty { throw ValidationError("--out must name a file or directory") }
    if format == .csv, out == "-" {
      throw ValidationError("--format csv writes three files; name a directory with --out, or use --format fhir for standard output")
    }
    if !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") || baseURL.hasPrefix("urn:")) || baseURL.contains(where: \.isWhitespace) {
      throw ValidationError("--base-url '\(baseURL)' is not an absolute URL; write it as https://your.organisation/fhir")
    }
  }

  func run() throws {
    let inputs = analysis.workflowInputs(from: store, topic: topic)
    let workflow = ExportWorkflow(
      .init(
        load: inputs.load, analysis: inputs.analysis, catalogueName: analysis.path, format: format, output: out, minSeverity: minSeverity, baseURL: baseURL,
        toolVersion: toolVersion))
    do {
      let outcome = try workflow.run(
        progress: Progress(label: "export"), diagnose: DiagnosticPrinter.print, standardOutput: writeOutput)
      for path in outcome.written { output.inform("wrote \(path)") }
    } catch let failure as WorkflowFailure {
      DiagnosticPrinter.print([failure.diagnostic])
      throw ExitCode.failure
    }
  }
}

extension ExportFormat: ExpressibleByArgument {}
