import EvidenceCatalogue
import EvidenceModel
import EvidenceStore
import EvidenceTestSupport
import Foundation
import Testing

@Suite("SQLite store")
struct EvidenceStoreTests {
  /// The minimal catalogue, loaded and checked.
  static func minimal() throws -> CatalogueLoadResult {
    let result = try CatalogueLoader().load(TestSupport.fixture("MinimalCatalogue").path)
    #expect(!result.hasErrors)
    return result
  }

  static func storeWithMinimalCatalogue(in directory: URL) throws -> EvidenceStore {
    let result = try minimal()
    let store = try EvidenceStore(path: directory.appendingPathComponent("db/catalogue.sqlite").path)
    try store.apply(ImportPlan(changedFiles: result.catalogue.files, removedPaths: [], catalogue: result.catalogue))
    return store
  }

  @Test func importsEveryEntityConsistently() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try Self.storeWithMinimalCatalogue(in: directory)
    let counts = try store.counts()
    #expect(counts["catalogueFile"] == 3)
    #expect(counts["recommendation"] == 3)
    #expect(counts["source"] == 2)
    #expect(counts["intervention"] == 3)
    #expect(try store.consistencyProblems().isEmpty)
    let hashes = try store.contentHashes()
    #expect(hashes.count == 3)
    let expected = try #require(try Self.minimal().catalogue.files.first { $0.path == "source-a.yaml" })
    let displayPath = try #require(expected.recommendations.first?.location.file)
    #expect(try store.storedFile(at: "source-a.yaml", displayPath: displayPath) == expected)
  }

  /// A stored file keeps its locations as line and column only; read back, they name the file as
  /// the reader names it, everywhere in the file.
  @Test func storedLocationsNameTheFileAsItIsReadNow() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try Self.storeWithMinimalCatalogue(in: directory)
    let expected = try #require(try Self.minimal().catalogue.files.first { $0.path == "source-a.yaml" })
    let moved = try #require(try store.storedFile(at: "source-a.yaml", displayPath: "elsewhere/source-a.yaml"))
    let locations = moved.recommendations.flatMap { [$0.location] + $0.keyLocations.sorted { $0.key < $1.key }.map(\.value) }
      + moved.sources.map(\.location)
    #expect(!locations.isEmpty && locations.allSatisfy { $0.file == "elsewhere/source-a.yaml" })
    let original = expected.recommendations.flatMap { [$0.location] + $0.keyLocations.sorted { $0.key < $1.key }.map(\.value) }
      + expected.sources.map(\.location)
    #expect(locations.map(\.line) == original.map(\.line) && locations.map(\.column) == original.map(\.column))
    #expect(try store.storedFile(at: "no-such-file.yaml", displayPath: "x") == nil)
  }

  @Test func filtersByTopicSocietyAndInterventionHierarchy() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try Self.storeWithMinimalCatalogue(in: directory)
    #expect(try store.recommendations().map(\.id) == ["source-a-r1", "source-a-r2", "source-b-r1"])
    #expect(try store.recommendations(matching: .init(society: "society-b")).map(\.id) == ["source-b-r1"])
    #expect(try store.recommendations(matching: .init(society: "society-a")).count == 3)
    // A child concept matches recommendations on its ancestors; a parent matches its descendants.
    #expect(
      try store.recommendations(matching: .init(intervention: "procedure-x")).map(\.id)
        == ["source-a-r1", "source-b-r1"])
    #expect(
      try store.recommendations(matching: .init(intervention: "augmentation")).map(\.id)
        == ["source-a-r1", "source-b-r1"])
    #expect(try store.recommendations(matching: .init(intervention: "bracing")).map(\.id) == ["source-a-r2"])
    #expect(try store.recommendations(matching: .init(topic: "other")).isEmpty)
    let bracing = try #require(try store.recommendations(matching: .init(intervention: "bracing")).first)
    #expect(bracing.window.start == "0d" && bracing.window.end == "6w")
    #expect(bracing.normalized.strength == 0.5)
    #expect(bracing.societies == ["society-a"])
    #expect(try store.contains(.body, id: "society-a"))
    #expect(try !store.contains(.body, id: "society-z"))
    #expect(try store.consistencyProblems().isEmpty)
  }

  @Test func aFailedImportLeavesTheDatabaseByteForByte() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try Self.storeWithMinimalCatalogue(in: directory)
    let before = try #require(TestSupport.contents(of: URL(fileURLWithPath: store.path)))
    // A file whose recommendation names an intervention that exists nowhere: the deferred
    // foreign key fails at commit, after rows were already deleted and inserted.
    var broken = try Self.minimal().catalogue.files.first { $0.path == "source-a.yaml" }!
    broken.recommendations[0].interventions = ["missing-concept"]
    let catalogue = Catalogue(files: try Self.minimal().catalogue.files.filter { $0.path != "source-a.yaml" } + [broken])
    #expect(throws: StoreError.self) {
      try store.apply(ImportPlan(changedFiles: [broken], removedPaths: ["source-b.yaml"], catalogue: catalogue))
    }
    #expect(TestSupport.contents(of: URL(fileURLWithPath: store.path)) == before)
    #expect(try store.consistencyProblems().isEmpty)
    #expect(try store.counts()["recommendation"] == 3)
  }

  @Test func replacesChangedFilesAndDeletesRemovedOnes() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try Self.storeWithMinimalCatalogue(in: directory)
    let files = try Self.minimal().catalogue.files
    var changed = files.first { $0.path == "source-a.yaml" }!
    changed.contentHash = String(repeating: "a", count: 64)
    changed.recommendations.removeLast()
    let catalogue = Catalogue(files: files.filter { $0.path == "base.yaml" } + [changed])
    try store.apply(ImportPlan(changedFiles: [changed], removedPaths: ["source-b.yaml"], catalogue: catalogue))
    #expect(try store.recommendations().map(\.id) == ["source-a-r1"])
    #expect(try store.contentHashes()["source-a.yaml"] == String(repeating: "a", count: 64))
    #expect(try store.contentHashes()["source-b.yaml"] == nil)
    #expect(try store.consistencyProblems().isEmpty)
  }

  /// The check's kept files hold their recommendations apart: read without them, a row only
  /// says it has some, and they are read by path and content hash (another version of the file
  /// has none); keeping a file again without recommendations, or forgetting it, leaves none
  /// behind, and a file whose recommendations are missing still says it has some.
  @Test func keptFilesHoldTheirRecommendationsApart() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("runs.sqlite").path
    let store = try EvidenceStore(path: path)
    func row(_ path: String, _ recommendations: Data?) -> DecodedFileRow {
      DecodedFileRow(
        path: path, contentHash: "h", stamp: nil, version: "v", content: Data([1, 2]), recommendations: recommendations)
    }
    try store.keepDecodedFiles([row("a.yaml", Data([7])), row("b.yaml", nil)], restamped: [], present: ["a.yaml", "b.yaml"])
    let whole = try store.decodedFiles()
    #expect(whole["a.yaml"]?.recommendations == Data([7]) && whole["a.yaml"]?.hasRecommendations == true)
    #expect(whole["b.yaml"]?.recommendations == nil && whole["b.yaml"]?.hasRecommendations == false)
    let without = try store.decodedFiles(withRecommendations: false)
    #expect(without["a.yaml"]?.recommendations == nil && without["a.yaml"]?.hasRecommendations == true)
    #expect(without["a.yaml"]?.content == Data([1, 2]))
    #expect(try store.decodedRecommendations(of: ["a.yaml": "h", "b.yaml": "h", "c.yaml": "h"]) == ["a.yaml": Data([7])])
    #expect(try store.decodedRecommendations(of: ["a.yaml": "another"]).isEmpty)
    let many = Dictionary(uniqueKeysWithValues: (0..<1_200).map { ("f\($0).yaml", "h") })
    #expect(try store.decodedRecommendations(of: many.merging(["a.yaml": "h"]) { a, _ in a }) == ["a.yaml": Data([7])])
    #expect(try store.decodedRecommendations(of: many.merging(["a.yaml": "another"]) { a, _ in a }).isEmpty)
    try store.keepDecodedFiles([row("a.yaml", nil)], restamped: [], present: ["a.yaml", "b.yaml"])
    #expect(try store.decodedRecommendations(of: ["a.yaml": "h"]).isEmpty)
    try store.keepDecodedFiles([row("b.yaml", Data([8]))], restamped: [], present: ["a.yaml", "b.yaml"])
    let lost = try TestSupport.python(
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM decodedFileRecommendations'); c.commit()",
      [path])
    #expect(lost.status == 0, "\(lost.stderr)")
    #expect(try store.decodedFiles()["b.yaml"].map { $0.hasRecommendations && $0.recommendations == nil } == true)
    try store.keepDecodedFiles([], restamped: [], present: ["a.yaml"])
    #expect(try store.decodedFiles().keys.sorted() == ["a.yaml"])
  }

  @Test func anotherApplicationsDatabaseIsLeftAlone() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("other.sqlite").path
    let sqlite = try TestSupport.run(
      URL(fileURLWithPath: "/usr/bin/env"),
      ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table notes(t)'); c.commit()", path])
    #expect(sqlite.status == 0, "\(sqlite.stderr)")
    let before = TestSupport.contents(of: URL(fileURLWithPath: path))
    #expect(throws: StoreError.self) { try EvidenceStore(path: path) }
    #expect(TestSupport.contents(of: URL(fileURLWithPath: path)) == before)
  }

  @Test func aSchemeChangeReachesRecommendationsInUnchangedFiles() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try Self.storeWithMinimalCatalogue(in: directory)
    var files = try Self.minimal().catalogue.files
    let baseIndex = try #require(files.firstIndex { $0.path == "base.yaml" })
    files[baseIndex].contentHash = String(repeating: "b", count: 64)
    files[baseIndex].schemes[0].strengths[1].strength = 0.7  // "conditional" (alias "weak")
    try store.apply(ImportPlan(changedFiles: [files[baseIndex]], removedPaths: [], catalogue: Catalogue(files: files)))
    let bracing = try #require(try store.recommendations(matching: .init(intervention: "bracing")).first)
    #expect(bracing.normalized.strength == 0.7)
    #expect(try store.consistencyProblems().isEmpty)
  }

  @Test func readingAMissingOrForeignFileSaysWhatToDo() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("none.sqlite").path
    #expect(throws: StoreError.self) { try EvidenceStore(readingExisting: missing) }
    #expect(!FileManager.default.fileExists(atPath: missing))
    let text = directory.appendingPathComponent("notes.sqlite")
    try Data("not a database, just text that is long enough to have a header".utf8).write(to: text)
    do {
      _ = try EvidenceStore(path: text.path)
      Issue.record("opening a text file as a database succeeded")
    } catch let error as StoreError {
      #expect(error.localizedDescription.contains("is not an evidence-conflicts database"))
    }
  }
}
