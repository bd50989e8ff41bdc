import ArgumentParser
import Foundation

/// The `--database` option, with its default: `$EVIDENCE_CONFLICTS_DATABASE`, else
/// `.evidence-conflicts/catalogue.sqlite` below the current directory (ignored by git).
struct DatabaseOption: ParsableArguments {
  static let defaultPath = ".evidence-conflicts/catalogue.sqlite"

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The SQLite database.",
      discussion: "Default: $EVIDENCE_CONFLICTS_DATABASE, else \(defaultPath).",
      valueName: "file"))
  var database: String?

  func validate() throws {
    if let database, database.isEmpty || database == ":memory:" || database.hasPrefix("file:") {
      throw ValidationError("--database must name a database file; '\(database)' would not keep anything")
    }
  }

  var path: String {
    database ?? ProcessInfo.processInfo.environment["EVIDENCE_CONFLICTS_DATABASE"] ?? Self.defaultPath
  }
}
