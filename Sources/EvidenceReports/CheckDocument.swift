import ConflictAnalysis
import EvidenceModel
import Foundation

/// The JSON written by `check --json`: the verdict, what it was compared with, the diagnostics,
/// the changes, and the snapshot (so the file can serve as a later `--baseline`).
public struct CheckDocument: Encodable {
  public struct Baseline: Encodable {
    /// `run` (the last recorded run), `file` (`--baseline`) or `none`.
    public var kind: String
    public var run: Int64?
    public var asOf: String?
    public var catalogueHash: String?
    public var path: String?

    public init(kind: String, run: Int64? = nil, asOf: String? = nil, catalogueHash: String? = nil, path: String? = nil) {
      self.kind = kind
      self.run = run
      self.asOf = asOf
      self.catalogueHash = catalogueHash
      self.path = path
    }
  }

  public struct Counts: Encodable {
    public var errors, warnings, notes: Int
    public var conflicts: [String: Int]

    public init(errors: Int, warnings: Int, notes: Int, conflicts: [String: Int]) {
      self.errors = errors
      self.warnings = warnings
      self.notes = notes
      self.conflicts = conflicts
    }
  }

  var schemaVersion = 1
  var tool: String
  var catalogue: String
  var catalogueHash: String?
  var asOf: String
  var topic: String?
  var policy: String
  var status: String
  var failures: [String]
  var baseline: Baseline
  var recordedRun: Int64?
  var counts: Counts
  var diagnostics: [Diagnostic]
  var changes: RunComparison?
  var snapshot: RunSnapshot?

  private enum CodingKeys: String, CodingKey {
    case schemaVersion, tool, catalogue, catalogueHash, asOf, topic, policy, status, failures
    case baseline, recordedRun, counts, diagnostics, changes, snapshot
  }

  public init(
    tool: String, catalogue: String, catalogueHash: String?, asOf: String, topic: String?, policy: String, status: String,
    failures: [String], baseline: Baseline, recordedRun: Int64?, counts: Counts, diagnostics: [Diagnostic],
    changes: RunComparison?, snapshot: RunSnapshot?
  ) {
    self.tool = tool
    self.catalogue = catalogue
    self.catalogueHash = catalogueHash
    self.asOf = asOf
    self.topic = topic
    self.policy = policy
    self.status = status
    self.failures = failures
    self.baseline = baseline
    self.recordedRun = recordedRun
    self.counts = counts
    self.diagnostics = diagnostics
    self.changes = changes
    self.snapshot = snapshot
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(schemaVersion, forKey: .schemaVersion)
    try c.encode(tool, forKey: .tool)
    try c.encode(catalogue, forKey: .catalogue)
    try c.encode(catalogueHash, forKey: .catalogueHash)
    try c.encode(asOf, forKey: .asOf)
    try c.encode(topic, forKey: .topic)
    try c.encode(policy, forKey: .policy)
    try c.encode(status, forKey: .status)
    try c.encode(failures, forKey: .failures)
    try c.encode(baseline, forKey: .baseline)
    try c.encode(recordedRun, forKey: .recordedRun)
    try c.encode(counts, forKey: .counts)
    try c.encode(diagnostics, forKey: .diagnostics)
    try c.encode(changes, forKey: .changes)
    try c.encode(snapshot, forKey: .snapshot)
  }
}

/// A baseline file: the JSON of `check --json` (its snapshot), of `report` (conflicts and
/// pathways) or of `conflicts --format json` (conflicts only).
public struct BaselineFile: Decodable {
  struct Pathway: Decodable {
    struct Topic: Decodable { var id: String }
    struct Phase: Decodable {
      struct Item: Decodable {
        var intervention: String
        var position: PathwayPosition
      }
      var name: String
      var start: TimelineDuration
      var end: TimelineDuration?
      var items: [Item]
    }
    var topic: Topic
    var phases: [Phase]
  }

  var snapshot: RunSnapshot?
  var conflicts: [RunSnapshot.ConflictState]?
  var pathways: [Pathway]?
  public var asOf: String?

  /// Whether the file carries pathways to compare (`conflicts --format json` does not).
  public var hasPathways: Bool { snapshot != nil || pathways != nil }

  /// The run snapshot the file records, or `nil` when it is not a file the tool wrote.
  public var runSnapshot: RunSnapshot? {
    if let snapshot { return snapshot }
    guard let conflicts else { return nil }
    let lines = (pathways ?? []).flatMap { pathway in
      pathway.phases.flatMap { phase in
        phase.items.map {
          RunSnapshot.PathwayLine(
            topic: pathway.topic.id, phase: phase.name, start: phase.start, end: phase.end,
            intervention: $0.intervention, position: $0.position)
        }
      }
    }
    return RunSnapshot(conflicts: conflicts, pathwayLines: lines)
  }
}
