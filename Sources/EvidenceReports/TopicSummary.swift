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
    /// The topic's population, by name: the scope every line and dispute is about.
    public var population: String
    /// One line per course through the timeline: `do throughout: Conservative care`.
    public var answer: [String]
    /// One line per committee decision of the topic.
    public var decisions: [String]
    /// One paragraph per dispute of the topic, most severe first.
    public var disputes: [String]
    /// One line per assumption with a duration (the timing rests on it).
    public var assumptions: [String]
    /// The recommendations set aside as about another population: a heading line, then one line
    /// per population they are about (empty when there are none).
    public var setAside: [String]
  }

  /// The summary's parts for one topic.
  public static func parts(_ pathway: Pathway, disputes: [Dispute], decisions: [DecisionRow], catalogue: Catalogue) -> Parts {
    let topic = pathway.topic
    let labels = BodyLabels(catalogue)
    let assumptions = topic.assumptions.filter { $0.duration != nil }.map { assumption in
      "Assumption (the catalogue's, not a society's): \(assumption.statement) [\(assumption.id); where it comes from: \(assumption.provenance.citation)]"
        + (assumption.verification.isUnverified ? " UNVERIFIED" : "")
    }
    return Parts(
      topic: topic.id, title: topic.title, question: topic.question,
      population: catalogue.population(topic.population)?.name ?? topic.population, answer: answer(pathway, catalogue),
      decisions: decisions.map { decision in
        "\(name(decision.intervention, catalogue))" + (decision.population.map { " (\($0))" } ?? "")
          + " \(decision.window): \(decision.summary)"
      },
      disputes: disputes.filter { $0.topic == topic.id }.map { paragraph($0, catalogue, labels) },
      assumptions: assumptions, setAside: setAside(pathway, catalogue, labels))
  }

  /// The summary as text lines.
  public static func lines(_ pathway: Pathway, disputes: [Dispute], decisions: [DecisionRow] = [], catalogue: Catalogue) -> [String] {
    let parts = parts(pathway, disputes: disputes, decisions: decisions, catalogue: catalogue)
    var out = [
      "Summary of \(parts.title) (\(parts.topic))", "Question: \(parts.question)", "Population: \(parts.population)", "",
      "Answer (the pathway as resolved):",
    ]
    out += parts.answer.map { "- " + $0 }
    if !parts.decisions.isEmpty {
      out += ["", "Committee decisions:"] + parts.decisions.map { "- " + $0 }
    }
    if !parts.disputes.isEmpty {
      out += ["", "Where the bodies disagree:"] + parts.disputes.map { "- " + $0 }
    }
    if !parts.assumptions.isEmpty { out += [""] + parts.assumptions }
    if let heading = parts.setAside.first { out += ["", heading] + parts.setAside.dropFirst().map { "- " + $0 } }
    return out
  }

  /// One line per course through the timeline, interventions that take the same course together:
  /// consecutive phases with the same position are one span; an intervention whose position
  /// varies over many bands of a measure is summarised by counts.
  static func answer(_ pathway: Pathway, _ catalogue: Catalogue) -> [String] {
    var order: [String] = []
    var spans: [String: [(position: PathwayPosition, start: TimelineDuration, end: TimelineDuration?, bands: String)]] = [:]
    for phase in pathway.phases {
      let bands = phase.bandsSummary
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

  /// What a dispute turns on, in the order a committee weighs it: the evidence, then its age
  /// and designs, then timing, and populations last (most positions meet in a common subgroup).
  static let factorOrder = ["evidence-base", "predates-evidence", "study-design", "timing", "population"]

  /// Which bodies hold which position, on what grade, and what it turns on.
  static func paragraph(_ dispute: Dispute, _ catalogue: Catalogue, _ labels: BodyLabels) -> String {
    func who(_ member: Dispute.Member) -> String {
      "\(labels.joined(member.bodies, fallback: member.source)) \(member.year.map(String.init) ?? "of unknown year")"
    }
    var assumed: [String] = []
    let camps = dispute.camps.map { camp -> String in
      // Statements of one body, year and grade read once, with their ids together.
      var order: [String] = []
      var ids: [String: [String]] = [:]
      for member in camp.members {
        assumed += member.assumptions.filter { !assumed.contains($0) }
        guard member.impliedBy == nil else { continue }
        let key = "\(who(member)), \(member.grade)" + (isWhole(member.window) ? "" : ", \(plain(member.window))")
          + (member.unverified ? " (unverified)" : "")
        if ids[key] == nil { order.append(key) }
        ids[key, default: []].append(member.position)
      }
      var holders = order.map { "\($0) [\(ids[$0]!.joined(separator: ", "))]" }
      let implied = camp.members.filter { $0.impliedBy != nil }
      if !implied.isEmpty {
        holders.append(
          "by implication " + implied.map { "\(who($0)) \(plain($0.window)), from \($0.impliedBy!) [\($0.position)]" }
            .joined(separator: ", "))
      }
      return "\(camp.stance.prefix(1).uppercased() + camp.stance.dropFirst()): " + holders.joined(separator: "; ") + "."
    }
    var text = "\(name(dispute.intervention, catalogue)), \(dispute.severity.rawValue) dispute [\(dispute.id); "
      + "\(Counting.noun(dispute.relations.count, "pairwise conflict"))]: \(dispute.type.meaning). " + camps.joined(separator: " ")
    let factors = dispute.turnsOn.filter { factorOrder.contains($0.factor) }
      .sorted { factorOrder.firstIndex(of: $0.factor)! < factorOrder.firstIndex(of: $1.factor)! }
    if !factors.isEmpty {
      text += " It turns on: " + factors.prefix(3).map { firstSentence($0.text) }.joined(separator: " ")
    }
    if !assumed.isEmpty {
      text += " The timing of these positions rests on the assumption " + assumed.joined(separator: ", ")
        + ", not on any of these bodies' words."
    }
    return text
  }

  /// Whether a window in words is the whole timeline (`any time`, or `any age` in a topic
  /// anchored at birth), which a summary leaves unsaid.
  static func isWhole(_ window: String) -> Bool { window == "any time" || window == "any age" }

  /// A window in words without nested brackets: `from 3mo after failed-conservative-care`.
  static func plain(_ window: String) -> String {
    guard let open = window.range(of: " (after "), window.hasSuffix(")") else { return window }
    return String(window[..<open.lowerBound]) + " after " + String(window[open.upperBound...].dropLast())
  }

  /// The recommendations of the topic about another population: a heading, then one line per
  /// population they are about, naming each by body, year and intervention.
  static func setAside(_ pathway: Pathway, _ catalogue: Catalogue, _ labels: BodyLabels) -> [String] {
    let elsewhere = pathway.setAside.filter { $0.reason.hasPrefix("population outside") }
    guard !elsewhere.isEmpty else { return [] }
    let topicPopulation = catalogue.population(pathway.topic.population)?.name ?? pathway.topic.population
    var order: [String] = []
    var byPopulation: [String: [String]] = [:]
    for entry in elsewhere {
      guard let rec = catalogue.recommendation(entry.recommendation) else { continue }
      let source = catalogue.source(rec.source)
      let about = catalogue.population(rec.population)?.name ?? rec.population
      if byPopulation[about] == nil { order.append(about) }
      byPopulation[about, default: []].append(
        "\(labels.joined(source?.bodies ?? [], fallback: rec.source)) \(source?.year.map(String.init) ?? "of unknown year") on "
          + rec.interventions.map { name($0, catalogue) }.joined(separator: ", ") + " [\(rec.id)]")
    }
    return ["Set aside: these are about another population than the topic's (\(topicPopulation)), so they do not count here:"]
      + order.map { "\($0): " + byPopulation[$0]!.joined(separator: "; ") + "." }
  }

  static func name(_ intervention: String, _ catalogue: Catalogue) -> String {
    catalogue.intervention(intervention)?.name ?? intervention
  }

  private static func firstSentence(_ text: String) -> String {
    guard let end = text.range(of: ". ") else { return text }
    return String(text[..<end.lowerBound]) + "."
  }
}
