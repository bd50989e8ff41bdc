import Foundation

/// Fault injection for the tests: `EVIDENCE_CONFLICTS_FAULT=pause-POINT` makes the command
/// announce the point on standard error and sleep there (`EVIDENCE_CONFLICTS_FAULT_SECONDS`,
/// default 60), so a test can kill it or race it. The points: `before-commit` and `before-rename`
/// (`check`), and `install-N`, before the Nth rename of an installation of output files. Unset in
/// normal use.
public enum Fault {
  public static func pause(at point: String) {
    let environment = ProcessInfo.processInfo.environment
    guard environment["EVIDENCE_CONFLICTS_FAULT"] == "pause-\(point)" else { return }
    FileHandle.standardError.write(Data("fault: paused \(point)\n".utf8))
    sleep(UInt32(environment["EVIDENCE_CONFLICTS_FAULT_SECONDS"].flatMap(UInt32.init) ?? 60))
  }
}
