import EvidenceModel
import EvidenceReports
import EvidenceWorkflows
import Foundation

/// Writes diagnostics to standard error as `file:line:col: severity: [rule] message`, the form
/// editors and CI systems link to; standard output stays free for machine-readable results.
///
/// Each batch prints its errors before its warnings, so that what must be fixed is never buried
/// under a flood of warnings. On a terminal the severity is coloured unless `NO_COLOR` is set
/// (<https://no-color.org>) or `TERM` is `dumb`. Under `--quiet` only errors are printed and the
/// warnings are counted by rule for ``finish()``.
enum DiagnosticPrinter {
  nonisolated(unsafe) static var quiet = false
  nonisolated(unsafe) private static var heldBack: [String: Int] = [:]

  static let colour: Bool = {
    let environment = ProcessInfo.processInfo.environment
    return isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"].map(\.isEmpty) != false
      && environment["TERM"] != "dumb"
  }()

  static func print(_ diagnostics: [Diagnostic]) {
    let ordered = diagnostics.filter { $0.severity == .error } + diagnostics.filter { $0.severity != .error }
    // Written a few thousand lines at a time, not a write per line (tens of thousands of
    // warnings on a national catalogue).
    var batch = ""
    for diagnostic in ordered {
      if quiet, diagnostic.severity != .error {
        heldBack[diagnostic.rule, default: 0] += 1
        continue
      }
      batch += coloured(TerminalText.escaped(diagnostic.formatted), diagnostic.severity) + "\n"
      if batch.utf8.count > 256 * 1024 {
        FileHandle.standardError.write(Data(batch.utf8))
        batch = ""
      }
    }
    if !batch.isEmpty { FileHandle.standardError.write(Data(batch.utf8)) }
  }

  /// Under `--quiet`, one line counting the warnings held back, by rule.
  static func finish() {
    guard quiet, !heldBack.isEmpty else { return }
    let total = heldBack.values.reduce(0, +)
    let rules = heldBack.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    writeError("\(total) \(total == 1 ? "warning" : "warnings") not shown (\(rules)); run without --quiet to see them")
    heldBack = [:]
  }

  /// The line with its severity word coloured: errors red, warnings yellow, notes cyan.
  private static func coloured(_ line: String, _ severity: Diagnostic.Severity) -> String {
    guard colour else { return line }
    let word = "\(severity.rawValue):"
    guard let range = line.range(of: " " + word) else { return line }
    let code = switch severity {
    case .error: "31"
    case .warning: "33"
    default: "36"
    }
    return line.replacingCharacters(in: range, with: " \u{1B}[1;\(code)m\(word)\u{1B}[0m")
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
