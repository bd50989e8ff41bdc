import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import Foundation

/// The catalogue as a check reads it after edits that changed only what recommendations say:
/// the files that did not change are taken from the check's cache without their
/// recommendations, and only the edited files' recommendations are validated; the rest of the
/// diagnostics, the question groups and the decisions' evidence are those the last run kept
/// (``CheckState``), brought up to date with the edited files.
///
/// ``attempt(root:state:cache:progress:)`` takes this way only when it gives what reading and
/// validating the whole catalogue gives; otherwise it returns `nil` and the check reads
/// everything. The conditions, and why they are enough:
///
/// - The last whole-catalogue run kept a state for this catalogue path, without errors among its
///   diagnostics (so no id is defined twice), and the same files are there, each unchanged file
///   with the cached row the state names.
/// - Each changed file parses, defines a source (so it is read by its own question group only,
///   not by every group), and differs from its kept version only in what its recommendations
///   say: the same entities that are not recommendations, at the same places, and the same
///   recommendations, in the same order, with the same topic, source, interventions, population
///   and exceptions' populations.
///
/// Every validation rule that reads a recommendation from elsewhere reads only those keys (the
/// ids, the groups, a population's users), and the rules about one recommendation read only
/// entities that are not recommendations (``EvidenceCatalogue/CatalogueValidator/recommendationDiagnostics(_:in:)``),
/// which the catalogue read here holds whole. So the diagnostics are the kept ones with the
/// edited files' old diagnostics taken out and their new ones put in; the groups are the kept
/// ones with fingerprints of the files as they are now; and of the decisions' evidence only the
/// edited recommendations' fingerprints change. The test of the incremental check compares all of
/// it with reading and analysing the whole catalogue after random edits.
struct IncrementalLoad: Sendable {
  /// The catalogue without the recommendations of the unchanged files, the readings of every
  /// file, and the diagnostics of reading and validating the whole catalogue.
  let load: CatalogueLoadResult
  /// The kept state brought up to date with the edited files (its salt is the last run's).
  let state: CheckState
  private let kept: KeptFiles
  private let changed: [String: CatalogueFile]
  /// Each file's path as the user sees it, by relative path.
  private let displayPaths: [String: String]
  /// Each file as read, by relative path (an unchanged one without its recommendations).
  private let read: [String: CatalogueFile]

  /// Reads the catalogue this way, or returns `nil` when the conditions above do not hold.
  ///
  /// - Throws: ``EvidenceCatalogue/CatalogueError`` when `root` is no catalogue.
  static func attempt(
    root: String, state: CheckState, cache: DecodedFileCache, progress: @escaping (Int, Int) -> Void
  ) throws -> IncrementalLoad? {
    guard state.catalogue == root, !state.diagnostics.containsErrors,
      // Every file the state names must be kept as it was then (not so after a new version of
      // the tool, or a damaged cache): known before any file is read.
      state.files.allSatisfy({ cache.row($0.key)?.contentHash == $0.value })
    else { return nil }
    let kept = KeptFiles(cache: cache, hashes: state.files)
    let read = try CatalogueLoader().read(root, reusing: kept, progress: progress)
    guard read.readings.count == read.references.count, read.references.count == state.files.count,
      read.references.allSatisfy({ state.files[$0.relativePath] != nil })
    else { return nil }
    let displayPaths = Dictionary(uniqueKeysWithValues: read.references.map { ($0.relativePath, $0.displayPath) })
    // The edited files as they were, with their recommendations.
    let before = cache.rowsWithRecommendations(of: read.readings.filter { $0.way == .parsed }.map(\.path))
    let validator = CatalogueValidator()
    var diagnostics = DiagnosticList(state.diagnostics)
    var updated = state
    var changed: [String: CatalogueFile] = [:]
    for reading in read.readings where reading.way == .parsed {
      guard let new = reading.decoded, !new.file.sources.isEmpty,
        let row = before[reading.path], row.contentHash == state.files[reading.path],
        let old = DecodedFileCache.decode(row, displayPath: displayPaths[reading.path] ?? reading.path),
        Self.differInWhatRecommendationsSayOnly(old.file, new.file),
        diagnostics.remove(old.diagnostics + validator.recommendationDiagnostics(old.file.recommendations, in: read.catalogue))
      else { return nil }
      diagnostics.add(new.diagnostics + validator.recommendationDiagnostics(new.file.recommendations, in: read.catalogue))
      updated.files[reading.path] = new.file.contentHash
      for rec in new.file.recommendations where updated.considered[rec.id] != nil {
        updated.considered[rec.id] = DecisionReview.contentFingerprint(rec)
      }
      changed[reading.path] = new.file
    }
    updated.diagnostics = diagnostics.all.sortedByLocation()
    var load = read
    load.diagnostics = updated.diagnostics
    return IncrementalLoad(
      load: load, state: updated, kept: kept, changed: changed, displayPaths: displayPaths,
      read: Dictionary(read.catalogue.files.map { ($0.path, $0) }) { first, _ in first })
  }

  /// Whether two versions of a file differ only in what their recommendations say (see the
  /// conditions above).
  static func differInWhatRecommendationsSayOnly(_ a: CatalogueFile, _ b: CatalogueFile) -> Bool {
    a.path == b.path && a.schemes == b.schemes && a.bodies == b.bodies && a.measures == b.measures
      && a.interventions == b.interventions && a.populations == b.populations && a.topics == b.topics
      && a.studies == b.studies && a.sources == b.sources && a.decisions == b.decisions
      && a.recommendations.count == b.recommendations.count
      && zip(a.recommendations, b.recommendations).allSatisfy { x, y in
        x.id == y.id && x.topic == y.topic && x.source == y.source && x.interventions == y.interventions
          && x.population == y.population && x.exceptions.map(\.population) == y.exceptions.map(\.population)
      }
  }

  /// The question groups of the kept state, for the files as they are now.
  func questionGroups(salt: String) -> QuestionGroups {
    state.questionGroups(hashes: state.files, changed: Set(changed.keys), salt: salt)
  }

  /// The catalogue a group's analysis reads: its files whole (an unchanged file with
  /// recommendations decoded whole from the cache, its recommendations read from the database
  /// now).
  ///
  /// A cached file that decoded without its recommendations but does not decode whole (a row
  /// damaged inside, or recommendations missing or kept meanwhile for another version of the
  /// file) is parsed from the catalogue directory instead, as it is then; one that cannot be is
  /// left out.
  func catalogue(for group: QuestionGroups.Group) -> Catalogue {
    let whole = kept.cache.rowsWithRecommendations(of: group.files.filter { changed[$0] == nil && kept.leftOutRecommendations(of: $0) })
    return Catalogue(files: group.files.compactMap { path in
      if let file = changed[path] { return file }
      if !kept.leftOutRecommendations(of: path), let file = read[path] { return file }
      let displayPath = displayPaths[path] ?? path
      if let row = whole[path], let decoded = DecodedFileCache.decode(row, displayPath: displayPath) {
        return decoded.file
      }
      let reference = CatalogueFileReference(relativePath: path, displayPath: displayPath)
      guard let bytes = try? CatalogueLoader().readBytes(of: reference) else { return nil }
      return CatalogueFileDecoder().decode(bytes, path: path, displayPath: displayPath, contentHash: sha256Hex(bytes)).file
    })
  }
}

/// Unchanged files as the kept state names them, decoded without their recommendations.
private final class KeptFiles: DecodedFileSource, @unchecked Sendable {
  let cache: DecodedFileCache
  private let hashes: [String: String]
  private let lock = NSLock()
  private var withRecommendations: Set<String> = []

  init(cache: DecodedFileCache, hashes: [String: String]) {
    self.cache = cache
    self.hashes = hashes
  }

  func decoded(_ reference: CatalogueFileReference, stamp: FileStamp) -> DecodedFile? {
    take(reference) { $0.stamp == stamp }
  }

  func decoded(_ reference: CatalogueFileReference, contentHash: String) -> DecodedFile? {
    take(reference) { $0.contentHash == contentHash }
  }

  /// Whether the file's recommendations were left out when it was taken.
  func leftOutRecommendations(of path: String) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return withRecommendations.contains(path)
  }

  private func take(_ reference: CatalogueFileReference, where matches: (DecodedFileRow) -> Bool) -> DecodedFile? {
    guard let row = cache.row(reference.relativePath), matches(row), hashes[reference.relativePath] == row.contentHash,
      let taken = DecodedFileCache.decodeLeavingOutRecommendations(row, displayPath: reference.displayPath)
    else { return nil }
    if row.hasRecommendations {
      lock.lock()
      withRecommendations.insert(reference.relativePath)
      lock.unlock()
    }
    return taken
  }
}

/// Diagnostics in order, from which one file's can be taken out by value and to which another's
/// are added.
private struct DiagnosticList {
  private var items: [Diagnostic?]
  private var positions: [Diagnostic: [Int]] = [:]

  init(_ diagnostics: [Diagnostic]) {
    items = []
    add(diagnostics)
  }

  var all: [Diagnostic] { items.compactMap { $0 } }

  mutating func add(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics {
      positions[diagnostic, default: []].append(items.count)
      items.append(diagnostic)
    }
  }

  /// Takes the diagnostics out; `false` (with some taken out) when one is not there.
  mutating func remove(_ diagnostics: [Diagnostic]) -> Bool {
    for diagnostic in diagnostics {
      guard var at = positions[diagnostic], let position = at.popLast() else { return false }
      positions[diagnostic] = at
      items[position] = nil
    }
    return true
  }
}
