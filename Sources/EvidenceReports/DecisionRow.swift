import ConflictAnalysis
import EvidenceModel

/// A committee decision as every report shows it: what was decided for which segment, by whom
/// and when, what it settles, and whether it still stands (``DecisionReview``).
public struct DecisionRow: Encodable, Sendable {
  public var id: String
  public var topic: String
  public var intervention: String
  /// `null` when the decision is for the topic's whole population.
  public var population: String?
  /// The decision's window on the topic's timeline, in words.
  public var window: String
  public var position: String
  public var rationale: String
  public var date: String
  public var committee: String
  public var settles: [String]
  public var considered: [String]
  /// `standing` or `reopened`.
  public var status: String
  /// Why it is re-opened (empty while it stands).
  public var reasons: [String]

  /// The decisions of the analysis's scope (of one topic when given), in catalogue order.
  public static func rows(_ analysis: Analysis, topic: String? = nil) -> [DecisionRow] {
    let catalogue = analysis.catalogue
    return analysis.decisionReviews.compactMap { review in
      guard let d = catalogue.decisions.first(where: { $0.id == review.decision }),
        topic == nil || d.topic == topic
      else { return nil }
      let window = EffectiveWindow(d.window, topic: catalogue.topic(d.topic))
      return DecisionRow(
        id: d.id, topic: d.topic, intervention: d.intervention, population: d.population,
        window: catalogue.topic(d.topic)?.anchor == .birth ? window.ageSummary : window.summary,
        position: d.position.rawValue, rationale: d.rationale, date: d.date.description, committee: d.committee,
        settles: d.settles, considered: d.considered, status: review.status.rawValue, reasons: review.reasons)
    }
  }

  /// One line for text reports: `consider by <committee> on <date> [id]; stands` or `…; RE-OPENED: …`.
  public var summary: String {
    "\(position) by \(committee) on \(date) [\(id)]"
      + (status == "standing" ? "; stands" : "; RE-OPENED: " + reasons.joined(separator: "; "))
  }

  private enum CodingKeys: String, CodingKey {
    case id, topic, intervention, population, window, position, rationale, date, committee, settles, considered
    case status, reasons
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(topic, forKey: .topic)
    try c.encode(intervention, forKey: .intervention)
    try c.encode(population, forKey: .population)
    try c.encode(window, forKey: .window)
    try c.encode(position, forKey: .position)
    try c.encode(rationale, forKey: .rationale)
    try c.encode(date, forKey: .date)
    try c.encode(committee, forKey: .committee)
    try c.encode(settles, forKey: .settles)
    try c.encode(considered, forKey: .considered)
    try c.encode(status, forKey: .status)
    try c.encode(reasons, forKey: .reasons)
  }
}
