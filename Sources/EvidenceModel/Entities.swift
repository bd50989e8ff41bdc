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
public struct InterventionConcept: Hashable, Codable, Sendable {
  public var id: String
  public var name: String
  public var parent: String?
  public var description: String?
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, name: String, parent: String? = nil, description: String? = nil,
    location: SourceLocation, keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.name = name
    self.parent = parent
    self.description = description
    self.location = location
    self.keyLocations = keyLocations
  }
}

/// A patient population: a condition, qualifiers (dimension = allowed values) and numeric ranges on
/// named measures. Two populations overlap only where every shared qualifier has a common value
/// and every shared measure a common range.
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

  /// A closed range on a named measure, such as age 50–69 years; either end may be open.
  public struct MeasureRange: Hashable, Codable, Sendable {
    public var measure: String
    public var unit: String
    /// Lower bound, inclusive.
    public var min: Double?
    /// Upper bound, inclusive.
    public var max: Double?

    public init(measure: String, unit: String, min: Double? = nil, max: Double? = nil) {
      self.measure = measure
      self.unit = unit
      self.min = min
      self.max = max
    }
  }

  public var id: String
  public var name: String
  public var condition: String
  /// Qualifiers sorted by dimension.
  public var qualifiers: [Qualifier]
  public var ranges: [MeasureRange]
  public var description: String?
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, name: String, condition: String, qualifiers: [Qualifier] = [],
    ranges: [MeasureRange] = [], description: String? = nil, location: SourceLocation,
    keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.name = name
    self.condition = condition
    self.qualifiers = qualifiers.sorted { $0.dimension < $1.dimension }
    self.ranges = ranges
    self.description = description
    self.location = location
    self.keyLocations = keyLocations
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
