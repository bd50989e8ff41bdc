import ConflictAnalysis
import EvidenceModel

/// A topic's written summary, generated from the analysis (deterministic, no language model):
/// the question, the resolved answer per intervention with the spans of the timeline where it
/// holds, one short paragraph per dispute (who holds which position, on what grade, and what the
/// disagreement turns on, each claim naming its recommendations in brackets), the assumptions
/// called assumptions, and what the catalogue sets aside (recommendations on other populations).
public enum TopicSummary {
  public static func lines(_ pathway: Pathway, disputes: [Dispute], catalogue: Catalogue) -> [String] {
    let topic = pathway.topic
    var out = ["Summary of \(topic.title) (\(topic.id))", "Question: \(topic.question)", "", "Answer:"]
    out += answer(pathway)
    let own = disputes.filter { $0.topic == topic.id }
    if !own.isEmpty {
      out.append("")
      out.append("Where the bodies disagree:")
      for dispute in own { out.append("- " + paragraph(dispute, catalogue)) }
    }
    let timed = topic.assumptions.filter { $0.duration != nil }
    if !timed.isEmpty {
      out.append("")
      for assumption in timed {
        out.append(
          "Assumption, not a society's words: \(assumption.statement) [\(assumption.id); source: \(assumption.provenance.citation)]"
            + (assumption.verification.isUnverified ? " UNVERIFIED" : ""))
      }
    }
    let elsewhere = pathway.setAside.filter { $0.reason.hasPrefix("population outside") }
    if !elsewhere.isEmpty {
      out.append("")
      out.append(
        "Set aside as about another population: "
          + elsewhere.map { "\($0.recommendation) \($0.reason.replacingOccurrences(of: "population outside the topic's ", with: ""))" }
          .joined(separator: "; ") + ".")
    }
    return out
  }

  /// One line per intervention: its position in each stretch of the timeline, consecutive
  /// phases with the same position shown once with their span.
  static func answer(_ pathway: Pathway) -> [String] {
    var order: [String] = []
    var spans: [String: [(position: PathwayPosition, start: TimelineDuration, end: TimelineDuration?, bands: String)]] = [:]
    for phase in pathway.phases {
      let bands = phase.bands.map(\.summary).joined(separator: "; ")
      for item in phase.items {
        if spans[item.intervention] == nil { order.append(item.intervention) }
        var list = spans[item.intervention, default: []]
        if let last = list.last, last.position == item.position, last.bands == bands, last.end?.days == phase.start.days {
          list[list.count - 1].end = phase.end
        } else {
          list.append((item.position, phase.start, phase.end, bands))
        }
        spans[item.intervention] = list
      }
    }
    let birth = pathway.topic.anchor == .birth
    return order.map { intervention in
      let parts = spans[intervention]!.map { span -> String in
        let window = TimingWindow(start: span.start, end: span.end)
        let when = birth ? window.ageSummary : (span.start.amount == 0 && span.end == nil ? "throughout" : window.summary)
        return "\(span.position.rawValue) \(when)" + (span.bands.isEmpty ? "" : " (\(span.bands))")
      }
      return "- \(intervention): " + parts.joined(separator: "; ")
    }
  }

  /// Which bodies hold which position, on what grade, and what it turns on.
  static func paragraph(_ dispute: Dispute, _ catalogue: Catalogue) -> String {
    let camps = dispute.camps.map { camp -> String in
      let stated = camp.members.filter { $0.impliedBy == nil }
      let implied = camp.members.filter { $0.impliedBy != nil }
      var holders = stated.map { member -> String in
        let bodies = member.bodies.compactMap { catalogue.body($0)?.abbreviation }.joined(separator: "/")
        return "\(bodies.isEmpty ? member.source : bodies) \(member.year.map(String.init) ?? "(year unknown)") (\(member.grade)) [\(member.position)]"
      }
      if !implied.isEmpty {
        holders.append(
          "by implication " + implied.map { "\($0.impliedBy!) [\($0.position), \($0.window)]" }.joined(separator: ", "))
      }
      return "\(camp.stance): " + holders.joined(separator: ", ")
    }
    var text = "\(dispute.intervention) (\(dispute.severity.rawValue), \(dispute.relations.count) relation\(dispute.relations.count == 1 ? "" : "s") [\(dispute.id)]): "
      + camps.joined(separator: "; ") + "."
    let factors = dispute.turnsOn.filter { ["evidence-base", "predates-evidence", "timing", "population", "study-design"].contains($0.factor) }
    if !factors.isEmpty {
      text += " It turns on: " + factors.prefix(3).map { firstSentence($0.text) }.joined(separator: " ")
    }
    return text
  }

  private static func firstSentence(_ text: String) -> String {
    guard let end = text.range(of: ". ") else { return text }
    return String(text[..<end.lowerBound]) + "."
  }
}
