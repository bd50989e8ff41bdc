import EvidenceModel

/// What a check remembers of an analysis, to compare the next one with: each relation's
/// fingerprint, type, severity and score, and each pathway line's position.
public struct RunSnapshot: Hashable, Codable, Sendable {
  public struct ConflictState: Hashable, Codable, Sendable {
    public var id: String
    public var type: ConflictType
    public var severity: ConflictSeverity
    public var score: Double
    public var recommendations: [String]
    public var intervention: String

    public init(
      id: String, type: ConflictType, severity: ConflictSeverity, score: Double,
      recommendations: [String], intervention: String
    ) {
      self.id = id
      self.type = type
      self.severity = severity
      self.score = score
      self.recommendations = recommendations
      self.intervention = intervention
    }
  }

  public struct PathwayLine: Hashable, Codable, Sendable {
    public var topic: String
    public var phase: String
    public var start: TimelineDuration
    public var end: TimelineDuration?
    public var intervention: String
    public var position: PathwayPosition

    public init(
      topic: String, phase: String, start: TimelineDuration, end: TimelineDuration?,
      intervention: String, position: PathwayPosition
    ) {
      self.topic = topic
      self.phase = phase
      self.start = start
      self.end = end
      self.intervention = intervention
      self.position = position
    }

    func contains(days: Double) -> Bool {
      days >= start.days && (end.map { days < $0.days } ?? true)
    }

    /// The bands of measures the line's phase lies in (`pack-years ≥ 20 and < 30; …`): the part
    /// of the phase name after its span (phase names join span and bands with `; `), empty when
    /// the timeline is the only axis.
    var bands: String {
      phase.range(of: "; ").map { String(phase[$0.upperBound...]) } ?? ""
    }
  }

  /// What a committee decision settled: the decision's own fingerprint and the content
  /// fingerprint of each recommendation it considered, as they stood when a check first saw the
  /// decision (carried from run to run while the decision is unchanged).
  public struct DecisionEvidence: Hashable, Codable, Sendable {
    public var decision: String
    public var fingerprint: String
    /// Recommendation id → content fingerprint (``DecisionReview/contentFingerprint(_:)-…``);
    /// an absent recommendation has none.
    public var evidence: [String: String]

    public init(decision: String, fingerprint: String, evidence: [String: String]) {
      self.decision = decision
      self.fingerprint = fingerprint
      self.evidence = evidence
    }
  }

  public var conflicts: [ConflictState]
  public var pathwayLines: [PathwayLine]
  public var decisions: [DecisionEvidence]

  public init(conflicts: [ConflictState], pathwayLines: [PathwayLine], decisions: [DecisionEvidence] = []) {
    self.conflicts = conflicts
    self.pathwayLines = pathwayLines
    self.decisions = decisions
  }

  private enum CodingKeys: String, CodingKey { case conflicts, pathwayLines, decisions }

  /// Decodes a snapshot; `decisions` may be absent (snapshots written before decisions existed).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    conflicts = try c.decode([ConflictState].self, forKey: .conflicts)
    pathwayLines = try c.decode([PathwayLine].self, forKey: .pathwayLines)
    decisions = try c.decodeIfPresent([DecisionEvidence].self, forKey: .decisions) ?? []
  }

  /// How many of the relations of a conflict type have each severity.
  public static func conflictsBySeverity(_ conflicts: [ConflictState]) -> [ConflictSeverity: Int] {
    var counts: [ConflictSeverity: Int] = [:]
    for c in conflicts where c.type.isConflict { counts[c.severity, default: 0] += 1 }
    return counts
  }

  /// The decisions whose considered recommendations changed since `previous` recorded them
  /// (the decision itself unchanged), each with the recommendations that changed or went.
  public func reopenedDecisions(since previous: RunSnapshot) -> [(decision: String, changed: [String])] {
    let before = Dictionary(previous.decisions.map { ($0.decision, $0) }) { x, _ in x }
    return decisions.compactMap { now in
      guard let then = before[now.decision], then.fingerprint == now.fingerprint else { return nil }
      let changed = then.evidence.keys.filter { now.evidence[$0] != then.evidence[$0] }.sorted()
      return changed.isEmpty ? nil : (now.decision, changed)
    }
  }

  /// This snapshot with each unchanged decision's evidence as `previous` recorded it, so that a
  /// re-opened decision stays re-opened run after run until the committee revises it.
  public func settling(from previous: RunSnapshot?) -> RunSnapshot {
    guard let previous else { return self }
    let before = Dictionary(previous.decisions.map { ($0.decision, $0) }) { x, _ in x }
    var result = self
    result.decisions = decisions.map { now in
      guard let then = before[now.decision], then.fingerprint == now.fingerprint else { return now }
      return then
    }
    return result
  }

  /// The snapshot of an analysis and its pathways.
  public init(_ analysis: Analysis, pathways: [Pathway]) {
    conflicts = analysis.conflicts.map {
      ConflictState(
        id: $0.id, type: $0.type, severity: $0.severity, score: $0.score,
        recommendations: $0.recommendations, intervention: $0.intervention)
    }
    pathwayLines = pathways.flatMap { pathway in
      pathway.phases.flatMap { phase in
        phase.items.map {
          PathwayLine(
            topic: pathway.topic.id, phase: phase.name, start: phase.start, end: phase.end,
            intervention: $0.intervention, position: $0.position)
        }
      }
    }
    decisions = Self.decisionEvidence(analysis.catalogue, topic: analysis.options.topic)
  }
}

/// What changed between two snapshots.
public struct RunComparison: Hashable, Codable, Sendable {
  public struct ConflictChange: Hashable, Codable, Sendable {
    public var id: String
    public var before: RunSnapshot.ConflictState
    public var after: RunSnapshot.ConflictState
    /// Which of `type`, `severity` and `score` changed.
    public var changed: [String]
  }

  /// A change of an intervention's position from a point of the timeline on.
  public struct PathwayChange: Hashable, Codable, Sendable {
    public var topic: String
    /// The phase the point falls in (in the newer pathway when it has one).
    public var phase: String
    /// The point of the timeline from which the position differs.
    public var from: TimelineDuration
    public var intervention: String
    /// `nil` when the line is new.
    public var before: PathwayPosition?
    /// `nil` when the line is gone.
    public var after: PathwayPosition?

    private enum CodingKeys: String, CodingKey { case topic, phase, from, intervention, before, after }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(topic, forKey: .topic)
      try c.encode(phase, forKey: .phase)
      try c.encode(from, forKey: .from)
      try c.encode(intervention, forKey: .intervention)
      try c.encode(before, forKey: .before)
      try c.encode(after, forKey: .after)
    }
  }

  /// Relations that are conflicts now and were not before (new, or previously not a conflict).
  public var newConflicts: [RunSnapshot.ConflictState]
  /// Relations present in both whose type, severity or score changed.
  public var changedConflicts: [ConflictChange]
  /// Conflicts that are gone, or are no longer conflicts.
  public var resolvedConflicts: [RunSnapshot.ConflictState]
  public var pathwayChanges: [PathwayChange]
  /// Whether the pathways were compared (a baseline without pathways cannot be).
  public var pathwaysCompared: Bool

  public var isEmpty: Bool {
    newConflicts.isEmpty && changedConflicts.isEmpty && resolvedConflicts.isEmpty && pathwayChanges.isEmpty
  }

  /// Compares a snapshot with the one before it. Pathways are compared position by position along
  /// the timeline (at every phase boundary of either), band by band of the measures, so a phase
  /// that was only renamed or split is not a change; pass `comparePathways: false` for a baseline that has no pathway.
  public init(from before: RunSnapshot, to after: RunSnapshot, comparePathways: Bool = true) {
    let old = Dictionary(before.conflicts.map { ($0.id, $0) }) { x, _ in x }
    let new = Dictionary(after.conflicts.map { ($0.id, $0) }) { x, _ in x }
    func live(_ state: RunSnapshot.ConflictState?) -> Bool {
      guard let state else { return false }
      return state.type.isConflict && state.severity > .none
    }
    var added: [RunSnapshot.ConflictState] = []
    var changed: [ConflictChange] = []
    var resolved: [RunSnapshot.ConflictState] = []
    for state in after.conflicts {
      let previous = old[state.id]
      if live(state) && !live(previous) {
        added.append(state)
      } else if let previous, live(state) {
        var fields: [String] = []
        if previous.type != state.type { fields.append("type") }
        if previous.severity != state.severity { fields.append("severity") }
        if previous.score != state.score { fields.append("score") }
        if !fields.isEmpty { changed.append(.init(id: state.id, before: previous, after: state, changed: fields)) }
      }
    }
    for state in before.conflicts where live(state) && !live(new[state.id]) {
      resolved.append(new[state.id] ?? state)
    }
    newConflicts = added
    changedConflicts = changed
    resolvedConflicts = resolved
    pathwaysCompared = comparePathways
    var lines: [PathwayChange] = []
    if comparePathways {
      func grouped(_ lines: [RunSnapshot.PathwayLine]) -> [String: [RunSnapshot.PathwayLine]] {
        // Lines of the same bands are compared along the timeline.
        Dictionary(grouping: lines) { $0.topic + "\u{1F}" + $0.intervention + "\u{1F}" + $0.bands }
      }
      let old = grouped(before.pathwayLines), new = grouped(after.pathwayLines)
      for key in Set(old.keys).union(new.keys).sorted() {
        let was = old[key] ?? [], now = new[key] ?? []
        let sample = (now.first ?? was.first)!
        var points: [TimelineDuration] = []
        for start in (was + now).map(\.start) where !points.contains(where: { $0.days == start.days }) {
          points.append(start)
        }
        points.sort { $0.days < $1.days }
        var previous: (PathwayPosition?, PathwayPosition?)?
        for point in points {
          let before = was.first { $0.contains(days: point.days) }
          let after = now.first { $0.contains(days: point.days) }
          let pair = (before?.position, after?.position)
          defer { previous = pair }
          guard pair.0 != pair.1, !(previous.map { $0.0 == pair.0 && $0.1 == pair.1 } ?? false) else { continue }
          lines.append(.init(
            topic: sample.topic, phase: (after ?? before)!.phase, from: point,
            intervention: sample.intervention, before: pair.0, after: pair.1))
        }
      }
    }
    pathwayChanges = lines
  }
}

/// When a check fails: a set of conditions, any of which fails it.
public struct CheckPolicy: Hashable, Sendable, CustomStringConvertible {
  public enum Condition: String, CaseIterable, Sendable {
    /// Any error diagnostic.
    case error
    /// Any warning (or error) diagnostic.
    case warning
    /// A conflict that became major.
    case newMajor = "new-major"
    /// Any new conflict, whatever its severity.
    case newConflict = "new-conflict"
    /// Any change in conflicts or in the pathway.
    case anyChange = "any-change"
    /// A committee decision re-opened (finding `decision-reopened`).
    case reopenedDecision = "reopened-decision"
  }

  public var conditions: [Condition]

  /// The default: fail on errors, on new major conflicts and on re-opened committee decisions
  /// (a settled question whose evidence moved must go back to the committee).
  public static let standard = CheckPolicy(conditions: [.error, .newMajor, .reopenedDecision])

  public init(conditions: [Condition]) { self.conditions = conditions }

  /// Parses `error,new-major`; `never` is the empty policy. Returns `nil` for unknown words.
  public init?(parsing text: String) {
    let words = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    if words == ["never"] {
      conditions = []
      return
    }
    var conditions: [Condition] = []
    for word in words {
      guard let condition = Condition(rawValue: word) else { return nil }
      if !conditions.contains(condition) { conditions.append(condition) }
    }
    guard !conditions.isEmpty else { return nil }
    self.conditions = conditions
  }

  public var description: String {
    conditions.isEmpty ? "never" : conditions.map(\.rawValue).joined(separator: ",")
  }

  /// The reasons a check fails under this policy (empty when it passes). A catalogue that could
  /// not be analysed fails every policy but `never`.
  public func failures(diagnostics: [Diagnostic], comparison: RunComparison?, analysed: Bool = true)
    -> [String]
  {
    var reasons: [String] = []
    if !analysed, !conditions.isEmpty { reasons.append("the catalogue could not be analysed") }
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    for condition in conditions {
      switch condition {
      case .error where errors > 0:
        reasons.append("\(errors) \(errors == 1 ? "error" : "errors")")
      case .warning where errors + warnings > 0:
        reasons.append("\(errors + warnings) errors or warnings")
      case .newMajor:
        let count = (comparison?.newConflicts.filter { $0.severity == .major }.count ?? 0)
          + (comparison?.changedConflicts.filter { $0.after.severity == .major && $0.before.severity != .major }.count ?? 0)
        if count > 0 { reasons.append("\(count) new major \(count == 1 ? "conflict" : "conflicts")") }
      case .newConflict:
        let count = comparison?.newConflicts.count ?? 0
        if count > 0 { reasons.append("\(count) new \(count == 1 ? "conflict" : "conflicts")") }
      case .anyChange:
        if let comparison, !comparison.isEmpty { reasons.append("the analysis changed") }
      case .reopenedDecision:
        // One decision can be re-opened for reasons found by the analysis and by the check.
        let count = Set(diagnostics.filter { $0.rule == FindingRule.decisionReopened.rawValue }
          .map { $0.location.map { "\($0.file):\($0.line):\($0.column)" } ?? $0.message }).count
        if count > 0 { reasons.append("\(count) re-opened \(count == 1 ? "decision" : "decisions")") }
      default: break
      }
    }
    return reasons
  }
}
