import ConflictAnalysis
import EvidenceModel

/// Renders conflicts as text for a terminal or the minutes of a committee meeting: conflicts by
/// severity with score, components, the two positions, where they collide and why; then the
/// relations that are not conflicts, changes between editions, and a count of findings.
public enum ConflictsText {
  public static func render(_ analysis: Analysis, minSeverity: ConflictSeverity, catalogueName: String) -> String {
    var text = ""
    write(analysis, minSeverity: minSeverity, catalogueName: catalogueName, to: &text)
    return text
  }

  /// Writes the conflicts piece by piece (the same bytes as ``render(_:minSeverity:catalogueName:)``),
  /// naming each one's dispute among `disputes` (grouped from the analysis when not given).
  public static func write<Output: TextOutputStream>(
    _ analysis: Analysis, minSeverity: ConflictSeverity, catalogueName: String, disputes: [Dispute]? = nil,
    to output: inout Output
  ) {
    let shown = analysis.conflicts(atLeast: minSeverity)
    let conflicts = shown.filter { $0.type.isConflict && $0.severity > .none }
    let others = shown.filter { !($0.type.isConflict && $0.severity > .none) }
    var out = LineWriter(base: TerminalEscaping(base: output))
    defer { output = out.base.base }
    let scope = analysis.options.topic.map { " (topic \($0))" } ?? ""
    let header = "Conflicts in \(catalogueName)\(scope) as of \(analysis.options.asOf): "
    if minSeverity > .none {
      // A filter applies: what is shown, then what it hides.
      let hidden = analysis.conflicts.filter { $0.severity < minSeverity }
      let hiddenConflicts = hidden.filter { $0.type.isConflict && $0.severity > .none }
      out.append(
        header + "\(conflicts.count) shown (\(minSeverity.rawValue) and above: \(Counting.bySeverity(conflicts.map(\.severity))))"
          + (others.isEmpty ? "" : " with \(Counting.noun(others.count, "other relation"))")
          + "; \(hidden.count) hidden by --min-severity"
          + (hidden.isEmpty ? "." : " (" + ([hiddenConflicts.isEmpty ? nil : Counting.bySeverity(hiddenConflicts.map(\.severity)),
            hidden.count == hiddenConflicts.count ? nil : Counting.noun(hidden.count - hiddenConflicts.count, "other relation")]
            .compactMap { $0 }.joined(separator: "; ")) + ").")
      )
    } else {
      out.append(
        header + Counting.bySeverity(conflicts.map(\.severity)) + "; \(Counting.noun(others.count, "other relation"))" + ".")
    }
    let disputeOf = disputes.map(Dispute.index) ?? Dispute.index(of: analysis.conflicts)
    for conflict in conflicts {
      out.append("")
      out.append(contentsOf: block(conflict))
      if let dispute = disputeOf[conflict.id] { out.append("  dispute: \(dispute)") }
    }
    let historical = analysis.historical.filter { $0.type.isConflict && $0.severity >= max(minSeverity, .minor) }
    if !historical.isEmpty {
      out.append("")
      out.append(
        "Historical conflicts (an edition no longer in force beside another body's, for the period both were in force): "
          + "\(historical.count)")
      for conflict in historical {
        out.append("")
        out.append(contentsOf: block(conflict))
      }
    }
    if !others.isEmpty {
      out.append("")
      out.append("Not conflicts (agreements, complementary statements, complementary timing, different populations, negligible):")
      for relation in others {
        out.append(
          "  \(relation.type.rawValue)\(relation.aspect == .position ? "" : " (\(relation.aspect.rawValue))")  "
            + "\(relation.recommendations.joined(separator: " ~ "))  "
            + "\(relation.intervention)  \(relation.id)")
        if relation.type == .populationMismatch || relation.type == .timingOnlyDifference {
          if let reason = relation.explanations.first(where: {
            $0.factor == (relation.type == .populationMismatch ? "population" : "timing")
          }) {
            out.append("      \(reason.text)")
          }
        }
      }
    }
    if !analysis.editionChanges.isEmpty {
      out.append("")
      out.append("Changes between editions:")
      for change in analysis.editionChanges {
        out.append(
          "  \(change.previous) → \(change.current ?? "(none in \(change.currentSource))")  "
            + "\(change.kind.rawValue): \(change.summary)")
      }
    }
    out.append("")
    let findings = analysis.findings
    let rules = Set(findings.map(\.rule)).sorted().map { rule in
      "\(findings.filter { $0.rule == rule }.count) \(rule)"
    }
    out.append(
      "Findings: \(findings.isEmpty ? "none" : rules.joined(separator: ", "))"
        + (findings.isEmpty ? "." : " (warnings and errors on standard error; every finding in --format json)."))
  }

  static func block(_ conflict: Conflict) -> [String] {
    var out: [String] = []
    let era = conflict.era.map { "  historical \($0.summary)" } ?? ""
    out.append(
      "\(conflict.severity.rawValue.uppercased())  \(fixed1(conflict.score))  \(conflict.type.rawValue)  "
        + "[\(conflict.aspect.rawValue)]  \(conflict.intervention)  \(conflict.id)\(era)")
    for side in conflict.sides {
      let implied = side.impliedBy.map { "IMPLIED by \($0): " } ?? ""
      out.append(
        "  \(side.recommendation) [\(side.bodies.joined(separator: ", "))] \(implied)\(side.direction.rawValue), "
          + "\(side.grade) (strength \(fixed(side.strength)), certainty \(fixed(side.certainty))), "
          + side.window + (side.unverified ? "  UNVERIFIED" : ""))
      out.append("      \"\(side.statement)\"")
    }
    out.append("  where: \(conflict.segment)")
    let c = conflict.components
    let extent = conflict.extent
    out.append(
      "  components: opposition \(fixed(c.opposition)), strength \(fixed(c.strength)), "
        + "certainty \(fixed(c.certainty)), quality \(fixed(c.sourceQuality)), recency \(fixed(c.recency))")
    out.append("  extent (not in the score): population \(fixed(extent.population)), window \(fixed(extent.window))")
    if !conflict.explanations.isEmpty {
      out.append("  why:")
      for explanation in conflict.explanations {
        out.append("    - [\(explanation.factor)] \(explanation.text)")
      }
    }
    return out
  }

  /// A score with one decimal.
  static func fixed1(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
  }
}
