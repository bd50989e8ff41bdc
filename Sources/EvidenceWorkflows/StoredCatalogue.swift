import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import Foundation

/// A catalogue read from the SQLite store instead of its YAML files: the files `import` stored,
/// decoded from their stored content (never parsed), validated again as a whole, their
/// locations naming the files under `root` as the YAML reader names them. For one topic only
/// the files it needs are read: those of ``EvidenceStore/filePaths(forTopic:)`` without the other
/// topics' files (``EvidenceStore/otherTopicFiles(besides:)``), and of those the ones the read
/// files link into or that link into their concepts (``EvidenceStore/linkedFiles(among:defining:concepts:)``),
/// until nothing new is linked; so a topic of a national catalogue reads its own few files, not
/// every topic's definitions.
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
      // The files are decoded on every core, and taken in path order.
      func read(_ paths: [String]) throws {
        let read = Parallel.map(paths) { path in
          let display = root.hasSuffix("/") ? root + path : root + "/" + path
          return (path, display, Swift.Result { try store.storedFile(at: path, displayPath: display) })
        }
        for (path, display, result) in read {
          guard let file = try result.get() else {
            throw WorkflowFailure(.database, at: database, "cannot read the stored file \(path); run import again")
          }
          files.append(file)
          references.append(CatalogueFileReference(relativePath: path, displayPath: display))
        }
      }
      // Another topic's definitions are read only when the topic's files link into them or they
      // into the topic's concepts, until nothing new is linked.
      var optional = try topic.map { try store.otherTopicFiles(besides: $0) } ?? []
      try read(paths.filter { !optional.contains($0) })
      // Ids and concepts already looked up are not looked up again (the content scan is the cost).
      var (askedIDs, askedConcepts) = (Set<String>(), Set<String>())
      while !optional.isEmpty {
        let (ids, concepts) = Self.links(of: files)
        let linked = try store.linkedFiles(
          among: optional, defining: ids.subtracting(askedIDs), concepts: concepts.subtracting(askedConcepts))
        askedIDs.formUnion(ids)
        askedConcepts.formUnion(concepts)
        guard !linked.isEmpty else { break }
        optional.subtract(linked)
        try read(linked.sorted())
      }
      let catalogue = Catalogue(files: files)
      // `import` stores only catalogues without errors, so the warnings and notes are what is
      // left to say; for one topic, references into the files left out (another topic's red flags
      // or decisions) would read as errors and are not.
      let diagnostics = CatalogueValidator().validate(catalogue).filter { $0.severity < .error }.sortedByLocation()
      return Result(
        load: CatalogueLoadResult(catalogue: catalogue, diagnostics: diagnostics, references: references, readings: []),
        defaultAsOf: AnalysisOptions.defaultAsOf(newestYear: try store.newestYear()))
    } catch let error as StoreError {
      throw WorkflowFailure(.database, at: database, error.localizedDescription)
    }
  }

  /// What the files refer to that they do not define (concepts, populations, studies, bodies,
  /// schemes, measures), and the concepts they define or use (whose children and adjusting
  /// concepts elsewhere are part of their hierarchies).
  static func links(of files: [CatalogueFile]) -> (ids: Set<String>, concepts: Set<String>) {
    var defined: Set<String> = []
    var used: Set<String> = []
    var concepts: Set<String> = []
    for file in files {
      defined.formUnion(file.interventions.map(\.id) + file.populations.map(\.id) + file.studies.map(\.id))
      defined.formUnion(file.bodies.map(\.id) + file.schemes.map(\.id) + file.measures.map(\.id))
      for concept in file.interventions {
        concepts.insert(concept.id)
        used.formUnion([concept.parent, concept.adjusts?.therapy].compactMap { $0 })
      }
      for population in file.populations {
        used.formUnion(population.anyOf + population.ranges.map(\.measure))
      }
      for topic in file.topics { used.insert(topic.population) }
      for study in file.studies { used.formUnion([study.intervention].compactMap { $0 }) }
      for source in file.sources { used.formUnion(source.bodies + [source.scheme].compactMap { $0 }) }
      for body in file.bodies { used.formUnion([body.scheme].compactMap { $0 }) }
      for r in file.recommendations {
        used.formUnion(r.interventions + [r.population] + r.exceptions.map(\.population) + r.studies)
        used.formUnion([r.scheme, r.target?.measure].compactMap { $0 })
        concepts.formUnion(r.interventions)
      }
      for decision in file.decisions {
        used.formUnion([decision.intervention, decision.population].compactMap { $0 })
      }
    }
    return (used.subtracting(defined), concepts)
  }
}
