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

/// An exclusive 'alternatives' rules out the sibling concepts; it is an error only where there
/// are none.
@Test func exclusiveAlternativesNeedASiblingConcept() throws {
  let directory = try TestSupport.makeTemporaryDirectory()
  defer { try? FileManager.default.removeItem(at: directory) }
  let (catalogue, _) = try TestSupport.assembleBadCatalogue("exclusive-scope-alternatives-without-sibling", in: directory)
  let rule = "exclusive-scope-without-bound"
  #expect(try CatalogueLoader().load(catalogue.path).diagnostics.map(\.rule).contains(rule))
  // A second child of the same parent is an alternative to rule out.
  let base = catalogue.appendingPathComponent("base.yaml")
  let text = try String(contentsOf: base, encoding: .utf8)
  try text.replacingOccurrences(
    of: "  - id: bracing\n", with: "  - id: procedure-y\n    name: Procedure Y\n    parent: augmentation\n  - id: bracing\n"
  ).write(to: base, atomically: true, encoding: .utf8)
  #expect(try !CatalogueLoader().load(catalogue.path).diagnostics.map(\.rule).contains(rule))
}
