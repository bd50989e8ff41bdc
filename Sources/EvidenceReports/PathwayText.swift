import ConflictAnalysis
import EvidenceModel

/// Renders a resolved pathway as text: red flags first (they override everything), then each phase
/// with its lines, then the assumptions with their provenance and what was set aside.
public enum PathwayText {
  public static func render(_ document: PathwayDocument, pathway: Pathway) -> String {
    let topic = pathway.topic
    var out: [String] = []
    out.append("Pathway for \(topic.id): \(topic.title)")
    out.append("Question: \(topic.question)")
    out.append(
      "Population: \(topic.population). Timeline from \(topic.anchor.rawValue)"
        + (topic.anchorNote.map { " (\($0))" } ?? "") + ". As of \(document.asOf).")
    if let at = document.at { out.append("In force at \(at):") }
    out.append("")
    if !topic.redFlags.isEmpty {
      out.append("Red flags, at any time (they override the pathway):")
      for flag in topic.redFlags {
        var line = "  ! \(flag.id): \(flag.description) → \(flag.action)"
        if !flag.recommendations.isEmpty { line += " [\(flag.recommendations.joined(separator: ", "))]" }
        if flag.verification.isUnverified { line += "  UNVERIFIED" }
        out.append(line)
        out.append("      source: \(flag.provenance.citation)")
        if let note = flag.verification.note { out.append("      unverified: \(note)") }
      }
      out.append("")
    }
    if document.phases.isEmpty { out.append("No phase of the timeline contains that point.") }
    let decisions = Dictionary(document.decisions.map { ($0.id, $0) }) { x, _ in x }
    let spans = PathwaySpans(document.phases)
    for (index, phase) in document.phases.enumerated() {
      out.append(phase.name)
      if phase.items.isEmpty { out.append("  (no recommendation applies)") }
      var continuing: [String] = []
      for item in phase.items {
        if spans.continues(item, at: index) {
          continuing.append(item.intervention)
          continue
        }
        var line =
          "  " + pad(item.position.rawValue, 22) + item.intervention + "  ["
          + item.recommendations.joined(separator: ", ") + "]"
        if item.unverified { line += "  UNVERIFIED" }
        if let last = spans.lastPhase(of: item, at: index), last != index {
          line += "  (\(spans.span(from: index, to: last, birth: topic.anchor == .birth)), \(last - index + 1) phases)"
        }
        out.append(line)
        for id in item.decisions {
          out.append("      decision: " + (decisions[id]?.summary ?? id))
        }
        if !item.conflicts.isEmpty {
          out.append("      conflicts: " + item.conflicts.joined(separator: ", "))
        }
        if !item.assumptions.isEmpty {
          out.append("      assumptions: " + item.assumptions.joined(separator: ", "))
        }
        if !item.subgroupRecommendations.isEmpty {
          out.append("      subgroups: " + item.subgroupRecommendations.joined(separator: ", "))
        }
        for exception in item.exceptions {
          out.append(
            "      except \(exception.name): \(exception.position.rawValue) ["
              + exception.recommendations.joined(separator: ", ") + "]"
              + (exception.conflicts.isEmpty ? "" : " conflicts: " + exception.conflicts.joined(separator: ", ")))
        }
        out.append("      \(item.basis.rawValue): \(item.rationale)")
      }
      if !continuing.isEmpty {
        out.append("  continuing as above: " + continuing.joined(separator: ", "))
      }
      out.append("")
    }
    if !document.decisions.isEmpty {
      out.append("Committee decisions:")
      for decision in document.decisions {
        out.append("  \(decision.intervention)" + (decision.population.map { " (\($0))" } ?? "") + " \(decision.window): \(decision.summary)")
        out.append("      rationale: \(decision.rationale)")
        if !decision.settles.isEmpty { out.append("      settles: " + decision.settles.joined(separator: ", ")) }
        if !decision.considered.isEmpty { out.append("      considered: " + decision.considered.joined(separator: ", ")) }
      }
      out.append("")
    }
    if !topic.assumptions.isEmpty {
      out.append("Assumptions (the catalogue's, not any society's words):")
      for assumption in topic.assumptions {
        var line = "  \(assumption.id)"
        if let duration = assumption.duration { line += " (\(duration))" }
        if assumption.verification.isUnverified { line += "  UNVERIFIED" }
        out.append(line + ": \(assumption.statement)")
        var source = "      source: \(assumption.provenance.citation)"
        if let link = assumption.provenance.identifiers.preferredLink { source += " <\(link)>" }
        out.append(source)
      }
      out.append("")
    }
    if !pathway.setAside.isEmpty {
      out.append("Set aside:")
      for entry in pathway.setAside { out.append("  \(entry.recommendation): \(entry.reason)") }
    }
    return TerminalText.escaped(out.joined(separator: "\n") + "\n")
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
  }
}
