import EvidenceModel
import EvidenceReports
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
