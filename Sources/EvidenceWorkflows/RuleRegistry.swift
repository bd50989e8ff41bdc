import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceReports

/// Every rule id a diagnostic can carry, from one place: the catalogue's rules, the analysis
/// findings and the tool's own rules. JUnit reports list each as a test case.
public enum RuleRegistry {
  /// All rule ids, catalogue rules first, then findings, then tool rules.
  public static let all: [String] =
    RuleID.allCases.map(\.rawValue) + FindingRule.allCases.map(\.rawValue) + ToolRule.allCases.map(\.rawValue)

  /// All rules with their kind, in the order of ``all``, for a SARIF log's rule list.
  public static let sarifRules: [SARIFReport.Rule] =
    RuleID.allCases.map { .init(id: $0.rawValue, kind: "catalogue rule") }
    + FindingRule.allCases.map { .init(id: $0.rawValue, kind: "analysis finding") }
    + ToolRule.allCases.map { .init(id: $0.rawValue, kind: "tool rule") }
}

/// A run of the tool that could not finish, as the diagnostic to print (exit status 1).
public struct WorkflowFailure: Error, Sendable {
  public var diagnostic: Diagnostic

  public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }

  public init(_ rule: ToolRule, at path: String, _ message: String) {
    diagnostic = .tool(rule, at: path, message)
  }
}

/// Where a workflow reports progress through its phases (a command line draws a bar).
public protocol ProgressSink: AnyObject {
  /// A new phase begins ("reading", "validating", "writing xlsx"), of `total` steps, or of an
  /// unknown number when `total` is 0.
  func phase(_ name: String, total: Int)
  /// `done` of `total` steps of the phase.
  func update(_ done: Int, of total: Int)
  func finish()
}
