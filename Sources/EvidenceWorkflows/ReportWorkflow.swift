import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceReports
import Foundation

/// A report format and its file name.
public enum ReportFormat: String, CaseIterable, Sendable {
  case text, json, xlsx, html, markdown

  public var fileName: String {
    switch self {
    case .text: "conflict-report.txt"
    case .markdown: "conflict-report.md"
    default: "conflict-report." + rawValue
    }
  }
}

/// One `report` run: read the catalogue, analyse it once, render every chosen format, and put
/// the files in place all at once (staged, so a failed or killed run leaves the earlier reports
/// as they were).
public struct ReportWorkflow {
  public struct Options {
    /// How the catalogue is read (YAML, or the imported store).
    public var load: () throws -> CatalogueLoadResult
    /// The analysis options for the catalogue read.
    public var analysis: (Catalogue) throws -> AnalysisOptions
    public var catalogueName: String
    public var directory: String
    public var formats: [ReportFormat]
    /// Whether the text report ends with every pairwise relation.
    public var detail: Bool
    public var toolVersion: String

    public init(
      load: @escaping () throws -> CatalogueLoadResult, analysis: @escaping (Catalogue) throws -> AnalysisOptions,
      catalogueName: String, directory: String, formats: [ReportFormat] = ReportFormat.allCases, detail: Bool = false,
      toolVersion: String
    ) {
      self.load = load
      self.analysis = analysis
      self.catalogueName = catalogueName
      self.directory = directory
      self.formats = formats
      self.detail = detail
      self.toolVersion = toolVersion
    }
  }

  /// What a report run wrote.
  public struct Outcome {
    /// The files written, in format order.
    public var written: [String]
  }

  public let options: Options

  public init(_ options: Options) { self.options = options }

  /// The paths of the files a run writes.
  public var paths: [String] { options.formats.map { (options.directory as NSString).appendingPathComponent($0.fileName) } }

  /// Runs the report. `diagnose` receives, as they arise, the analysis findings of warning
  /// severity or above and the cells and sheets the XLSX report could not hold whole.
  ///
  /// - Throws: ``WorkflowFailure`` (`report-output`) when the directory or a file cannot be
  ///   written; errors of `options.load` and `options.analysis`.
  public func run(progress: ProgressSink? = nil, diagnose: ([Diagnostic]) -> Void = { _ in }) throws -> Outcome {
    // An installation a killed run left unfinished is repaired first, whatever happens next.
    StagedFiles.recover(paths)
    let load = try PhaseTimer.measure("load") { try options.load() }
    let chosen = try options.analysis(load.catalogue)
    let report = PhaseTimer.measure("analysis") {
      let result = Analysis(load.catalogue, options: chosen)
      return ConflictReport(
        catalogue: result.catalogue, catalogueName: options.catalogueName, analysis: result,
        catalogueDiagnostics: load.diagnostics, toolVersion: options.toolVersion)
    }
    diagnose(report.analysis.findings.filter { $0.severity >= .warning })
    do {
      try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
    } catch {
      throw WorkflowFailure(.reportOutput, at: options.directory, "cannot create the directory: \(error.localizedDescription)")
    }
    let staged = StagedFiles(paths)
    defer { staged.discard() }
    do {
      defer { progress?.finish() }
      for (index, (format, file)) in zip(options.formats, staged.files).enumerated() {
        try PhaseTimer.measure(format.rawValue) {
          switch format {
          case .text: try staged.stream(to: file) { TextReport.write(report, detail: options.detail, to: &$0) }
          case .json: try staged.stream(to: file) { try ReportDocument(report).write(to: &$0) }
          case .html: try staged.stream(to: file) { HTMLReport.write(report, to: &$0) }
          case .markdown: try staged.stream(to: file) { MarkdownReport.write(report, to: &$0) }
          case .xlsx:
            diagnose(try XlsxReport.write(report, to: file.temporary).map { finding in
              var finding = finding
              finding.message = "\(file.final): " + finding.message
              return finding
            })
          }
        }
        progress?.update(index + 1, of: options.formats.count)
      }
      try staged.install()
    } catch let error as StagedFiles.Failure {
      throw WorkflowFailure(.reportOutput, at: error.path, "cannot write the report: \(error.reason)")
    } catch {
      throw WorkflowFailure(.reportOutput, at: options.directory, "cannot write the reports: \(error.localizedDescription)")
    }
    return Outcome(written: staged.files.map(\.final))
  }
}
