import EvidenceModel

/// The parts of a conflict's score, each 0–1, shown beside the total.
public struct ScoreComponents: Hashable, Codable, Sendable {
  /// How opposed the normalised positions are (1 for a contradiction; the gap for divergences).
  public var opposition: Double
  /// Mean normalised strength of the two sides.
  public var strength: Double
  /// Mean normalised certainty of the two sides.
  public var certainty: Double
  /// How much the populations overlap.
  public var populationOverlap: Double
  /// How much the timing windows overlap.
  public var windowOverlap: Double
  /// Mean source quality of the two sides.
  public var sourceQuality: Double
  /// Mean recency of the two sides.
  public var recency: Double

  public init(
    opposition: Double, strength: Double, certainty: Double, populationOverlap: Double,
    windowOverlap: Double, sourceQuality: Double, recency: Double
  ) {
    self.opposition = opposition
    self.strength = strength
    self.certainty = certainty
    self.populationOverlap = populationOverlap
    self.windowOverlap = windowOverlap
    self.sourceQuality = sourceQuality
    self.recency = recency
  }

  /// The score, 0–100:
  /// `100 × opposition × populationOverlap × windowOverlap × magnitude`, where the magnitude is
  /// the weighted mean of strength, certainty, source quality and recency. Monotone (never
  /// decreasing) in every component; see `ScoringRules.md`.
  public func score(_ weights: ScoringConfiguration.Weights) -> Double {
    let magnitude =
      (weights.strength * strength + weights.certainty * certainty
        + weights.sourceQuality * sourceQuality + weights.recency * recency) / weights.sum
    let raw = 100 * opposition * populationOverlap * windowOverlap * magnitude
    return (min(100, max(0, raw)) * 10).rounded() / 10
  }

  /// The components rounded to three decimals, for stable output.
  var rounded: ScoreComponents {
    func r(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
    return ScoreComponents(
      opposition: r(opposition), strength: r(strength), certainty: r(certainty),
      populationOverlap: r(populationOverlap), windowOverlap: r(windowOverlap),
      sourceQuality: r(sourceQuality), recency: r(recency))
  }
}

/// One factor that accounts for a conflict, computed from the catalogue.
public struct Explanation: Hashable, Codable, Sendable {
  /// The factor's stable id: `evidence-base`, `study-design`, `predates-evidence`, `population`,
  /// `timing`, `hierarchy`, `strength`, `certainty` or `unverified`.
  public var factor: String
  public var text: String

  public init(factor: String, text: String) {
    self.factor = factor
    self.text = text
  }
}

/// One side of a conflict: a recommendation's position in its own words and on the common scale.
public struct ConflictSide: Hashable, Codable, Sendable {
  public var recommendation: String
  public var source: String
  public var bodies: [String]
  public var interventions: [String]
  public var direction: Direction
  /// The grade as the source writes it.
  public var grade: String
  public var strength: Double
  public var certainty: Double
  public var window: String
  public var population: String
  public var unverified: Bool
  /// The recommendation's paraphrase.
  public var statement: String
}

/// A classified relation between two recommendations on the same clinical question, with its
/// score, severity, where it holds and why.
public struct Conflict: Hashable, Codable, Sendable {
  /// A fingerprint of the two recommendation ids and the root of the hierarchy they meet in,
  /// stable while they keep their ids (so a changed grade shows as the same conflict with a new
  /// type, severity or score).
  public var id: String
  public var type: ConflictType
  public var severity: ConflictSeverity
  public var score: Double
  public var components: ScoreComponents
  /// The two recommendation ids, sorted.
  public var recommendations: [String]
  /// Ids of the issuing bodies of both sides, sorted.
  public var societies: [String]
  /// The concept the two meet on: the narrower of the two where one contains the other.
  public var intervention: String
  /// The topic of the first recommendation.
  public var topic: String
  /// The part of the timeline where both apply, or `nil` when they never meet.
  public var window: String?
  /// The part of the population where both apply, or why they do not meet.
  public var population: String
  public var sides: [ConflictSide]
  public var explanations: [Explanation]
}

extension Conflict {
  /// The id of the relation between two recommendations in one hierarchy of concepts.
  public static func id(_ a: String, _ b: String, hierarchy root: String) -> String {
    let (x, y) = a <= b ? (a, b) : (b, a)
    return "cf-" + Fingerprint.of(x + "\u{1F}" + y + "\u{1F}" + root)
  }
}

/// A recommendation of a superseded edition compared with its successor's.
public struct EditionChange: Hashable, Codable, Sendable {
  /// How the position moved between editions.
  public enum Kind: String, Codable, Sendable, CaseIterable {
    case reaffirmed
    case stanceFlipped = "stance-flipped"
    case strengthChanged = "strength-changed"
    case windowMoved = "window-moved"
    /// No recommendation of the successor answers the same question.
    case dropped
  }

  public var kind: Kind
  public var previousSource: String
  public var currentSource: String
  public var previous: String
  /// The successor's recommendation, or `nil` when dropped.
  public var current: String?
  public var intervention: String
  public var summary: String
}

/// Stable, short fingerprints (64-bit FNV-1a, hexadecimal).
enum Fingerprint {
  static func of(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    // Finish with the SplitMix64 mixer so that ids of similar pairs do not look alike.
    hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
    hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
    hash ^= hash >> 31
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}

// Absent values are written as `null` instead of leaving the key out, so JSON consumers see
// every field of the documented shape.
extension Conflict {
  private enum CodingKeys: String, CodingKey {
    case id, type, severity, score, components, recommendations, societies, intervention, topic
    case window, population, sides, explanations
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(type, forKey: .type)
    try c.encode(severity, forKey: .severity)
    try c.encode(score, forKey: .score)
    try c.encode(components, forKey: .components)
    try c.encode(recommendations, forKey: .recommendations)
    try c.encode(societies, forKey: .societies)
    try c.encode(intervention, forKey: .intervention)
    try c.encode(topic, forKey: .topic)
    try c.encode(window, forKey: .window)
    try c.encode(population, forKey: .population)
    try c.encode(sides, forKey: .sides)
    try c.encode(explanations, forKey: .explanations)
  }
}

extension EditionChange {
  private enum CodingKeys: String, CodingKey {
    case kind, previousSource, currentSource, previous, current, intervention, summary
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(kind, forKey: .kind)
    try c.encode(previousSource, forKey: .previousSource)
    try c.encode(currentSource, forKey: .currentSource)
    try c.encode(previous, forKey: .previous)
    try c.encode(current, forKey: .current)
    try c.encode(intervention, forKey: .intervention)
    try c.encode(summary, forKey: .summary)
  }
}
