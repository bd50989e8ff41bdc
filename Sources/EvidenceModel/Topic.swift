/// A clinical question with its own timeline, such as "initial treatment of osteoporotic vertebral
/// compression fractures".
///
/// The topic owns the timeline: the anchor event windows are measured from, named phases for
/// display, the prerequisites recommendations may wait for, the assumptions the catalogue makes
/// where sources give no number (each with its provenance), and red flags that override the
/// pathway at any time.
public struct Topic: Hashable, Codable, Sendable {
  /// The event a topic's timeline starts at.
  public enum Anchor: String, Codable, Sendable, CaseIterable {
    case symptomOnset = "symptom-onset"
    case fracture
    case injury
    case diagnosis
    case treatmentStart = "treatment-start"
    /// Birth: the timeline is the patient's age (screening and prevention topics).
    case birth
  }

  /// A named stretch of the timeline, such as "First 2 weeks".
  public struct Phase: Hashable, Codable, Sendable {
    public var name: String
    public var start: TimelineDuration
    public var end: TimelineDuration?

    public init(name: String, start: TimelineDuration, end: TimelineDuration? = nil) {
      self.name = name
      self.start = start
      self.end = end
    }
  }

  /// A condition a recommendation's window may wait for, such as failed conservative care.
  public struct Prerequisite: Hashable, Codable, Sendable {
    public var id: String
    public var description: String

    public init(id: String, description: String) {
      self.id = id
      self.description = description
    }
  }

  /// Something the catalogue assumes where no source states it, with where the assumption comes
  /// from. Reports show assumptions as assumptions, never as a society's words.
  public struct Assumption: Hashable, Codable, Sendable {
    public var id: String
    public var statement: String
    /// The prerequisite whose duration this assumption supplies, if any.
    public var prerequisite: String?
    /// The assumed duration (for example `3mo` of failed conservative care).
    public var duration: TimelineDuration?
    public var provenance: Provenance
    public var verification: Verification

    public init(
      id: String, statement: String, prerequisite: String? = nil,
      duration: TimelineDuration? = nil, provenance: Provenance,
      verification: Verification = .verified
    ) {
      self.id = id
      self.statement = statement
      self.prerequisite = prerequisite
      self.duration = duration
      self.provenance = provenance
      self.verification = verification
    }
  }

  /// A finding that overrides the pathway at any time (neurological deficit, instability,
  /// suspected malignancy) and what it calls for.
  public struct RedFlag: Hashable, Codable, Sendable {
    public var id: String
    public var description: String
    public var action: String
    /// Recommendations that support the red flag, if any.
    public var recommendations: [String]
    public var provenance: Provenance
    /// Unverified when no guideline in the catalogue states it (only the starting page does).
    public var verification: Verification

    public init(
      id: String, description: String, action: String, recommendations: [String] = [],
      provenance: Provenance, verification: Verification = .verified
    ) {
      self.id = id
      self.description = description
      self.action = action
      self.recommendations = recommendations
      self.provenance = provenance
      self.verification = verification
    }

    private enum CodingKeys: String, CodingKey { case id, description, action, recommendations, provenance, verification }

    /// Decodes a stored red flag; `verification` may be absent (stored before it existed).
    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      id = try c.decode(String.self, forKey: .id)
      description = try c.decode(String.self, forKey: .description)
      action = try c.decode(String.self, forKey: .action)
      recommendations = try c.decode([String].self, forKey: .recommendations)
      provenance = try c.decode(Provenance.self, forKey: .provenance)
      verification = try c.decodeIfPresent(Verification.self, forKey: .verification) ?? .verified
    }
  }

  public var id: String
  public var title: String
  public var question: String
  /// The population the topic is about; recommendations on another population are findings.
  public var population: String
  public var anchor: Anchor
  public var anchorNote: String?
  public var phases: [Phase]
  public var prerequisites: [Prerequisite]
  public var assumptions: [Assumption]
  public var redFlags: [RedFlag]
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, title: String, question: String, population: String, anchor: Anchor,
    anchorNote: String? = nil, phases: [Phase] = [], prerequisites: [Prerequisite] = [],
    assumptions: [Assumption] = [], redFlags: [RedFlag] = [], location: SourceLocation,
    keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.title = title
    self.question = question
    self.population = population
    self.anchor = anchor
    self.anchorNote = anchorNote
    self.phases = phases
    self.prerequisites = prerequisites
    self.assumptions = assumptions
    self.redFlags = redFlags
    self.location = location
    self.keyLocations = keyLocations
  }
}
