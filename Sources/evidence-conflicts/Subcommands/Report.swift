import ArgumentParser
import ConflictAnalysis
import EvidenceModel
import EvidenceReports
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

  enum Format: String, CaseIterable {
    case text, json, xlsx, html, markdown

    var fileName: String {
      switch self {
      case .text: "conflict-report.txt"
      case .markdown: "conflict-report.md"
      default: "conflict-report." + rawValue
      }
    }
  }

  @OptionGroup var analysis: AnalysisArguments

  @Option(help: "The directory to write the reports into.")
  var out: String

  @Option(help: "Only this topic (an id); all topics when omitted.")
  var topic: String?

  @Flag(help: "Add every pairwise relation (scores, components, explanations) to the end of the text report.")
  var detail = false

  @Option(
    name: .customLong("format"),
    help: "The reports to write, separated by commas: text, json, xlsx, html, markdown.")
  var formatList = "text,json,xlsx,html,markdown"

  var formats: [Format] {
    let names = Set(formatList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    return Format.allCases.filter { names.contains($0.rawValue) }
  }

  func validate() throws {
    let names = formatList.split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    for name in names where Format(rawValue: name) == nil {
      throw ValidationError("--format '\(name)' is not a report; choose from text, json, xlsx, html, markdown, separated by commas")
    }
    if out.isEmpty { throw ValidationError("--out must name a directory") }
  }

  func run() throws {
    // An installation a killed run left unfinished is repaired first, whatever happens next.
    StagedFiles.recover(formats.map { (out as NSString).appendingPathComponent($0.fileName) })
    let load = try PhaseTimer.measure("load") { try analysis.loadCatalogue() }
    let options = try analysis.options(for: load.catalogue, topic: topic)
    let report = PhaseTimer.measure("analysis") {
      let result = Analysis(load.catalogue, options: options)
      return ConflictReport(
        catalogue: result.catalogue, catalogueName: analysis.path, analysis: result,
        catalogueDiagnostics: load.diagnostics, toolVersion: toolVersion)
    }
    let result = report.analysis
    DiagnosticPrinter.print(result.findings.filter { $0.severity >= .warning })
    do {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    } catch {
      writeError("\(out): error: [report-output] cannot create the directory: \(error.localizedDescription)")
      throw ExitCode.failure
    }
    let staged = StagedFiles(formats.map { (out as NSString).appendingPathComponent($0.fileName) })
    defer { staged.discard() }
    do {
      let progress = Progress(label: "report", total: formats.count)
      defer { progress.finish() }
      for (format, file) in zip(formats, staged.files) {
        try PhaseTimer.measure(format.rawValue) {
          switch format {
          case .text: try staged.stream(to: file) { TextReport.write(report, detail: detail, to: &$0) }
          case .json: try staged.stream(to: file) { try ReportDocument(report).write(to: &$0) }
          case .html: try staged.stream(to: file) { HTMLReport.write(report, to: &$0) }
          case .markdown: try staged.stream(to: file) { MarkdownReport.write(report, to: &$0) }
          case .xlsx:
            let cut = try XlsxReport.write(report, to: file.temporary)
            DiagnosticPrinter.print(cut.map { finding in
              var finding = finding
              finding.message = "\(file.final): " + finding.message
              return finding
            })
          }
        }
        progress.advance()
      }
      try staged.install()
    } catch let error as StagedFiles.Failure {
      writeError("\(error.path): error: [report-output] cannot write the report: \(error.reason)")
      throw ExitCode.failure
    } catch {
      writeError("\(out): error: [report-output] cannot write the reports: \(error.localizedDescription)")
      throw ExitCode.failure
    }
    for file in staged.files { writeOutput("wrote \(file.final)\n") }
  }
}
