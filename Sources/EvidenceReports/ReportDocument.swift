import ConflictAnalysis
import EvidenceModel

/// The JSON shape of `conflict-report.json`, described by `Evidence/schema/conflict-report.schema.json`.
public struct ReportDocument: Sendable {
  /// Raised when the shape changes incompatibly.
  public static let schemaVersion = 2

  struct Tool: Encodable {
    var name = "evidence-conflicts"
    var version: String
  }

  struct CatalogueSummary: Encodable {
    var name: String
    var files, gradingSchemes, bodies, interventions, populations, topics, studies, sources,
      recommendations: Int
  }

  struct SourceRow: Encodable {
    var id, kind, title, citation: String
    var year: Int?
    var bodies: [String]
    var scheme: String?
    var status: String
    var supersededBy: String?
    var reviewBy: String?
    var link: String?
    var identifiers: Identifiers
    var unverified: Bool
    var unverifiedNote: String?
  }

  struct Normalized: Encodable {
    var direction: String
    /// `nil` (written as null) when the strength is unknown: an ungraded statement.
    var strength: Double?
    var certainty: Double

    private enum CodingKeys: String, CodingKey { case direction, strength, certainty }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(direction, forKey: .direction)
      try c.encode(strength, forKey: .strength)
      try c.encode(certainty, forKey: .certainty)
    }
  }

  struct RecommendationRow: Encodable {
    var id, source, topic, population, direction, statement, locator: String
    /// The native strength label; `nil` (left out) for a scheme that grades evidence only, whose
    /// grade is its `evidenceLevel`.
    var strength: String?
    var bodies, interventions, studies, conditions, exclusions: [String]
    var evidenceLevel: String?
    var normalized: Normalized
    var window: EffectiveWindow
    var unverified: Bool
    /// The positions its exclusive scope implies, each naming the statement it comes from.
    var implied: [ImpliedRow]
  }

  /// A position implied by a recommendation's exclusive scope (never a stated recommendation).
  struct ImpliedRow: Encodable {
    var statement, outside, direction: String
    var window: EffectiveWindow
    var population, summary: String
  }

  let report: ConflictReport

  public init(_ report: ConflictReport) {
    self.report = report
  }

  /// The document as text (the same bytes as ``write(to:)``).
  public func render() throws -> String {
    var text = ""
    try write(to: &text)
    return text
  }

  /// Writes the document, its large arrays one element at a time, pretty-printed with sorted
  /// keys and a final line feed; `progress` counts the elements written.
  public func write<Output: TextOutputStream>(
    to output: inout Output, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
  ) throws {
    let c = report.catalogue
    let analysis = report.analysis
    let skeleton = Skeleton(
      tool: Tool(version: report.toolVersion), asOf: analysis.options.asOf.description,
      topic: analysis.options.topic, minSeverity: report.minSeverity.rawValue,
      catalogue: CatalogueSummary(
        name: report.catalogueName, files: c.files.count, gradingSchemes: c.schemes.count,
        bodies: c.bodies.count, interventions: c.interventions.count,
        populations: c.populations.count, topics: c.topics.count, studies: c.studies.count,
        sources: c.sources.count, recommendations: c.recommendations.count),
      counts: ConflictsDocument.Counts(analysis.conflicts),
      summary: report.pathways.map(report.summary(of:)), decisions: report.decisions)
    let pathways = report.pathways
    let sources = report.sources
    let disputes = report.disputes
    let recommendations = analysis.recommendations
    try JSONStream.write(
      skeleton,
      arrays: [
        "conflicts": RelationRow.rows(report.pairwise, disputes),
        "disputes": .init(disputes),
        "historical": RelationRow.rows(report.pairwiseHistorical, []),
        "editionChanges": .init(analysis.editionChanges),
        "pathways": .init(count: pathways.count) { PathwayDocument(pathways[$0], analysis: analysis) },
        "findings": .init(report.diagnostics),
        "sources": .init(count: sources.count) { sourceRow(sources[$0]) },
        "recommendations": .init(count: recommendations.count) { Self.recommendationRow(recommendations[$0], c) },
        "unverified": .init(report.unverified),
      ], to: &output, progress: progress)
  }

  /// The fields other than the large arrays, which are placeholders here.
  private struct Skeleton: Encodable {
    var schemaVersion = ReportDocument.schemaVersion
    var tool: Tool
    var asOf: String
    var topic: String?
    /// The least severity of the pairwise relations listed in `conflicts` and `historical`.
    var minSeverity: String
    var catalogue: CatalogueSummary
    var counts: ConflictsDocument.Counts
    var summary: [TopicSummary.Parts]
    var decisions: [DecisionRow]
    var conflicts = JSONStream.placeholder
    var disputes = JSONStream.placeholder
    var historical = JSONStream.placeholder
    var editionChanges = JSONStream.placeholder
    var pathways = JSONStream.placeholder
    var findings = JSONStream.placeholder
    var sources = JSONStream.placeholder
    var recommendations = JSONStream.placeholder
    var unverified = JSONStream.placeholder

    private enum CodingKeys: String, CodingKey {
      case schemaVersion, tool, asOf, topic, minSeverity, catalogue, counts, summary, decisions, conflicts, disputes, historical
      case editionChanges, pathways
      case findings, sources, recommendations, unverified
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(schemaVersion, forKey: .schemaVersion)
      try c.encode(tool, forKey: .tool)
      try c.encode(asOf, forKey: .asOf)
      try c.encode(topic, forKey: .topic)  // null when the report covers every topic
      try c.encode(minSeverity, forKey: .minSeverity)
      try c.encode(catalogue, forKey: .catalogue)
      try c.encode(counts, forKey: .counts)
      try c.encode(summary, forKey: .summary)
      try c.encode(decisions, forKey: .decisions)
      try c.encode(conflicts, forKey: .conflicts)
      try c.encode(disputes, forKey: .disputes)
      try c.encode(historical, forKey: .historical)
      try c.encode(editionChanges, forKey: .editionChanges)
      try c.encode(pathways, forKey: .pathways)
      try c.encode(findings, forKey: .findings)
      try c.encode(sources, forKey: .sources)
      try c.encode(recommendations, forKey: .recommendations)
      try c.encode(unverified, forKey: .unverified)
    }
  }

  private func sourceRow(_ s: Source) -> SourceRow {
    SourceRow(
      id: s.id, kind: s.kind.rawValue, title: s.title, citation: s.citation, year: s.year,
      bodies: s.bodies, scheme: report.catalogue.scheme(of: s)?.id, status: s.status.rawValue,
      supersededBy: s.supersededBy, reviewBy: s.reviewBy?.description,
      link: s.identifiers.preferredLink, identifiers: s.identifiers,
      unverified: s.verification.isUnverified, unverifiedNote: s.verification.note)
  }

  private static func recommendationRow(_ r: AssessedRecommendation, _ catalogue: Catalogue) -> RecommendationRow {
    let rec = r.recommendation
    return RecommendationRow(
      id: rec.id, source: rec.source, topic: rec.topic, population: rec.population,
      direction: rec.direction.rawValue, statement: rec.statement,
      locator: rec.locator, strength: rec.strength, bodies: r.source.bodies, interventions: rec.interventions,
      studies: rec.studies, conditions: rec.conditions, exclusions: rec.exclusions,
      evidenceLevel: rec.evidenceLevel,
      normalized: Normalized(
        direction: r.position.direction.rawValue, strength: r.position.strength,
        certainty: r.position.certainty),
      window: r.window, unverified: r.isUnverified,
      implied: catalogue.impliedPositions(of: rec).map {
        ImpliedRow(
          statement: $0.statement, outside: $0.outside.description, direction: $0.direction.rawValue,
          window: EffectiveWindow($0.window, topic: catalogue.topic(rec.topic)), population: $0.population.name,
          summary: $0.summary)
      })
  }
}
