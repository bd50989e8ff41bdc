import ConflictAnalysis
import Foundation
import EvidenceModel
import EvidenceStore

/// The check's snapshot as the store's rows and back: the store keeps the analysis's ids as text
/// and does not interpret them.
extension RunSnapshot {
  /// The snapshot of recorded rows; rows whose type, severity or position this version does not
  /// know are left out (a run recorded by a newer version).
  init(_ rows: RunRows) {
    self.init(
      conflicts: rows.relations.compactMap { r in
        guard let type = ConflictType(rawValue: r.type), let severity = ConflictSeverity(rawValue: r.severity) else { return nil }
        return ConflictState(
          id: r.id, type: type, severity: severity, score: r.score, recommendations: [r.recommendationA, r.recommendationB],
          intervention: r.intervention)
      },
      pathwayLines: rows.pathwayLines.compactMap { l in
        guard let position = PathwayPosition(rawValue: l.position) else { return nil }
        return PathwayLine(topic: l.topic, phase: l.phase, start: l.start, end: l.end, intervention: l.intervention, position: position)
      },
      decisions: rows.decisions.map(DecisionEvidence.init))
  }

  /// The rows that record this snapshot.
  func rows() -> RunRows {
    RunRows(
      relations: conflicts.map {
        .init(
          id: $0.id, type: $0.type.rawValue, severity: $0.severity.rawValue, score: $0.score,
          recommendationA: $0.recommendations.first ?? "", recommendationB: $0.recommendations.last ?? "",
          intervention: $0.intervention)
      },
      pathwayLines: pathwayLines.map {
        .init(topic: $0.topic, phase: $0.phase, start: $0.start, end: $0.end, intervention: $0.intervention, position: $0.position.rawValue)
      },
      decisions: decisions.map { .init(decision: $0.decision, fingerprint: $0.fingerprint, evidence: $0.evidence) })
  }
}

extension RunSnapshot.DecisionEvidence {
  /// A decision's evidence as recorded.
  init(_ row: RunRows.DecisionEvidence) {
    self.init(decision: row.decision, fingerprint: row.fingerprint, evidence: row.evidence)
  }
}

extension ConflictType {
  /// The ids of the relation types that are conflicts, for counting recorded runs.
  public static var conflictIDs: [String] { allCases.filter(\.isConflict).map(\.rawValue) }
}
