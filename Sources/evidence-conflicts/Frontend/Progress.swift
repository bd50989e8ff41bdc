import EvidenceWorkflows
import Foundation

/// A progress bar on standard error, drawn only when standard error is a terminal (never when it
/// is piped or redirected, so logs, CI output and JSON stay clean), at most ten times a second.
final class Progress: ProgressSink {
  private let label: String
  private var total: Int
  private var done = 0
  private var lastDrawn = Date.distantPast
  private let enabled: Bool

  init(label: String, total: Int) {
    self.label = label
    self.total = max(1, total)
    enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
  }

  /// Shows `done` of `total` (the total may be learnt late).
  func update(_ done: Int, of total: Int) {
    self.total = max(1, total)
    advance(by: done - self.done)
  }

  func advance(by steps: Int = 1) {
    done += steps
    guard enabled else { return }
    let now = Date()
    guard now.timeIntervalSince(lastDrawn) >= 0.1 || done >= total else { return }
    lastDrawn = now
    let fraction = min(1, Double(done) / Double(total))
    let width = 30
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(Int(fraction * 100))% \(done)/\(total)".utf8))
  }

  func finish() {
    guard enabled, done > 0 else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
