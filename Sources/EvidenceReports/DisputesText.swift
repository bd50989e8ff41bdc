import ConflictAnalysis
import EvidenceModel

/// Renders disputes as text: each with its severity, question (by name, id in brackets), camps
/// (bodies by abbreviation, then each position with its year, grade and window, implied ones
/// naming their statement) and what it turns on.
public enum DisputesText {
  public static func lines(_ disputes: [Dispute], catalogue: Catalogue) -> [String] {
    var out: [String] = []
    let labels = BodyLabels(catalogue)
    if disputes.isEmpty { out.append("No moderate or major dispute.") }
    for dispute in disputes {
      out.append(
        "\(dispute.severity.rawValue.uppercased()) dispute on \(TopicSummary.name(dispute.intervention, catalogue)) "
          + "[\(dispute.intervention); \(dispute.topic)] \(dispute.id): "
          + "\(Counting.noun(dispute.relations.count, "pairwise conflict")), strongest \(dispute.strongest)")
      out.append("  where the strongest holds: \(dispute.segment)")
      for camp in dispute.camps {
        out.append("  \(camp.stance): " + camp.bodies.map(labels.label).joined(separator: ", "))
        for member in camp.members {
          let year = member.year.map(String.init) ?? "year unknown"
          let implied = member.impliedBy.map { ", implied by \($0)" } ?? ""
          out.append("      \(member.position) (\(year), \(member.grade), \(member.window)\(implied))")
        }
      }
      if !dispute.turnsOn.isEmpty {
        out.append("  turns on:")
        for explanation in dispute.turnsOn { out.append("    - [\(explanation.factor)] \(explanation.text)") }
      }
      out.append("")
    }
    return out
  }
}
