import ConflictAnalysis
import EvidenceModel
import Foundation

/// What a whole-catalogue check keeps for the next one, with its recorded run: enough to read,
/// validate and group again only the files an edit touched (``IncrementalLoad``).
///
/// Kept in the database as content the store does not read (the compact binary form); one, the
/// newest, which goes with its run.
struct CheckState: Codable, Equatable, Sendable {
  /// One question group, with its fingerprint under ``salt`` and the files as they were.
  struct Group: Codable, Equatable, Sendable {
    var topics: [String]
    var own: [String]
    var fingerprint: String
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
    self.groups = groups.groups.map { Group(topics: $0.topics, own: $0.own, fingerprint: $0.fingerprint) }
    shared = groups.groups.first?.shared ?? []
    self.considered = considered
  }

  /// The files are kept as two lists, paths (sorted) and their hashes: the compact form puts a
  /// dictionary's keys in its key table, which is meant for a few names used many times, not for
  /// 130,000 paths used once (encoding the state took 0.6 s at 1M that way).
  private enum CodingKeys: String, CodingKey {
    case catalogue, salt, paths, hashes, diagnostics, groups, shared, considered
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    catalogue = try c.decode(String.self, forKey: .catalogue)
    salt = try c.decode(String.self, forKey: .salt)
    let paths = try c.decode([String].self, forKey: .paths)
    let hashes = try c.decode([String].self, forKey: .hashes)
    guard paths.count == hashes.count else {
      throw DecodingError.dataCorruptedError(forKey: .hashes, in: c, debugDescription: "one hash per path")
    }
    files = Dictionary(zip(paths, hashes)) { first, _ in first }
    diagnostics = try c.decode([Diagnostic].self, forKey: .diagnostics)
    groups = try c.decode([Group].self, forKey: .groups)
    shared = try c.decode([String].self, forKey: .shared)
    considered = try c.decode([String: String].self, forKey: .considered)
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let files = files.sorted { $0.key < $1.key }
    try c.encode(catalogue, forKey: .catalogue)
    try c.encode(salt, forKey: .salt)
    try c.encode(files.map(\.key), forKey: .paths)
    try c.encode(files.map(\.value), forKey: .hashes)
    try c.encode(diagnostics, forKey: .diagnostics)
    try c.encode(groups, forKey: .groups)
    try c.encode(shared, forKey: .shared)
    try c.encode(considered, forKey: .considered)
  }

  /// The groups again, for the files as they are now (`hashes`), where only the files of
  /// `changed` differ from the kept ones. Under the same salt, and when no changed file is a
  /// shared one, a group whose own files did not change keeps its fingerprint (its salt, shared
  /// files and files are the same); every other fingerprint is worked out again.
  func questionGroups(hashes: [String: String], changed: Set<String>, salt: String) -> QuestionGroups {
    let keep = salt == self.salt && changed.isDisjoint(with: shared)
    return QuestionGroups(
      topics: groups.map(\.topics), own: groups.map(\.own), shared: shared, hashes: hashes, salt: salt,
      fingerprints: groups.map { keep && !$0.own.contains(where: changed.contains) ? $0.fingerprint : nil })
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
