import ConflictAnalysis
import EvidenceModel

/// The JSON shape of `evidence-conflicts conflicts --format json`.
public struct ConflictsDocument: Encodable, Sendable {
  /// Raised when the shape changes incompatibly.
  public static let schemaVersion = 1

  public struct Counts: Encodable, Sendable {
    public var bySeverity: [String: Int]
    public var byType: [String: Int]

    /// The relations counted by severity and by type.
    init(_ relations: [Conflict]) {
      var bySeverity = Dictionary(uniqueKeysWithValues: ConflictSeverity.allCases.map { ($0.rawValue, 0) })
      var byType = Dictionary(uniqueKeysWithValues: ConflictType.allCases.map { ($0.rawValue, 0) })
      for relation in relations {
        bySeverity[relation.severity.rawValue, default: 0] += 1
        byType[relation.type.rawValue, default: 0] += 1
      }
      self.bySeverity = bySeverity
      self.byType = byType
    }
  }

  public var schemaVersion = Self.schemaVersion
  public var asOf: String
  public var topic: String?
  public var minSeverity: String
  public var counts: Counts
  public var conflicts: [Conflict]
  /// The topics' arguments: moderate or major relations grouped by question into camps.
  public var disputes: [Dispute]
  /// Relations that held in an earlier era (each with its `era`), apart from the live ones.
  public var historical: [Conflict]
  public var editionChanges: [EditionChange]
  public var findings: [Diagnostic]

  public init(_ analysis: Analysis, minSeverity: ConflictSeverity) {
    asOf = analysis.options.asOf.description
    topic = analysis.options.topic
    self.minSeverity = minSeverity.rawValue
    let shown = analysis.conflicts(atLeast: minSeverity)
    counts = Counts(shown)
    conflicts = shown
    disputes = analysis.disputes()
    historical = analysis.historical.filter { $0.severity >= minSeverity }
    editionChanges = analysis.editionChanges
    findings = analysis.findings
  }

  private enum CodingKeys: String, CodingKey {
    case schemaVersion, asOf, topic, minSeverity, counts, conflicts, disputes, historical, editionChanges, findings
  }

  /// Writes the document, its relations one at a time (the same bytes as encoding it whole with
  /// sorted keys, pretty-printed, and a final line feed).
  public func write<Output: TextOutputStream>(to output: inout Output) throws {
    try JSONStream.write(
      Skeleton(document: self),
      arrays: [
        "conflicts": RelationRow.rows(conflicts, disputes), "disputes": .init(disputes),
        "historical": RelationRow.rows(historical, []),
        "editionChanges": .init(editionChanges),
        "findings": .init(findings),
      ], to: &output)
  }

  /// The document with placeholders for its arrays.
  private struct Skeleton: Encodable {
    var document: ConflictsDocument

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(document.schemaVersion, forKey: .schemaVersion)
      try c.encode(document.asOf, forKey: .asOf)
      try c.encode(document.topic, forKey: .topic)
      try c.encode(document.minSeverity, forKey: .minSeverity)
      try c.encode(document.counts, forKey: .counts)
      for key in [CodingKeys.conflicts, .disputes, .historical, .editionChanges, .findings] {
        try c.encode(JSONStream.placeholder, forKey: key)
      }
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(schemaVersion, forKey: .schemaVersion)
    try c.encode(asOf, forKey: .asOf)
    try c.encode(topic, forKey: .topic)
    try c.encode(minSeverity, forKey: .minSeverity)
    try c.encode(counts, forKey: .counts)
    let disputeOf = Dispute.index(disputes)
    try c.encode(conflicts.map { RelationRow(relation: $0, dispute: disputeOf[$0.id]) }, forKey: .conflicts)
    try c.encode(disputes, forKey: .disputes)
    try c.encode(historical.map { RelationRow(relation: $0, dispute: nil) }, forKey: .historical)
    try c.encode(editionChanges, forKey: .editionChanges)
    try c.encode(findings, forKey: .findings)
  }
}

/// The JSON shape of `evidence-conflicts resolve --format json`.
public struct PathwayDocument: Encodable, Sendable {
  public static let schemaVersion = 1

  public struct TopicSummary: Encodable, Sendable {
    public var id: String
    public var title: String
    public var question: String
    public var population: String
    public var anchor: String
  }

  public var schemaVersion = Self.schemaVersion
  public var asOf: String
  public var topic: TopicSummary
  /// The point asked for with `--at`, if any; `phases` then holds only the phase in force.
  public var at: String?
  public var phases: [PathwayPhase]
  public var redFlags: [Topic.RedFlag]
  public var assumptions: [Topic.Assumption]
  public var setAside: [SetAside]
  /// The committee decisions of the topic; each line names those that cover it.
  public var decisions: [DecisionRow]

  public init(_ pathway: Pathway, analysis: Analysis, at: TimelineDuration? = nil) {
    self.asOf = analysis.options.asOf.description
    decisions = DecisionRow.rows(analysis, topic: pathway.topic.id)
    let topic = pathway.topic
    self.topic = TopicSummary(
      id: topic.id, title: topic.title, question: topic.question, population: topic.population,
      anchor: topic.anchor.rawValue)
    self.at = at?.description
    if let at {
      phases = pathway.phase(at: at).map { [$0] } ?? []
    } else {
      phases = pathway.phases
    }
    redFlags = topic.redFlags
    assumptions = topic.assumptions
    setAside = pathway.setAside
  }

  private enum CodingKeys: String, CodingKey {
    case schemaVersion, asOf, topic, at, phases, redFlags, assumptions, setAside, decisions
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(schemaVersion, forKey: .schemaVersion)
    try c.encode(asOf, forKey: .asOf)
    try c.encode(topic, forKey: .topic)
    try c.encode(at, forKey: .at)
    try c.encode(phases, forKey: .phases)
    try c.encode(redFlags, forKey: .redFlags)
    try c.encode(assumptions, forKey: .assumptions)
    try c.encode(setAside, forKey: .setAside)
    try c.encode(decisions, forKey: .decisions)
  }
}

/// A relation as the JSON documents write it: the relation's fields and the dispute it belongs
/// to (`null` when it is in none).
struct RelationRow: Encodable {
  let relation: Conflict
  let dispute: String?

  private enum CodingKeys: String, CodingKey { case dispute }

  func encode(to encoder: any Encoder) throws {
    try relation.encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(dispute, forKey: .dispute)
  }

  /// The rows of relations, each naming its dispute.
  static func rows(_ relations: [Conflict], _ disputes: [Dispute]) -> JSONStream.Array {
    let disputeOf = Dispute.index(disputes)
    return JSONStream.Array(count: relations.count) { index, depth, out in
      try RelationRow(relation: relations[index], dispute: disputeOf[relations[index].id]).write(depth: depth, to: &out)
    }
  }
}
