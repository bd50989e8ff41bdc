import ConflictAnalysis
import EvidenceModel
import EvidenceStore
import Foundation

/// A check's analysis of the whole catalogue, question group by question group
/// (``QuestionGroups``): a group the last run listed, by the fingerprint of its files and options,
/// is reused; the others are analysed.
///
/// Of a reused group the check needs only its findings and its counts of conflicts by severity,
/// which the run history keeps; its relations and pathway lines are read only for the whole
/// snapshot (``snapshot(decisions:)``, for the check's JSON) and for the groups that changed
/// (``changes(since:decisions:previousDecisions:)``). So a check after one edited file reads,
/// compares and records in proportion to what changed, not to the catalogue.
struct GroupedAnalysis {
  /// One group: what the last run stored of it, and its whole result where it was analysed (or
  /// cut from one analysis of the whole catalogue).
  struct Part: Sendable {
    let group: QuestionGroups.Group
    let stored: RunRows.Group?
    let result: GroupResult?
    let findings: [Diagnostic]
    let conflictsBySeverity: [ConflictSeverity: Int]
  }

  /// The groups, in catalogue order, and each one's part.
  let groups: QuestionGroups
  let parts: [Part]
  /// How many groups were reused from the last run.
  let reused: Int
  /// The catalogue's topics, in catalogue order.
  private let topics: [String]
  /// Analyses one group apart.
  private let analyse: @Sendable (QuestionGroups.Group) -> GroupResult
  /// A stored result the last run was read without (``EvidenceStore/RunRows/Group/content``), by
  /// its fingerprint.
  private let storedContent: @Sendable (String) -> Data?

  /// Cuts the catalogue into groups and analyses those the last run (`last`) does not list.
  init(
    _ catalogue: Catalogue, options: AnalysisOptions, salt: String, last: RunRows?,
    storedContent: @escaping @Sendable (String) -> Data?
  ) {
    let cut = PhaseTimer.measure("groups") { QuestionGroups(catalogue, salt: salt) }
    self.init(
      cut, topics: catalogue.topics.map(\.id), last: last, storedContent: storedContent,
      wholeAnalysis: {
        let analysis = Analysis(catalogue, options: options)
        let resolver = Resolver(catalogue: analysis.catalogue, analysis: analysis)
        return cut.results(from: analysis, pathways: resolver.pathways(for: catalogue.topics.map(\.id)))
      },
      analyse: { GroupResult($0, of: catalogue, options: options) })
  }

  /// Analyses the groups of `cut` that the last run (`last`) does not list, each apart
  /// (`analyse`), or, when many must be and `wholeAnalysis` is given, by one analysis of the whole
  /// catalogue cut into the groups' results (which costs less then; it returns `nil` when a
  /// finding cannot be placed in a group).
  init(
    _ cut: QuestionGroups, topics: [String], last: RunRows?, storedContent: @escaping @Sendable (String) -> Data?,
    wholeAnalysis: (() -> [GroupResult]?)?, analyse: @escaping @Sendable (QuestionGroups.Group) -> GroupResult
  ) {
    self.topics = topics
    self.analyse = analyse
    self.storedContent = storedContent
    groups = cut
    let kept = cut.groups.map { last?.groups[$0.fingerprint] }
    let stale = kept.filter { $0 == nil }.count
    let whole: [GroupResult]? = stale > max(8, cut.groups.count / 10)
      ? wholeAnalysis.flatMap { analysis in PhaseTimer.measure("analysis") { analysis() } } : nil
    // What is kept of the reused groups is read on every core: the findings and the stored
    // counts, or the whole result where the counts were not stored (before store migration v10).
    let decoded: [Part?] = whole != nil ? [] : PhaseTimer.measure("decode") {
      Parallel.map(Array(zip(cut.groups, kept))) { group, stored in
        guard let stored else { return nil }
        if let counts = stored.conflictsBySeverity.flatMap(Self.severities),
          let findings = (stored.findings ?? stored.content).flatMap({ GroupResult.findings(encoded: Array($0)) })
        {
          return Part(group: group, stored: stored, result: nil, findings: findings, conflictsBySeverity: counts)
        }
        return Self.result(of: stored, group.fingerprint, storedContent).map { Part(group, stored: stored, result: $0) }
      }
    }
    var parts: [Part] = []
    var reused = 0
    for (index, group) in cut.groups.enumerated() {
      if let stored = kept[index], let result = whole?[index] {
        parts.append(Part(group, stored: stored, result: result))
        reused += 1
      } else if whole == nil, let part = decoded[index] {
        parts.append(part)
        reused += 1
      } else {
        // New or changed, or kept but unreadable: analysed.
        let result = whole?[index] ?? PhaseTimer.measure("analysis") { analyse(group) }
        parts.append(Part(group, stored: nil, result: result))
      }
    }
    self.parts = parts
    self.reused = reused
  }

  /// Every group's findings.
  var findings: [Diagnostic] { parts.flatMap(\.findings) }

  /// How many relations of a conflict type have each severity, over every group.
  var conflictsBySeverity: [ConflictSeverity: Int] {
    parts.reduce(into: [:]) { total, part in total.merge(part.conflictsBySeverity, uniquingKeysWith: +) }
  }

  /// The whole catalogue's snapshot, put together from every group's result (the reused groups'
  /// results read on every core).
  func snapshot(decisions: [RunSnapshot.DecisionEvidence]) -> RunSnapshot {
    let (analyse, storedContent) = (analyse, storedContent)
    let results = PhaseTimer.measure("decode") {
      Parallel.map(parts) { part in
        part.result
          ?? part.stored.flatMap { Self.result(of: $0, part.group.fingerprint, storedContent) }
          ?? analyse(part.group)
      }
    }
    return PhaseTimer.measure("assemble") { RunSnapshot(groups: results, topics: topics, decisions: decisions) }
  }

  /// The part of the last run and of this analysis that can differ: the groups the last run
  /// listed and this one does not (`before`, relations in id order as a run's rows are read) and
  /// the groups this one has and the last run did not (`after`, in report order). Groups in both
  /// have equal fingerprints and so equal results, and a relation or a topic's pathway belongs to
  /// one group only, so comparing these two gives what comparing the whole snapshots gives.
  /// `nil` when the last run was not recorded by groups (its rows are compared whole).
  ///
  /// A stored result that cannot be read counts as empty.
  func changes(
    since last: RunRows, decisions: [RunSnapshot.DecisionEvidence], previousDecisions: [RunSnapshot.DecisionEvidence]
  ) -> (before: RunSnapshot, after: RunSnapshot)? {
    guard last.byGroups else { return nil }
    let current = Set(parts.map(\.group.fingerprint))
    let gone = last.groups.filter { !current.contains($0.key) }.sorted { $0.key < $1.key }
    let storedContent = storedContent
    let goneResults = Parallel.map(gone) { Self.result(of: $0.value, $0.key, storedContent) }.compactMap { $0 }
    var before = RunSnapshot(
      groups: goneResults, topics: Set(goneResults.flatMap(\.pathwayLines.keys)).sorted(), decisions: previousDecisions)
    before.conflicts.sort { $0.id < $1.id }
    let added = parts.filter { last.groups[$0.group.fingerprint] == nil }.compactMap(\.result)
    let after = RunSnapshot(groups: added, topics: topics, decisions: decisions)
    return (before, after)
  }

  /// What a run records of this analysis: its groups only (``RunRows/byGroups``), each with its
  /// counts, and the decisions' evidence.
  func rows(decisions: [RunSnapshot.DecisionEvidence]) -> RunRows {
    var groups: [String: RunRows.Group] = [:]
    for part in parts {
      // A new result is stored with its findings apart; a stored one is only listed, with its
      // findings stored apart if they were not yet (a result stored before v15).
      let content = part.stored?.isStored == true ? nil : part.result.map { Data($0.encoded()) } ?? part.stored?.content
      let findings = part.stored?.findings != nil
        ? nil : Data(GroupResult(conflicts: [], pathwayLines: [:], findings: part.findings).encoded())
      var counts = Dictionary(uniqueKeysWithValues: part.conflictsBySeverity.map { ($0.key.rawValue, $0.value) })
      // A group without conflicts stores a count of zero, so that its counts read back as stored
      // (and it is reused without decoding its whole result), not as missing (before v10).
      if counts.isEmpty { counts[ConflictSeverity.none.rawValue] = 0 }
      groups[part.group.fingerprint] = RunRows.Group(
        content: content, findings: findings, conflictsBySeverity: counts, isStored: part.stored?.isStored ?? false)
    }
    var rows = RunSnapshot(conflicts: [], pathwayLines: [], decisions: decisions).rows()
    rows.groups = groups
    rows.byGroups = true
    return rows
  }

  /// A stored group's result: its content as the last run was read with it, or read now by its
  /// fingerprint (`storedContent`); `nil` when it cannot be read or decoded.
  private static func result(
    of stored: RunRows.Group, _ fingerprint: String, _ storedContent: (String) -> Data?
  ) -> GroupResult? {
    (stored.content ?? storedContent(fingerprint)).flatMap { GroupResult(encoded: Array($0)) }
  }

  /// Stored counts as severities; `nil` when one is unknown to this version.
  private static func severities(_ counts: [String: Int]) -> [ConflictSeverity: Int]? {
    var result: [ConflictSeverity: Int] = [:]
    for (id, count) in counts {
      guard let severity = ConflictSeverity(rawValue: id) else { return nil }
      result[severity] = count
    }
    return result
  }
}

extension GroupedAnalysis.Part {
  /// A group whose whole result is at hand.
  init(_ group: QuestionGroups.Group, stored: RunRows.Group?, result: GroupResult) {
    self.init(group: group, stored: stored, result: result, findings: result.findings, conflictsBySeverity: result.conflictsBySeverity)
  }
}
