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
struct DecodedFileCache: DecodedFileSource {
  let rows: [String: DecodedFileRow]
  let version: String

  /// The cache for this tool version: what the database keeps (nothing when it does not exist or
  /// cannot be read; the check opens it for writing later and reports its problems then).
  static func read(database: String, toolVersion: String) -> DecodedFileCache {
    let version = "\(toolVersion) decoder \(CatalogueFileDecoder.version) compact 1"
    guard FileManager.default.fileExists(atPath: database),
      let rows = try? EvidenceStore(readingExisting: database).decodedFiles()
    else { return DecodedFileCache(rows: [:], version: version) }
    return DecodedFileCache(rows: rows, version: version)
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
    return Self.decode(row.content, displayPath: reference.displayPath)
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
        version: version, content: Self.encode(reading.decoded!))
    }
    let restamped = load.readings.filter { $0.way == .sameContent }.map { (path: $0.path, stamp: settled($0.stamp)) }
      .filter { self.rows[$0.path]?.stamp != $0.stamp }
    let present = Set(load.readings.filter { $0.way != .parsed || $0.decoded != nil }.map(\.path))
    return (rows, restamped, present)
  }

  /// The compact form of a decoded file, its locations without their file (every one names it).
  static func encode(_ file: DecodedFile) -> Data {
    let encoder = CompactEncoder.locationsWithoutFile()
    // Every value of a decoded file encodes; a failure would be a bug, and only costs the cache.
    return Data((try? encoder.encode(file)) ?? [])
  }

  /// A kept file decoded, its locations naming `displayPath`; `nil` when it does not decode.
  static func decode(_ content: Data, displayPath: String) -> DecodedFile? {
    try? CompactDecoder(locationsIn: displayPath).decode(DecodedFile.self, from: content)
  }

  /// A kept file decoded without its recommendations, and how many it has; `nil` when it does
  /// not decode.
  static func decodeLeavingOutRecommendations(_ content: Data, displayPath: String) -> (file: DecodedFile, recommendations: Int)? {
    var decoder = CompactDecoder(locationsIn: displayPath)
    let leftOut = CatalogueFile.RecommendationsLeftOut()
    decoder.userInfo[CatalogueFile.leavingOutRecommendations] = leftOut
    return (try? decoder.decode(DecodedFile.self, from: content)).map { ($0, leftOut.count) }
  }

  /// The kept row of a file, when it is of this version.
  func row(_ path: String) -> DecodedFileRow? {
    rows[path].flatMap { $0.version == version ? $0 : nil }
  }
}
