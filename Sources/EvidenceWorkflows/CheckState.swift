import ConflictAnalysis
import EvidenceModel
import Foundation

/// What a whole-catalogue check keeps for the next one, with its recorded run: enough to read,
/// validate and group again only the files an edit touched (``IncrementalLoad``).
///
/// Kept in the database as content the store does not read (the compact binary form); one, the
/// newest, which goes with its run.
struct CheckState: Codable, Equatable, Sendable {
  /// One question group without its fingerprint, which is worked out again from the files.
  struct Group: Codable, Equatable, Sendable {
    var topics: [String]
    var own: [String]
  }

  /// The catalogue path as the check was given it: the diagnostics name files below it.
  var catalogue: String
  /// What the groups' results depend on besides their files (``CheckWorkflow/salt(_:toolVersion:)``).
  var salt: String
  /// Each file's content hash, by path relative to the catalogue.
  var files: [String: String]
  /// The diagnostics of reading and validating the catalogue (not of analysing it), sorted.
  var diagnostics: [Diagnostic]
  /// The question groups, and the files every group reads.
  var groups: [Group]
  var shared: [String]
  /// The content fingerprint of each recommendation a committee decision considered, by id, in
  /// the catalogue as it stood on the as-of date (``RunSnapshot/consideredFingerprints(_:in:)``).
  var considered: [String: String]

  init(
    catalogue: String, salt: String, files: [String: String], diagnostics: [Diagnostic], groups: QuestionGroups,
    considered: [String: String]
  ) {
    self.catalogue = catalogue
    self.salt = salt
    self.files = files
    self.diagnostics = diagnostics
    self.groups = groups.groups.map { Group(topics: $0.topics, own: $0.own) }
    shared = groups.groups.first?.shared ?? []
    self.considered = considered
  }

  /// The groups again, for the files as they are now.
  func questionGroups(hashes: [String: String], salt: String) -> QuestionGroups {
    QuestionGroups(topics: groups.map(\.topics), own: groups.map(\.own), shared: shared, hashes: hashes, salt: salt)
  }

  /// The state in the compact binary form.
  func encoded() -> Data {
    // Every value here encodes; a failure would be a bug, and only costs the next check's speed.
    Data((try? CompactEncoder().encode(self)) ?? [])
  }

  /// A kept state; `nil` when it does not decode (another version's, or damaged).
  init?(encoded content: Data) {
    guard let state = try? CompactDecoder().decode(CheckState.self, from: content) else { return nil }
    self = state
  }
}
