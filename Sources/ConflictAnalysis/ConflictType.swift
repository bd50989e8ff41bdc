/// How two recommendations on the same clinical question relate; the raw values are stable ids.
public enum ConflictType: String, Codable, Sendable, CaseIterable {
  /// Opposite directions where both windows and both populations overlap.
  case contradiction
  /// Same direction, different strength of recommendation.
  case strengthDivergence = "strength-divergence"
  /// One side finds the evidence insufficient (no recommendation), the other recommends a direction.
  case evidenceInterpretationDivergence = "evidence-interpretation-divergence"
  /// Same direction, both state the certainty of their evidence, and they grade it differently.
  case certaintyDiscordance = "certainty-discordance"
  /// Opposite directions in disjoint windows: complementary advice, not a conflict.
  case timingOnlyDifference = "timing-only-difference"
  /// The positions differ, but the populations do not overlap: not comparable as stated.
  case populationMismatch = "population-mismatch"
  /// The positions agree where they meet.
  case agreement

  /// Whether the type is a disagreement that can carry a severity above `none`.
  public var isConflict: Bool {
    switch self {
    case .contradiction, .strengthDivergence, .evidenceInterpretationDivergence,
      .certaintyDiscordance:
      true
    case .timingOnlyDifference, .populationMismatch, .agreement: false
    }
  }

  /// The place of the type in report order (the order of the cases).
  var rank: Int {
    switch self {
    case .contradiction: 0
    case .strengthDivergence: 1
    case .evidenceInterpretationDivergence: 2
    case .certaintyDiscordance: 3
    case .timingOnlyDifference: 4
    case .populationMismatch: 5
    case .agreement: 6
    }
  }
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
