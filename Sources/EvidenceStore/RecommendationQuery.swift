import EvidenceModel
import Foundation
import GRDB

/// Which stored recommendations to list. Every field left `nil` matches everything.
public struct RecommendationFilter: Sendable, Equatable {
  public var topic: String?
  /// A body id; matches recommendations whose source that body issued (alone or jointly).
  public var society: String?
  /// An intervention concept; matches recommendations on it, on its descendants and on its
  /// ancestors, since a recommendation on vertebral augmentation also speaks to vertebroplasty.
  public var intervention: String?

  public init(topic: String? = nil, society: String? = nil, intervention: String? = nil) {
    self.topic = topic
    self.society = society
    self.intervention = intervention
  }
}

/// One stored recommendation as `list` shows it: the clinical question, the native grade, the
/// normalised position and the window.
public struct RecommendationSummary: Codable, Sendable, Equatable {
  public struct Normalized: Codable, Sendable, Equatable {
    public var direction: Direction
    /// `nil` when the strength is unknown (an ungraded statement).
    public var strength: Double?
    public var certainty: Double
  }

  public struct Window: Codable, Sendable, Equatable {
    public var start: String?
    public var end: String?
    public var after: [String]
  }

  public var id: String
  public var source: String
  public var societies: [String]
  public var topic: String
  /// The first (usually only) intervention concept.
  public var intervention: String
  public var interventions: [String]
  public var population: String
  public var direction: Direction
  /// The native strength label; `nil` for a scheme that grades evidence only.
  public var strength: String?
  public var evidenceLevel: String?
  /// The grading scheme of the statement when it is not its source's.
  public var scheme: String?
  public var normalized: Normalized
  public var window: Window
  public var statement: String
  public var locator: String
  public var studies: [String]
  public var unverified: Bool
  /// The positions its exclusive scope implies (marked implied wherever shown).
  public var implied: [ImpliedPosition]
}

/// Builds and runs the parameterised query behind ``EvidenceStore/recommendations(matching:)``.
struct RecommendationQuery {
  let filter: RecommendationFilter

  func fetch(_ db: Database) throws -> [RecommendationSummary] {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let topic = filter.topic {
      conditions.append("r.topicId = ?")
      arguments += [topic]
    }
    if let society = filter.society {
      conditions.append("EXISTS (SELECT 1 FROM sourceBody sb WHERE sb.sourceId = r.sourceId AND sb.bodyId = ?)")
      arguments += [society]
    }
    if let intervention = filter.intervention {
      conditions.append(
        """
        EXISTS (
          WITH RECURSIVE
            below(id) AS (SELECT ? UNION SELECT i.id FROM intervention i JOIN below ON i.parentId = below.id),
            above(id) AS (SELECT ? UNION SELECT i.parentId FROM intervention i JOIN above ON i.id = above.id
                          WHERE i.parentId IS NOT NULL)
          SELECT 1 FROM recommendationIntervention ri
          WHERE ri.recommendationId = r.id
            AND ri.interventionId IN (SELECT id FROM below UNION SELECT id FROM above))
        """)
      arguments += [intervention, intervention]
    }
    let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let sql = """
      SELECT r.*,
        (SELECT group_concat(bodyId, char(31)) FROM (SELECT bodyId FROM sourceBody
           WHERE sourceId = r.sourceId ORDER BY position)) AS societies,
        (SELECT group_concat(interventionId, char(31)) FROM (SELECT interventionId
           FROM recommendationIntervention WHERE recommendationId = r.id ORDER BY position)) AS interventions,
        (SELECT group_concat(prerequisiteId, char(31)) FROM (SELECT prerequisiteId
           FROM recommendationPrerequisite WHERE recommendationId = r.id ORDER BY position)) AS prerequisites,
        (SELECT group_concat(studyId, char(31)) FROM (SELECT studyId
           FROM recommendationStudy WHERE recommendationId = r.id ORDER BY position)) AS studies
      FROM recommendation r
      \(whereClause)
      ORDER BY r.filePath, r.position
      """
    return try Row.fetchAll(db, sql: sql, arguments: arguments).map(summary)
  }

  private func summary(_ row: Row) throws -> RecommendationSummary {
    func list(_ column: String) -> [String] {
      (row[column] as String?).map { $0.split(separator: "\u{1F}").map(String.init) } ?? []
    }
    func direction(_ column: String) throws -> Direction {
      guard let value = Direction(rawValue: row[column]) else {
        throw StoreError.inconsistentData("the database holds an unknown direction in column \(column)")
      }
      return value
    }
    let interventions = list("interventions")
    return RecommendationSummary(
      id: row["id"], source: row["sourceId"], societies: list("societies"), topic: row["topicId"],
      intervention: interventions.first ?? "", interventions: interventions,
      population: row["populationId"], direction: try direction("direction"),
      strength: row["strength"], evidenceLevel: row["evidenceLevel"], scheme: row["schemeId"],
      normalized: .init(
        direction: try direction("normalizedDirection"), strength: row["normalizedStrength"],
        certainty: row["normalizedCertainty"]),
      window: .init(start: row["windowStart"], end: row["windowEnd"], after: list("prerequisites")),
      statement: row["statement"], locator: row["locator"], studies: list("studies"),
      unverified: row["unverified"],
      implied: try JSONDecoder().decode([ImpliedPosition].self, from: Data((row["impliedPositions"] as String).utf8)))
  }
}

// `list --format json` writes every documented field, `null` where a value is absent, so a reader
// never has to tell a missing key from an absent value.
extension RecommendationSummary {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(source, forKey: .source)
    try c.encode(societies, forKey: .societies)
    try c.encode(topic, forKey: .topic)
    try c.encode(intervention, forKey: .intervention)
    try c.encode(interventions, forKey: .interventions)
    try c.encode(population, forKey: .population)
    try c.encode(direction, forKey: .direction)
    try c.encode(strength, forKey: .strength)
    try c.encode(evidenceLevel, forKey: .evidenceLevel)
    try c.encode(scheme, forKey: .scheme)
    try c.encode(normalized, forKey: .normalized)
    try c.encode(window, forKey: .window)
    try c.encode(statement, forKey: .statement)
    try c.encode(locator, forKey: .locator)
    try c.encode(studies, forKey: .studies)
    try c.encode(unverified, forKey: .unverified)
    try c.encode(implied, forKey: .implied)
  }
}

extension RecommendationSummary.Normalized {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(direction, forKey: .direction)
    try c.encode(strength, forKey: .strength)
    try c.encode(certainty, forKey: .certainty)
  }
}

extension RecommendationSummary.Window {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(start, forKey: .start)
    try c.encode(end, forKey: .end)
    try c.encode(after, forKey: .after)
  }
}
