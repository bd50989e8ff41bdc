import ConflictAnalysis
import EvidenceModel
import Foundation

/// JUnit XML for CI dashboards: one test case per rule (failing when the rule found errors, or
/// warnings under a policy that fails on them) and one per change of the analysis (failing when
/// the policy fails on it).
public enum JUnitReport {
  /// - Parameter compared: What the analysis was compared with, or why it was not.
  public static func render(
    diagnostics: [Diagnostic], ruleIDs: [String], comparison: RunComparison?, policy: CheckPolicy,
    comparedWith: String, analysed: Bool
  ) -> String {
    let failOnWarnings = policy.conditions.contains(.warning)
    let failOnErrors = failOnWarnings || policy.conditions.contains(.error)
    var rules: [(name: String, failure: String?, output: String)] = []
    let byRule = Dictionary(grouping: diagnostics, by: \.rule)
    for rule in Array(Set(ruleIDs + byRule.keys)).sorted() {
      let found = byRule[rule] ?? []
      let failing = found.filter {
        ($0.severity == .error && failOnErrors) || ($0.severity == .warning && failOnWarnings)
      }
      let failure = failing.isEmpty ? nil : failing.map(\.formatted).joined(separator: "\n")
      let others = found.filter { d in !failing.contains(d) }.map(\.formatted).joined(separator: "\n")
      rules.append((rule, failure, others))
    }
    var changes: [(name: String, failure: String?, output: String)] = []
    if let comparison {
      let majorFails = policy.conditions.contains(.newMajor)
      let newFails = policy.conditions.contains(.newConflict)
      let anyFails = policy.conditions.contains(.anyChange)
      for c in comparison.newConflicts {
        let fails = anyFails || newFails || (majorFails && c.severity == .major)
        changes.append((
          "new \(c.id): \(c.type.rawValue), \(c.severity.rawValue) \(c.score), \(c.recommendations.joined(separator: " ~ ")) on \(c.intervention)",
          fails ? "new \(c.severity.rawValue) conflict" : nil, ""))
      }
      for c in comparison.changedConflicts {
        let fails = anyFails || (majorFails && c.after.severity == .major && c.before.severity != .major)
        changes.append((
          "changed \(c.id): \(c.before.type.rawValue)/\(c.before.severity.rawValue) \(c.before.score) → \(c.after.type.rawValue)/\(c.after.severity.rawValue) \(c.after.score)",
          fails ? "conflict changed (\(c.changed.joined(separator: ", ")))" : nil, ""))
      }
      for c in comparison.resolvedConflicts {
        changes.append(("resolved \(c.id): \(c.recommendations.joined(separator: " ~ ")) on \(c.intervention)", anyFails ? "conflict resolved" : nil, ""))
      }
      for p in comparison.pathwayChanges {
        changes.append((
          "pathway \(p.topic) / \(p.intervention) from \(p.from) (\(p.phase)): \(p.before?.rawValue ?? "none") → \(p.after?.rawValue ?? "none")",
          anyFails ? "pathway changed" : nil, ""))
      }
    }
    if !analysed {
      changes.append((
        "analysis", policy.conditions.isEmpty ? nil : "the catalogue could not be analysed",
        "not compared: the catalogue has errors"))
    } else if changes.isEmpty {
      changes.append(("no change since \(comparedWith)", nil, ""))
    }
    var xml = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
    let failures = rules.filter { $0.failure != nil }.count + changes.filter { $0.failure != nil }.count
    xml.append(
      "<testsuites name=\"evidence-conflicts check\" tests=\"\(rules.count + changes.count)\" failures=\"\(failures)\">")
    for (suite, cases) in [("catalogue rules", rules), ("analysis changes", changes)] {
      xml.append(
        "  <testsuite name=\"\(suite)\" tests=\"\(cases.count)\" failures=\"\(cases.filter { $0.failure != nil }.count)\" errors=\"0\">")
      for testCase in cases {
        xml.append("    <testcase classname=\"\(escape(suite))\" name=\"\(escape(testCase.name))\">")
        if let failure = testCase.failure {
          let firstLine = failure.split(separator: "\n").first.map(String.init) ?? failure
          xml.append("      <failure message=\"\(escape(firstLine))\">\(escape(failure))</failure>")
        }
        if !testCase.output.isEmpty { xml.append("      <system-out>\(escape(testCase.output))</system-out>") }
        xml.append("    </testcase>")
      }
      xml.append("  </testsuite>")
    }
    xml.append("</testsuites>")
    return xml.joined(separator: "\n") + "\n"
  }

  static func escape(_ text: String) -> String { XMLText.escaped(text) }
}
