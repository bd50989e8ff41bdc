import EvidenceModel
import Foundation
import GRDB

/// What a check records of its analysis, as the store's rows: each relation's fingerprint, type,
/// severity and score, each pathway line's position, and what each committee decision settled.
/// Values are the analysis's stable ids, kept as text: the store does not interpret them (the
/// check maps them to and from its snapshot).
public struct RunRows: Hashable, Sendable {
  public struct Relation: Hashable, Sendable {
    public var id, type, severity: String
    public var score: Double
    public var recommendationA, recommendationB, intervention: String

    public init(
      id: String, type: String, severity: String, score: Double, recommendationA: String, recommendationB: String,
      intervention: String
    ) {
      self.id = id
      self.type = type
      self.severity = severity
      self.score = score
      self.recommendationA = recommendationA
      self.recommendationB = recommendationB
      self.intervention = intervention
    }
  }

  public struct PathwayLine: Hashable, Sendable {
    public var topic, phase: String
    public var start: TimelineDuration
    public var end: TimelineDuration?
    public var intervention, position: String

    public init(topic: String, phase: String, start: TimelineDuration, end: TimelineDuration?, intervention: String, position: String) {
      self.topic = topic
      self.phase = phase
      self.start = start
      self.end = end
      self.intervention = intervention
      self.position = position
    }
  }

  /// A decision's fingerprint and, per recommendation it considered, the content fingerprint it
  /// settled.
  public struct DecisionEvidence: Hashable, Sendable {
    public var decision, fingerprint: String
    public var evidence: [String: String]

    public init(decision: String, fingerprint: String, evidence: [String: String]) {
      self.decision = decision
      self.fingerprint = fingerprint
      self.evidence = evidence
    }
  }

  /// What a check kept of one group of its analysis: content the store does not read, and how
  /// many of the group's conflicts have each severity.
  public struct Group: Hashable, Sendable {
    /// The group's whole result; `nil` when a run read from the store was not asked for it (its
    /// findings were stored apart: ``EvidenceStore/groupContent(_:)`` reads it when needed).
    public var content: Data?
    /// The group's findings alone, stored apart from its result (since store migration v15) so
    /// that a run is read in proportion to its findings, not to its relations.
    public var findings: Data?
    /// Severity id → how many of the group's relations of a conflict type have it; `nil` for a
    /// result stored before the counts were (store migration v10).
    public var conflictsBySeverity: [String: Int]?
    /// Whether the result and its counts are stored already, as an earlier run recorded them: a
    /// run that reuses them only lists them (the listing refers to the stored result, so one that
    /// is gone is an error, not a silent loss).
    public var isStored: Bool

    public init(content: Data?, findings: Data? = nil, conflictsBySeverity: [String: Int]?, isStored: Bool = false) {
      self.content = content
      self.findings = findings
      self.conflictsBySeverity = conflictsBySeverity
      self.isStored = isStored
    }
  }

  public var relations: [Relation]
  public var pathwayLines: [PathwayLine]
  public var decisions: [DecisionEvidence]
  /// What the check kept of each group of its analysis, by the group's fingerprint.
  public var groups: [String: Group]
  /// Whether the run's relations and pathway lines are those of its groups, not rows of its own
  /// (`relations` and `pathwayLines` are then empty).
  public var byGroups: Bool

  public init(
    relations: [Relation], pathwayLines: [PathwayLine], decisions: [DecisionEvidence], groups: [String: Group] = [:],
    byGroups: Bool = false
  ) {
    self.relations = relations
    self.pathwayLines = pathwayLines
    self.decisions = decisions
    self.groups = groups
    self.byGroups = byGroups
  }
}

/// One recorded check: when (the as-of date), on what (the catalogue's hash), by which tool
/// version, its diagnostic counts, and its rows (conflict fingerprints and scores, pathway
/// lines, decision evidence).
public struct RecordedRun: Sendable {
  public var id: Int64
  public var asOf: String
  public var catalogueHash: String
  public var toolVersion: String
  public var topic: String?
  public var errors: Int
  public var warnings: Int
  public var notes: Int
  public var passed: Bool
  public var rows: RunRows
}

/// A run as `history` lists it: counts only.
public struct RunSummary: Sendable {
  public var id: Int64
  public var asOf: String
  public var catalogueHash: String
  public var toolVersion: String
  public var topic: String?
  public var errors: Int
  public var warnings: Int
  public var passed: Bool
  /// Conflicts by severity id (`major`, `moderate`, `minor`, `none`; relations of a conflict
  /// type only).
  public var bySeverity: [String: Int]
}

extension EvidenceStore {
  /// Records a run, incomplete, in one `IMMEDIATE` transaction (so two checks at once are
  /// serialised, and a run killed part-way records nothing), and returns its id. Call
  /// ``completeRun(_:)`` once the run's outputs are in place, or ``discardRun(_:)`` when they could
  /// not be written; until then the run is neither compared with nor listed.
  ///
  /// - Parameters:
  ///   - checkState: What a whole-catalogue check keeps for the next one (content the store does
  ///     not read), replacing what the last such run kept; `nil` keeps nothing new.
  ///   - beforeCommit: Called inside the transaction just before it commits (fault injection for
  ///     the tests).
  public func record(
    asOf: String, catalogueHash: String, toolVersion: String, topic: String?, errors: Int,
    warnings: Int, notes: Int, passed: Bool, rows: RunRows, checkState: Data? = nil, beforeCommit: () -> Void = {}
  ) throws -> Int64 {
    try wrapStoreError {
      try queue.writeWithoutTransaction { db in
        var id: Int64 = 0
        try db.inTransaction(.immediate) {
          try db.execute(
            sql: """
              INSERT INTO run (asOf, catalogueHash, toolVersion, topic, errors, warnings, notes, passed, byGroups)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
              """,
            arguments: [asOf, catalogueHash, toolVersion, topic, errors, warnings, notes, passed, rows.byGroups])
          id = db.lastInsertedRowID
          let conflict = try db.makeStatement(
            sql: "INSERT INTO runConflict VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          for c in rows.relations {
            try conflict.execute(arguments: [
              id, c.id, c.type, c.severity, c.score, c.recommendationA, c.recommendationB, c.intervention,
            ])
          }
          let line = try db.makeStatement(
            sql: "INSERT OR REPLACE INTO runPathwayLine VALUES (?, ?, ?, ?, ?, ?, ?)")
          for l in rows.pathwayLines {
            try line.execute(arguments: [
              id, l.topic, l.phase, l.start.description, l.end?.description, l.intervention, l.position,
            ])
          }
          let evidence = try db.makeStatement(sql: "INSERT INTO runDecisionEvidence VALUES (?, ?, ?, ?, ?)")
          for d in rows.decisions {
            for (recommendation, fingerprint) in d.evidence.sorted(by: { $0.key < $1.key }) {
              try evidence.execute(arguments: [id, d.decision, d.fingerprint, recommendation, fingerprint])
            }
            if d.evidence.isEmpty {
              // A decision that considered nothing is still remembered, with an empty row.
              try evidence.execute(arguments: [id, d.decision, d.fingerprint, "", ""])
            }
          }
          // A group's result is stored once, whichever runs list it.
          let result = try db.makeStatement(sql: "INSERT OR IGNORE INTO analysisGroup (fingerprint, content) VALUES (?, ?)")
          let findings = try db.makeStatement(
            sql: "INSERT OR IGNORE INTO analysisGroupFindings (fingerprint, findings) VALUES (?, ?)")
          let count = try db.makeStatement(
            sql: "INSERT OR IGNORE INTO analysisGroupCount (fingerprint, severity, count) VALUES (?, ?, ?)")
          let group = try db.makeStatement(sql: "INSERT INTO runGroup (runId, fingerprint) VALUES (?, ?)")
          for (fingerprint, stored) in rows.groups.sorted(by: { $0.key < $1.key }) {
            if !stored.isStored {
              guard let content = stored.content else {
                throw StoreError.inconsistentData("the result of group \(fingerprint) is to be stored but was not given")
              }
              try result.execute(arguments: [fingerprint, content])
              for (severity, n) in (stored.conflictsBySeverity ?? [:]).sorted(by: { $0.key < $1.key }) {
                try count.execute(arguments: [fingerprint, severity, n])
              }
            }
            // Findings given are stored apart, for a new result or one stored before v15.
            if let apart = stored.findings { try findings.execute(arguments: [fingerprint, apart]) }
            try group.execute(arguments: [id, fingerprint])
          }
          if let checkState {
            try db.execute(
              sql: "INSERT OR REPLACE INTO checkState (id, runId, content) VALUES (1, ?, ?)", arguments: [id, checkState])
          }
          beforeCommit()
          return .commit
        }
        return id
      }
    }
  }

  /// Marks a recorded run complete: its outputs are in place.
  public func completeRun(_ id: Int64) throws {
    try wrapStoreError {
      try queue.write { db in try db.execute(sql: "UPDATE run SET complete = 1 WHERE id = ?", arguments: [id]) }
    }
  }

  /// Removes a run whose outputs could not be written.
  public func discardRun(_ id: Int64) throws {
    try wrapStoreError {
      try queue.write { db in
        try db.execute(sql: "DELETE FROM run WHERE id = ? AND complete = 0", arguments: [id])
        // Results no other run lists go with it.
        try db.execute(
          sql: "DELETE FROM analysisGroup WHERE NOT EXISTS (SELECT 1 FROM runGroup WHERE runGroup.fingerprint = analysisGroup.fingerprint)")
      }
    }
  }

  /// What the newest whole-catalogue run kept for the next check (the `checkState` it was
  /// recorded with), once that run is complete; `nil` otherwise.
  public func lastCheckState() throws -> Data? {
    try wrapStoreError {
      try queue.read { db in
        try Data.fetchOne(
          db, sql: "SELECT s.content FROM checkState s JOIN run r ON r.id = s.runId WHERE r.complete = 1 AND r.topic IS NULL")
      }
    }
  }

  /// A group's stored result (``RunRows/Group/content``) by its fingerprint; `nil` when none is
  /// stored.
  public func groupContent(_ fingerprint: String) throws -> Data? {
    try wrapStoreError {
      try queue.read { db in
        try Data.fetchOne(db, sql: "SELECT content FROM analysisGroup WHERE fingerprint = ?", arguments: [fingerprint])
      }
    }
  }

  /// The most recent complete run (for the same topic scope), with its rows, or `nil`.
  public func lastRun(topic: String?) throws -> RecordedRun? {
    try wrapStoreError {
      try queue.read { db -> RecordedRun? in
        guard
          let row = try Row.fetchOne(
            db,
            sql: "SELECT * FROM run WHERE topic IS ? AND complete = 1 ORDER BY id DESC LIMIT 1",
            arguments: [topic])
        else { return nil }
        let id: Int64 = row["id"]
        let conflicts = try Row.fetchAll(
          db, sql: "SELECT * FROM runConflict WHERE runId = ? ORDER BY conflictId", arguments: [id]
        ).map { r in
          RunRows.Relation(
            id: r["conflictId"], type: r["type"], severity: r["severity"], score: r["score"],
            recommendationA: r["recommendationA"], recommendationB: r["recommendationB"], intervention: r["intervention"])
        }
        let lines = try Row.fetchAll(
          db, sql: "SELECT * FROM runPathwayLine WHERE runId = ? ORDER BY topic, intervention, start, phase",
          arguments: [id]
        ).compactMap { r -> RunRows.PathwayLine? in
          guard let start = TimelineDuration(parsing: r["start"]) else { return nil }
          let end: String? = r["end"]
          return RunRows.PathwayLine(
            topic: r["topic"], phase: r["phase"], start: start, end: end.flatMap(TimelineDuration.init(parsing:)),
            intervention: r["intervention"], position: r["position"])
        }
        var decisions: [RunRows.DecisionEvidence] = []
        for r in try Row.fetchAll(
          db, sql: "SELECT * FROM runDecisionEvidence WHERE runId = ? ORDER BY decision, recommendation", arguments: [id])
        {
          let decision: String = r["decision"]
          if decisions.last?.decision != decision {
            decisions.append(.init(decision: decision, fingerprint: r["decisionFingerprint"], evidence: [:]))
          }
          let recommendation: String = r["recommendation"]
          if !recommendation.isEmpty { decisions[decisions.count - 1].evidence[recommendation] = r["fingerprint"] }
        }
        var counts: [String: [String: Int]] = [:]
        for r in try Row.fetchAll(
          db,
          sql: "SELECT c.fingerprint, c.severity, c.count FROM runGroup g JOIN analysisGroupCount c USING (fingerprint) WHERE g.runId = ?",
          arguments: [id])
        {
          counts[r["fingerprint"], default: [:]][r["severity"]] = r["count"]
        }
        var groups: [String: RunRows.Group] = [:]
        // A result whose findings are stored apart is not read: most of a run's groups are reused
        // as they are, and of those only the findings are needed.
        for r in try Row.fetchAll(
          db,
          sql: """
            SELECT g.fingerprint, f.findings, CASE WHEN f.findings IS NULL THEN a.content END AS content
            FROM runGroup g JOIN analysisGroup a USING (fingerprint) LEFT JOIN analysisGroupFindings f USING (fingerprint)
            WHERE g.runId = ?
            """,
          arguments: [id])
        {
          let fingerprint: String = r["fingerprint"]
          groups[fingerprint] = RunRows.Group(
            content: r["content"], findings: r["findings"], conflictsBySeverity: counts[fingerprint],
            isStored: counts[fingerprint] != nil)
        }
        return RecordedRun(
          id: id, asOf: row["asOf"], catalogueHash: row["catalogueHash"], toolVersion: row["toolVersion"],
          topic: row["topic"], errors: row["errors"], warnings: row["warnings"], notes: row["notes"],
          passed: row["passed"],
          rows: RunRows(relations: conflicts, pathwayLines: lines, decisions: decisions, groups: groups, byGroups: row["byGroups"]))
      }
    }
  }

  /// The most recent complete runs (with ids up to `upTo`), newest first, each counting the
  /// relations of the `conflictTypes` by severity.
  public func runs(limit: Int, upTo: Int64 = .max, conflictTypes: [String]) throws -> [RunSummary] {
    try wrapStoreError {
      try queue.read { db in
        let rows = try Row.fetchAll(
          db, sql: "SELECT * FROM run WHERE complete = 1 AND id <= ? ORDER BY id DESC LIMIT ?",
          arguments: [upTo, max(0, min(limit, 1_000_000))])
        return try rows.map { row in
          let id: Int64 = row["id"]
          var bySeverity = ["none": 0, "minor": 0, "moderate": 0, "major": 0]
          let placeholders = Array(repeating: "?", count: max(1, conflictTypes.count)).joined(separator: ", ")
          // A run recorded by its groups counts what its groups' results counted when they were
          // stored (the conflict types of the version that stored them).
          let byGroups: Bool = row["byGroups"]
          let counts = byGroups
            ? try Row.fetchAll(
              db,
              sql: """
                SELECT c.severity, sum(c.count) AS n FROM runGroup g JOIN analysisGroupCount c USING (fingerprint)
                WHERE g.runId = ? GROUP BY c.severity
                """,
              arguments: [id])
            : try Row.fetchAll(
              db,
              sql: "SELECT severity, count(*) AS n FROM runConflict WHERE runId = ? AND type IN (\(placeholders)) GROUP BY severity",
              arguments: StatementArguments([id] + (conflictTypes.isEmpty ? [""] : conflictTypes) as [any DatabaseValueConvertible]))
          for count in counts { bySeverity[count["severity"]] = count["n"] }
          return RunSummary(
            id: id, asOf: row["asOf"], catalogueHash: row["catalogueHash"],
            toolVersion: row["toolVersion"], topic: row["topic"], errors: row["errors"],
            warnings: row["warnings"], passed: row["passed"], bySeverity: bySeverity)
        }
      }
    }
  }

  /// The complete run of the same topic scope recorded before run `id`, if any.
  public func previousRun(before id: Int64, topic: String?, conflictTypes: [String]) throws -> RunSummary? {
    let olderID = try wrapStoreError {
      try queue.read { db in
        try Int64.fetchOne(
          db,
          sql: "SELECT id FROM run WHERE id < ? AND topic IS ? AND complete = 1 ORDER BY id DESC LIMIT 1",
          arguments: [id, topic])
      }
    }
    guard let olderID else { return nil }
    return try runs(limit: Int.max, upTo: olderID, conflictTypes: conflictTypes).first
  }

  /// `PRAGMA integrity_check` and `foreign_key_check`; empty when the file is sound.
  public func integrityProblems() throws -> [String] {
    try wrapStoreError {
      try queue.read { db in
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
        return integrity + keys
      }
    }
  }
}
