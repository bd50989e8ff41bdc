import EvidenceModel

/// Every number the comparator and the resolver use, in one place, with defaults.
///
/// The defaults are judgements, documented in `ScoringRules.md`; a committee may override any of
/// them from a JSON file (`--scoring FILE`) without touching code. Keys that are absent keep their
/// defaults; unknown keys are rejected.
public struct ScoringConfiguration: Hashable, Codable, Sendable {
  /// The weights of the four magnitude components (they are normalised by their sum).
  public struct Weights: Hashable, Codable, Sendable {
    public var strength = 0.35
    public var certainty = 0.35
    public var sourceQuality = 0.15
    public var recency = 0.15

    public init() {}
    var sum: Double { strength + certainty + sourceQuality + recency }
  }

  /// The opposition of each kind of relation: it places the relation in its severity band. With
  /// the default bands and floor, 1.0 is major, 0.6 moderate and 0.3 minor: the methodologist's
  /// scale of `dev-cases.md` (see `ScoringRules.md`).
  public struct Opposition: Hashable, Codable, Sendable {
    /// For against (or the reverse) in an overlapping segment, with at least one strong graded
    /// (strong-equivalent) side: major.
    public var strongContradiction = 1.0
    /// For against with no strong graded side (a weak or conditional "against" beside a "for",
    /// or ungraded statements): moderate.
    public var contradiction = 0.6
    /// A directional recommendation against a "no recommendation / insufficient evidence" one:
    /// moderate.
    public var evidenceInterpretation = 0.6
    /// A graded selective ("offer selectively", conditional) recommendation beside a strong one
    /// for everyone in the same group: moderate.
    public var conditionalVersusStrong = 0.6
    /// Targets that differ where both statements speak to the topic's whole population (the
    /// difference changes management for a sizeable group): moderate.
    public var sizeableTarget = 0.6
    /// The same direction with a different strength, use, interval or certainty, or a target
    /// difference in a subgroup: minor.
    public var sameDirection = 0.3

    public init() {}
  }

  /// Lower score bounds of the severity bands; a score below `minor` is severity `none`.
  public struct Bands: Hashable, Codable, Sendable {
    public var major = 70.0
    public var moderate = 40.0
    public var minor = 10.0

    public init() {}
  }

  public var weights = Weights()
  public var opposition = Opposition()
  public var bands = Bands()
  /// Lower bounds of the certainty levels high, moderate and low (below the last: very low).
  public var certaintyLevels = [0.8, 0.6, 0.35]
  /// Lower bounds of the strength levels strong, moderate and weak (below the last: none).
  public var strengthLevels = [0.9, 0.65, 0.3]
  /// Source quality by kind of source, 0–1, used when a source carries no appraisal score.
  public var sourceQuality: [String: Double] = [
    Source.Kind.systematicReview.rawValue: 0.9,
    Source.Kind.guideline.rawValue: 0.8,
    Source.Kind.technologyAppraisal.rawValue: 0.8,
    Source.Kind.appropriatenessCriteria.rawValue: 0.7,
    Source.Kind.appropriateUseCriteria.rawValue: 0.7,
    Source.Kind.practiceParameter.rawValue: 0.5,
    Source.Kind.qualityImprovementGuideline.rawValue: 0.5,
    Source.Kind.standardsOfPractice.rawValue: 0.5,
    Source.Kind.positionStatement.rawValue: 0.5,
  ]
  /// The factor applied to the quality of a source or recommendation marked unverified.
  public var unverifiedQualityFactor = 0.8
  /// A source this many years old (or older) has recency 0; a source of the as-of year has 1.
  public var recencyHorizonYears = 25.0
  /// The population overlap when each side restricts a dimension the other leaves open.
  public var crossRestrictionFactor = 0.75
  /// A winning "for" position at least this strong reads "do"; weaker reads "consider".
  public var doStrength = 0.75
  /// The `strong-on-low-certainty` finding: strength at least this, certainty below the next.
  public var strongRecommendationStrength = 0.9
  public var lowCertaintyBelow = 0.6
  /// Recommendations at or below this certainty with no evidence level are consensus.
  public var consensusCertaintyAtMost = 0.25
  /// A source this many years old at the as-of date is stale (`stale-source`).
  public var staleAfterYears = 10
  /// The share of the score that the opposition alone gives: a relation scores between
  /// `100 × opposition × magnitudeFloor` and `100 × opposition`, so that the magnitude orders
  /// relations inside their band without moving them out of it.
  public var magnitudeFloor = 0.7

  public init() {}

  /// The certainty level: 3 high, 2 moderate, 1 low, 0 very low.
  public func certaintyLevel(_ certainty: Double) -> Int {
    Self.level(certainty, certaintyLevels)
  }

  /// The strength level: 3 strong, 2 moderate, 1 weak, 0 none.
  public func strengthLevel(_ strength: Double) -> Int { Self.level(strength, strengthLevels) }

  private static func level(_ value: Double, _ bounds: [Double]) -> Int {
    let passed = bounds.firstIndex { value >= $0 - 1e-9 } ?? bounds.count
    return bounds.count - passed
  }

  /// The severity band of a score.
  public func severity(ofScore score: Double) -> ConflictSeverity {
    if score >= bands.major { return .major }
    if score >= bands.moderate { return .moderate }
    if score >= bands.minor { return .minor }
    return .none
  }

  /// Problems that make a configuration unusable (weights summing to zero, values out of range).
  public var problems: [String] {
    var problems: [String] = []
    let unit: [(String, Double)] = [
      ("opposition.strongContradiction", opposition.strongContradiction),
      ("opposition.contradiction", opposition.contradiction),
      ("opposition.evidenceInterpretation", opposition.evidenceInterpretation),
      ("opposition.conditionalVersusStrong", opposition.conditionalVersusStrong),
      ("opposition.sizeableTarget", opposition.sizeableTarget),
      ("opposition.sameDirection", opposition.sameDirection), ("magnitudeFloor", magnitudeFloor),
      ("unverifiedQualityFactor", unverifiedQualityFactor),
      ("crossRestrictionFactor", crossRestrictionFactor), ("doStrength", doStrength),
      ("strongRecommendationStrength", strongRecommendationStrength),
      ("lowCertaintyBelow", lowCertaintyBelow),
      ("consensusCertaintyAtMost", consensusCertaintyAtMost),
    ] + sourceQuality.sorted { $0.key < $1.key }.map { ("sourceQuality.\($0.key)", $0.value) }
    for (name, value) in unit where !(0...1).contains(value) {
      problems.append("\(name) must be between 0 and 1, not \(value)")
    }
    let weights = [
      ("weights.strength", weights.strength), ("weights.certainty", weights.certainty),
      ("weights.sourceQuality", weights.sourceQuality), ("weights.recency", weights.recency),
    ]
    for (name, value) in weights where !(value >= 0 && value.isFinite) {
      problems.append("\(name) must be zero or more, not \(value)")
    }
    if !(self.weights.sum > 0 && self.weights.sum.isFinite) {
      problems.append("the weights must not all be zero, and their sum must be finite")
    }
    let kinds = Set(Source.Kind.allCases.map(\.rawValue))
    for kind in sourceQuality.keys.sorted() where !kinds.contains(kind) {
      problems.append(
        "sourceQuality.\(kind) is not a kind of source; expected one of: "
          + Source.Kind.allCases.map(\.rawValue).joined(separator: ", "))
    }
    if !(bands.minor <= bands.moderate && bands.moderate <= bands.major)
      || !(bands.minor > 0) || !(0...100).contains(bands.major)
    {
      problems.append("bands must satisfy 0 < minor ≤ moderate ≤ major ≤ 100")
    }
    let levels = [("certaintyLevels", certaintyLevels), ("strengthLevels", strengthLevels)]
    for (name, bounds) in levels
    where bounds.count != 3 || bounds != bounds.sorted(by: >) || bounds.contains(where: { !(0...1).contains($0) }) {
      problems.append("\(name) must be three decreasing numbers between 0 and 1")
    }
    if !(recencyHorizonYears > 0 && recencyHorizonYears.isFinite) {
      problems.append("recencyHorizonYears must be more than 0")
    }
    if staleAfterYears < 0 { problems.append("staleAfterYears must be zero or more") }
    return problems
  }
}
