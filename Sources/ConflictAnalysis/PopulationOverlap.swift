import EvidenceModel

/// How much two populations overlap, and where.
///
/// Populations of different conditions never overlap. Within a condition, each qualifier dimension
/// both restrict must share a value and each measure both bound must share a range; the overlap
/// fraction is the product, over shared dimensions, of the common part divided by the smaller
/// side (so a population inside another overlaps it fully), times
/// ``ScoringConfiguration/crossRestrictionFactor`` when each side restricts a dimension the other
/// leaves open (the collision then holds only in a subgroup of both).
public struct PopulationOverlap: Hashable, Sendable {
  /// 0 (disjoint) to 1 (one population inside the other).
  public var fraction: Double
  /// The dimensions and measures on which the populations differ, sorted.
  public var differences: [String]
  /// Why the populations are disjoint, when they are.
  public var disjointReason: String?
  /// Where the two populations meet, in words (`etiology: osteoporotic; age ≥ 18 years`).
  public var intersection: String

  public var isDisjoint: Bool { disjointReason != nil }

  /// The overlap of two populations.
  public static func between(
    _ a: Population, _ b: Population, crossRestrictionFactor: Double
  ) -> PopulationOverlap {
    guard a.condition == b.condition else {
      return PopulationOverlap(
        fraction: 0, differences: ["condition"],
        disjointReason: "condition \(a.condition) vs \(b.condition)", intersection: "none")
    }
    var fraction = 1.0
    var differences: [String] = []
    var parts: [String] = []
    let aQualifiers = Dictionary(a.qualifiers.map { ($0.dimension, Set($0.values)) }) { x, _ in x }
    let bQualifiers = Dictionary(b.qualifiers.map { ($0.dimension, Set($0.values)) }) { x, _ in x }
    for dimension in Set(aQualifiers.keys).union(bQualifiers.keys).sorted() {
      switch (aQualifiers[dimension], bQualifiers[dimension]) {
      case let (x?, y?):
        let common = x.intersection(y)
        if common.isEmpty {
          return PopulationOverlap(
            fraction: 0, differences: [dimension],
            disjointReason: "\(dimension): \(x.sorted().joined(separator: ", ")) vs "
              + y.sorted().joined(separator: ", "),
            intersection: "none")
        }
        if x != y { differences.append(dimension) }
        fraction *= Double(common.count) / Double(min(x.count, y.count))
        parts.append("\(dimension): " + common.sorted().joined(separator: ", "))
      case let (x?, nil), let (nil, x?):
        differences.append(dimension)
        parts.append("\(dimension): " + x.sorted().joined(separator: ", "))
      case (nil, nil): break
      }
    }
    let aRanges = Dictionary(a.ranges.map { ($0.measure + "|" + $0.unit, $0) }) { x, _ in x }
    let bRanges = Dictionary(b.ranges.map { ($0.measure + "|" + $0.unit, $0) }) { x, _ in x }
    for key in Set(aRanges.keys).union(bRanges.keys).sorted() {
      switch (aRanges[key], bRanges[key]) {
      case let (x?, y?):
        let low = [x.min, y.min].compactMap { $0 }.max()
        let high = [x.max, y.max].compactMap { $0 }.min()
        // Ranges that share only their boundary value (18–60 and 60–90) are treated as disjoint:
        // a single value of a continuous measure is no population to compare.
        let pointOnly = low != nil && low == high && !(x.min == x.max && y.min == y.max)
        if let low, let high, low > high || pointOnly {
          return PopulationOverlap(
            fraction: 0, differences: [x.measure],
            disjointReason: "\(x.measure): \(describe(x)) vs \(describe(y))"
              + (pointOnly ? " (only the boundary value \(number(low)) is shared)" : ""),
            intersection: "none")
        }
        if x.min != y.min || x.max != y.max { differences.append(x.measure) }
        fraction *= rangeFraction(x, y, low: low, high: high)
        parts.append(describe(Population.MeasureRange(measure: x.measure, unit: x.unit, min: low, max: high)))
      case let (x?, nil), let (nil, x?):
        differences.append(x.measure)
        parts.append(describe(x))
      case (nil, nil): break
      }
    }
    let aOnly = restrictedDimensions(a).subtracting(restrictedDimensions(b))
    let bOnly = restrictedDimensions(b).subtracting(restrictedDimensions(a))
    if !aOnly.isEmpty && !bOnly.isEmpty { fraction *= crossRestrictionFactor }
    let place = ([a.condition] + parts).joined(separator: "; ")
    return PopulationOverlap(
      fraction: fraction, differences: Array(Set(differences)).sorted(), disjointReason: nil,
      intersection: place)
  }

  /// Whether `population` includes every patient of `target` (same condition, no narrower
  /// qualifier or range).
  public static func covers(_ population: Population, _ target: Population) -> Bool {
    guard population.condition == target.condition else { return false }
    let targetQualifiers = Dictionary(target.qualifiers.map { ($0.dimension, Set($0.values)) }) { x, _ in x }
    for qualifier in population.qualifiers {
      guard let wanted = targetQualifiers[qualifier.dimension],
        wanted.isSubset(of: Set(qualifier.values))
      else { return false }
    }
    for range in population.ranges {
      guard
        let wanted = target.ranges.first(where: {
          $0.measure == range.measure && $0.unit == range.unit
        })
      else { return false }
      if let min = range.min, (wanted.min ?? -.infinity) < min { return false }
      if let max = range.max, (wanted.max ?? .infinity) > max { return false }
    }
    return true
  }

  private static func restrictedDimensions(_ p: Population) -> Set<String> {
    Set(p.qualifiers.map(\.dimension)).union(p.ranges.map { $0.measure + "|" + $0.unit })
  }

  /// The common part of two ranges over the shorter one (1 when either is unbounded on the side
  /// where the other is bounded and the common part is as long as the shorter one).
  private static func rangeFraction(
    _ x: Population.MeasureRange, _ y: Population.MeasureRange, low: Double?, high: Double?
  ) -> Double {
    func length(_ min: Double?, _ max: Double?) -> Double {
      guard let min, let max else { return .infinity }
      return max - min
    }
    let common = length(low, high)
    let shorter = Swift.min(length(x.min, x.max), length(y.min, y.max))
    if shorter == .infinity || shorter <= 0 { return 1 }
    return Swift.min(1, common / shorter)
  }

  static func describe(_ range: Population.MeasureRange) -> String {
    switch (range.min, range.max) {
    case let (low?, high?): "\(range.measure) \(number(low))–\(number(high)) \(range.unit)"
    case let (low?, nil): "\(range.measure) ≥ \(number(low)) \(range.unit)"
    case let (nil, high?): "\(range.measure) ≤ \(number(high)) \(range.unit)"
    case (nil, nil): "\(range.measure) (any)"
    }
  }
}

/// A number without a trailing `.0`, locale-independent.
func number(_ value: Double) -> String {
  if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
  return String(value)
}

/// A population overlap shared by every relation between the same two populations.
final class SharedOverlap: Sendable {
  let value: PopulationOverlap
  init(_ value: PopulationOverlap) { self.value = value }
}

/// Population overlaps computed once per ordered pair of populations: many recommendations share
/// a population. One cache serves one thread.
///
/// The overlap is measured on the two populations' own qualifiers and ranges; where a population
/// is a union (`any-of`), has exclusive bounds or is written in another unit of a measure, the
/// catalogue's regions decide whether the two meet at all, so that a union or a `below: 10`
/// against a `min: 10` is never compared as overlapping.
final class PopulationOverlaps {
  private let crossRestrictionFactor: Double
  private let catalogue: Catalogue
  private var known: [Pair: SharedOverlap] = [:]

  /// Whether the population's own qualifiers and ranges do not tell the whole story.
  private func needsRegions(_ p: Population) -> Bool {
    !p.anyOf.isEmpty
      || p.ranges.contains {
        $0.minExclusive || $0.maxExclusive || catalogue.measure($0.measure).map(\.canonicalUnit) != $0.unit
      }
  }

  private struct Pair: Hashable {
    var first: String
    var second: String
  }

  init(_ configuration: ScoringConfiguration, catalogue: Catalogue) {
    crossRestrictionFactor = configuration.crossRestrictionFactor
    self.catalogue = catalogue
  }

  func between(_ a: Population, _ b: Population) -> SharedOverlap {
    let key = Pair(first: a.id, second: b.id)
    if let overlap = known[key] { return overlap }
    var value = PopulationOverlap.between(a, b, crossRestrictionFactor: crossRestrictionFactor)
    if !value.isDisjoint, needsRegions(a) || needsRegions(b),
      catalogue.region(of: a).intersection(catalogue.region(of: b)).isEmpty
    {
      value = PopulationOverlap(
        fraction: 0, differences: value.differences,
        disjointReason: "no patient is in both \(a.id) and \(b.id) (unions, exclusive bounds or units)",
        intersection: "none")
    }
    let overlap = SharedOverlap(value)
    known[key] = overlap
    return overlap
  }
}
