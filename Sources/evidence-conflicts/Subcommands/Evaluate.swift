import ArgumentParser
import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceReports
import EvidenceWorkflows
import Foundation

/// `evaluate [PATH] --expectations FILE...`: the analysis compared with what a committee expects.
struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compare the analysis with expectations files (expected relations and pathway lines).",
    discussion: """
      Prints, per topic, the expected relations found in their severity band, in another band \
      (which) or not at all, broken negative controls, unexpected major or moderate relations, \
      and the expected pathway lines matched (see ExpectationsFormat.md). Exit status: 0 when, \
      across the files, at least --min-in-band of the expected relations are in band and no \
      negative control is broken (with --strict, also every expected major and moderate relation \
      in band and every expected line matched, in every topic); 1 when not, or when the catalogue \
      or an expectations file has errors; 64 for a usage error.
      """)

  @OptionGroup var analysis: AnalysisArguments
  @OptionGroup var output: OutputOptions
  @OptionGroup var store: StoreSourceOption

  @Option(name: .customLong("expectations"), parsing: .upToNextOption, help: ArgumentHelp("Expectations files (YAML), one per topic; - reads one from standard input.", valueName: "file"))
  var files: [String]

  @Option(name: .customLong("min-in-band"), help: ArgumentHelp("The least share (0–1) of expected relations that must be in band.", valueName: "share"))
  var minInBand: Double = 0.9

  @Flag(help: "Also fail when an expected major or moderate relation is not in band or an expected line is not matched.")
  var strict = false

  func validate() throws {
    if files.isEmpty { throw ValidationError("--expectations needs at least one file") }
    if !(0...1).contains(minInBand) { throw ValidationError("--min-in-band must be between 0 and 1, not \(minInBand)") }
  }

  func run() throws {
    let loaded = try analysis.loadCatalogue(from: store, topic: nil)
    let catalogue = loaded.catalogue
    var expectations: [TopicExpectations] = []
    var problems: [Diagnostic] = []
    for file in files {
      guard let data = InputFile.contents(file) else {
        DiagnosticPrinter.print([
          Diagnostic(
            rule: RuleID.unreadableFile.rawValue, severity: .error,
            message: "cannot read the expectations file; check the path and its permissions", location: .file(file)),
        ])
        throw ExitCode.failure
      }
      let (decoded, diagnostics) = ExpectationsDecoder().decode([UInt8](data), displayPath: file, catalogue: catalogue)
      problems += diagnostics
      if let decoded { expectations.append(decoded) }
    }
    DiagnosticPrinter.print(problems)
    if problems.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
    let options = try analysis.options(for: catalogue, topic: nil, defaultAsOf: loaded.defaultAsOf)
    let result = Analysis(catalogue, options: options)
    let resolver = Resolver(catalogue: result.catalogue, analysis: result)
    let evaluations = expectations.map { Evaluation($0, analysis: result, resolver: resolver) }
    writeOutput(EvaluationText.render(evaluations, minInBand: minInBand))
    let failed =
      Evaluation.inBandShare(of: evaluations) < minInBand - 1e-9
      || evaluations.contains { $0.relations.contains(where: \.controlBroken) }
      || (strict && !evaluations.allSatisfy { $0.meetsTargets(minInBand: minInBand) })
    if failed { throw ExitCode.failure }
  }
}
