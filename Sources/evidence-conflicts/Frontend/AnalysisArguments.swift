import ArgumentParser
import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceReports
import EvidenceWorkflows
import Foundation

/// Options shared by the commands that analyse a catalogue: its path, the as-of date and an
/// optional scoring override file.
struct AnalysisArguments: ParsableArguments {
  @Argument(help: ArgumentHelp("The catalogue directory or file.", valueName: "catalogue"))
  var path: String = "Evidence"

  @Option(
    name: .customLong("as-of"),
    help: ArgumentHelp(
      "Analyse the catalogue as it stood on this date (YYYY-MM-DD): sources published later are left out, editions superseded later are current, and recency and staleness are judged then. Default: 31 December of the newest year of a source or a committee decision.",
      valueName: "date"))
  var asOf: String?

  @Option(
    help: ArgumentHelp(
      "A JSON file overriding scoring weights, bands and thresholds (ScoringRules.md lists every key); - reads it from standard input.",
      discussion: """
        Keys left out keep their defaults; the weights sum to 1. Example:
          {"weights": {"strength": 0.4, "certainty": 0.3,
                       "sourceQuality": 0.15, "recency": 0.15},
           "bands": {"major": 75}, "staleAfterYears": 8}
        """,
      valueName: "file"))
  var scoring: String?

  func validate() throws {
    if let asOf, CalendarDate(parsing: asOf) == nil {
      throw ValidationError("--as-of '\(asOf)' is not a date; write it as YYYY-MM-DD, for example 2025-11-25")
    }
  }

  /// A catalogue read for an analysis, with the default as-of date of the whole stored
  /// catalogue when it was read from the store (`nil`: the catalogue's own).
  struct Loaded {
    var load: CatalogueLoadResult
    var defaultAsOf: CalendarDate?
    var catalogue: Catalogue { load.catalogue }
  }

  /// Loads the catalogue from the store when `store` names a database (only what `topic` needs),
  /// else from YAML; prints its diagnostics; exits 1 when it has errors.
  func loadCatalogue(from store: StoreSourceOption, topic: String?) throws -> Loaded {
    guard let database = store.database else { return Loaded(load: try loadCatalogue()) }
    do {
      let stored = try StoredCatalogue.load(database: database, root: path, topic: topic)
      DiagnosticPrinter.print(stored.load.diagnostics)
      return Loaded(load: stored.load, defaultAsOf: stored.defaultAsOf)
    } catch let failure as WorkflowFailure {
      DiagnosticPrinter.print([failure.diagnostic])
      throw ExitCode.failure
    }
  }

  /// How a workflow reads the catalogue and chooses its analysis options: from the store or the
  /// YAML (``loadCatalogue(from:topic:)``), with the stored catalogue's default as-of date.
  func workflowInputs(
    from store: StoreSourceOption, topic: String?
  ) -> (load: () throws -> CatalogueLoadResult, analysis: (Catalogue) throws -> AnalysisOptions) {
    final class DefaultDate { var value: CalendarDate? }
    let defaultAsOf = DefaultDate()
    return (
      load: {
        let loaded = try loadCatalogue(from: store, topic: topic)
        defaultAsOf.value = loaded.defaultAsOf
        return loaded.load
      },
      analysis: { try options(for: $0, topic: topic, defaultAsOf: defaultAsOf.value) }
    )
  }

  /// Loads and validates the catalogue, printing its diagnostics; exits 1 when it has errors.
  func loadCatalogue() throws -> CatalogueLoadResult {
    let result: CatalogueLoadResult
    let progress = Progress(label: "reading")
    defer { progress.finish() }
    do {
      result = try CatalogueLoader().load(
        path, reusing: nil, progress: progress.update, validating: { progress.phase("validating", total: 0) })
    } catch let error as CatalogueError {
      DiagnosticPrinter.print([error.diagnostic])
      throw ExitCode.failure
    }
    DiagnosticPrinter.print(result.diagnostics)
    if result.hasErrors {
      writeError("\(path): \(findingsLine(result.diagnostics)); fix the errors above and run again")
      throw ExitCode.failure
    }
    return result
  }

  /// The analysis options for a catalogue; exits 1 when the scoring file is unusable.
  func options(for catalogue: Catalogue, topic: String?, defaultAsOf: CalendarDate? = nil) throws -> AnalysisOptions {
    if let topic, catalogue.topic(topic) == nil {
      let known = catalogue.topics.map(\.id).sorted().joined(separator: ", ")
      throw ValidationError("--topic '\(topic)': no topic with that id in \(path) (topics: \(known.isEmpty ? "none" : known))")
    }
    let date = asOf.flatMap(CalendarDate.init(parsing:)) ?? defaultAsOf ?? AnalysisOptions.defaultAsOf(for: catalogue)
    return AnalysisOptions(topic: topic, asOf: date, configuration: try configuration())
  }

  private func configuration() throws -> ScoringConfiguration {
    guard let scoring else { return ScoringConfiguration() }
    func fail(_ message: String) -> ExitCode {
      DiagnosticPrinter.print([.tool(.scoringConfiguration, at: scoring, "\(message)")])
      return ExitCode.failure
    }
    guard let data = InputFile.contents(scoring) else {
      throw fail("cannot read the file; check the path and its permissions")
    }
    let configuration: ScoringConfiguration
    do {
      configuration = try JSONDecoder().decode(ScoringConfiguration.self, from: data)
    } catch let DecodingError.dataCorrupted(context) {
      throw fail(describe(context))
    } catch let DecodingError.typeMismatch(_, context) {
      throw fail(describe(context))
    } catch let DecodingError.valueNotFound(_, context) {
      throw fail(describe(context))
    } catch {
      throw fail("not valid JSON: \(error.localizedDescription)")
    }
    let problems = configuration.problems
    if !problems.isEmpty { throw fail(problems.joined(separator: "; ")) }
    return configuration
  }

  private func describe(_ context: DecodingError.Context) -> String {
    let path = context.codingPath.map(\.stringValue).joined(separator: ".")
    let detail = (context.underlyingError as NSError?)?.localizedDescription
    return (path.isEmpty ? "" : "at '\(path)': ") + context.debugDescription
      + (detail.map { " (\($0))" } ?? "")
  }
}

/// `--database FILE` for the commands that analyse: read the catalogue as imported instead of
/// its YAML files.
struct StoreSourceOption: ParsableArguments {
  @Option(
    name: .customLong("database"),
    help: ArgumentHelp(
      "Read the catalogue as imported into this SQLite database (`import` keeps it current) instead of its YAML files; with --topic, only the files the topic needs.",
      valueName: "file"))
  var database: String?
}

/// Writes JSON with sorted keys and unescaped slashes, one trailing newline.
func jsonText<T: Encodable>(_ value: T) throws -> String {
  String(decoding: try JSONOutput.encoder().encode(value), as: UTF8.self) + "\n"
}
