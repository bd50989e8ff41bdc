import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceReports
import Foundation

/// An exchange format of `export`.
public enum ExportFormat: String, CaseIterable, Sendable {
  /// A FHIR R5 Bundle (JSON) following the EBM-on-FHIR implementation guide: one file.
  case fhir
  /// Recommendations, relations and disputes as three RFC 4180 files in a directory.
  case csv
}

/// One `export` run: read, analyse once, write the format, staged so that a failed or killed run
/// leaves earlier files as they were. `-` as the output writes a FHIR bundle to standard output.
public struct ExportWorkflow {
  public struct Options {
    public var load: () throws -> CatalogueLoadResult
    public var analysis: (Catalogue) throws -> AnalysisOptions
    public var catalogueName: String
    public var format: ExportFormat
    /// The FHIR bundle file, `-` for standard output, or the CSV directory.
    public var output: String
    public var minSeverity: ConflictSeverity
    /// The base of the bundle's own canonical URLs (``FHIRExport/defaultBaseURL``).
    public var baseURL: String
    public var toolVersion: String

    public init(
      load: @escaping () throws -> CatalogueLoadResult, analysis: @escaping (Catalogue) throws -> AnalysisOptions,
      catalogueName: String, format: ExportFormat, output: String, minSeverity: ConflictSeverity = .none,
      baseURL: String = FHIRExport.defaultBaseURL, toolVersion: String
    ) {
      self.load = load
      self.analysis = analysis
      self.catalogueName = catalogueName
      self.format = format
      self.output = output
      self.minSeverity = minSeverity
      self.baseURL = baseURL
      self.toolVersion = toolVersion
    }
  }

  public struct Outcome {
    /// The files written; empty when the bundle went to standard output.
    public var written: [String]
  }

  public let options: Options

  public init(_ options: Options) { self.options = options }

  /// The files a run into `output` writes.
  public var paths: [String] {
    switch options.format {
    case .fhir: options.output == "-" ? [] : [options.output]
    case .csv: ["recommendations.csv", "relations.csv", "disputes.csv"].map { (options.output as NSString).appendingPathComponent($0) }
    }
  }

  /// Runs the export; `standardOutput` receives the bundle when the output is `-`.
  ///
  /// - Throws: ``WorkflowFailure`` (`report-output`) when a file cannot be written; errors of
  ///   `options.load` and `options.analysis`.
  public func run(
    progress: ProgressSink? = nil, diagnose: ([Diagnostic]) -> Void = { _ in },
    standardOutput: (String) -> Void = { _ in }
  ) throws -> Outcome {
    StagedFiles.recover(paths)
    defer { progress?.finish() }
    let load = try PhaseTimer.measure("load") { try options.load() }
    let chosen = try options.analysis(load.catalogue)
    progress?.phase("analysing", total: 0)
    let report = ConflictReport.analysing(
      load, chosen, catalogueName: options.catalogueName, toolVersion: options.toolVersion, minSeverity: options.minSeverity)
    diagnose(report.analysis.findings.filter { $0.severity >= .warning })
    progress?.phase("writing \(options.format.rawValue)", total: paths.count)
    if paths.isEmpty {
      standardOutput(FHIRExport(report, baseURL: options.baseURL).bundle().document)
      return Outcome(written: [])
    }
    if options.format == .csv {
      do {
        try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
      } catch {
        throw WorkflowFailure(.reportOutput, at: options.output, "cannot create the directory: \(error.localizedDescription)")
      }
    }
    let staged = StagedFiles(paths)
    defer { staged.discard() }
    do {
      switch options.format {
      case .fhir:
        let bundle = FHIRExport(report, baseURL: options.baseURL).bundle()
        try staged.stream(to: staged.files[0]) { bundle.write(to: &$0); $0.write("\n") }
      case .csv:
        for (number, (table, file)) in zip(CSVExport.tables(report), staged.files).enumerated() {
          try staged.stream(to: file) { table.write(to: &$0) }
          progress?.update(number + 1, of: staged.files.count)
        }
      }
      try staged.install()
    } catch let error as StagedFiles.Failure {
      throw WorkflowFailure(.reportOutput, at: error.path, "cannot write the export: \(error.reason)")
    } catch {
      throw WorkflowFailure(.reportOutput, at: options.output, "cannot write the export: \(error.localizedDescription)")
    }
    return Outcome(written: staged.files.map(\.final))
  }
}
