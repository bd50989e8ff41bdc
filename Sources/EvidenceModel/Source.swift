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
    /// A statement derived from appraising other bodies' guidelines (ACP guidance statements).
    case guidanceStatement = "guidance-statement"
    case bestPracticeAdvice = "best-practice-advice"
    /// An endorsement (or a refusal to endorse) of another body's guideline.
    case endorsement
    /// Another body's guideline adapted, with changes (ACS 2020 HPV vaccination).
    case adaptation
    case practiceAdvisory = "practice-advisory"
    case practiceBulletin = "practice-bulletin"
    case interimGuidance = "interim-guidance"
  }

  /// Whether a source is in force: derived from the catalogue (`superseded-by`, `withdrawn`) and,
  /// in an analysis, from the as-of date (see ``Catalogue/asOf(_:)``); never written by an editor.
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
  /// The year of publication (a day or month may be in ``published``); `nil` only when no source
  /// seen states it, and the source is then marked unverified.
  public var year: Int?
  /// The publication date to the month or day, where known.
  public var published: PublicationDate?
  /// Issuing bodies; several for a multisociety statement.
  public var bodies: [String]
  /// The grading scheme; defaults to the first body's scheme.
  public var scheme: String?
  /// The topic its recommendations answer unless they name another.
  public var topic: String?
  public var citation: String
  public var identifiers: Identifiers
  /// Other addresses where the source was read (secondary copies, summaries), as the editor saw
  /// them. They are not identifiers: a source with only these has "no identifier recorded".
  public var seenAt: [String]
  /// The source's standing: current unless superseded or withdrawn. ``Catalogue/asOf(_:)`` sets it
  /// to the standing on a date.
  public var status: Status
  /// The next edition, in force from its own publication date.
  public var supersededBy: String?
  /// When the source was withdrawn without a successor.
  public var withdrawn: PublicationDate?
  /// Dates on which the body reaffirmed the source unchanged.
  public var reaffirmed: [PublicationDate]
  /// Sources of other bodies this source endorses or adopts.
  public var endorses: [String]
  /// Sources of other bodies this source explicitly declines to endorse.
  public var doesNotEndorse: [String]
  public var reviewBy: CalendarDate?
  public var appraisal: Appraisal?
  public var verification: Verification
  public var notes: String?
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, kind: Kind, title: String, year: Int?, published: PublicationDate? = nil,
    bodies: [String], scheme: String? = nil, topic: String? = nil, citation: String,
    identifiers: Identifiers = Identifiers(), seenAt: [String] = [], status: Status? = nil,
    supersededBy: String? = nil, withdrawn: PublicationDate? = nil,
    reaffirmed: [PublicationDate] = [], endorses: [String] = [], doesNotEndorse: [String] = [],
    reviewBy: CalendarDate? = nil, appraisal: Appraisal? = nil,
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
    self.seenAt = seenAt
    self.status = status ?? (supersededBy != nil ? .superseded : withdrawn != nil ? .withdrawn : .current)
    self.supersededBy = supersededBy
    self.withdrawn = withdrawn
    self.reaffirmed = reaffirmed
    self.endorses = endorses
    self.doesNotEndorse = doesNotEndorse
    self.reviewBy = reviewBy
    self.appraisal = appraisal
    self.verification = verification
    self.notes = notes
    self.location = location
    self.keyLocations = keyLocations
  }

  /// The publication date as precisely as it is known: ``published``, else the year; `nil` when
  /// the year is not known (such a source counts as in force on every date).
  public var publicationDate: PublicationDate? { published ?? year.flatMap { PublicationDate(year: $0) } }
}

/// One recommendation (or evidence conclusion) of a source: the clinical question it answers
/// (intervention concepts and population), its direction and native grade, a short paraphrase,
/// where in the source it stands, its timing window, and the studies it rests on.
public struct Recommendation: Hashable, Codable, Sendable {
  /// Whether a statement concerns routine (unselected) use or selective use.
  public enum Use: String, Codable, Sendable, CaseIterable {
    /// Everyone in the population, unselected ("not recommended routinely", "routine screening").
    case routine
    /// Chosen patients ("selectively offer", "consider for those at high risk").
    case selective
  }

  /// What a recommendation's scope can be exclusive on: its window on the timeline (all of it,
  /// or only its start, its end or its prerequisites), a measure its population bounds (both
  /// bounds, or only the lower or the upper one), or its strategy among sibling concepts.
  /// Written `window`, `window.start`, `window.end`, `window.after`, `pack-years`,
  /// `pack-years.lower`, `pack-years.upper`, `alternatives`.
  public enum ScopeItem: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Which part of the window is exclusive.
    public enum WindowPart: String, Hashable, Codable, Sendable, CaseIterable {
      case all, start, end, after
    }

    /// Which bound of a measure's range is exclusive.
    public enum Bound: String, Hashable, Codable, Sendable, CaseIterable {
      case both, lower, upper
    }

    case window(WindowPart)
    case measure(String, Bound)
    /// The strategy itself: the statement's intervention is the only option among its sibling
    /// concepts ("cytology alone"), so the siblings are implied not recommended where it holds.
    case alternatives

    /// Parses the written form. A text that is not `window`, `window.<part>` or `alternatives`
    /// names a measure, with an optional `.lower` or `.upper`.
    public init(_ text: String) {
      if text == "alternatives" {
        self = .alternatives
      } else if text == "window" {
        self = .window(.all)
      } else if text.hasPrefix("window."), let part = WindowPart(rawValue: String(text.dropFirst(7))),
        part != .all
      {
        self = .window(part)
      } else if let dot = text.lastIndex(of: "."),
        let bound = Bound(rawValue: String(text[text.index(after: dot)...])), bound != .both
      {
        self = .measure(String(text[..<dot]), bound)
      } else {
        self = .measure(text, .both)
      }
    }

    public var description: String {
      switch self {
      case .window(.all): "window"
      case .window(let part): "window.\(part.rawValue)"
      case .measure(let id, .both): id
      case .measure(let id, let bound): "\(id).\(bound.rawValue)"
      case .alternatives: "alternatives"
      }
    }

    /// Whether the item is about the window.
    public var isWindow: Bool {
      if case .window = self { return true }
      return false
    }

    /// The measure id, for a measure item.
    public var measure: String? {
      if case .measure(let id, _) = self { return id }
      return nil
    }

    public init(from decoder: any Decoder) throws {
      self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(description)
    }
  }

  /// A subgroup a statement excludes: a population inside the statement's own, and, where the
  /// exception holds only at some ages or times, a window inside the statement's window.
  public struct Exception: Hashable, Codable, Sendable {
    public var population: String
    public var window: TimingWindow?

    public init(population: String, window: TimingWindow? = nil) {
      self.population = population
      self.window = window
    }
  }

  public var id: String
  public var source: String
  public var topic: String
  /// The intervention concepts; usually one, several where a source grades them together.
  public var interventions: [String]
  public var population: String
  public var direction: Direction
  /// The strength label in the source's own scheme (AAOS "Strong", USPSTF "D"); `nil` where the
  /// scheme has no strength tiers (ADA grades evidence only).
  public var strength: String?
  /// The evidence level label in the source's own scheme, if stated.
  public var evidenceLevel: String?
  /// The grading scheme of this statement when it differs from its source's.
  public var scheme: String?
  /// A brief paraphrase; never the guideline's text at length.
  public var statement: String
  /// Where in the source the recommendation stands (section, page, URL).
  public var locator: String
  public var window: TimingWindow
  /// Where the position holds *only* inside its scope: outside the window or the named measures'
  /// ranges, the body's position is implied to be "not recommended" (see
  /// ``Catalogue/impliedPositions(of:)``).
  public var exclusive: [ScopeItem]
  /// Whether the statement concerns routine or selective use, where it says.
  public var use: Use?
  /// Whether the statement ranks this option first among the alternatives it accepts ("primary
  /// HPV testing is preferred; cotesting or cytology acceptable").
  public var preferred: Bool
  /// Subgroups of the population the statement excludes.
  public var exceptions: [Exception]
  /// How often, where the statement says.
  public var interval: RecurrenceInterval?
  /// A treatment target on a measure, such as HbA1c below 7 %.
  public var target: Population.MeasureRange?
  public var conditions: [String]
  public var exclusions: [String]
  /// Ids of the supporting studies.
  public var studies: [String]
  public var verification: Verification
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, source: String, topic: String, interventions: [String], population: String,
    direction: Direction, strength: String?, evidenceLevel: String? = nil, scheme: String? = nil,
    statement: String, locator: String, window: TimingWindow = .always,
    exclusive: [ScopeItem] = [], use: Use? = nil, preferred: Bool = false, exceptions: [Exception] = [],
    interval: RecurrenceInterval? = nil, target: Population.MeasureRange? = nil,
    conditions: [String] = [], exclusions: [String] = [], studies: [String] = [],
    verification: Verification = .verified, location: SourceLocation,
    keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.source = source
    self.topic = topic
    self.interventions = interventions
    self.population = population
    self.direction = direction
    self.strength = strength
    self.evidenceLevel = evidenceLevel
    self.scheme = scheme
    self.statement = statement
    self.locator = locator
    self.window = window
    self.exclusive = exclusive
    self.use = use
    self.preferred = preferred
    self.exceptions = exceptions
    self.interval = interval
    self.target = target
    self.conditions = conditions
    self.exclusions = exclusions
    self.studies = studies
    self.verification = verification
    self.location = location
    self.keyLocations = keyLocations
  }

  /// The grade as the source writes it, such as `Strong, evidence I`, `evidence A` (a scheme with
  /// evidence levels only) or `Ungraded`.
  public var grade: String {
    switch (strength, evidenceLevel) {
    case let (s?, e?): "\(s), evidence \(e)"
    case let (s?, nil): s
    case let (nil, e?): "evidence \(e)"
    case (nil, nil): "no grade"
    }
  }
}

/// How often a recommendation says to repeat: once, every N, or every N to M.
public struct RecurrenceInterval: Hashable, Codable, Sendable, CustomStringConvertible {
  /// The shortest interval; `nil` for a one-time action.
  public var minimum: TimelineDuration?
  /// The longest interval, when a range is given (every 1–2 years).
  public var maximum: TimelineDuration?

  /// Done once (a one-time ultrasound).
  public static let once = RecurrenceInterval(minimum: nil, maximum: nil)

  public init(minimum: TimelineDuration?, maximum: TimelineDuration? = nil) {
    self.minimum = minimum
    self.maximum = maximum
  }

  /// Every `duration`.
  public init(every duration: TimelineDuration) { self.init(minimum: duration, maximum: duration) }

  public var isOnce: Bool { minimum == nil }

  /// `once`, `every 3y` or `every 1y–2y`.
  public var description: String {
    guard let minimum else { return "once" }
    guard let maximum, maximum != minimum else { return "every \(minimum)" }
    return "every \(minimum)–\(maximum)"
  }
}
