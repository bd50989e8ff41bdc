/// Which way a recommendation points.
public enum Direction: String, Codable, Sendable, CaseIterable, Comparable {
  /// Do it (or consider it).
  case `for`
  /// Do not do it.
  case against
  /// No recommendation either way, usually because evidence is insufficient.
  case neutral

  /// The sign of the direction on the normalised scale: +1, -1 or 0.
  public var sign: Int {
    switch self {
    case .for: 1
    case .against: -1
    case .neutral: 0
    }
  }

  public static func < (lhs: Direction, rhs: Direction) -> Bool { lhs.sign > rhs.sign }
}

/// A recommendation placed on the common scale: direction, strength 0–1 and certainty 0–1.
///
/// The placement is a judgement recorded in the catalogue's grading schemes, never a published
/// standard; reports show the native grade beside it.
public struct NormalizedPosition: Hashable, Codable, Sendable {
  public var direction: Direction
  /// Strength 0–1, or `nil` when it is unknown: an ungraded statement (position statement,
  /// good-practice or guidance statement) or a scheme that grades evidence only. Unknown is never
  /// replaced by a number in the catalogue.
  public var strength: Double?
  public var certainty: Double

  public init(direction: Direction, strength: Double?, certainty: Double) {
    self.direction = direction
    self.strength = strength
    self.certainty = certainty
  }
}

/// A grading system (GRADE, AAOS, USPSTF, ACR Appropriateness Criteria, …) with its tiers in its
/// own words and the mapping of each tier onto the normalised scale.
public struct GradingScheme: Hashable, Codable, Sendable {
  /// One strength tier (such as AAOS "Strong" or USPSTF "D") and where it sits on the scale.
  public struct StrengthTier: Hashable, Codable, Sendable {
    /// The label as the scheme writes it.
    public var label: String
    /// Other labels for the same tier (AAOS 2010 "Weak" is today's "Limited"; ACR ratings 7–9).
    public var aliases: [String]
    /// What the scheme says the tier means, in brief.
    public var meaning: String?
    /// Normalised strength, 0–1; `nil` for an ungraded tier (strength unknown).
    public var strength: Double?
    /// Normalised certainty used when a recommendation gives no evidence level, 0–1.
    public var certainty: Double
    /// A direction the tier itself implies (USPSTF D is against; ACR 1–3 is against), if any.
    public var direction: Direction?
    /// The first day the tier has this meaning, for a label whose meaning changed (USPSTF C
    /// before and after July 2012); `nil` for always.
    public var from: PublicationDate?
    /// The day the tier stopped having this meaning (exclusive); `nil` for still in use.
    public var until: PublicationDate?
    /// Whether the tier counts as strong in the test for a major conflict (USPSTF A, B and D;
    /// GRADE strong; ACC/AHA class I and III; NICE "offer"), as the scheme says; `nil` leaves it
    /// to the strength (strong from ``ScoringConfiguration`` `strongRecommendationStrength`).
    public var strongEquivalent: Bool?

    public init(
      label: String, aliases: [String] = [], meaning: String? = nil, strength: Double?,
      certainty: Double, direction: Direction? = nil, from: PublicationDate? = nil,
      until: PublicationDate? = nil, strongEquivalent: Bool? = nil
    ) {
      self.strongEquivalent = strongEquivalent
      self.label = label
      self.aliases = aliases
      self.meaning = meaning
      self.strength = strength
      self.certainty = certainty
      self.direction = direction
      self.from = from
      self.until = until
    }

    /// Whether the tier has this meaning on a date.
    public func applies(on date: CalendarDate) -> Bool {
      (from.map { $0.firstDay <= date } ?? true) && (until.map { date < $0.firstDay } ?? true)
    }
  }

  /// One evidence or certainty tier (GRADE "moderate", AAOS study level "I") and its certainty.
  public struct EvidenceTier: Hashable, Codable, Sendable {
    public var label: String
    public var aliases: [String]
    public var meaning: String?
    /// Normalised certainty, 0–1.
    public var certainty: Double

    public init(label: String, aliases: [String] = [], meaning: String? = nil, certainty: Double) {
      self.label = label
      self.aliases = aliases
      self.meaning = meaning
      self.certainty = certainty
    }
  }

  public var id: String
  public var name: String
  /// Why the tiers were placed where they are on the normalised scale.
  public var mappingRationale: String
  /// Where the scheme's definitions come from.
  public var provenance: Provenance
  /// The strength tiers; empty for a scheme that grades evidence only (ADA).
  public var strengths: [StrengthTier]
  public var evidenceLevels: [EvidenceTier]
  public var verification: Verification
  public var location: SourceLocation

  public init(
    id: String, name: String, mappingRationale: String, provenance: Provenance,
    strengths: [StrengthTier], evidenceLevels: [EvidenceTier] = [],
    verification: Verification = .verified, location: SourceLocation
  ) {
    self.id = id
    self.name = name
    self.mappingRationale = mappingRationale
    self.provenance = provenance
    self.strengths = strengths
    self.evidenceLevels = evidenceLevels
    self.verification = verification
    self.location = location
  }

  /// The strength tier whose label or alias matches, ignoring case, in the meaning it had on
  /// `date` (the source's publication); any period's tier when no date is given.
  public func strengthTier(named label: String, on date: CalendarDate? = nil) -> StrengthTier? {
    let wanted = label.lowercased()
    return strengths.first { Self.matches(wanted, $0.label, $0.aliases) && (date.map($0.applies(on:)) ?? true) }
  }

  /// The evidence tier whose label or alias matches, ignoring case.
  public func evidenceTier(named label: String) -> EvidenceTier? {
    let wanted = label.lowercased()
    return evidenceLevels.first { Self.matches(wanted, $0.label, $0.aliases) }
  }

  /// Whether a tier's label or one of its aliases, lowercased, is `wanted` (already lowercased).
  private static func matches(_ wanted: String, _ tierLabel: String, _ aliases: [String]) -> Bool {
    tierLabel.lowercased() == wanted || aliases.contains { $0.lowercased() == wanted }
  }
}
