import EvidenceModel

/// A relation's type and how opposed its two sides are on the aspect it compares.
///
/// The opposition places the relation in its severity band (see ``ScoreComponents/score(_:_:)``):
/// the methodologist's scale of `dev-cases.md`, with each type and aspect mapped onto it in
/// `ScoringRules.md`.
struct Judgement {
  var type: ConflictType
  var opposition: Double = 0
}

/// The rules that type a relation and set its opposition, one per aspect.
enum Severity {
  /// Direction and strength, where the two collide.
  ///
  /// - for vs against: a contradiction; `strongContradiction` when at least one side is a strong
  ///   graded statement (strong-equivalent tier), else `contradiction` (a weak or conditional
  ///   "against" beside a "for", or two ungraded statements).
  /// - a direction vs no recommendation (insufficient evidence): `evidenceInterpretation`.
  /// - both for, one for selective use (shared decision, "offer selectively") and the other not:
  ///   a use divergence. Beside a strong statement it is `conditionalVersusStrong` when the
  ///   selective side is graded (else `sameDirection`). Beside a weaker one it is `sameDirection`,
  ///   unless the other restricts a dimension the selective one leaves open (first-degree
  ///   relatives beside "selectively offer to men who never smoked"): it then names whom to
  ///   select, and there is no divergence.
  /// - both for, one ranking the option first among alternatives and the other not: a preference
  ///   divergence, `sameDirection`.
  /// - same direction, graded strength on different levels: a strength divergence,
  ///   `sameDirection`; never for an ungraded statement or an evidence synthesis.
  /// - same direction and strength, both stating evidence levels on different certainty levels: a
  ///   certainty discordance, `sameDirection`.
  /// - otherwise agreement.
  static func position(
    _ a: AssessedRecommendation, _ b: AssessedRecommendation, collision: PopulationRegion,
    regions: (AssessedRecommendation) -> PopulationRegion, _ configuration: ScoringConfiguration
  ) -> Judgement {
    let o = configuration.opposition
    let (da, db) = (a.position.direction, b.position.direction)
    if da.sign * db.sign == -1 {
      let strong = a.strongEquivalent || b.strongEquivalent
      return Judgement(type: .contradiction, opposition: strong ? o.strongContradiction : o.contradiction)
    }
    if da != db { return Judgement(type: .evidenceInterpretationDivergence, opposition: o.evidenceInterpretation) }
    if da == .for, (a.recommendation.use == .selective) != (b.recommendation.use == .selective) {
      let (selective, other) = a.recommendation.use == .selective ? (a, b) : (b, a)
      if other.strongEquivalent {
        let graded = selective.position.strength != nil
        return Judgement(type: .useDivergence, opposition: graded ? o.conditionalVersusStrong : o.sameDirection)
      }
      let narrows = collision.restrictedDimensions.subtracting(regions(selective).restrictedDimensions)
      if narrows.isEmpty { return Judgement(type: .useDivergence, opposition: o.sameDirection) }
    }
    if da == .for, a.recommendation.preferred != b.recommendation.preferred {
      return Judgement(type: .preferenceDivergence, opposition: o.sameDirection)
    }
    if da != .neutral, strengthLevelsDiffer(a, b, configuration) {
      return Judgement(type: .strengthDivergence, opposition: o.sameDirection)
    }
    if da != .neutral, a.certaintyStated, b.certaintyStated,
      configuration.certaintyLevel(a.position.certainty) != configuration.certaintyLevel(b.position.certainty)
    {
      return Judgement(type: .certaintyDiscordance, opposition: o.sameDirection)
    }
    return Judgement(type: .agreement)
  }

  /// Whether two graded statements have strengths on different levels (never when either is
  /// ungraded or an evidence synthesis, which states no strength). A strong-equivalent tier is
  /// on the strong level whatever its number (USPSTF B beside ACC/AHA class I).
  static func strengthLevelsDiffer(
    _ a: AssessedRecommendation, _ b: AssessedRecommendation, _ configuration: ScoringConfiguration
  ) -> Bool {
    guard let x = a.position.strength, let y = b.position.strength, !a.isEvidenceSynthesis,
      !b.isEvidenceSynthesis
    else { return false }
    func level(_ r: AssessedRecommendation, _ s: Double) -> Int {
      r.strongEquivalent ? 3 : min(2, configuration.strengthLevel(s))
    }
    return level(a, x) != level(b, y)
  }

  /// How often: the same interval is agreement; a different one an interval divergence
  /// (`sameDirection`, minor).
  static func interval(
    _ x: RecurrenceInterval, _ y: RecurrenceInterval, _ configuration: ScoringConfiguration
  ) -> Judgement {
    x.sameSpan(as: y)
      ? Judgement(type: .agreement)
      : Judgement(type: .intervalDivergence, opposition: configuration.opposition.sameDirection)
  }

  /// Two targets on one measure, and the band where management differs (where a value is inside
  /// one target and outside the other). See ``targetManagement(_:_:)`` for the band.
  static func target(
    _ x: Population.MeasureRange, _ y: Population.MeasureRange, _ configuration: ScoringConfiguration
  ) -> (Judgement, String?) {
    let parts = (x.subtracting(y) + y.subtracting(x)).filter { !$0.isEmpty }
    guard !parts.isEmpty else { return (Judgement(type: .agreement), nil) }
    let band = parts.sorted { ($0.min ?? -.infinity) < ($1.min ?? -.infinity) }.map(\.summary)
      .joined(separator: " and ")
    return (targetManagement([x, y], configuration), band)
  }

  /// A target difference changes management for a sizeable group (`sizeableTarget`, moderate):
  /// a ceiling beside another ceiling or a band (< 7 % beside 7–8 %), or a target beside an
  /// action threshold (intensify from 7.5 %). Two bands that overlap and differ at an edge
  /// (7–8 % beside 7–8.5 %) are a small edge (`sameDirection`, minor).
  static func targetManagement(
    _ targets: [Population.MeasureRange], _ configuration: ScoringConfiguration
  ) -> Judgement {
    let o = configuration.opposition
    let edge =
      targets.count == 2 && targets.allSatisfy { $0.min != nil && $0.max != nil }
      && !targets[0].intersection(targets[1]).isEmpty
    return Judgement(type: .targetDivergence, opposition: edge ? o.sameDirection : o.sizeableTarget)
  }
}

extension PopulationRegion {
  /// The qualifier dimensions and measures some box of the region restricts.
  var restrictedDimensions: Set<String> {
    Set(boxes.flatMap { Array($0.qualifiers.keys) + Array($0.ranges.keys) })
  }
}

extension RecurrenceInterval {
  /// Whether two intervals span the same times (every 3 years and every 36 months).
  func sameSpan(as other: RecurrenceInterval) -> Bool {
    minimum?.days == other.minimum?.days && (maximum ?? minimum)?.days == (other.maximum ?? other.minimum)?.days
  }
}

extension Population.MeasureRange {
  /// The parts of this range outside `other` (same measure and unit): up to two ranges.
  func subtracting(_ other: Population.MeasureRange) -> [Population.MeasureRange] {
    other.complement.map { intersection($0) }.filter { !$0.isEmpty }
  }
}
