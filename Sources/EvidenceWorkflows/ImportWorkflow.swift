import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import Foundation

/// Imports a catalogue directory into a store: parses only files whose content hash changed,
/// validates the whole catalogue, and writes everything in one transaction, or nothing.
///
/// When every file's content hash equals the stored one and no file was added or removed, the
/// store already holds exactly this catalogue, validated when it was imported, so nothing is
/// decoded or validated again: an unchanged re-import costs reading and hashing the files
/// (`validate` checks a catalogue again on demand).
public struct ImportWorkflow {
  /// What an import did.
  public struct Outcome: Sendable {
    /// The catalogue as read and validated, or `nil` when nothing changed since the last import.
    public var load: CatalogueLoadResult?
    public var written: Int
    public var skipped: Int
    public var removed: Int
  }

  public let root: String
  public let databasePath: String

  public init(root: String, databasePath: String) {
    self.root = root
    self.databasePath = databasePath
  }

  /// Runs the import. Returns the outcome whether or not the catalogue had errors; the store is
  /// written only when it had none.
  ///
  /// - Throws: ``CatalogueError`` when the path cannot be read as a catalogue; ``StoreError``
  ///   when the database cannot be read or written.
  public func run(progress: ProgressSink? = nil) throws -> Outcome {
    let references = try CatalogueLoader().fileReferences(at: root)
    let existing = try existingStore()
    let hashes = try existing?.contentHashes() ?? [:]
    if existing != nil, try unchanged(references, hashes) {
      return Outcome(load: nil, written: 0, skipped: references.count, removed: 0)
    }
    defer { progress?.finish() }
    progress?.phase("reading", total: references.count)
    let load = try PhaseTimer.measure("load") {
      try CatalogueLoader().load(
        root,
        reusing: existing.map { StoredFiles(store: $0, hashes: hashes) }, progress: { done, total in progress?.update(done, of: total) },
        validating: { progress?.phase("validating", total: 0) })
    }
    let present = Set(references.map(\.relativePath))
    let removed = hashes.keys.filter { !present.contains($0) }.sorted()
    let parsed = Set(load.parsedPaths)
    let changed = load.catalogue.files.filter { parsed.contains($0.path) }
    var outcome = Outcome(
      load: load, written: 0, skipped: references.count - load.parsedPaths.count,
      removed: removed.count)
    guard !load.hasErrors else { return outcome }
    let plan = ImportPlan(changedFiles: changed, removedPaths: removed, catalogue: load.catalogue)
    progress?.phase("writing the database", total: 0)
    if existing == nil, !FileManager.default.fileExists(atPath: databasePath) {
      try PhaseTimer.measure("store") { try createDatabase(plan) }
      outcome.written = changed.count
    } else if !plan.isEmpty || existing == nil {
      // The plan was made from `hashes`: the write refuses if another import changed them.
      try PhaseTimer.measure("store") {
        try EvidenceStore(path: databasePath).apply(plan, expecting: existing == nil ? nil : hashes)
      }
      outcome.written = changed.count
    }
    return outcome
  }

  /// The existing database, read without writing to it (no migration) until the catalogue is
  /// known to be valid; `nil` when there is none or its schema is older (no reusable files).
  private func existingStore() throws -> EvidenceStore? {
    guard FileManager.default.fileExists(atPath: databasePath) else { return nil }
    do {
      return try EvidenceStore(readingExisting: databasePath)
    } catch StoreError.outdatedSchema {
      return nil
    }
  }

  /// A first import: the database is built under a temporary name beside it and linked into
  /// place only when complete, so that a failed first import (a full disk, a kill) leaves no
  /// database file, and one created meanwhile by another process is never overwritten.
  private func createDatabase(_ plan: ImportPlan) throws {
    let temporary = databasePath + ".import-\(getpid()).tmp"
    func removeTemporary() {
      for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
    }
    removeTemporary()
    do {
      let store = try EvidenceStore(path: temporary)
      try store.apply(plan)
      try store.close()
    } catch StoreError.failed(_, let message) {
      removeTemporary()
      throw StoreError.failed(databasePath, message)
    } catch {
      removeTemporary()
      throw error
    }
    defer { removeTemporary() }
    guard link(temporary, databasePath) == 0 else {
      let code = errno
      if code == EEXIST { throw StoreError.changedConcurrently(databasePath) }
      throw StoreError.failed(databasePath, String(cString: strerror(code)))
    }
  }

  /// Whether the files are exactly those stored, with the same content hashes (read and hashed
  /// on every core).
  private func unchanged(_ references: [CatalogueFileReference], _ hashes: [String: String]) throws -> Bool {
    guard references.count == hashes.count,
      references.allSatisfy({ hashes[$0.relativePath] != nil })
    else { return false }
    let loader = CatalogueLoader()
    let differs = Flag()
    _ = Parallel.run(parallel: references.count > 1) { worker, workers in
      var index = worker
      while !differs.isSet, index < references.count {
        let reference = references[index]
        let bytes = try? loader.readBytes(of: reference)
        if bytes.map({ sha256Hex($0) != hashes[reference.relativePath] }) ?? true { differs.set() }
        index += workers
      }
    }
    return !differs.isSet
  }
}

/// A flag that any thread may raise.
private final class Flag: @unchecked Sendable {
  private var raised = false
  private let lock = NSLock()

  var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return raised
  }

  func set() {
    lock.lock()
    raised = true
    lock.unlock()
  }
}

/// The files an import stored, taken again by their content hash (their stored content keeps no
/// file stamp).
private struct StoredFiles: DecodedFileSource {
  let store: EvidenceStore
  let hashes: [String: String]

  func decoded(_ reference: CatalogueFileReference, stamp: FileStamp) -> DecodedFile? { nil }

  func decoded(_ reference: CatalogueFileReference, contentHash: String) throws -> DecodedFile? {
    guard hashes[reference.relativePath] == contentHash else { return nil }
    return try store.storedFile(at: reference.relativePath, displayPath: reference.displayPath)
      .map { DecodedFile(file: $0, diagnostics: []) }
  }
}
