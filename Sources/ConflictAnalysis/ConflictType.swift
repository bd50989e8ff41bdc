/// How two positions on the same clinical question relate on one aspect; the raw values are
/// stable ids.
public enum ConflictType: String, Codable, Sendable, CaseIterable {
  /// Opposite directions where both windows and both populations overlap.
  case contradiction
  /// Same direction, graded strengths on different levels.
  case strengthDivergence = "strength-divergence"
  /// Same direction, one side for selective use (shared decision, "offer selectively") and the
  /// other for everyone in the group.
  case useDivergence = "use-divergence"
  /// Same direction, one side ranks the option first among alternatives and the other accepts it
  /// as one option among equals.
  case preferenceDivergence = "preference-divergence"
  /// One side finds the evidence insufficient (no recommendation), the other recommends a direction.
  case evidenceInterpretationDivergence = "evidence-interpretation-divergence"
  /// Same direction, both state the certainty of their evidence, and they grade it differently.
  case certaintyDiscordance = "certainty-discordance"
  /// Both act, on different strategies: one names its strategy the only option (`exclusive:
  /// [alternatives]`) where the other recommends a sibling strategy.
  case strategyDivergence = "strategy-divergence"
  /// Both recommend the therapy, in different variants of it (intensity, dose, drug of a class).
  case variantDivergence = "variant-divergence"
  /// Both recommend the action, at different intervals.
  case intervalDivergence = "interval-divergence"
  /// Both recommend treating to a target on the same measure, and the targets differ.
  case targetDivergence = "target-divergence"
  /// A specific statement for a subgroup beside a general one that leaves the subgroup to it (an
  /// exception, or a general statement on routine use): not a conflict.
  case complementary
  /// Opposite directions in disjoint windows: complementary advice, not a conflict.
  case timingOnlyDifference = "timing-only-difference"
  /// The positions differ, but the populations do not overlap: not comparable as stated.
  case populationMismatch = "population-mismatch"
  /// The positions agree where they meet.
  case agreement

  /// Whether the type is a disagreement that can carry a severity above `none`.
  public var isConflict: Bool {
    switch self {
    case .contradiction, .strengthDivergence, .useDivergence, .preferenceDivergence,
      .evidenceInterpretationDivergence,
      .certaintyDiscordance, .strategyDivergence, .variantDivergence, .intervalDivergence,
      .targetDivergence:
      true
    case .complementary, .timingOnlyDifference, .populationMismatch, .agreement: false
    }
  }

  /// Whether the two sides point different ways (for, against, no recommendation).
  /// What the relation means, in a phrase for a report's prose ("the bodies recommend opposite
  /// directions for the same patients").
  public var meaning: String {
    switch self {
    case .contradiction: "the bodies recommend opposite directions for the same patients at the same time"
    case .strengthDivergence: "the bodies agree on the direction but grade its strength differently"
    case .useDivergence: "one side recommends it for everyone in the group, the other only for selected patients"
    case .preferenceDivergence: "one side ranks it first, the other accepts it among equal options"
    case .evidenceInterpretationDivergence:
      "one side finds the evidence insufficient to recommend either way where the other takes a position"
    case .certaintyDiscordance: "the bodies agree on the direction but grade the certainty of the evidence differently"
    case .strategyDivergence: "one side names its strategy the only option where the other recommends another"
    case .variantDivergence: "the bodies recommend different variants of the therapy"
    case .intervalDivergence: "the bodies recommend it at different intervals"
    case .targetDivergence: "the bodies treat to different targets"
    case .complementary: "a specific statement for a subgroup beside a general one that leaves the subgroup to it"
    case .timingOnlyDifference: "the positions differ only in timing, in windows that do not meet"
    case .populationMismatch: "the positions concern populations that do not overlap"
    case .agreement: "the positions agree"
    }
  }

  public var isOpposed: Bool { self == .contradiction || self == .evidenceInterpretationDivergence }

  /// The place of the type in report order (the order of the cases).
  var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// What a relation compares: the direction and strength of the two positions, how often they say
/// to repeat the action, or the target they treat to.
public enum RelationAspect: String, Codable, Sendable, CaseIterable {
  case position
  case interval
  case target

  var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// A severity band derived from the score.
public enum ConflictSeverity: String, Codable, Sendable, CaseIterable, Comparable {
  case none
  case minor
  case moderate
  case major

  var rank: Int {
    switch self {
    case .none: 0
    case .minor: 1
    case .moderate: 2
    case .major: 3
    }
  }

  public static func < (lhs: ConflictSeverity, rhs: ConflictSeverity) -> Bool {
    lhs.rank < rhs.rank
  }
}
