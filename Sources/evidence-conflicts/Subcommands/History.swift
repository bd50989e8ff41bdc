import ArgumentParser
import ConflictAnalysis
import EvidenceReports
import EvidenceStore

/// `history`: the recorded check runs and how their conflict counts moved.
struct History: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List recorded check runs and how the conflict counts moved.",
    discussion: "Newest first. Each run shows its as-of date, catalogue hash, tool version, diagnostics, conflicts by severity, and the change from the run before it.")

  @OptionGroup var database: DatabaseOption
  @OptionGroup var output: OutputOptions

  @Option(help: ArgumentHelp("How many runs to show.", valueName: "count"))
  var limit = 20

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @Option(help: "Output format: text or json (every run with its counts and change, null where absent).")
  var format: Format = .text

  func validate() throws {
    if !(1...10_000).contains(limit) { throw ValidationError("--limit must be between 1 and 10,000") }
  }

  func run() throws {
    var rows: [(run: RunSummary, older: RunSummary?)] = []
    do {
      let store = try EvidenceStore(readingExisting: database.path)
      for run in try store.runs(limit: limit, conflictTypes: ConflictType.conflictIDs) {
        rows.append((run, try store.previousRun(before: run.id, topic: run.topic, conflictTypes: ConflictType.conflictIDs)))
      }
    } catch let error as StoreError {
      DiagnosticPrinter.print([.tool(.database, at: database.path, "\(error.localizedDescription)")])
      throw ExitCode.failure
    }
    if format == .json {
      let runs = rows.map { run, older in
        HistoryDocument.Run(
          id: run.id, asOf: run.asOf, catalogueHash: run.catalogueHash, toolVersion: run.toolVersion, topic: run.topic,
          passed: run.passed, errors: run.errors, warnings: run.warnings, conflicts: run.bySeverity,
          previous: older.map { ($0.id, $0.bySeverity) })
      }
      return writeOutput(try jsonText(HistoryDocument(runs: runs)))
    }
    let severities: [ConflictSeverity] = [.major, .moderate, .minor]
    var lines = ["run    as-of       catalogue     tool    result  errors  warnings  major  moderate  minor  change"]
    for (run, older) in rows {
      var change = "first run"
      if let older {
        let moves = severities.compactMap { severity -> String? in
          let delta = (run.bySeverity[severity.rawValue] ?? 0) - (older.bySeverity[severity.rawValue] ?? 0)
          return delta == 0 ? nil : "\(delta > 0 ? "+" : "")\(delta) \(severity.rawValue)"
        }
        change = moves.isEmpty ? (run.catalogueHash == older.catalogueHash ? "unchanged" : "same counts") : moves.joined(separator: ", ")
      }
      func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
      lines.append(
        pad(String(run.id), 7) + pad(run.asOf, 12) + pad(String(run.catalogueHash.prefix(12)), 14) + pad(run.toolVersion, 8)
          + pad(run.passed ? "pass" : "FAIL", 8) + pad(String(run.errors), 8) + pad(String(run.warnings), 10)
          + pad(String(run.bySeverity["major"] ?? 0), 7) + pad(String(run.bySeverity["moderate"] ?? 0), 10)
          + pad(String(run.bySeverity["minor"] ?? 0), 7) + change
          + (run.topic.map { "  (topic \($0))" } ?? ""))
    }
    if rows.isEmpty { lines.append("(no runs recorded; run evidence-conflicts check)") }
    writeOutput(lines.joined(separator: "\n") + "\n")
  }
}
