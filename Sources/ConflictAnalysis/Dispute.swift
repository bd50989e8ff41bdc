import EvidenceModel

/// One argument of a topic: the moderate or major relations on one clinical question
/// (intervention concept) that share positions, grouped into camps by stance.
///
/// Sixteen pairwise contradictions between the bodies against vertebroplasty and those for it are
/// one dispute with two camps. Relations join a dispute when they are live, on the same topic and
/// concept, of moderate or major severity, and connected through a position they share; the
/// pairwise relations stay, each naming its dispute (``Analysis/disputes()``).
public struct Dispute: Hashable, Encodable, Sendable {
  /// A position in a camp: a stated recommendation or an implied one, with its body and grade.
  public struct Member: Hashable, Encodable, Sendable {
    public var position: String
    /// For an implied position, the statement it comes from; `nil` for a stated one.
    public var impliedBy: String?
    public var source: String
    public var bodies: [String]
    public var year: Int?
    /// The grade as the source writes it.
    public var grade: String
    public var window: String
    /// The topic assumptions that place the window on the timeline (a prerequisite's assumed
    /// duration, not the body's words).
    public var assumptions: [String]
    /// Whether the recommendation, its source or its grading is marked unverified.
    public var unverified: Bool
  }

  /// The positions that take one stance.
  public struct Camp: Hashable, Encodable, Sendable {
    /// `for`, `for selectively`, `against` or `no recommendation`.
    public var stance: String
    public var members: [Member]
    /// The bodies of the camp, sorted.
    public var bodies: [String]
  }

  /// A fingerprint of the topic, the concept and the first position of the dispute (in id
  /// order): stable while those keep their ids.
  public var id: String
  public var topic: String
  public var intervention: String
  public var severity: ConflictSeverity
  /// The type of the strongest relation: what kind of disagreement it is.
  public var type: ConflictType
  /// The most severe relation of the dispute (highest score).
  public var strongest: String
  /// Every relation of the dispute, in report order.
  public var relations: [String]
  public var camps: [Camp]
  /// Where the strongest relation holds.
  public var segment: String
  /// What the dispute turns on: the strongest relation's explanations, then one of each other
  /// factor the dispute's relations give.
  public var turnsOn: [Explanation]

  /// The dispute of each relation id, for a list of disputes.
  public static func index(_ disputes: [Dispute]) -> [String: String] {
    var index: [String: String] = [:]
    for dispute in disputes { for id in dispute.relations { index[id] = dispute.id } }
    return index
  }

  /// The dispute of each relation id, worked out without wording the disputes (their camps and
  /// what they turn on): for listing relations with their dispute.
  public static func index(of relations: [Conflict]) -> [String: String] {
    var index: [String: String] = [:]
    for group in arguments(relations) {
      let id = Self.id(of: group)
      for relation in group { index[relation.id] = id }
    }
    return index
  }

  /// A dispute's id: a fingerprint of its topic, its concept and the first of its positions in id
  /// order (every relation of a dispute has the same topic and concept).
  private static func id(of relations: [Conflict]) -> String {
    let first = relations.lazy.flatMap(\.recommendations).min()!
    return "dp-" + Fingerprint.of(relations[0].topic + "\u{1F}" + relations[0].intervention + "\u{1F}" + first)
  }

  /// The disputes of a list of relations (in report order), most severe first, then by topic
  /// and concept. Each dispute is worded on its own, so they are worded on every core (wording
  /// their explanations was most of a 100k analysis's disputes).
  static func grouping(_ relations: [Conflict]) -> [Dispute] {
    Parallel.map(arguments(relations), threshold: 64, make).sorted { x, y in
      (3 - x.severity.rank, x.topic, x.intervention, x.id) < (3 - y.severity.rank, y.topic, y.intervention, y.id)
    }
  }

  /// The relations that argue, by topic and concept, split into groups connected through shared
  /// positions (each group one dispute), in report order.
  private static func arguments(_ relations: [Conflict]) -> [[Conflict]] {
    let arguing = relations.filter { $0.type.isConflict && $0.severity >= .moderate && !$0.isHistorical }
    var groups: [String: [Conflict]] = [:]
    var order: [String] = []
    for relation in arguing {
      let key = relation.topic + "\u{1F}" + relation.intervention
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(relation)
    }
    return order.flatMap { components(groups[$0]!) }
  }

  /// The relations split into groups connected through shared positions.
  private static func components(_ relations: [Conflict]) -> [[Conflict]] {
    var sets = UnionFind<String>()
    for relation in relations { sets.union(relation.first.id, relation.second.id) }
    var byRoot: [Int: [Conflict]] = [:]
    var roots: [Int] = []
    for relation in relations {
      let root = sets.find(relation.first.id)
      if byRoot[root] == nil { roots.append(root) }
      byRoot[root, default: []].append(relation)
    }
    return roots.map { byRoot[$0]! }
  }

  private static func make(_ relations: [Conflict]) -> Dispute {
    let strongest = relations.max { ($0.severity, $0.score, $1.id) < ($1.severity, $1.score, $0.id) }!
    var positions: [String: AssessedRecommendation] = [:]
    for relation in relations {
      positions[relation.first.id] = relation.first
      positions[relation.second.id] = relation.second
    }
    var camps: [String: [AssessedRecommendation]] = [:]
    for position in positions.values { camps[stance(position), default: []].append(position) }
    let stances = ["for", "for selectively", "against", "no recommendation"].filter { camps[$0] != nil }
    var turnsOn = strongest.explanations.filter { $0.factor != "aspect" }
    var seen = Set(turnsOn.map(\.factor))
    // A few relations say what the dispute turns on; a large dispute need not word them all.
    for relation in relations.prefix(50) where relation !== strongest {
      for explanation in relation.explanations where explanation.factor != "aspect" && seen.insert(explanation.factor).inserted {
        turnsOn.append(explanation)
      }
    }
    // Windows read as ages in a topic anchored at birth, as the relations' own do.
    let birth = strongest.context.catalogue.topic(strongest.topic)?.anchor == .birth
    return Dispute(
      id: id(of: relations),
      topic: strongest.topic, intervention: strongest.intervention, severity: strongest.severity,
      type: strongest.type, strongest: strongest.id, relations: relations.map(\.id),
      camps: stances.map { stance in
        let members = camps[stance]!.sorted { $0.id < $1.id }
        return Camp(
          stance: stance,
          members: members.map {
            Member(
              position: $0.id, impliedBy: $0.implied?.statement, source: $0.source.id, bodies: $0.source.bodies,
              year: $0.year, grade: $0.grade, window: birth ? $0.window.ageSummary : $0.window.summary,
              assumptions: $0.window.assumptions, unverified: $0.isUnverified)
          },
          bodies: Array(Set(members.flatMap(\.source.bodies))).sorted())
      },
      segment: strongest.segment, turnsOn: turnsOn)
  }

  /// A position's stance in a dispute.
  public static func stance(_ r: AssessedRecommendation) -> String {
    switch r.position.direction {
    case .for: r.recommendation.use == .selective ? "for selectively" : "for"
    case .against: "against"
    case .neutral: "no recommendation"
    }
  }
}

// Absent values are written as `null`.
extension Dispute.Member {
  private enum CodingKeys: String, CodingKey {
    case position, impliedBy, source, bodies, year, grade, window, assumptions, unverified
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(position, forKey: .position)
    try c.encode(impliedBy, forKey: .impliedBy)
    try c.encode(source, forKey: .source)
    try c.encode(bodies, forKey: .bodies)
    try c.encode(year, forKey: .year)
    try c.encode(grade, forKey: .grade)
    try c.encode(window, forKey: .window)
    try c.encode(assumptions, forKey: .assumptions)
    try c.encode(unverified, forKey: .unverified)
  }
}
