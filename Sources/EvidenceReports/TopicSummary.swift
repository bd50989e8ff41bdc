import ConflictAnalysis
import EvidenceModel

/// A topic's written summary, generated from the analysis (deterministic, no language model):
/// the question; the resolved answer, interventions with the same course through the timeline
/// on one line; the committee decisions; one short paragraph per dispute (who holds which
/// position, on what grade, and what the disagreement turns on, each claim naming its
/// recommendations in brackets); the assumptions called assumptions; and what the catalogue sets
/// aside as being about another population.
///
/// Every report that leads with a summary (text, HTML, Markdown, XLSX, JSON `summary`) shows
/// these lines.
public enum TopicSummary {
  /// A summary as parts, for reports that lay them out themselves.
  public struct Parts: Encodable, Sendable {
    public var topic: String
    public var title: String
    public var question: String
    /// One line per course through the timeline: `do throughout: Conservative care`.
    public var answer: [String]
    /// One line per committee decision of the topic.
    public var decisions: [String]
    /// One paragraph per dispute of the topic, most severe first.
    public var disputes: [String]
    /// One line per assumption with a duration (the timing rests on it).
    public var assumptions: [String]
    /// One line naming the recommendations set aside as about another population, or nothing.
    public var setAside: [String]
  }

  /// The summary's parts for one topic.
  public static func parts(_ pathway: Pathway, disputes: [Dispute], decisions: [DecisionRow], catalogue: Catalogue) -> Parts {
    let topic = pathway.topic
    let assumptions = topic.assumptions.filter { $0.duration != nil }.map { assumption in
      "Assumption, not a society's words: \(assumption.statement) [\(assumption.id); source: \(assumption.provenance.citation)]"
        + (assumption.verification.isUnverified ? " UNVERIFIED" : "")
    }
    return Parts(
      topic: topic.id, title: topic.title, question: topic.question, answer: answer(pathway, catalogue),
      decisions: decisions.map { decision in
        "\(name(decision.intervention, catalogue))" + (decision.population.map { " (\($0))" } ?? "")
          + " \(decision.window): \(decision.summary)"
      },
      disputes: disputes.filter { $0.topic == topic.id }.map { paragraph($0, catalogue) },
      assumptions: assumptions, setAside: setAside(pathway, catalogue))
  }

  /// The summary as text lines.
  public static func lines(_ pathway: Pathway, disputes: [Dispute], decisions: [DecisionRow] = [], catalogue: Catalogue) -> [String] {
    let parts = parts(pathway, disputes: disputes, decisions: decisions, catalogue: catalogue)
    var out = ["Summary of \(parts.title) (\(parts.topic))", "Question: \(parts.question)", "", "Answer (the pathway as resolved):"]
    out += parts.answer.map { "- " + $0 }
    if !parts.decisions.isEmpty {
      out += ["", "Committee decisions:"] + parts.decisions.map { "- " + $0 }
    }
    if !parts.disputes.isEmpty {
      out += ["", "Where the bodies disagree:"] + parts.disputes.map { "- " + $0 }
    }
    if !parts.assumptions.isEmpty { out += [""] + parts.assumptions }
    if !parts.setAside.isEmpty { out += [""] + parts.setAside }
    return out
  }

  /// One line per course through the timeline, interventions that take the same course together:
  /// consecutive phases with the same position are one span; an intervention whose position
  /// varies over many bands of a measure is summarised by counts.
  static func answer(_ pathway: Pathway, _ catalogue: Catalogue) -> [String] {
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
    var courses: [String] = []
    var members: [String: [String]] = [:]
    for intervention in order {
      let list = spans[intervention]!
      let course: String
      if list.count > 4 {
        // Many bands: the most common position, then the others with one example each.
        var counts: [PathwayPosition: [String]] = [:]
        for span in list { counts[span.position, default: []].append(span.bands) }
        let ranked = counts.sorted { ($0.value.count, $1.key.rawValue) > ($1.value.count, $0.key.rawValue) }
        course = ranked.enumerated().map { index, entry in
          index == 0
            ? "\(entry.key.rawValue) in \(entry.value.count) of \(list.count) bands"
            : "\(entry.key.rawValue) in \(entry.value.count) (such as \(entry.value[0]))"
        }.joined(separator: "; ")
      } else {
        course = list.map { span -> String in
          let window = TimingWindow(start: span.start, end: span.end)
          let when = birth ? window.ageSummary : (span.start.amount == 0 && span.end == nil ? "throughout" : window.summary)
          return "\(span.position.rawValue) \(when)" + (span.bands.isEmpty ? "" : " (\(span.bands))")
        }.joined(separator: "; ")
      }
      if members[course] == nil { courses.append(course) }
      members[course, default: []].append(name(intervention, catalogue))
    }
    return courses.map { "\($0): " + members[$0]!.joined(separator: "; ") }
  }

  /// Which bodies hold which position, on what grade, and what it turns on.
  static func paragraph(_ dispute: Dispute, _ catalogue: Catalogue) -> String {
    let camps = dispute.camps.map { camp -> String in
      // Statements of one body, year and grade read once, with their ids together.
      var order: [String] = []
      var ids: [String: [String]] = [:]
      for member in camp.members where member.impliedBy == nil {
        let bodies = member.bodies.compactMap { catalogue.body($0)?.abbreviation }.joined(separator: "/")
        let key = "\(bodies.isEmpty ? member.source : bodies) \(member.year.map(String.init) ?? "(year unknown)") (\(member.grade))"
          + (member.window == "any time" ? "" : ", \(member.window)")
        if ids[key] == nil { order.append(key) }
        ids[key, default: []].append(member.position)
      }
      var holders = order.map { "\($0) [\(ids[$0]!.joined(separator: ", "))]" }
      let implied = camp.members.filter { $0.impliedBy != nil }
      if !implied.isEmpty {
        holders.append(
          "by implication " + implied.map { "\($0.impliedBy!) \($0.window) [\($0.position)]" }.joined(separator: ", "))
      }
      return "\(camp.stance.prefix(1).uppercased() + camp.stance.dropFirst()): " + holders.joined(separator: "; ") + "."
    }
    var text = "\(name(dispute.intervention, catalogue)), \(dispute.severity.rawValue) dispute [\(dispute.id); "
      + "\(dispute.relations.count) pairwise relation\(dispute.relations.count == 1 ? "" : "s")]. " + camps.joined(separator: " ")
    let factors = dispute.turnsOn.filter { ["evidence-base", "predates-evidence", "timing", "population", "study-design"].contains($0.factor) }
    if !factors.isEmpty {
      text += " It turns on: " + factors.prefix(3).map { firstSentence($0.text) }.joined(separator: " ")
    }
    return text
  }

  /// The recommendations of the topic about another population, each with what it is about.
  static func setAside(_ pathway: Pathway, _ catalogue: Catalogue) -> [String] {
    let elsewhere = pathway.setAside.filter { $0.reason.hasPrefix("population outside") }
    guard !elsewhere.isEmpty else { return [] }
    let topicPopulation = catalogue.population(pathway.topic.population)?.name ?? pathway.topic.population
    let parts = elsewhere.map { entry -> String in
      guard let rec = catalogue.recommendation(entry.recommendation) else { return entry.recommendation }
      let source = catalogue.source(rec.source)
      let bodies = (source?.bodies ?? []).compactMap { catalogue.body($0)?.abbreviation }.joined(separator: "/")
      let about = catalogue.population(rec.population)?.name ?? rec.population
      return "\(bodies.isEmpty ? rec.source : bodies) \(source?.year.map(String.init) ?? "(year unknown)") on "
        + rec.interventions.map { name($0, catalogue) }.joined(separator: ", ") + " [\(rec.id)] is about \(about)"
    }
    return ["Set aside as about another population than \(topicPopulation) (they do not count here): " + parts.joined(separator: "; ") + "."]
  }

  static func name(_ intervention: String, _ catalogue: Catalogue) -> String {
    catalogue.intervention(intervention)?.name ?? intervention
  }

  private static func firstSentence(_ text: String) -> String {
    guard let end = text.range(of: ". ") else { return text }
    return String(text[..<end.lowerBound]) + "."
  }
}
