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
    /// The least severity of the pairwise relations listed (summaries and disputes use all).
    public var minSeverity: ConflictSeverity
    /// One report per topic and format, each in a folder named after the topic, with an index.
    public var perTopic: Bool
    public var toolVersion: String

    public init(
      load: @escaping () throws -> CatalogueLoadResult, analysis: @escaping (Catalogue) throws -> AnalysisOptions,
      catalogueName: String, directory: String, formats: [ReportFormat] = ReportFormat.allCases, detail: Bool = false,
      minSeverity: ConflictSeverity = .none, perTopic: Bool = false, toolVersion: String
    ) {
      self.minSeverity = minSeverity
      self.perTopic = perTopic
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

  /// The paths of the files a run writes into a directory.
  func paths(in directory: String) -> [String] {
    options.formats.map { (directory as NSString).appendingPathComponent($0.fileName) }
  }

  /// Runs the report. `diagnose` receives, as they arise, the analysis findings of warning
  /// severity or above and the cells and sheets the XLSX report could not hold whole.
  ///
  /// With ``Options/perTopic`` each topic (or the one chosen) is analysed and written on its own
  /// into `DIR/<topic>/`, and `DIR/index.md` and `DIR/index.html` list the topics with their
  /// disputes and files; all files are put in place together.
  ///
  /// - Throws: ``WorkflowFailure`` (`report-output`) when the directory or a file cannot be
  ///   written; errors of `options.load` and `options.analysis`.
  public func run(progress: ProgressSink? = nil, diagnose: ([Diagnostic]) -> Void = { _ in }) throws -> Outcome {
    let directory = options.directory
    // An installation a killed run left unfinished is repaired first, whatever happens next.
    if !options.perTopic { StagedFiles.recover(paths(in: directory)) }
    let load = try PhaseTimer.measure("load") { try options.load() }
    let chosen = try options.analysis(load.catalogue)
    let topics = options.perTopic ? (chosen.topic.map { [$0] } ?? load.catalogue.topics.map(\.id)) : []
    let index = ["index.md", "index.html"].map { (directory as NSString).appendingPathComponent($0) }
    let all = options.perTopic
      ? topics.flatMap { paths(in: (directory as NSString).appendingPathComponent($0)) } + index
      : paths(in: directory)
    if options.perTopic { StagedFiles.recover(all) }
    do {
      for folder in Set(all.map { ($0 as NSString).deletingLastPathComponent }).sorted() {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      }
    } catch {
      throw WorkflowFailure(.reportOutput, at: directory, "cannot create the directory: \(error.localizedDescription)")
    }
    let staged = StagedFiles(all)
    defer { staged.discard() }
    do {
      defer { progress?.finish() }
      if options.perTopic {
        progress?.phase("writing topics", total: topics.count)
        var entries: [TopicIndex.Entry] = []
        for (number, topic) in topics.enumerated() {
          var scoped = chosen
          scoped.topic = topic
          let report = makeReport(load, scoped)
          diagnose(report.analysis.findings.filter { $0.severity >= .warning })
          let files = Array(staged.files[(number * options.formats.count)..<((number + 1) * options.formats.count)])
          try write(report, into: files, staged, diagnose)
          entries.append(TopicIndex.Entry(report: report, folder: topic, fileNames: options.formats.map(\.fileName)))
          progress?.update(number + 1, of: topics.count)
        }
        let indexFiles = staged.files.suffix(2)
        try staged.write(TopicIndex.markdown(entries, catalogueName: options.catalogueName, asOf: chosen.asOf), to: indexFiles.first!)
        try staged.write(TopicIndex.html(entries, catalogueName: options.catalogueName, asOf: chosen.asOf), to: indexFiles.last!)
      } else {
        progress?.phase("analysing", total: 0)
        let report = makeReport(load, chosen)
        diagnose(report.analysis.findings.filter { $0.severity >= .warning })
        try write(report, into: staged.files, staged, diagnose, progress: progress)
      }
      try staged.install()
    } catch let error as StagedFiles.Failure {
      throw WorkflowFailure(.reportOutput, at: error.path, "cannot write the report: \(error.reason)")
    } catch {
      throw WorkflowFailure(.reportOutput, at: directory, "cannot write the reports: \(error.localizedDescription)")
    }
    return Outcome(written: staged.files.map(\.final))
  }

  private func makeReport(_ load: CatalogueLoadResult, _ chosen: AnalysisOptions) -> ConflictReport {
    ConflictReport.analysing(
      load, chosen, catalogueName: options.catalogueName, toolVersion: options.toolVersion, minSeverity: options.minSeverity)
  }

  /// Renders one report in every chosen format into its staged files.
  private func write(
    _ report: ConflictReport, into files: [StagedFiles.File], _ staged: StagedFiles, _ diagnose: ([Diagnostic]) -> Void,
    progress: ProgressSink? = nil
  ) throws {
    for (format, file) in zip(options.formats, files) {
      progress?.phase("writing \(format.rawValue)", total: 0)
      let count: ((Int, Int) -> Void)? = progress.map { sink in { done, total in sink.update(done, of: total) } }
      try PhaseTimer.measure(format.rawValue) {
        switch format {
        case .text: try staged.stream(to: file) { TextReport.write(report, detail: options.detail, to: &$0) }
        case .json: try staged.stream(to: file) { try ReportDocument(report).write(to: &$0, progress: count) }
        case .html: try staged.stream(to: file) { HTMLReport.write(report, to: &$0) }
        case .markdown: try staged.stream(to: file) { MarkdownReport.write(report, to: &$0) }
        case .xlsx:
          diagnose(try XlsxReport.write(
            report, to: file.temporary, progress: count,
            compressing: { progress?.phase("writing xlsx: compressing the workbook", total: 0) }
          ).map { finding in
            var finding = finding
            finding.message = "\(file.final): " + finding.message
            return finding
          })
        }
      }
    }
  }
}

extension ConflictReport {
  /// Analyses a catalogue as read (the `analysis` phase) and makes its report: the one way
  /// `report` and `export` get theirs, over the catalogue as it stood on the as-of date.
  static func analysing(
    _ load: CatalogueLoadResult, _ options: AnalysisOptions, catalogueName: String, toolVersion: String,
    minSeverity: ConflictSeverity
  ) -> ConflictReport {
    PhaseTimer.measure("analysis") {
      let result = Analysis(load.catalogue, options: options)
      return ConflictReport(
        catalogue: result.catalogue, catalogueName: catalogueName, analysis: result,
        catalogueDiagnostics: load.diagnostics, toolVersion: toolVersion, minSeverity: minSeverity)
    }
  }
}
