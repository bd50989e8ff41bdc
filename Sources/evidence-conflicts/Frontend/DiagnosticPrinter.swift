import EvidenceModel
import EvidenceReports
import EvidenceWorkflows
import Foundation

/// Writes diagnostics to standard error as `file:line:col: severity: [rule] message`, the form
/// editors and CI systems link to; standard output stays free for machine-readable results.
enum DiagnosticPrinter {
  static func print(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics {
      writeError(TerminalText.escaped(diagnostic.formatted))
    }
  }
}

/// Writes one line to standard error.
func writeError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes text to standard output exactly as given.
func writeOutput(_ text: String) {
  FileHandle.standardOutput.write(Data(text.utf8))
}

/// Writes machine or report output to standard output as it is produced, so that a large output
/// is never held in memory whole. A closed pipe ends the output quietly, as `writeOutput` does.
func streamOutput(_ produce: (inout FileTextStream) throws -> Void) rethrows {
  var stream = FileTextStream(descriptor: STDOUT_FILENO)
  try produce(&stream)
  stream.flush()
}
