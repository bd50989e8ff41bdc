import ConflictAnalysis
import EvidenceModel
import Foundation
import GRDB

/// One recorded check: when (the as-of date), on what (the catalogue's hash), by which tool
/// version, its diagnostic counts, and its snapshot (conflict fingerprints and scores, pathway
/// lines).
public struct RecordedRun: Sendable {
  public var id: Int64
  public var asOf: String
  public var catalogueHash: String
  public var toolVersion: String
  public var topic: String?
  public var errors: Int
  public var warnings: Int
  public var notes: Int
  public var snapshot: RunSnapshot
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
  /// Conflicts by severity (relations of a conflict type only).
  public var bySeverity: [ConflictSeverity: Int]
}

extension EvidenceStore {
  /// Records a run in one `IMMEDIATE` transaction (so two checks at once are serialised, and a
  /// run killed part-way records nothing), and returns its id.
  ///
  /// - Parameter beforeCommit: Called inside the transaction just before it commits (fault
  ///   injection for the tests).
  public func record(
    asOf: String, catalogueHash: String, toolVersion: String, topic: String?, errors: Int,
    warnings: Int, notes: Int, snapshot: RunSnapshot, beforeCommit: () -> Void = {}
  ) throws -> Int64 {
    try wrapStoreError {
      try queue.writeWithoutTransaction { db in
        var id: Int64 = 0
        try db.inTransaction(.immediate) {
          try db.execute(
            sql: """
              INSERT INTO run (asOf, catalogueHash, toolVersion, topic, errors, warnings, notes)
              VALUES (?, ?, ?, ?, ?, ?, ?)
              """,
            arguments: [asOf, catalogueHash, toolVersion, topic, errors, warnings, notes])
          id = db.lastInsertedRowID
          let conflict = try db.makeStatement(
            sql: "INSERT INTO runConflict VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          for c in snapshot.conflicts {
            try conflict.execute(arguments: [
              id, c.id, c.type.rawValue, c.severity.rawValue, c.score,
              c.recommendations.first ?? "", c.recommendations.last ?? "", c.intervention,
            ])
          }
          let line = try db.makeStatement(sql: "INSERT OR REPLACE INTO runPathwayLine VALUES (?, ?, ?, ?, ?)")
          for l in snapshot.pathwayLines {
            try line.execute(arguments: [id, l.topic, l.phase, l.intervention, l.position.rawValue])
          }
          beforeCommit()
          return .commit
        }
        return id
      }
    }
  }

  /// The most recent run (for the same topic scope), with its snapshot, or `nil` when none.
  public func lastRun(topic: String?) throws -> RecordedRun? {
    try wrapStoreError {
      try queue.read { db -> RecordedRun? in
        guard
          let row = try Row.fetchOne(
            db,
            sql: "SELECT * FROM run WHERE topic IS ? ORDER BY id DESC LIMIT 1", arguments: [topic])
        else { return nil }
        let id: Int64 = row["id"]
        let conflicts = try Row.fetchAll(
          db, sql: "SELECT * FROM runConflict WHERE runId = ? ORDER BY conflictId", arguments: [id]
        ).compactMap { r -> RunSnapshot.ConflictState? in
          guard let type = ConflictType(rawValue: r["type"]),
            let severity = ConflictSeverity(rawValue: r["severity"])
          else { return nil }
          return RunSnapshot.ConflictState(
            id: r["conflictId"], type: type, severity: severity, score: r["score"],
            recommendations: [r["recommendationA"], r["recommendationB"]], intervention: r["intervention"])
        }
        let lines = try Row.fetchAll(
          db, sql: "SELECT * FROM runPathwayLine WHERE runId = ? ORDER BY topic, phase, intervention",
          arguments: [id]
        ).compactMap { r -> RunSnapshot.PathwayLine? in
          guard let position = PathwayPosition(rawValue: r["position"]) else { return nil }
          return RunSnapshot.PathwayLine(
            topic: r["topic"], phase: r["phase"], intervention: r["intervention"], position: position)
        }
        return RecordedRun(
          id: id, asOf: row["asOf"], catalogueHash: row["catalogueHash"], toolVersion: row["toolVersion"],
          topic: row["topic"], errors: row["errors"], warnings: row["warnings"], notes: row["notes"],
          snapshot: RunSnapshot(conflicts: conflicts, pathwayLines: lines))
      }
    }
  }

  /// The most recent runs, newest first.
  public func runs(limit: Int) throws -> [RunSummary] {
    try wrapStoreError {
      try queue.read { db in
        let rows = try Row.fetchAll(
          db, sql: "SELECT * FROM run ORDER BY id DESC LIMIT ?", arguments: [max(0, limit)])
        return try rows.map { row in
          let id: Int64 = row["id"]
          var bySeverity = Dictionary(uniqueKeysWithValues: ConflictSeverity.allCases.map { ($0, 0) })
          let counts = try Row.fetchAll(
            db,
            sql: """
              SELECT severity, count(*) AS n FROM runConflict
              WHERE runId = ? AND type IN ('contradiction', 'strength-divergence',
                'evidence-interpretation-divergence', 'certainty-discordance')
              GROUP BY severity
              """, arguments: [id])
          for count in counts {
            if let severity = ConflictSeverity(rawValue: count["severity"]) { bySeverity[severity] = count["n"] }
          }
          return RunSummary(
            id: id, asOf: row["asOf"], catalogueHash: row["catalogueHash"],
            toolVersion: row["toolVersion"], topic: row["topic"], errors: row["errors"],
            warnings: row["warnings"], bySeverity: bySeverity)
        }
      }
    }
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
