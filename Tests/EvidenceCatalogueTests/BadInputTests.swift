import EvidenceCatalogue
import EvidenceModel
import EvidenceTestSupport
import Foundation
import Testing

@Suite("Bad input: every malformed catalogue gets its diagnostic")
struct BadInputTests {
  @Test func corpusIsLargeEnough() {
    #expect(TestSupport.badCatalogueNames.count >= 40)
  }

  @Test(arguments: TestSupport.badCatalogueNames)
  func fixtureProducesItsDiagnostic(name: String) throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (catalogue, expected) = try TestSupport.assembleBadCatalogue(name, in: directory)
    #expect(!expected.isEmpty, "fixture \(name) has no expected.txt lines")
    var lines: [String]
    do {
      let result = try CatalogueLoader().load(catalogue.path)
      #expect(result.hasErrors)
      lines = result.diagnostics.map(\.formatted)
    } catch let error as CatalogueError {
      lines = [error.diagnostic.formatted]
    }
    for prefix in expected {
      let full = catalogue.path + (prefix.hasPrefix(":") ? "" : "/") + prefix
      #expect(lines.contains { $0.hasPrefix(full + " ") }, "\(name): expected \(full) in\n\(lines.joined(separator: "\n"))")
    }
  }

  @Test func everyDiagnosticNamesAFileLineAndColumn() throws {
    for name in TestSupport.badCatalogueNames {
      let directory = try TestSupport.makeTemporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      let (catalogue, _) = try TestSupport.assembleBadCatalogue(name, in: directory)
      guard let result = try? CatalogueLoader().load(catalogue.path) else { continue }
      for diagnostic in result.diagnostics {
        let location = try #require(diagnostic.location, "\(name): \(diagnostic.formatted)")
        #expect(location.line >= 1 && location.column >= 1)
        #expect(location.file.hasPrefix(catalogue.path))
      }
    }
  }

  @Test func fileOverTheSizeLimitIsRefusedWithoutParsing() {
    let bytes = [UInt8](repeating: UInt8(ascii: "#"), count: CatalogueFileDecoder.maximumFileSize + 1)
    let (file, diagnostics) = CatalogueFileDecoder().decode(bytes, path: "big.yaml", displayPath: "big.yaml")
    #expect(file == nil)
    #expect(diagnostics.map(\.rule) == ["file-too-large"])
  }

  @Test func missingPathIsNoCatalogue() {
    #expect(throws: CatalogueError.pathNotFound("/nonexistent/catalogue")) {
      try CatalogueLoader().load("/nonexistent/catalogue")
    }
  }
}
