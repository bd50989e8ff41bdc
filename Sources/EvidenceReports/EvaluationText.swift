import ConflictAnalysis
import EvidenceModel

/// Renders evaluations against expectations as text: per topic, the relations in band, in the
/// wrong band (which), missing, broken negative controls, unexpected major or moderate relations
/// and the pathway lines matched; then the totals against the targets.
public enum EvaluationText {
  public static func render(_ evaluations: [Evaluation], minInBand: Double) -> String {
    var out: [String] = []
    for e in evaluations {
      let inBand = e.relations.filter { $0.outcome == .inBand }.count
      let matched = e.lines.filter(\.matched).count
      out.append(
        "\(e.topic): relations \(inBand)/\(e.relations.count) in band (\(percent(e.inBandShare))), "
          + "pathway lines \(matched)/\(e.lines.count) matched, \(e.unexpected.count) unexpected major or moderate"
          + (e.meetsTargets(minInBand: minInBand) ? "" : "  BELOW TARGET"))
      for result in e.relations where result.outcome != .inBand || result.controlBroken {
        let expected = result.expectation.severities.joined(separator: " or ")
        let found = result.found.map { "\($0.severity.rawValue) \($0.type.rawValue) \($0.id)" } ?? "no relation"
        let control = result.controlBroken ? " (negative control broken)" : ""
        out.append("  \(result.outcome.rawValue): \(result.expectation.id) \(result.expectation.between.joined(separator: " × ")): expected \(expected), found \(found)\(control)")
      }
      for result in e.lines where !result.matched {
        let found = result.found.map { "\($0.position.rawValue) (\($0.basis.rawValue))" } ?? "no line"
        out.append("  line not matched: \(result.expectation.id) \(result.expectation.intervention): expected \(result.expectation.positions.joined(separator: " or ")), found \(found)")
        if let line = result.found {
          out.append("    from \(line.recommendations.joined(separator: ", ")): \(line.rationale)")
        }
      }
      // The most severe few; every one is in the analysis's own reports.
      if e.unexpected.count > 5 { out.append("  unexpected major or moderate relations, the first 5 of \(e.unexpected.count):") }
      for relation in e.unexpected.prefix(5) {
        out.append("  unexpected: \(relation.severity.rawValue) \(relation.type.rawValue) [\(relation.aspect.rawValue)] \(relation.statements.joined(separator: " × ")) \(relation.id)" + (relation.era.map { " (historical \($0.summary))" } ?? ""))
      }
    }
    let results = evaluations.flatMap(\.relations)
    let inBand = results.filter { $0.outcome == .inBand }.count
    let serious = evaluations.flatMap(\.seriousMisses).count
    let broken = results.filter(\.controlBroken).count
    let lines = evaluations.flatMap(\.lines)
    let share = Evaluation.inBandShare(of: evaluations)
    out.append(
      "Total: relations \(inBand)/\(results.count) in band (\(percent(share)); target \(percent(minInBand))), "
        + "\(serious) expected major or moderate not in band, \(broken) negative controls broken, "
        + "pathway lines \(lines.filter(\.matched).count)/\(lines.count) matched.")
    return TerminalText.escaped(out.joined(separator: "\n") + "\n")
  }

  private static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded(.down)))%" }
}
