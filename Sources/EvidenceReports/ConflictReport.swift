import ConflictAnalysis
import EvidenceModel

/// Everything a report shows, computed once: the analysis, the pathways, the diagnostics, the
/// sources, recommendations and unverified facts in scope. Every reporter renders this value and
/// none recomputes any of it.
public struct ConflictReport: Sendable {
  /// A fact marked unverified in the catalogue, for the "unverified" lists of every report.
  public struct UnverifiedFact: Hashable, Codable, Sendable {
    /// `source`, `recommendation`, `study`, `assumption` or `grading-scheme`.
    public var kind: String
    public var id: String
    public var note: String?
  }

  public let catalogueName: String
  public let catalogue: Catalogue
  public let analysis: Analysis
  public let pathways: [Pathway]
  /// The topics' disputes (``Analysis/disputes()``), most severe first.
  public let disputes: [Dispute]
  /// The committee decisions in scope, with whether each stands.
  public let decisions: [DecisionRow]
  /// How the reports name bodies.
  public let bodies: BodyLabels
  /// Catalogue warnings and analysis findings, sorted by location.
  public let diagnostics: [Diagnostic]
  /// The sources of the recommendations in scope, in catalogue order.
  public let sources: [Source]
  public let unverified: [UnverifiedFact]
  /// The tool version that wrote the report.
  public let toolVersion: String
  /// The least severity of the pairwise relations the reports list (`none`: all of them); the
  /// summaries, disputes and pathways always rest on every relation.
  public let minSeverity: ConflictSeverity

  /// The dispute of each relation id (``Dispute/index(_:)``).
  public let disputeOf: [String: String]
  /// Each position (stated recommendation or implied position) by id.
  public let positions: [String: AssessedRecommendation]
  // Per-topic indices, built once, so that a report of thousands of topics never scans every
  // relation, dispute or recommendation once per topic.
  private let disputesByTopic: [String: [Dispute]]
  private let pairwiseByTopic: [String: [Conflict]]
  private let historicalByTopic: [String: [Conflict]]
  private let recommendationsByTopic: [String: [AssessedRecommendation]]

  /// The live pairwise relations the reports list, most severe first.
  public let pairwise: [Conflict]
  /// The historical pairwise relations the reports list.
  public let pairwiseHistorical: [Conflict]
  /// The disputes of a topic, most severe first.
  public func disputes(inTopic topic: String) -> [Dispute] { disputesByTopic[topic] ?? [] }
  /// The live pairwise relations of a topic the reports list, most severe first.
  public func pairwise(inTopic topic: String) -> [Conflict] { pairwiseByTopic[topic] ?? [] }
  /// The historical pairwise relations of a topic the reports list.
  public func pairwiseHistorical(inTopic topic: String) -> [Conflict] { historicalByTopic[topic] ?? [] }
  /// The assessed stated recommendations of a topic, in analysis order.
  public func recommendations(inTopic topic: String) -> [AssessedRecommendation] { recommendationsByTopic[topic] ?? [] }

  public init(
    catalogue: Catalogue, catalogueName: String, analysis: Analysis,
    catalogueDiagnostics: [Diagnostic] = [], toolVersion: String, minSeverity: ConflictSeverity = .none
  ) {
    self.minSeverity = minSeverity
    self.catalogue = catalogue
    self.catalogueName = catalogueName
    self.analysis = analysis
    self.toolVersion = toolVersion
    let resolver = Resolver(catalogue: catalogue, analysis: analysis)
    let topics = analysis.options.topic.map { [$0] } ?? catalogue.topics.map(\.id)
    pathways = resolver.pathways(for: topics)
    disputes = analysis.disputes()
    disputeOf = Dispute.index(disputes)
    disputesByTopic = Dictionary(grouping: disputes, by: \.topic)
    positions = Dictionary((analysis.recommendations + analysis.implied).map { ($0.id, $0) }) { x, _ in x }
    pairwise = analysis.conflicts(atLeast: minSeverity)
    pairwiseHistorical = analysis.historical.filter { $0.severity >= minSeverity }
    pairwiseByTopic = Dictionary(grouping: pairwise, by: \.topic)
    historicalByTopic = Dictionary(grouping: pairwiseHistorical, by: \.topic)
    recommendationsByTopic = Dictionary(grouping: analysis.recommendations, by: \.recommendation.topic)
    decisions = DecisionRow.rows(analysis)
    bodies = BodyLabels(catalogue)
    diagnostics = (catalogueDiagnostics + analysis.findings).sortedByLocation()
    let used = Set(analysis.recommendations.map(\.source.id))
    sources = catalogue.sources.filter { used.contains($0.id) }
    var facts: [UnverifiedFact] = []
    for source in sources where source.verification.isUnverified {
      facts.append(.init(kind: "source", id: source.id, note: source.verification.note))
    }
    for r in analysis.recommendations where r.recommendation.verification.isUnverified {
      facts.append(.init(kind: "recommendation", id: r.id, note: r.recommendation.verification.note))
    }
    let cited = Set(analysis.recommendations.flatMap(\.recommendation.studies))
    for study in catalogue.studies where cited.contains(study.id) && study.verification.isUnverified {
      facts.append(.init(kind: "study", id: study.id, note: study.verification.note))
    }
    for pathway in pathways {
      for assumption in pathway.topic.assumptions where assumption.verification.isUnverified {
        facts.append(.init(kind: "assumption", id: assumption.id, note: assumption.verification.note))
      }
    }
    let schemes = Set(sources.compactMap { catalogue.scheme(of: $0)?.id })
    for scheme in catalogue.schemes where schemes.contains(scheme.id) && scheme.verification.isUnverified {
      facts.append(.init(kind: "grading-scheme", id: scheme.id, note: scheme.verification.note))
    }
    unverified = facts
  }

  /// The written summary of a topic's pathway (``TopicSummary``).
  public func summary(of pathway: Pathway) -> TopicSummary.Parts {
    TopicSummary.parts(
      pathway, disputes: disputes(inTopic: pathway.topic.id), decisions: decisions.filter { $0.topic == pathway.topic.id },
      catalogue: catalogue)
  }

  /// Conflicts (relations of a conflict type) by severity, most severe first.
  public var severityCounts: [(ConflictSeverity, Int)] {
    ConflictSeverity.allCases.reversed().map { severity in
      (severity, analysis.conflicts.filter { $0.type.isConflict && $0.severity == severity }.count)
    }
  }
}
