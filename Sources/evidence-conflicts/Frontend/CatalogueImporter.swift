import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import Foundation

/// Imports a catalogue directory into a store: parses only files whose content hash changed,
/// validates the whole catalogue, and writes everything in one transaction, or nothing.
struct CatalogueImporter {
  /// What an import did.
  struct Outcome {
    var load: CatalogueLoadResult
    var written: Int
    var skipped: Int
    var removed: Int
  }

  let root: String
  let databasePath: String

  /// Runs the import. Returns the outcome whether or not the catalogue had errors; the store is
  /// written only when it had none.
  func run() throws -> Outcome {
    let references = try CatalogueLoader().fileReferences(at: root)
    // Read the existing database without writing to it (no migration) until the catalogue is
    // known to be valid. A database with an older or no schema has no reusable files.
    var existing: EvidenceStore?
    if FileManager.default.fileExists(atPath: databasePath) {
      do {
        existing = try EvidenceStore(readingExisting: databasePath)
      } catch StoreError.outdatedSchema {
        existing = nil
      }
    }
    let hashes = try existing?.contentHashes() ?? [:]
    let progress = Progress(label: "import", total: references.count)
    defer { progress.finish() }
    let load = try PhaseTimer.measure("load") {
      try CatalogueLoader().load(
      root,
      reusing: { reference, hash in
        guard let existing, hashes[reference.relativePath] == hash else { return nil }
        return try existing.storedFile(at: reference.relativePath)
      }, progress: progress.update)
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
    if !plan.isEmpty || existing == nil {
      try PhaseTimer.measure("store") { try EvidenceStore(path: databasePath).apply(plan) }
      outcome.written = changed.count
    }
    return outcome
  }
}
