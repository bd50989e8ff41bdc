import EvidenceModel
import Foundation

/// The parts of a relation's score, each 0–1, shown beside the total.
public struct ScoreComponents: Hashable, Codable, Sendable {
  /// How opposed the two sides are on the relation's aspect; it sets the severity band (see
  /// ``ScoringConfiguration/Opposition``).
  public var opposition: Double
  /// Mean normalised strength of the sides whose strength is known; `nil` when neither side's
  /// is (two ungraded statements): the score then leaves strength out of its weighted mean.
  public var strength: Double?
  /// Mean normalised certainty of the two sides.
  public var certainty: Double
  /// Mean source quality of the two sides.
  public var sourceQuality: Double
  /// Mean recency of the two sides.
  public var recency: Double

  public init(
    opposition: Double, strength: Double?, certainty: Double, sourceQuality: Double, recency: Double
  ) {
    self.opposition = opposition
    self.strength = strength
    self.certainty = certainty
    self.sourceQuality = sourceQuality
    self.recency = recency
  }

  /// The weighted mean of strength, certainty, source quality and recency, 0–1 (strength left
  /// out, and the weights renormalised, when no side's strength is known).
  public func magnitude(_ weights: ScoringConfiguration.Weights) -> Double {
    let known = weights.certainty * certainty + weights.sourceQuality * sourceQuality
      + weights.recency * recency
    if let strength { return (weights.strength * strength + known) / weights.sum }
    let rest = weights.sum - weights.strength
    return rest > 0 ? known / rest : 0
  }

  /// The score, 0–100: `100 × opposition × (floor + (1 − floor) × magnitude)`, where the floor
  /// is ``ScoringConfiguration/magnitudeFloor``. The opposition places the relation in its band
  /// and the magnitude orders relations inside it; the extent (how much of the shared population
  /// and timeline the collision covers) is reported beside, never multiplied in. Monotone (never
  /// decreasing) in every component and symmetric in the two sides; see `ScoringRules.md`.
  public func score(_ configuration: ScoringConfiguration) -> Double {
    let floor = configuration.magnitudeFloor
    let raw = 100 * opposition * (floor + (1 - floor) * magnitude(configuration.weights))
    return (min(100, max(0, raw)) * 10).rounded() / 10
  }

  /// The components of a relation between two positions, rounded.
  static func of(
    opposition: Double, _ a: AssessedRecommendation, _ b: AssessedRecommendation
  ) -> ScoreComponents {
    let strengths = [a.position.strength, b.position.strength].compactMap { $0 }
    return ScoreComponents(
      opposition: opposition,
      strength: strengths.isEmpty ? nil : strengths.reduce(0, +) / Double(strengths.count),
      certainty: (a.position.certainty + b.position.certainty) / 2,
      sourceQuality: (a.quality + b.quality) / 2, recency: (a.recency + b.recency) / 2
    ).rounded
  }

  /// The components rounded to three decimals, for stable output.
  var rounded: ScoreComponents {
    func r(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
    return ScoreComponents(
      opposition: r(opposition), strength: strength.map(r), certainty: r(certainty),
      sourceQuality: r(sourceQuality), recency: r(recency))
  }
}

/// How much of what two positions share a relation's collision covers: reported beside the
/// score, never multiplied into it.
public struct Extent: Hashable, Codable, Sendable {
  /// How much the populations overlap (the common part over the smaller, 0–1).
  public var population: Double
  /// How much the windows overlap (the common part over the shorter, 0–1).
  public var window: Double
}

/// One factor that accounts for a conflict, computed from the catalogue.
public struct Explanation: Hashable, Codable, Sendable {
  /// The factor's stable id: `aspect` (what is compared and where), `era`, `implied`,
  /// `evidence-base`, `study-design`, `predates-evidence`, `population`,
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
  /// The normalised strength, `nil` when unknown (ungraded).
  public var strength: Double?
  public var certainty: Double
  public var window: String
  public var population: String
  public var unverified: Bool
  /// The recommendation's paraphrase.
  public var statement: String
  /// For an implied position, the statement whose exclusive scope implies it; `nil` for a stated
  /// recommendation.
  public var impliedBy: String?
}

/// A classified relation between two positions on the same clinical question, on one aspect,
/// with its score, severity, the segment where it holds and why.
///
/// A relation holds only what classification decided (type, aspect, opposition, severity,
/// score, the concept they meet on, the era) and references to the two assessed positions;
/// everything else (sides, segment texts, score components, explanations) is derived from those
/// when read. A million-recommendation catalogue has about seven million relations, so keeping
/// the derived strings of each would cost tens of gigabytes; a report reads each of them once.
public final class Conflict: Hashable, Encodable, Sendable {
  public let type: ConflictType
  /// What the relation compares.
  public let aspect: RelationAspect
  public let severity: ConflictSeverity
  public let score: Double
  /// How opposed the sides are on the aspect (the component that sets the band).
  public let opposition: Double
  /// The concept the two meet on: the narrower of the two where one contains the other.
  public let intervention: String
  /// The first and second position, ordered by id.
  public let first: AssessedRecommendation
  public let second: AssessedRecommendation
  /// For a historical relation (an edition no longer in force on one side), the period both
  /// were in force; `nil` for a live relation.
  public let era: Era?
  /// For a target relation, the band of the measure where management differs
  /// (`hba1c ≥ 7 and ≤ 8 %`).
  public let band: String?
  /// The root of the hierarchy of concepts the pair meets in (part of the id).
  let root: String
  let overlap: SharedOverlap
  let context: ConflictContext

  init(
    judgement: Judgement, aspect: RelationAspect, band: String?, era: Era?, intervention: String,
    root: String, _ first: AssessedRecommendation, _ second: AssessedRecommendation,
    overlap: SharedOverlap, context: ConflictContext
  ) {
    type = judgement.type
    self.aspect = aspect
    opposition = judgement.type.isConflict ? judgement.opposition : 0
    let score =
      type.isConflict
      ? ScoreComponents.of(opposition: opposition, first, second).score(context.configuration) : 0
    self.score = score
    severity = context.configuration.severity(ofScore: score)
    self.band = band
    self.era = era
    self.intervention = intervention
    self.root = root
    self.first = first
    self.second = second
    self.overlap = overlap
    self.context = context
    id = Conflict.id(first.id, second.id, hierarchy: root, aspect: aspect)
  }

  /// A fingerprint of the two position ids, the root of the hierarchy they meet in and the
  /// aspect (left out for the position aspect, so those ids are unchanged), stable while they
  /// keep their ids: a changed grade shows as the same relation with a new type, severity or
  /// score.
  ///
  /// Worked out once and kept (one heap block a relation): the pathway lines and disputes list
  /// the ids of the relations they rest on, and an id made anew for each listing was a block of
  /// its own, a third of the memory of an analysis (45 of 141 MB at 10k recommendations, in
  /// `heaptrack`); kept, every listing shares the one block.
  public let id: String
  /// The two position ids, sorted (an implied position's id names its statement).
  public var recommendations: [String] { [first.id, second.id] }
  /// The stated recommendations behind the two sides (an implied position's statement).
  public var statements: [String] { [first.statementID, second.statementID] }
  /// Whether one side is an implied position.
  public var isImplied: Bool { first.isImplied || second.isImplied }
  /// Whether the relation held in an earlier era and no longer does.
  public var isHistorical: Bool { era != nil }
  /// Ids of the issuing bodies of both sides, sorted.
  public var societies: [String] { Array(Set(first.source.bodies + second.source.bodies)).sorted() }
  /// The topic of the first recommendation.
  public var topic: String { first.recommendation.topic }
  /// The part of the timeline where both apply, or `nil` when they never meet.
  public var window: String? {
    first.window.intersection(with: second.window).map {
      context.catalogue.topic(topic)?.anchor == .birth ? $0.ageSummary : $0.summary
    }
  }
  /// The part of the population where both apply, or why they do not meet.
  public var population: String {
    overlap.value.disjointReason.map { "disjoint: \($0)" } ?? overlap.value.intersection
  }
  /// The segment where the relation holds, in words: window, population and, for a target, the
  /// band of the measure.
  public var segment: String {
    ([window].compactMap { $0 } + [population] + [band].compactMap { $0 }).joined(separator: "; ")
  }
  public var components: ScoreComponents { ScoreComponents.of(opposition: opposition, first, second) }
  /// How much of the shared population and timeline the collision covers.
  public var extent: Extent {
    let r = { (x: Double) in (x * 1000).rounded() / 1000 }
    return Extent(population: r(overlap.value.fraction), window: r(first.window.overlap(with: second.window)))
  }
  public var sides: [ConflictSide] { [ConflictSide(first), ConflictSide(second)] }
  /// The factors that account for the relation; none for an agreement, which needs no accounting
  /// for.
  public var explanations: [Explanation] {
    type == .agreement ? [] : context.explain(self)
  }

  /// Relations are equal when everything they show is equal.
  public static func == (x: Conflict, y: Conflict) -> Bool {
    x === y
      || (x.type == y.type && x.aspect == y.aspect && x.severity == y.severity && x.score == y.score
        && x.intervention == y.intervention && x.root == y.root && x.first.id == y.first.id
        && x.second.id == y.second.id && x.era == y.era && x.band == y.band
        && x.components == y.components && x.window == y.window
        && x.population == y.population && x.sides == y.sides && x.explanations == y.explanations)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(first.id)
    hasher.combine(second.id)
    hasher.combine(root)
    hasher.combine(aspect)
    hasher.combine(type)
    hasher.combine(score)
  }
}

extension ConflictSide {
  init(_ r: AssessedRecommendation) {
    self.init(
      recommendation: r.id, source: r.source.id, bodies: r.source.bodies,
      interventions: r.recommendation.interventions, direction: r.position.direction,
      grade: r.grade, strength: r.position.strength, certainty: r.position.certainty,
      window: r.window.summary, population: r.population.id, unverified: r.isUnverified,
      statement: r.recommendation.statement, impliedBy: r.implied?.statement)
  }
}

/// What every relation of one analysis shares: the catalogue and the scoring, and the explainer
/// that words its explanations when a report reads them.
final class ConflictContext: @unchecked Sendable {
  let catalogue: Catalogue
  let configuration: ScoringConfiguration
  /// The stated positions of each source, for the check that an implied position is not
  /// already stated.
  let statedBySource: [String: [AssessedRecommendation]]
  /// Words explanations on any thread (see ``Explainer``).
  private let explainer: Explainer

  init(
    catalogue: Catalogue, configuration: ScoringConfiguration,
    statedBySource: [String: [AssessedRecommendation]] = [:]
  ) {
    self.catalogue = catalogue
    self.configuration = configuration
    self.statedBySource = statedBySource
    explainer = Explainer(catalogue: catalogue, configuration: configuration)
  }

  func explain(_ relation: Conflict) -> [Explanation] { explainer.explain(relation) }
}

extension Conflict {
  /// The id of the relation between two positions in one hierarchy of concepts on one aspect.
  public static func id(
    _ a: String, _ b: String, hierarchy root: String, aspect: RelationAspect = .position
  ) -> String {
    "cf-" + Fingerprint.hex(fingerprint(a, b, hierarchy: root, aspect: aspect))
  }

  /// The hash of the sorted ids, the root and (for another aspect than position) the aspect,
  /// separated by U+001F: ``Fingerprint/of(_:)`` of that text, without building it.
  static func fingerprint(_ a: String, _ b: String, hierarchy root: String, aspect: RelationAspect) -> UInt64 {
    let (x, y) = a <= b ? (a, b) : (b, a)
    var hash = Fingerprint.Hash()
    hash.add(x)
    hash.add(0x1F)
    hash.add(y)
    hash.add(0x1F)
    hash.add(root)
    if aspect != .position {
      hash.add(0x1F)
      hash.add(aspect.rawValue)
    }
    return hash.value
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
    var hash = Hash()
    hash.add(text)
    return hex(hash.value)
  }

  /// FNV-1a over the bytes added, finished with the SplitMix64 mixer so that ids of similar
  /// pairs do not look alike.
  struct Hash {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ byte: UInt8) {
      state ^= UInt64(byte)
      state = state &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ text: String) {
      for byte in text.utf8 { add(byte) }
    }

    var value: UInt64 {
      var hash = state
      hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
      hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
      return hash ^ (hash >> 31)
    }
  }

  /// A hash as 16 lowercase hexadecimal digits.
  static func hex(_ value: UInt64) -> String {
    let digits: StaticString = "0123456789abcdef"
    return String(unsafeUninitializedCapacity: 16) { buffer in
      digits.withUTF8Buffer { table in
        for index in 0..<16 {
          buffer[index] = table[Int((value >> (60 - 4 * UInt64(index))) & 0xF)]
        }
      }
      return 16
    }
  }
}

// Absent values are written as `null` instead of leaving the key out, so JSON consumers see
// every field of the documented shape.
extension Conflict {
  private enum CodingKeys: String, CodingKey {
    case id, type, aspect, severity, score, components, extent, era, recommendations, statements
    case implied, societies, intervention, topic, window, population, band, sides, explanations
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(type, forKey: .type)
    try c.encode(aspect, forKey: .aspect)
    try c.encode(severity, forKey: .severity)
    try c.encode(score, forKey: .score)
    try c.encode(components, forKey: .components)
    try c.encode(extent, forKey: .extent)
    try c.encode(era, forKey: .era)
    try c.encode(recommendations, forKey: .recommendations)
    try c.encode(statements, forKey: .statements)
    try c.encode(isImplied, forKey: .implied)
    try c.encode(societies, forKey: .societies)
    try c.encode(intervention, forKey: .intervention)
    try c.encode(topic, forKey: .topic)
    try c.encode(window, forKey: .window)
    try c.encode(population, forKey: .population)
    try c.encode(band, forKey: .band)
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

// An unknown strength is written as `null`, never left out: readers see that it is unknown.
extension ScoreComponents {
  private enum CodingKeys: String, CodingKey {
    case opposition, strength, certainty, sourceQuality, recency
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(opposition, forKey: .opposition)
    try c.encode(strength, forKey: .strength)
    try c.encode(certainty, forKey: .certainty)
    try c.encode(sourceQuality, forKey: .sourceQuality)
    try c.encode(recency, forKey: .recency)
  }
}

extension ConflictSide {
  private enum CodingKeys: String, CodingKey {
    case recommendation, source, bodies, interventions, direction, grade, strength, certainty
    case window, population, unverified, statement, impliedBy
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(recommendation, forKey: .recommendation)
    try c.encode(source, forKey: .source)
    try c.encode(bodies, forKey: .bodies)
    try c.encode(interventions, forKey: .interventions)
    try c.encode(direction, forKey: .direction)
    try c.encode(grade, forKey: .grade)
    try c.encode(strength, forKey: .strength)
    try c.encode(certainty, forKey: .certainty)
    try c.encode(window, forKey: .window)
    try c.encode(population, forKey: .population)
    try c.encode(unverified, forKey: .unverified)
    try c.encode(statement, forKey: .statement)
    try c.encode(impliedBy, forKey: .impliedBy)
  }
}
