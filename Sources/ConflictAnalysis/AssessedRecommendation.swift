import EvidenceModel

/// A recommendation with everything the comparator and the resolver need, computed once from the
/// catalogue: its normalised position, bodies, source, window on the timeline, population, source
/// quality and recency.
///
/// A class, so that the comparator's many references to one recommendation share it instead of
/// copying its strings (the value is immutable).
public final class AssessedRecommendation: Sendable {
  public let recommendation: Recommendation
  public let source: Source
  public let position: NormalizedPosition
  public let population: Population
  public let window: EffectiveWindow
  /// Source quality 0–1: the appraisal's overall score when known, else the kind's default;
  /// reduced when the source or the recommendation is unverified.
  public let quality: Double
  /// Recency 0–1 at the analysis date.
  public let recency: Double
  /// Whether the recommendation states the certainty of its evidence (an evidence level).
  public var certaintyStated: Bool { recommendation.evidenceLevel != nil }
  /// Whether the source is an evidence synthesis (a systematic review or evidence report), whose
  /// conclusions carry a direction and a certainty but no strength of recommendation.
  public var isEvidenceSynthesis: Bool { source.kind == .systematicReview }
  /// Whether the source or the recommendation is marked unverified.
  public var isUnverified: Bool {
    recommendation.verification.isUnverified || source.verification.isUnverified
  }
  public var id: String { recommendation.id }
  public var year: Int? { source.year }
  /// Whether the strength is unknown (an ungraded statement, or a scheme grading evidence only).
  public var isUngraded: Bool { position.strength == nil }

  /// Assesses a recommendation, or returns `nil` when its source, population or grade cannot be
  /// found (validation reports those).
  public init?(
    _ recommendation: Recommendation, in catalogue: Catalogue, asOf: CalendarDate,
    configuration: ScoringConfiguration
  ) {
    guard let source = catalogue.source(recommendation.source),
      let position = catalogue.normalizedPosition(of: recommendation),
      let population = catalogue.population(recommendation.population)
    else { return nil }
    self.recommendation = recommendation
    self.source = source
    self.position = position
    self.population = population
    window = EffectiveWindow(recommendation.window, topic: catalogue.topic(recommendation.topic))
    var quality =
      source.appraisal?.overall.map { $0 / 100 }
      ?? configuration.sourceQuality[source.kind.rawValue] ?? 0.5
    if recommendation.verification.isUnverified || source.verification.isUnverified {
      quality *= configuration.unverifiedQualityFactor
    }
    self.quality = min(1, max(0, quality))
    if let year = source.year {
      let age = Double(max(0, asOf.year - year))
      recency = max(0, 1 - age / configuration.recencyHorizonYears)
    } else {
      recency = 0
    }
  }

  /// How the recommendation's evidence base reads in an explanation.
  func evidenceBasis(_ configuration: ScoringConfiguration) -> EvidenceBasis {
    if let level = recommendation.evidenceLevel { return .graded(level) }
    if position.certainty <= configuration.consensusCertaintyAtMost + 1e-9 { return .consensus }
    return .ungraded
  }

  /// The grade as the source writes it, such as `Strong, evidence I`.
  public var grade: String { recommendation.grade }
}

/// What a recommendation's certainty rests on.
enum EvidenceBasis: Equatable {
  /// An evidence level stated in the source's scheme.
  case graded(String)
  /// Expert consensus: no evidence level and a consensus-level certainty.
  case consensus
  /// A grade whose tier implies a certainty, without a separate evidence level.
  case ungraded
}
