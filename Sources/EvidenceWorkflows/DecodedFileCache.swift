import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import Foundation

/// The check's cache of decoded catalogue files, kept in its database: a file whose stamp (or,
/// once read, whose content hash) is the one kept is taken from here instead of being parsed, so a
/// check after one edited file parses that file only.
///
/// Decisions:
/// - A stamp is trusted only when the file was last changed at least
///   ``EvidenceModel/FileStamp/settlingNanoseconds`` before the check read it; a file changed
///   just before is kept without a stamp and read and hashed next time (git's "racy clean"
///   rule). A fresh clone has new stamps everywhere: its files are read and hashed, not parsed.
/// - Rows are valid for one tool version and decoder version (``CatalogueFileDecoder/version``);
///   any other row, or one that does not decode, is parsed again. The cache never changes the
///   check's result, only how the files come to be decoded.
/// - The cache is written with a recorded run only: a check that records nothing writes nothing.
/// - Each file's recommendations are kept apart from the rest of it (store migration v16): a
///   check that reads the kept files without their recommendations (``IncrementalLoad``) reads
///   only the few it needs, not the whole cache.
struct DecodedFileCache: DecodedFileSource {
  let rows: [String: DecodedFileRow]
  let version: String
  /// The database the rows were read from, for recommendations not read with them.
  private let database: String

  /// The cache for this tool version: what the database keeps (nothing when it does not exist or
  /// cannot be read; the check opens it for writing later and reports its problems then), with
  /// the files' recommendations or, when `withRecommendations` is false, without them (a check
  /// that decodes the kept files without their recommendations needs only a few).
  static func read(database: String, toolVersion: String, withRecommendations: Bool = true) -> DecodedFileCache {
    let version = "\(toolVersion) decoder \(CatalogueFileDecoder.version) compact 2"
    guard FileManager.default.fileExists(atPath: database),
      let rows = try? EvidenceStore(readingExisting: database).decodedFiles(withRecommendations: withRecommendations)
    else { return DecodedFileCache(rows: [:], version: version, database: database) }
    return DecodedFileCache(rows: rows, version: version, database: database)
  }

  /// This cache with the recommendations of every kept file that has some (read now, in one
  /// pass, when they were not read with the rows).
  func withRecommendations() -> DecodedFileCache {
    var rows = rows
    rows.merge(rowsWithRecommendations(of: rows.keys)) { _, whole in whole }
    return DecodedFileCache(rows: rows, version: version, database: database)
  }

  /// The kept rows of this version of the files at `paths`, with their recommendations (read now
  /// when they were not read with the rows).
  ///
  /// Recommendations read now are taken only when kept with the row's content hash: another
  /// check may have kept a newer version of the file meanwhile. A file whose recommendations
  /// cannot be read keeps none here, so it does not decode and is parsed again.
  func rowsWithRecommendations(of paths: some Collection<String>) -> [String: DecodedFileRow] {
    var found: [String: DecodedFileRow] = [:]
    for path in paths { if let row = row(path) { found[path] = row } }
    let missing = found.values.filter { $0.hasRecommendations && $0.recommendations == nil }
    guard !missing.isEmpty else { return found }
    let read = (try? EvidenceStore(readingExisting: database).decodedRecommendations(
      of: Dictionary(uniqueKeysWithValues: missing.map { ($0.path, $0.contentHash) }))) ?? [:]
    for row in missing { found[row.path]?.recommendations = read[row.path] }
    return found
  }

  func decoded(_ reference: CatalogueFileReference, stamp: FileStamp) -> DecodedFile? {
    decoded(reference) { $0.stamp == stamp }
  }

  func decoded(_ reference: CatalogueFileReference, contentHash: String) -> DecodedFile? {
    decoded(reference) { $0.contentHash == contentHash }
  }

  /// The kept file, decoded, when its row is of this version and `matches`.
  private func decoded(_ reference: CatalogueFileReference, where matches: (DecodedFileRow) -> Bool) -> DecodedFile? {
    guard let row = rows[reference.relativePath], row.version == version, matches(row) else { return nil }
    return Self.decode(row, displayPath: reference.displayPath)
  }

  /// What to keep after `load`, read from `moment` on (nanoseconds since 1970): the parsed files
  /// (encoded on every core), new stamps of files read but unchanged, and which files are present.
  func changes(after load: CatalogueLoadResult, readFrom moment: Int64)
    -> (rows: [DecodedFileRow], restamped: [(path: String, stamp: FileStamp?)], present: Set<String>)
  {
    let settled = { @Sendable (stamp: FileStamp?) in stamp.flatMap { $0.isSettled(before: moment) ? $0 : nil } }
    let version = version
    let rows = Parallel.map(load.readings.filter { $0.decoded != nil }) { reading in
      DecodedFileRow(
        path: reading.path, contentHash: reading.decoded!.file.contentHash, stamp: settled(reading.stamp),
        version: version, content: Self.encodeLeavingOutRecommendations(reading.decoded!),
        recommendations: reading.decoded!.file.recommendations.isEmpty
          ? nil : Self.encode(reading.decoded!.file.recommendations))
    }
    let restamped = load.readings.filter { $0.way == .sameContent }.map { (path: $0.path, stamp: settled($0.stamp)) }
      .filter { self.rows[$0.path]?.stamp != $0.stamp }
    let present = Set(load.readings.filter { $0.way != .parsed || $0.decoded != nil }.map(\.path))
    return (rows, restamped, present)
  }

  /// The compact form of a value, its locations without their file (every one names it).
  static func encode(_ value: some Encodable) -> Data {
    let encoder = CompactEncoder.locationsWithoutFile()
    // Every value of a decoded file encodes; a failure would be a bug, and only costs the cache.
    return Data((try? encoder.encode(value)) ?? [])
  }

  /// The compact form of a decoded file without its recommendations (kept apart).
  static func encodeLeavingOutRecommendations(_ file: DecodedFile) -> Data {
    var rest = file
    rest.file.recommendations = []
    return encode(rest)
  }

  /// A kept file decoded whole, its locations naming `displayPath`; `nil` when it does not
  /// decode or its recommendations were not read.
  static func decode(_ row: DecodedFileRow, displayPath: String) -> DecodedFile? {
    guard var decoded = decodeLeavingOutRecommendations(row, displayPath: displayPath) else { return nil }
    if row.hasRecommendations {
      guard let kept = row.recommendations,
        let recommendations = try? CompactDecoder(locationsIn: displayPath).decode([Recommendation].self, from: kept)
      else { return nil }
      decoded.file.recommendations = recommendations
    }
    return decoded
  }

  /// A kept file decoded without its recommendations; `nil` when it does not decode.
  static func decodeLeavingOutRecommendations(_ row: DecodedFileRow, displayPath: String) -> DecodedFile? {
    try? CompactDecoder(locationsIn: displayPath).decode(DecodedFile.self, from: row.content)
  }

  /// The kept row of a file, when it is of this version.
  func row(_ path: String) -> DecodedFileRow? {
    rows[path].flatMap { $0.version == version ? $0 : nil }
  }
}
