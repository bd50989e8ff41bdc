import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import Foundation

/// A catalogue read from the SQLite store instead of its YAML files: the files `import` stored,
/// decoded from their stored content (never parsed), validated again as a whole, their
/// locations naming the files under `root` as the YAML reader names them. For one topic only
/// the files it needs are read (``EvidenceStore/filePaths(forTopic:)``).
///
/// The result is the catalogue as last imported: `import` keeps it current with the YAML, which
/// stays the source of truth. Warnings the YAML reader gives while decoding a file (a statement
/// over 1,000 characters) are not stored, so they show when reading the YAML only.
public enum StoredCatalogue {
  /// Reads the catalogue (or the part one topic needs) from the store.
  ///
  /// - Throws: ``WorkflowFailure`` (`database`) when the database cannot be read, holds no
  ///   catalogue, or holds a file this version cannot decode (import it again).
  /// The catalogue read and the default as-of date of the whole stored catalogue (for one topic
  /// too, so that its analysis is the one a whole catalogue gives).
  public struct Result {
    public var load: CatalogueLoadResult
    public var defaultAsOf: CalendarDate
  }

  public static func load(database: String, root: String, topic: String? = nil) throws -> Result {
    do {
      let store = try EvidenceStore(readingExisting: database)
      let paths = try store.filePaths(forTopic: topic)
      guard !paths.isEmpty else {
        throw WorkflowFailure(.database, at: database, "holds no catalogue; run import first")
      }
      var files: [CatalogueFile] = []
      var references: [CatalogueFileReference] = []
      for path in paths {
        let display = root.hasSuffix("/") ? root + path : root + "/" + path
        guard let file = try store.storedFile(at: path, displayPath: display) else {
          throw WorkflowFailure(.database, at: database, "cannot read the stored file \(path); run import again")
        }
        files.append(file)
        references.append(CatalogueFileReference(relativePath: path, displayPath: display))
      }
      let catalogue = Catalogue(files: files)
      // `import` stores only catalogues without errors, so the warnings and notes are what is
      // left to say; for one topic, references into the files left out (another topic's red flags
      // or decisions) would read as errors and are not.
      let diagnostics = CatalogueValidator().validate(catalogue).filter { $0.severity < .error }.sortedByLocation()
      return Result(
        load: CatalogueLoadResult(catalogue: catalogue, diagnostics: diagnostics, references: references, parsedPaths: []),
        defaultAsOf: AnalysisOptions.defaultAsOf(newestYear: try store.newestYear()))
    } catch let error as StoreError {
      throw WorkflowFailure(.database, at: database, error.localizedDescription)
    }
  }
}
