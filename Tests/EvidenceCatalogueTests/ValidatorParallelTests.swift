@testable import EvidenceCatalogue
import EvidenceModel
import EvidenceTestSupport
import Foundation
import Testing

/// The recommendations are validated on every core in a large catalogue; the diagnostics are the
/// same, in the same order, as on one.
struct ValidatorParallelTests {
  @Test func theRecommendationsCheckedOnEveryCoreGiveWhatOneCoreGives() throws {
    let bundled = try CatalogueLoader().load(TestSupport.bundledCatalogue.path).catalogue
    var catalogues = [bundled]
    // Every bad catalogue that parses, most with errors the validator finds.
    var withErrors = 0
    for name in TestSupport.badCatalogueNames {
      let directory = try TestSupport.makeTemporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      let (path, _) = try TestSupport.assembleBadCatalogue(name, in: directory)
      guard let load = try? CatalogueLoader().load(path.path), load.catalogue.recommendations.count > 1 else { continue }
      catalogues.append(load.catalogue)
      if CatalogueValidator().validate(load.catalogue, inParallel: false).containsErrors { withErrors += 1 }
    }
    #expect(withErrors >= 10)
    for catalogue in catalogues {
      let one = CatalogueValidator().validate(catalogue, inParallel: false)
      #expect(CatalogueValidator().validate(catalogue, inParallel: true) == one)
    }
  }
}
