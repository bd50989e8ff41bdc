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
  /// Conflicts between the recommendations of the line.
  public var conflicts: [String]
  /// Topic assumptions the line depends on.
  public var assumptions: [String]
  /// Whether any recommendation behind the line is unverified.
  public var unverified: Bool
  /// One sentence on how the line was decided.
  public var rationale: String
}

/// A stretch of the timeline with no window boundary inside it.
public struct PathwayPhase: Hashable, Codable, Sendable {
  public var name: String
  public var start: TimelineDuration
  public var end: TimelineDuration?
  public var items: [PathwayItem]

  public func contains(days: Double) -> Bool {
    days >= start.days && (end.map { days < $0.days } ?? true)
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

  /// The phase in force at a point of the timeline.
  public func phase(at point: TimelineDuration) -> PathwayPhase? {
    phases.first { $0.contains(days: point.days) }
  }
}

// Absent values are written as `null` instead of leaving the key out, so JSON consumers see
// every field of the documented shape.
extension PathwayPhase {
  private enum CodingKeys: String, CodingKey { case name, start, end, items }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(start, forKey: .start)
    try c.encode(end, forKey: .end)
    try c.encode(items, forKey: .items)
  }
}
