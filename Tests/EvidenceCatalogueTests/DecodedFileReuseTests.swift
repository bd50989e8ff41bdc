import EvidenceCatalogue
import EvidenceModel
import EvidenceTestSupport
import Foundation
import Synchronization
import Testing

/// A load takes files decoded before (by their stamp, unread, or by their content hash) instead
/// of parsing them, and gives the same catalogue.
struct DecodedFileReuseTests {
  /// A source that answers with what a first load decoded, by stamp or by hash only.
  final class Remembered: DecodedFileSource {
    let files: [String: DecodedFile]
    let stamps: [String: FileStamp]
    let byStamp: Bool
    let asked = Mutex(0)

    init(_ load: CatalogueLoadResult, byStamp: Bool) {
      files = Dictionary(uniqueKeysWithValues: load.readings.compactMap { r in r.decoded.map { (r.path, $0) } })
      stamps = Dictionary(uniqueKeysWithValues: load.readings.compactMap { r in r.stamp.map { (r.path, $0) } })
      self.byStamp = byStamp
    }

    func decoded(_ reference: CatalogueFileReference, stamp: FileStamp) -> DecodedFile? {
      guard byStamp, stamps[reference.relativePath] == stamp else { return nil }
      asked.withLock { $0 += 1 }
      return files[reference.relativePath]
    }

    func decoded(_ reference: CatalogueFileReference, contentHash: String) -> DecodedFile? {
      guard let file = files[reference.relativePath], file.file.contentHash == contentHash else { return nil }
      asked.withLock { $0 += 1 }
      return file
    }
  }

  @Test func filesTakenByStampOrHashGiveTheCatalogueParsingGives() throws {
    let root = TestSupport.bundledCatalogue.path
    let parsed = try CatalogueLoader().load(root)
    #expect(parsed.readings.allSatisfy { $0.way == .parsed && $0.decoded != nil && $0.stamp != nil })
    for byStamp in [true, false] {
      let source = Remembered(parsed, byStamp: byStamp)
      let reused = try CatalogueLoader().load(root, reusing: source)
      #expect(reused.readings.allSatisfy { $0.way == (byStamp ? .sameStamp : .sameContent) && $0.decoded == nil })
      #expect(reused.parsedPaths.isEmpty)
      #expect(source.asked.withLock { $0 } == parsed.references.count)
      #expect(reused.catalogue.files == parsed.catalogue.files)
      #expect(reused.diagnostics == parsed.diagnostics)
    }
  }

  @Test func aChangedFileIsParsedAgain() throws {
    let root = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let directory = root.appendingPathComponent("Evidence")
    try FileManager.default.copyItem(at: TestSupport.bundledCatalogue, to: directory)
    let first = try CatalogueLoader().load(directory.path)
    let edited = try #require(first.references.first { $0.relativePath.hasSuffix(".yaml") && $0.relativePath.contains("vcf") })
    let url = URL(fileURLWithPath: edited.displayPath)
    try (String(contentsOf: url, encoding: .utf8) + "\n# edited\n").write(to: url, atomically: true, encoding: .utf8)
    let again = try CatalogueLoader().load(directory.path, reusing: Remembered(first, byStamp: true))
    #expect(again.parsedPaths == [edited.relativePath])
    #expect(again.catalogue.files.map(\.path) == first.catalogue.files.map(\.path))
  }

  /// Every bundled file, through the compact form the check keeps it in, comes back equal, its
  /// locations naming the file as the reader names it now.
  @Test func everyBundledFileSurvivesTheCompactForm() throws {
    let load = try CatalogueLoader().load(TestSupport.bundledCatalogue.path)
    var encoder = CompactEncoder()
    encoder.userInfo[EvidenceModel.SourceLocation.withoutFile] = true
    for (reading, reference) in zip(load.readings, load.references) {
      let decoded = try #require(reading.decoded)
      var decoder = CompactDecoder()
      decoder.userInfo[EvidenceModel.SourceLocation.withoutFile] = true
      decoder.userInfo[EvidenceModel.SourceLocation.fileOverride] = reference.displayPath
      #expect(try decoder.decode(DecodedFile.self, from: try encoder.encode(decoded)) == decoded, "\(reading.path)")
    }
  }
}
