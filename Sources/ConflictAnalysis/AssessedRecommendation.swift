import EvidenceModel

/// A recommendation with everything the comparator and the resolver need, computed once from the
/// catalogue: its normalised position, bodies, source, window on the timeline, population, source
/// quality and recency.
///
/// A position implied by an exclusive scope (``ImpliedPosition``) is assessed the same way and
/// compared like a stated one: ``implied`` holds it, ``id`` is derived from its statement
/// (`l-a13~window-after`), and its strength and certainty are the statement's, never more.
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
  /// The implied position this stands for, or `nil` for a stated recommendation.
  public let implied: ImpliedPosition?
  /// Whether the grade counts as strong in the test for a major conflict: the tier's
  /// `strong-equivalent`, else a strength at least `strongRecommendationStrength`; never for an
  /// ungraded statement.
  public let strongEquivalent: Bool
  /// The id of the stated recommendation: itself, or the statement an implied position comes
  /// from.
  public var statementID: String { implied?.statement ?? recommendation.id }
  /// Whether this is an implied position.
  public var isImplied: Bool { implied != nil }
  /// Whether this is a position implied by a target (on a concept that steps a therapy up or
  /// down).
  public var isFromTarget: Bool { implied?.kind == .target }
  /// The population of the statement: for an implied position, that of the statement it comes
  /// from.
  public let statementPopulation: String
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
  public convenience init?(
    _ recommendation: Recommendation, in catalogue: Catalogue, asOf: CalendarDate,
    configuration: ScoringConfiguration
  ) {
    guard let source = catalogue.source(recommendation.source),
      let position = catalogue.normalizedPosition(of: recommendation),
      let population = catalogue.population(recommendation.population)
    else { return nil }
    self.init(
      recommendation, source: source, position: position, population: population, implied: nil,
      catalogue: catalogue, asOf: asOf, configuration: configuration)
  }

  /// Assesses the positions implied by a stated recommendation's exclusive scope: each is
  /// `against`, with the statement's strength and certainty, its derived window and population.
  public func impliedPositions(
    in catalogue: Catalogue, asOf: CalendarDate, configuration: ScoringConfiguration
  ) -> [AssessedRecommendation] {
    guard implied == nil else { return [] }
    let topic = catalogue.topic(recommendation.topic)
    // A position implied until a prerequisite no assumption places on the timeline cannot be
    // placed: it is left out of the comparison (the catalogue still lists it).
    let placed = catalogue.impliedPositions(of: recommendation).filter { implied in
      implied.window.until.isEmpty || EffectiveWindow(implied.window, topic: topic).untimedPrerequisites.isEmpty
    }
    return placed.map { implied in
      var derived = recommendation
      derived.id = recommendation.id + "~" + (implied.population.id.split(separator: "~").last.map(String.init) ?? "implied")
      derived.direction = implied.direction
      if let concept = implied.intervention { derived.interventions = [concept] }
      derived.population = implied.population.id
      derived.window = implied.window
      derived.statement = implied.summary
      derived.exclusive = []
      // The statement's exceptions stay: a statement that leaves a subgroup out implies nothing
      // for it either.
      derived.use = nil
      derived.preferred = false
      derived.interval = nil
      derived.target = nil
      derived.conditions = []
      let normalized = NormalizedPosition(
        direction: implied.direction, strength: position.strength, certainty: position.certainty)
      return AssessedRecommendation(
        derived, source: source, position: normalized, population: implied.population,
        implied: implied, statementPopulation: recommendation.population, catalogue: catalogue, asOf: asOf,
        configuration: configuration,
        // A position inferred from a target or a strategy is never a strong graded statement on
        // the concept it speaks to.
        strongEquivalent: implied.intervention == nil ? strongEquivalent : false)
    }
  }

  private init(
    _ recommendation: Recommendation, source: Source, position: NormalizedPosition,
    population: Population, implied: ImpliedPosition?, statementPopulation: String? = nil, catalogue: Catalogue,
    asOf: CalendarDate, configuration: ScoringConfiguration, strongEquivalent: Bool? = nil
  ) {
    self.statementPopulation = statementPopulation ?? recommendation.population
    self.recommendation = recommendation
    self.source = source
    self.position = position
    self.population = population
    self.implied = implied
    self.strongEquivalent =
      strongEquivalent
      ?? position.strength.map { strength in
        catalogue.strengthTier(of: recommendation)?.strongEquivalent
          ?? (strength >= configuration.strongRecommendationStrength - 1e-9)
      } ?? false
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
