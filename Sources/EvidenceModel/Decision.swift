/// What a guideline committee decided on one clinical question of a topic: the position it
/// adopted for a segment of the population and timeline, why, when, and on which evidence.
///
/// A decision never changes the analysis: the pathway still shows the contested state it
/// settles, with the decision beside it. It is *re-opened* when the evidence it settled moves
/// (see `ScoringRules.md`, "Committee decisions"): a recommendation it considered changes or
/// leaves the catalogue, a source newer than the decision arrives on its question, or a dispute
/// it settles is no longer there.
public struct Decision: Hashable, Codable, Sendable {
  /// The position a committee adopts: the pathway's positions other than `contested`.
  public enum Adopted: String, Hashable, Codable, Sendable, CaseIterable {
    case `do`
    case consider
    case insufficientEvidence = "insufficient-evidence"
    case doNot = "do-not"
  }

  public var id: String
  public var topic: String
  /// The clinical question: an intervention concept of the topic.
  public var intervention: String
  /// The part of the topic's population the decision is for; `nil` for all of it.
  public var population: String?
  /// The part of the timeline the decision is for (`.always` for all of it).
  public var window: TimingWindow
  public var position: Adopted
  /// A brief statement of why.
  public var rationale: String
  /// The day the committee decided; the evidence it weighed is the catalogue as of this day.
  public var date: CalendarDate
  /// Who decided, in words ("Spine pathway committee, Example Health").
  public var committee: String
  /// Ids of the disputes (`dp-…`) or relations (`cf-…`) the decision settles.
  public var settles: [String]
  /// Ids of the recommendations the committee weighed.
  public var considered: [String]
  public var location: SourceLocation
  public var keyLocations: [String: SourceLocation]

  public init(
    id: String, topic: String, intervention: String, population: String? = nil,
    window: TimingWindow = .always, position: Adopted, rationale: String, date: CalendarDate,
    committee: String, settles: [String] = [], considered: [String] = [], location: SourceLocation,
    keyLocations: [String: SourceLocation] = [:]
  ) {
    self.id = id
    self.topic = topic
    self.intervention = intervention
    self.population = population
    self.window = window
    self.position = position
    self.rationale = rationale
    self.date = date
    self.committee = committee
    self.settles = settles
    self.considered = considered
    self.location = location
    self.keyLocations = keyLocations
  }
}
