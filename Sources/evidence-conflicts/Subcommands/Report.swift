import ArgumentParser
import ConflictAnalysis
import EvidenceModel
import EvidenceReports
import EvidenceWorkflows
import Foundation

/// `report [PATH] --out DIR`: writes the text, JSON, XLSX and HTML reports of one analysis.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the conflict report as text, JSON, XLSX, HTML and Markdown.",
    discussion: """
      Writes conflict-report.txt, conflict-report.json, conflict-report.xlsx, \
      conflict-report.html and conflict-report.md (or those chosen with --format) into DIR, \
      creating DIR if needed. Every report renders the same analysis and leads with each \
      topic's summary and disputes; the text report adds every pairwise relation with --detail. Each file is written to a temporary file in DIR \
      and renamed into place only when all of them are written, so an interrupted or failed run \
      leaves the earlier reports as they were. Exit status: 0 success; 1 when the catalogue has \
      errors or a report cannot be written; 64 for a usage error.
      """)

  @OptionGroup var analysis: AnalysisArguments
  @OptionGroup var output: OutputOptions
  @OptionGroup var store: StoreSourceOption

  @Option(help: ArgumentHelp("The directory to write the reports into.", valueName: "directory"))
  var out: String

  @Option(help: ArgumentHelp("Only this topic (an id); all topics when omitted.", valueName: "topic-id"))
  var topic: String?

  @Flag(help: "Add every pairwise relation (scores, components, explanations) to the end of the text report.")
  var detail = false

  @Option(
    name: .customLong("min-severity"),
    help: ArgumentHelp("List only pairwise relations of at least this severity (none, minor, moderate, major); summaries and disputes use them all.", valueName: "severity"))
  var minSeverity: ConflictSeverity = .none

  @Flag(
    name: .customLong("per-topic"),
    help: "Write one report per topic and format into DIR/<topic>/, with DIR/index.md and DIR/index.html listing them.")
  var perTopic = false

  @Option(
    name: .customLong("format"),
    help: ArgumentHelp("The reports to write, separated by commas: text, json, xlsx, html, markdown.", valueName: "formats"))
  var formatList = "text,json,xlsx,html,markdown"

  var formats: [ReportFormat] {
    let names = Set(formatList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    return ReportFormat.allCases.filter { names.contains($0.rawValue) }
  }

  func validate() throws {
    let names = formatList.split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    for name in names where ReportFormat(rawValue: name) == nil {
      throw ValidationError("--format '\(name)' is not a report; choose from text, json, xlsx, html, markdown, separated by commas")
    }
    if out.isEmpty { throw ValidationError("--out must name a directory") }
  }

  func run() throws {
    let inputs = analysis.workflowInputs(from: store, topic: topic)
    let workflow = ReportWorkflow(
      .init(
        load: inputs.load, analysis: inputs.analysis, catalogueName: analysis.path, directory: out, formats: formats, detail: detail, minSeverity: minSeverity,
        perTopic: perTopic, toolVersion: toolVersion))
    do {
      let outcome = try workflow.run(progress: Progress(label: "report", total: formats.count), diagnose: DiagnosticPrinter.print)
      for path in outcome.written { output.inform("wrote \(path)") }
    } catch let failure as WorkflowFailure {
      DiagnosticPrinter.print([failure.diagnostic])
      throw ExitCode.failure
    }
  }
}
