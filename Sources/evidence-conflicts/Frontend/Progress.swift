import EvidenceWorkflows
import Foundation

/// Progress on standard error, drawn only when standard error is a terminal (never when it is
/// piped or redirected, so logs, CI output and JSON stay clean), not with `--quiet` or
/// `--no-progress`, at most ten times a second.
///
/// Each phase is named ("reading", "validating", "writing the database", "analysing",
/// "writing xlsx"). A phase of known length shows a bar, its count and, after a second, an
/// estimate of the time left from its own rate; a phase of unknown length shows its elapsed time.
/// A phase that reaches its end is cleared as soon as the next begins, so no bar stands at 100 %
/// while other work goes on.
final class Progress: ProgressSink, @unchecked Sendable {
  /// Set by ``OutputOptions`` before a command runs.
  nonisolated(unsafe) static var suppressed = false

  private var label: String
  private var total: Int
  private var done = 0
  private var started = Date()
  private var lastDrawn = Date.distantPast
  private var drawn = false
  private let enabled: Bool
  /// Redraws a phase of unknown length every half second, so its elapsed time moves.
  private var ticker: DispatchSourceTimer?
  private let lock = NSLock()

  init(label: String, total: Int = 0) {
    self.label = label
    self.total = max(0, total)
    enabled = !Self.suppressed && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    if enabled {
      let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "progress"))
      timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
      timer.setEventHandler { [weak self] in
        guard let self else { return }
        self.lock.withLock { if self.total == 0, self.drawn { self.draw(force: true) } }
      }
      timer.resume()
      ticker = timer
    }
  }

  deinit { ticker?.cancel() }

  func phase(_ name: String, total: Int) {
    lock.lock()
    defer { lock.unlock() }
    clear()
    label = name
    self.total = max(0, total)
    done = 0
    started = Date()
    lastDrawn = .distantPast
    draw(force: true)
  }

  /// Shows `done` of `total` (the total may be learnt late).
  func update(_ done: Int, of total: Int) {
    lock.lock()
    defer { lock.unlock() }
    self.total = max(0, total)
    self.done = done
    draw(force: false)
  }

  func advance(by steps: Int = 1) { update(lock.withLock { done } + steps, of: lock.withLock { total }) }

  func finish() {
    lock.withLock { clear() }
  }

  private func draw(force: Bool) {
    guard enabled else { return }
    let now = Date()
    guard force || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
    lastDrawn = now
    let elapsed = now.timeIntervalSince(started)
    var line: String
    if total > 0 {
      let fraction = min(1, Double(done) / Double(total))
      let width = 30
      let filled = Int(fraction * Double(width))
      line = "\(label) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        + "] \(Int(fraction * 100))% \(done)/\(total)"
      if elapsed >= 1, done > 0, done < total {
        line += ", about \(Self.duration(elapsed / Double(done) * Double(total - done))) left"
      }
    } else {
      line = "\(label) …" + (elapsed >= 1 ? " \(Self.duration(elapsed))" : "")
    }
    FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    drawn = true
  }

  private func clear() {
    guard enabled, drawn else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    drawn = false
  }

  /// "4 s", "2 min 5 s".
  static func duration(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded(.up))
    return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(whole % 60) s"
  }
}
