import EvidenceModel

/// Classifies and scores one pair of recommendations on related intervention concepts.
///
/// One classifier serves one thread: it caches population overlaps, which many recommendations
/// share.
final class PairClassifier {
  let context: ConflictContext
  private var configuration: ScoringConfiguration { context.configuration }
  private let overlaps: PopulationOverlaps

  init(context: ConflictContext) {
    self.context = context
    overlaps = PopulationOverlaps(context.configuration, catalogue: context.catalogue)
  }

  /// The relation between two recommendations, or `nil` when there is nothing to report (the
  /// populations never meet and the positions are the same, or the windows never meet and the
  /// directions are not opposed).
  func classify(
    _ a: AssessedRecommendation, _ b: AssessedRecommendation, on intervention: String, root: String
  ) -> Conflict? {
    // Order the pair by id so that the result is symmetric.
    let (a, b) = a.id <= b.id ? (a, b) : (b, a)
    let population = overlaps.between(a.population, b.population)
    let windowsMeet = a.window.meets(b.window)
    let type: ConflictType
    let (da, db) = (a.position.direction, b.position.direction)
    // An unknown strength (an ungraded statement) never makes a strength divergence.
    let sameStrength =
      a.isUngraded || b.isUngraded
      || configuration.strengthLevel(a.position.strength ?? 0)
        == configuration.strengthLevel(b.position.strength ?? 0)
    let positionsDiffer = da != db || (!sameStrength && !a.isEvidenceSynthesis && !b.isEvidenceSynthesis)
    if population.value.isDisjoint {
      guard positionsDiffer else { return nil }
      type = .populationMismatch
    } else if da.sign * db.sign == -1 {
      type = windowsMeet ? .contradiction : .timingOnlyDifference
    } else if !windowsMeet {
      return nil
    } else if da != db {
      type = .evidenceInterpretationDivergence
    } else if da != .neutral, a.certaintyStated, b.certaintyStated,
      configuration.certaintyLevel(a.position.certainty)
        != configuration.certaintyLevel(b.position.certainty)
    {
      type = .certaintyDiscordance
    } else if da != .neutral, !sameStrength, !a.isEvidenceSynthesis, !b.isEvidenceSynthesis {
      type = .strengthDivergence
    } else {
      type = .agreement
    }
    var score = 0.0
    var severity = ConflictSeverity.none
    if type.isConflict {
      score = ScoreComponents.of(type, a, b, overlap: population.value, configuration).score(configuration.weights)
      severity = configuration.severity(ofScore: score)
    }
    return Conflict(
      type: type, severity: severity, score: score, intervention: intervention, root: root, a, b,
      overlap: population, context: context)
  }
}
