/// A society or other body that issues guidance. Bodies whose abbreviations collide (American
/// College of Radiology and American College of Rheumatology are both "ACR") have distinct ids.
public struct IssuingBody: Hashable, Codable, Sendable {
  public var id: String
  public var abbreviation: String
  public var name: String
  /// The grading scheme the body normally uses; a source may name another.
  public var scheme: String?
  public var url: String?
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, abbreviation: String, name: String, scheme: String? = nil, url: String? = nil,
    location: SourceLocation, keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.abbreviation = abbreviation
    self.name = name
    self.scheme = scheme
    self.url = url
    self.location = location
    self.keyLocations = keyLocations
  }
}

/// A node of the intervention hierarchy (vertebral augmentation ⊃ vertebroplasty, balloon
/// kyphoplasty), so that a recommendation on a parent is compared with those on its children.
public struct InterventionConcept: Hashable, Sendable {
  /// A concept that steps a therapy up or down ("intensify glucose-lowering therapy"): a
  /// statement treating to a target implies a position on it (above the target intensify, at or
  /// below it do not; see ``Catalogue/impliedPositions(of:)``).
  public struct Adjustment: Hashable, Codable, Sendable {
    public enum Toward: String, Hashable, Codable, Sendable, CaseIterable {
      case intensify
      case deintensify = "de-intensify"
    }

    /// The therapy adjusted.
    public var therapy: String
    public var toward: Toward

    public init(therapy: String, toward: Toward) {
      self.therapy = therapy
      self.toward = toward
    }
  }

  public var id: String
  public var name: String
  public var parent: String?
  public var description: String?
  /// The therapy this concept steps up or down, if it is such a step.
  public var adjusts: Adjustment?
  /// Whether the concept's children are variants of one therapy (intensities, doses, drugs of a
  /// class), compared with each other when two bodies recommend different ones; children of other
  /// concepts are different questions.
  public var variants: Bool
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, name: String, parent: String? = nil, description: String? = nil,
    adjusts: Adjustment? = nil, variants: Bool = false, location: SourceLocation,
    keyLocations: [String: SourceLocation] = [:]
  ) {
    self.variants = variants
    self.id = id
    self.name = name
    self.parent = parent
    self.description = description
    self.adjusts = adjusts
    self.location = location
    self.keyLocations = keyLocations
  }
}

// Stored contents of earlier versions have no `variants`: read as false.
extension InterventionConcept: Codable {
  private enum CodingKeys: String, CodingKey {
    case id, name, parent, description, adjusts, variants, location, keyLocations
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
      parent: try c.decodeIfPresent(String.self, forKey: .parent),
      description: try c.decodeIfPresent(String.self, forKey: .description),
      adjusts: try c.decodeIfPresent(Adjustment.self, forKey: .adjusts),
      variants: try c.decodeIfPresent(Bool.self, forKey: .variants) ?? false,
      location: try c.decode(SourceLocation.self, forKey: .location),
      keyLocations: try c.decodeIfPresent([String: SourceLocation].self, forKey: .keyLocations) ?? [:])
  }
}

/// A patient population: a condition, qualifiers (dimension = allowed values), numeric ranges on
/// named measures, and optionally a union of other populations of the same condition.
///
/// The population is everyone with the condition who matches every qualifier and range, and,
/// when ``anyOf`` is given, belongs to at least one of those populations ("current smokers or
/// those who quit within the past 15 years"). ``Catalogue/region(ofPopulation:)`` resolves the
/// union into ``PopulationRegion`` boxes.
public struct Population: Hashable, Codable, Sendable {
  /// A qualifier such as `etiology: [osteoporotic]` or `neurological-status: [intact]`.
  public struct Qualifier: Hashable, Codable, Sendable {
    public var dimension: String
    public var values: [String]

    public init(dimension: String, values: [String]) {
      self.dimension = dimension
      self.values = values
    }
  }

  /// A range on a named measure, such as age 50–69 years or a 10-year risk of 7.5 % to under
  /// 10 %; either end may be open, and each bound is inclusive (`min`, `max`) or exclusive
  /// (`above`, `below`).
  public struct MeasureRange: Hashable, Codable, Sendable {
    public var measure: String
    public var unit: String
    /// Lower bound.
    public var min: Double?
    /// Upper bound.
    public var max: Double?
    /// Whether the lower bound itself is left out (`above: 10` is > 10).
    public var minExclusive: Bool
    /// Whether the upper bound itself is left out (`below: 10` is < 10).
    public var maxExclusive: Bool

    public init(
      measure: String, unit: String, min: Double? = nil, max: Double? = nil,
      minExclusive: Bool = false, maxExclusive: Bool = false
    ) {
      self.measure = measure
      self.unit = unit
      self.min = min
      self.max = max
      self.minExclusive = min != nil && minExclusive
      self.maxExclusive = max != nil && maxExclusive
    }

    /// Whether no value lies in the range (`min` above `max`, or `[5, 5)`).
    public var isEmpty: Bool {
      guard let min, let max else { return false }
      return min > max || (min == max && (minExclusive || maxExclusive))
    }

    /// Whether a value lies in the range.
    public func contains(_ value: Double) -> Bool {
      if let min, value < min || (minExclusive && value == min) { return false }
      if let max, value > max || (maxExclusive && value == max) { return false }
      return true
    }

    /// The common part of two ranges on the same measure and unit (possibly empty).
    public func intersection(_ other: MeasureRange) -> MeasureRange {
      var low = (min, minExclusive)
      if let o = other.min, low.0 == nil || o > low.0! || (o == low.0! && other.minExclusive) {
        low = (o, other.minExclusive)
      }
      var high = (max, maxExclusive)
      if let o = other.max, high.0 == nil || o < high.0! || (o == high.0! && other.maxExclusive) {
        high = (o, other.maxExclusive)
      }
      return MeasureRange(
        measure: measure, unit: unit, min: low.0, max: high.0, minExclusive: low.1,
        maxExclusive: high.1)
    }

    /// The parts of the measure's line outside this range: below its lower bound and above its
    /// upper bound (none for an unbounded side).
    public var complement: [MeasureRange] {
      var parts: [MeasureRange] = []
      if let min {
        parts.append(.init(measure: measure, unit: unit, max: min, maxExclusive: !minExclusive))
      }
      if let max {
        parts.append(.init(measure: measure, unit: unit, min: max, minExclusive: !maxExclusive))
      }
      return parts
    }

    /// The range in words with its bounds as written: `age 50–80 years`, `risk ≥ 7.5 and < 10 %`.
    public var summary: String {
      func n(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
      }
      let lower = min.map { (minExclusive ? "> " : "≥ ") + n($0) }
      let upper = max.map { (maxExclusive ? "< " : "≤ ") + n($0) }
      switch (lower, upper) {
      case let (l?, u?):
        if !minExclusive, !maxExclusive { return "\(measure) \(n(min!))–\(n(max!)) \(unit)" }
        return "\(measure) \(l) and \(u) \(unit)"
      case let (l?, nil): return "\(measure) \(l) \(unit)"
      case let (nil, u?): return "\(measure) \(u) \(unit)"
      case (nil, nil): return "\(measure) (any)"
      }
    }
  }

  public var id: String
  public var name: String
  public var condition: String
  /// Qualifiers sorted by dimension.
  public var qualifiers: [Qualifier]
  public var ranges: [MeasureRange]
  /// Populations (ids, same condition) of which the patient belongs to at least one.
  public var anyOf: [String]
  public var description: String?
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, name: String, condition: String, qualifiers: [Qualifier] = [],
    ranges: [MeasureRange] = [], anyOf: [String] = [], description: String? = nil,
    location: SourceLocation, keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.name = name
    self.condition = condition
    self.qualifiers = qualifiers.sorted { $0.dimension < $1.dimension }
    self.ranges = ranges
    self.anyOf = anyOf
    self.description = description
    self.location = location
    self.keyLocations = keyLocations
  }
}

/// A measure populations, targets and scopes are written on (age, pack-years, 10-year risk,
/// HbA1c), with the units it may be written in.
public struct Measure: Hashable, Codable, Sendable {
  /// A unit and its conversion to the measure's canonical (first) unit:
  /// canonical = value × factor + offset.
  public struct Unit: Hashable, Codable, Sendable {
    public var unit: String
    public var factor: Double
    public var offset: Double

    public init(unit: String, factor: Double = 1, offset: Double = 0) {
      self.unit = unit
      self.factor = factor
      self.offset = offset
    }
  }

  public var id: String
  public var name: String
  public var description: String?
  /// The units; the first is canonical.
  public var units: [Unit]
  /// How far below a target's upper bound a value still counts as at the target, in the
  /// canonical unit (`target-margin`): de-intensifying there would likely take the patient above
  /// the target. `nil` (no margin) when the catalogue gives none; see ``Catalogue/targetPositions(of:)``.
  public var targetMargin: Double?
  public var location: SourceLocation

  public init(
    id: String, name: String, description: String? = nil, units: [Unit], targetMargin: Double? = nil,
    location: SourceLocation
  ) {
    self.id = id
    self.name = name
    self.description = description
    self.units = units
    self.targetMargin = targetMargin
    self.location = location
  }

  /// The measure's canonical unit.
  public var canonicalUnit: String { units.first?.unit ?? "" }

  /// A range converted to the canonical unit, or `nil` when its unit is not one of the measure's.
  public func canonical(_ range: Population.MeasureRange) -> Population.MeasureRange? {
    guard let unit = units.first(where: { $0.unit == range.unit }) else { return nil }
    func convert(_ v: Double?) -> Double? { v.map { $0 * unit.factor + unit.offset } }
    return .init(
      measure: range.measure, unit: canonicalUnit, min: convert(range.min), max: convert(range.max),
      minExclusive: range.minExclusive, maxExclusive: range.maxExclusive)
  }
}

/// A clinical study cited as evidence.
public struct Study: Hashable, Codable, Sendable {
  /// The design, ordered roughly from strongest to weakest protection against bias.
  public enum Design: String, Codable, Sendable, CaseIterable {
    case shamControlledRCT = "sham-controlled-rct"
    case openLabelRCT = "open-label-rct"
    case randomizedTrial = "rct"
    case systematicReview = "systematic-review"
    case cohort
    case caseControl = "case-control"
    case caseSeries = "case-series"
    case expertOpinion = "expert-opinion"
  }

  /// What the study found for the intervention against its comparator.
  public enum Result: String, Codable, Sendable, CaseIterable {
    case favoursIntervention = "favours-intervention"
    case favoursComparator = "favours-comparator"
    case noDifference = "no-difference"
    case mixed
    case notReported = "not-reported"
  }

  public var id: String
  /// A short label such as "VERTOS II" or "Buchbinder 2009".
  public var name: String
  public var citation: String
  /// The year of publication; `nil` only when no source seen states it (the study is then
  /// unverified).
  public var year: Int?
  public var design: Design
  public var size: Int?
  public var intervention: String?
  public var comparator: String?
  /// The enrolment window on the timeline (for example fractures under 6 weeks old).
  public var enrolment: TimingWindow?
  public var result: Result
  public var resultSummary: String?
  public var funding: String?
  public var identifiers: Identifiers
  public var verification: Verification
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, name: String, citation: String, year: Int?, design: Design, size: Int? = nil,
    intervention: String? = nil, comparator: String? = nil, enrolment: TimingWindow? = nil,
    result: Result, resultSummary: String? = nil, funding: String? = nil,
    identifiers: Identifiers = Identifiers(), verification: Verification = .verified,
    location: SourceLocation, keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.name = name
    self.citation = citation
    self.year = year
    self.design = design
    self.size = size
    self.intervention = intervention
    self.comparator = comparator
    self.enrolment = enrolment
    self.result = result
    self.resultSummary = resultSummary
    self.funding = funding
    self.identifiers = identifiers
    self.verification = verification
    self.location = location
    self.keyLocations = keyLocations
  }
}
