import ArgumentParser
import Foundation

/// `--quiet` and `--no-progress`, shared by every command that reads a catalogue or a database.
///
/// They take effect when the options are validated, before the command runs: ``Progress`` draws
/// nothing, and under `--quiet` ``DiagnosticPrinter`` prints errors only and, when the command
/// ends, one line counting the warnings it held back by rule; informational lines ("wrote …") are
/// left out. Machine-readable output on standard output is never affected.
struct OutputOptions: ParsableArguments {
  @Flag(help: "Print errors only, then one line counting the warnings by rule; no progress, no \"wrote …\" lines.")
  var quiet = false

  @Flag(name: .customLong("no-progress"), help: "Draw no progress on standard error (it is drawn only on a terminal anyway).")
  var noProgress = false

  func validate() throws {
    Progress.suppressed = Progress.suppressed || quiet || noProgress
    DiagnosticPrinter.quiet = DiagnosticPrinter.quiet || quiet
  }

  /// An informational line on standard output, left out under `--quiet`.
  func inform(_ line: String) {
    if !quiet { writeOutput(line + "\n") }
  }
}
