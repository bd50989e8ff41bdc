/// A publication that carries recommendations or evidence conclusions: a guideline, position
/// statement, technology appraisal, appropriateness criteria or systematic review.
public struct Source: Hashable, Codable, Sendable {
  /// What kind of publication a source is.
  public enum Kind: String, Codable, Sendable, CaseIterable {
    case guideline
    case positionStatement = "position-statement"
    case technologyAppraisal = "technology-appraisal"
    case appropriatenessCriteria = "appropriateness-criteria"
    case appropriateUseCriteria = "appropriate-use-criteria"
    case practiceParameter = "practice-parameter"
    case qualityImprovementGuideline = "quality-improvement-guideline"
    case standardsOfPractice = "standards-of-practice"
    case systematicReview = "systematic-review"
  }

  /// Whether a source is in force.
  public enum Status: String, Codable, Sendable, CaseIterable {
    case current
    case superseded
    case withdrawn
  }

  /// A structured quality appraisal, such as AGREE II domain scores (0–100 each).
  public struct Appraisal: Hashable, Codable, Sendable {
    public struct Domain: Hashable, Codable, Sendable {
      public var name: String
      public var score: Double

      public init(name: String, score: Double) {
        self.name = name
        self.score = score
      }
    }

    public var instrument: String
    public var domains: [Domain]
    /// An overall score, 0–100, if the appraisal gives one.
    public var overall: Double?
    public var note: String?

    public init(instrument: String, domains: [Domain] = [], overall: Double? = nil, note: String? = nil) {
      self.instrument = instrument
      self.domains = domains
      self.overall = overall
      self.note = note
    }
  }

  public var id: String
  public var kind: Kind
  public var title: String
  /// The year of publication; `nil` when no source seen states it (the source is then unverified).
  public var year: Int?
  public var published: CalendarDate?
  /// Issuing bodies; several for a multisociety statement.
  public var bodies: [String]
  /// The grading scheme; defaults to the first body's scheme.
  public var scheme: String?
  /// The topic its recommendations answer unless they name another.
  public var topic: String?
  public var citation: String
  public var identifiers: Identifiers
  public var status: Status
  public var supersededBy: String?
  public var reviewBy: CalendarDate?
  public var appraisal: Appraisal?
  public var verification: Verification
  public var notes: String?
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, kind: Kind, title: String, year: Int?, published: CalendarDate? = nil,
    bodies: [String], scheme: String? = nil, topic: String? = nil, citation: String,
    identifiers: Identifiers = Identifiers(), status: Status = .current,
    supersededBy: String? = nil, reviewBy: CalendarDate? = nil, appraisal: Appraisal? = nil,
    verification: Verification = .verified, notes: String? = nil, location: SourceLocation,
    keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.kind = kind
    self.title = title
    self.year = year
    self.published = published
    self.bodies = bodies
    self.scheme = scheme
    self.topic = topic
    self.citation = citation
    self.identifiers = identifiers
    self.status = status
    self.supersededBy = supersededBy
    self.reviewBy = reviewBy
    self.appraisal = appraisal
    self.verification = verification
    self.notes = notes
    self.location = location
    self.keyLocations = keyLocations
  }
}

/// One recommendation (or evidence conclusion) of a source: the clinical question it answers
/// (intervention concepts and population), its direction and native grade, a short paraphrase,
/// where in the source it stands, its timing window, and the studies it rests on.
public struct Recommendation: Hashable, Codable, Sendable {
  public var id: String
  public var source: String
  public var topic: String
  /// The intervention concepts; usually one, several where a source grades them together.
  public var interventions: [String]
  public var population: String
  public var direction: Direction
  /// The strength label in the source's own scheme (AAOS "Strong", USPSTF "D").
  public var strength: String
  /// The evidence level label in the source's own scheme, if stated.
  public var evidenceLevel: String?
  /// A brief paraphrase; never the guideline's text at length.
  public var statement: String
  /// Where in the source the recommendation stands (section, page, URL).
  public var locator: String
  public var window: TimingWindow
  public var conditions: [String]
  public var exclusions: [String]
  /// Ids of the supporting studies.
  public var studies: [String]
  public var verification: Verification
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, source: String, topic: String, interventions: [String], population: String,
    direction: Direction, strength: String, evidenceLevel: String? = nil, statement: String,
    locator: String, window: TimingWindow = .always, conditions: [String] = [],
    exclusions: [String] = [], studies: [String] = [], verification: Verification = .verified,
    location: SourceLocation, keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.source = source
    self.topic = topic
    self.interventions = interventions
    self.population = population
    self.direction = direction
    self.strength = strength
    self.evidenceLevel = evidenceLevel
    self.statement = statement
    self.locator = locator
    self.window = window
    self.conditions = conditions
    self.exclusions = exclusions
    self.studies = studies
    self.verification = verification
    self.location = location
    self.keyLocations = keyLocations
  }
}
