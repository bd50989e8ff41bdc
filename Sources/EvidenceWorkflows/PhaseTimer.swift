import Foundation

/// Wall and CPU time of a command's phases, printed on standard error as
/// `timing: PHASE WALL_SECONDS CPU_SECONDS` when `EVIDENCE_CONFLICTS_TIMINGS=1` (used by
/// `Scripts/bench`; silent otherwise).
public enum PhaseTimer {
  public static let enabled = ProcessInfo.processInfo.environment["EVIDENCE_CONFLICTS_TIMINGS"] == "1"

  public static func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
    guard enabled else { return try body() }
    let wall = Date()
    let cpu = cpuSeconds()
    defer {
      let line = String(
        format: "timing: %@ %.3f %.3f", locale: Locale(identifier: "en_US_POSIX"), phase,
        Date().timeIntervalSince(wall), cpuSeconds() - cpu)
      FileHandle.standardError.write(Data((line + "\n").utf8))
    }
    return try body()
  }

  private static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
      + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
  }
}
