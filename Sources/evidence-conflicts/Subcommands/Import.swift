import ArgumentParser
import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import EvidenceWorkflows

/// `import [PATH] --database FILE`: validates a catalogue and stores it in SQLite.
struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate a catalogue and store it in the SQLite database.",
    discussion: """
      Files whose content hash is unchanged since the last import are not parsed again; when no \
      file changed, was added or was removed, nothing is decoded or validated again either (the \
      stored catalogue was validated when it was imported; `validate` checks it again). The \
      database then mirrors the catalogue at PATH: files that are gone are removed. Nothing is \
      written when the catalogue has errors.
      """)

  @OptionGroup var catalogue: CatalogueArgument
  @OptionGroup var output: OutputOptions
  @OptionGroup var database: DatabaseOption

  func run() throws {
    let outcome: ImportWorkflow.Outcome
    do {
      outcome = try ImportWorkflow(root: catalogue.path, databasePath: database.path)
        .run(progress: Progress(label: "import", total: 0))
    } catch let error as CatalogueError {
      DiagnosticPrinter.print([error.diagnostic])
      throw ExitCode.failure
    }
    let files = { (n: Int) in "\(n) \(n == 1 ? "file" : "files")" }
    let counts = """
      Imported \(catalogue.path) into \(database.path): \(files(outcome.written)) written, \
      \(files(outcome.skipped)) unchanged and skipped, \(files(outcome.removed)) removed
      """
    guard let load = outcome.load else {
      writeOutput(
        counts + "\nNothing changed since the last import, which validated the catalogue "
          + "(`validate` checks it again).\n")
      return
    }
    DiagnosticPrinter.print(load.diagnostics)
    if load.hasErrors {
      writeError(
        "error: the catalogue has errors (\(findingsLine(load.diagnostics))); the database at \(database.path) was not changed")
      throw ExitCode.failure
    }
    writeOutput(counts + "\n\(summaryLine(load)); \(findingsLine(load.diagnostics))\n")
  }
}
