import EvidenceModel

/// What the resolved pathway says about an intervention in a phase.
public enum PathwayPosition: String, Codable, Sendable, CaseIterable {
  case `do`
  case consider
  case contested
  case insufficientEvidence = "insufficient-evidence"
  case doNot = "do-not"
}

/// How a line of the pathway was decided (see `ScoringRules.md`, "Resolving a phase").
public enum ResolutionBasis: String, Codable, Sendable, CaseIterable {
  /// Every applicable recommendation points the same way.
  case unanimous
  /// The winning side has the higher certainty level.
  case certainty
  /// Equal certainty levels; the winning side has the higher strength level.
  case strength
  /// Equal certainty and strength levels; the winning side's source is more recent.
  case recency
  /// The rule favours recommendations that do not address the phase's prerequisite over ones that
  /// do; a committee must weigh them.
  case specificNotOverruled = "specific-not-overruled"
  /// Certainty, strength and recency do not separate the sides.
  case undecided
  /// Only subgroup recommendations apply, and they point different ways in subgroups that do not
  /// overlap: the answer depends on the patient.
  case subgroupsDiffer = "subgroups-differ"
  /// The positions for the whole population agree, but subgroups are advised otherwise (listed
  /// as the line's exceptions).
  case exceptSubgroups = "except-subgroups"
  /// Positions that point different ways collide in a moderate or major conflict: the line is
  /// contested whatever the rule's lean, which the rationale gives.
  case conflict
}

/// A subgroup whose own line differs from its phase's line ("do, except <subgroup>: do-not").
public struct PathwayException: Hashable, Codable, Sendable {
  /// The subgroup's population id (derived for an implied position's population).
  public var population: String
  public var name: String
  public var position: PathwayPosition
  public var basis: ResolutionBasis
  /// The recommendations the subgroup's line rests on.
  public var recommendations: [String]
  public var conflicts: [String]
  public var rationale: String
}

/// One intervention in one phase of the pathway.
public struct PathwayItem: Hashable, Codable, Sendable {
  public var intervention: String
  public var name: String
  public var position: PathwayPosition
  public var basis: ResolutionBasis
  /// The recommendations the line rests on (whole-population ones, or the subgroup ones when no
  /// whole-population recommendation applies).
  public var recommendations: [String]
  /// Recommendations for a subgroup of the topic's population (shown, not deciding the line unless
  /// nothing else applies).
  public var subgroupRecommendations: [String]
  /// Whether the line rests only on subgroup recommendations.
  public var subgroupsOnly: Bool
  /// Conflicts between the recommendations of the line, subgroup recommendations included.
  public var conflicts: [String]
  /// Subgroups whose own line differs from this one.
  public var exceptions: [PathwayException]
  /// Topic assumptions the line depends on.
  public var assumptions: [String]
  /// Whether any recommendation behind the line is unverified.
  public var unverified: Bool
  /// One sentence on how the line was decided.
  public var rationale: String
  /// Ids of the committee decisions on the line's question whose segment covers the line (shown
  /// beside the line's own position, never replacing it).
  public var decisions: [String] = []
}

/// A stretch of the timeline with no window boundary inside it, and, where recommendations
/// bound measures of the population (pack-years, 10-year risk, HbA1c), one band of each such
/// measure between consecutive bounds.
public struct PathwayPhase: Hashable, Encodable, Sendable {
  public var name: String
  public var start: TimelineDuration
  public var end: TimelineDuration?
  /// The band of each bounded measure (canonical units), empty when none is bounded.
  public var bands: [Population.MeasureRange]
  public var items: [PathwayItem]

  public init(
    name: String, start: TimelineDuration, end: TimelineDuration?,
    bands: [Population.MeasureRange] = [], items: [PathwayItem]
  ) {
    self.name = name
    self.start = start
    self.end = end
    self.bands = bands
    self.items = items
  }

  public func contains(days: Double) -> Bool {
    days >= start.days && (end.map { days < $0.days } ?? true)
  }

  /// The phase's bands in words (`hba1c ≥ 7 %; life-expectancy < 5 years`), empty when the
  /// timeline is the only axis.
  public var bandsSummary: String { bands.map(\.summary).joined(separator: "; ") }

  /// Whether the phase holds a point of the timeline and measure values (a measure the phase
  /// has no band for matches any value; a band whose measure has no value matches).
  public func contains(days: Double, values: [String: Double]) -> Bool {
    contains(days: days) && bands.allSatisfy { band in values[band.measure].map(band.contains) ?? true }
  }
}

/// A recommendation of the topic that the pathway does not use, and why.
public struct SetAside: Hashable, Codable, Sendable {
  public var recommendation: String
  public var reason: String
}

/// The timing-based recommendation for one topic.
public struct Pathway: Sendable {
  public var topic: Topic
  public var phases: [PathwayPhase]
  public var setAside: [SetAside]

  /// The phase in force at a point of the timeline (the first band's, where measures are cut).
  public func phase(at point: TimelineDuration) -> PathwayPhase? {
    phases.first { $0.contains(days: point.days) }
  }

  /// The phases in force at a point of the timeline, one per band of the measures.
  public func phases(at point: TimelineDuration) -> [PathwayPhase] {
    phases.filter { $0.contains(days: point.days) }
  }
}

// Absent values are written as `null` instead of leaving the key out, so JSON consumers see
// every field of the documented shape.
extension PathwayPhase {
  private enum CodingKeys: String, CodingKey { case name, start, end, bands, items }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(start, forKey: .start)
    try c.encode(end, forKey: .end)
    try c.encode(bands.map(\.summary), forKey: .bands)
    try c.encode(items, forKey: .items)
  }
}
