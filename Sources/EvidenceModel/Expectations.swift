/// What a committee (or the development set) expects the analysis of one topic to find: the
/// relations between named statements with the severity bands a methodologist accepts, and the
/// pathway line for given patients. Read from an expectations file (`ExpectationsFormat.md`);
/// `evaluate` compares an analysis with it.
public struct TopicExpectations: Hashable, Sendable {
  /// An expected relation between two statements.
  public struct Relation: Hashable, Sendable {
    /// A label unique in the file.
    public var id: String
    /// The two stated recommendations (an implied position counts as its statement).
    public var between: [String]
    /// When set, one side must be the position implied by this statement's exclusive scope.
    public var implied: String?
    /// `position`, `interval` or `target`.
    public var aspect: String
    /// A point on the topic's timeline the relation's window must contain.
    public var at: TimelineDuration?
    /// The accepted severity bands (`none`, `minor`, `moderate`, `major`), the expected one first.
    public var severities: [String]
    /// A negative control: no major or moderate relation may hold between the two.
    public var control: Bool
    public var why: String?
    public var location: SourceLocation

    public init(
      id: String, between: [String], implied: String? = nil, aspect: String = "position",
      at: TimelineDuration? = nil, severities: [String], control: Bool = false, why: String? = nil,
      location: SourceLocation
    ) {
      self.id = id
      self.between = between
      self.implied = implied
      self.aspect = aspect
      self.at = at
      self.severities = severities
      self.control = control
      self.why = why
      self.location = location
    }
  }

  /// A patient: a point on the timeline, values of measures and values of qualifiers.
  public struct Patient: Hashable, Sendable {
    public var at: TimelineDuration
    /// Measure values in the unit the file gives (converted to the canonical unit when read).
    public var values: [String: Double]
    public var qualifiers: [String: String]

    public init(at: TimelineDuration, values: [String: Double] = [:], qualifiers: [String: String] = [:]) {
      self.at = at
      self.values = values
      self.qualifiers = qualifiers
    }
  }

  /// The pathway line expected for one intervention and patient.
  public struct Line: Hashable, Sendable {
    public var id: String
    public var intervention: String
    public var patient: Patient
    /// The accepted pathway positions (`do`, `consider`, `contested`, `insufficient-evidence`,
    /// `do-not`).
    public var positions: [String]
    public var why: String?
    public var location: SourceLocation

    public init(
      id: String, intervention: String, patient: Patient, positions: [String], why: String? = nil,
      location: SourceLocation
    ) {
      self.id = id
      self.intervention = intervention
      self.patient = patient
      self.positions = positions
      self.why = why
      self.location = location
    }
  }

  public var topic: String
  /// Where the expectations come from.
  public var source: String?
  public var relations: [Relation]
  public var pathway: [Line]
  public var location: SourceLocation

  public init(
    topic: String, source: String? = nil, relations: [Relation], pathway: [Line],
    location: SourceLocation
  ) {
    self.topic = topic
    self.source = source
    self.relations = relations
    self.pathway = pathway
    self.location = location
  }

  /// The severity bands an expectations file may name.
  public static let severities = ["none", "minor", "moderate", "major"]
  /// The aspects an expectations file may name.
  public static let aspects = ["position", "interval", "target"]
  /// The pathway positions an expectations file may name.
  public static let positions = ["do", "consider", "contested", "insufficient-evidence", "do-not"]
}
