import EvidenceModel

/// Classifies and scores one pair of recommendations on related intervention concepts.
///
/// One classifier serves one thread: it caches population overlaps (populations are shared by
/// many recommendations) and the explainer's per-recommendation texts.
final class PairClassifier {
  let catalogue: Catalogue
  let configuration: ScoringConfiguration
  private var overlaps: [PopulationPair: PopulationOverlap] = [:]
  private var sides: [ObjectIdentifier: ConflictSide] = [:]
  private lazy var explainer = Explainer(catalogue: catalogue, configuration: configuration)

  private struct PopulationPair: Hashable {
    var first: String
    var second: String
  }

  init(catalogue: Catalogue, configuration: ScoringConfiguration) {
    self.catalogue = catalogue
    self.configuration = configuration
  }

  private func overlap(_ a: Population, _ b: Population) -> PopulationOverlap {
    let key = PopulationPair(first: a.id, second: b.id)
    if let known = overlaps[key] { return known }
    let computed = PopulationOverlap.between(
      a, b, crossRestrictionFactor: configuration.crossRestrictionFactor)
    overlaps[key] = computed
    return computed
  }

  /// The relation between two recommendations, or `nil` when there is nothing to report (the
  /// populations never meet and the positions are the same, or the windows never meet and the
  /// directions are not opposed).
  func classify(
    _ a: AssessedRecommendation, _ b: AssessedRecommendation, on intervention: String, root: String
  ) -> Conflict? {
    // Order the pair by id so that the result is symmetric.
    let (a, b) = a.id <= b.id ? (a, b) : (b, a)
    let population = overlap(a.population, b.population)
    let common = a.window.intersection(with: b.window)
    let windowOverlap = a.window.overlap(with: b.window)
    let type: ConflictType
    var opposition = 0.0
    let (da, db) = (a.position.direction, b.position.direction)
    let sameStrength =
      configuration.strengthLevel(a.position.strength) == configuration.strengthLevel(b.position.strength)
    let positionsDiffer = da != db || (!sameStrength && !a.isEvidenceSynthesis && !b.isEvidenceSynthesis)
    if population.isDisjoint {
      guard positionsDiffer else { return nil }
      type = .populationMismatch
    } else if da.sign * db.sign == -1 {
      if common == nil {
        type = .timingOnlyDifference
      } else {
        type = .contradiction
        opposition = configuration.opposition.contradiction
      }
    } else if common == nil {
      return nil
    } else if da != db {
      type = .evidenceInterpretationDivergence
      opposition = configuration.opposition.evidenceInterpretation
    } else if da != .neutral, a.certaintyStated, b.certaintyStated,
      configuration.certaintyLevel(a.position.certainty)
        != configuration.certaintyLevel(b.position.certainty)
    {
      type = .certaintyDiscordance
      opposition = configuration.opposition.sameDirection * abs(a.position.certainty - b.position.certainty)
    } else if da != .neutral, !sameStrength, !a.isEvidenceSynthesis, !b.isEvidenceSynthesis {
      type = .strengthDivergence
      opposition = configuration.opposition.sameDirection * abs(a.position.strength - b.position.strength)
    } else {
      type = .agreement
    }
    let components = ScoreComponents(
      opposition: opposition,
      strength: (a.position.strength + b.position.strength) / 2,
      certainty: (a.position.certainty + b.position.certainty) / 2,
      populationOverlap: population.fraction, windowOverlap: windowOverlap,
      sourceQuality: (a.quality + b.quality) / 2, recency: (a.recency + b.recency) / 2
    ).rounded
    let score = type.isConflict ? components.score(configuration.weights) : 0
    let severity = type.isConflict ? configuration.severity(ofScore: score) : .none
    return Conflict(
      id: Conflict.id(a.id, b.id, hierarchy: root), type: type,
      severity: severity, score: score, components: components,
      recommendations: [a.id, b.id],
      societies: Array(Set(a.source.bodies + b.source.bodies)).sorted(),
      intervention: intervention, topic: a.recommendation.topic,
      window: common?.summary,
      population: population.disjointReason.map { "disjoint: \($0)" } ?? population.intersection,
      sides: [side(a), side(b)],
      // An agreement needs no accounting for; every other relation is explained.
      explanations: type == .agreement
        ? [] : explainer.explain(type, a, b, population: population, common: common))
  }

  private func side(_ r: AssessedRecommendation) -> ConflictSide {
    if let known = sides[ObjectIdentifier(r)] { return known }
    let side = ConflictSide(
      recommendation: r.id, source: r.source.id, bodies: r.source.bodies,
      interventions: r.recommendation.interventions, direction: r.position.direction,
      grade: r.grade, strength: r.position.strength, certainty: r.position.certainty,
      window: r.window.summary, population: r.population.id, unverified: r.isUnverified,
      statement: r.recommendation.statement)
    sides[ObjectIdentifier(r)] = side
    return side
  }
}
