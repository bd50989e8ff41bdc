import EvidenceCatalogue
import EvidenceModel
import EvidenceTestSupport
import Foundation
import Testing

@Suite("The bundled vertebral compression fracture catalogue")
struct BundledCatalogueTests {
  static func load() throws -> CatalogueLoadResult {
    try CatalogueLoader().load(TestSupport.bundledCatalogue.path)
  }

  @Test func validatesWithoutErrorsOrWarnings() throws {
    let result = try Self.load()
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted).joined(separator: "\n"))")
  }

  @Test func hasAllElevenAAOS2010Recommendations() throws {
    let catalogue = try Self.load().catalogue
    let aaos = catalogue.recommendations.filter { $0.source == "aaos-2010-oscf" }
    #expect(aaos.map(\.id).sorted() == (1...11).map { "aaos-2010-r\($0)" }.sorted())
    // Esses 2011: 1 strong, 1 moderate, 3 weak (limited), 6 inconclusive.
    let tiers = aaos.compactMap { catalogue.strengthTier(of: $0)?.label }
    #expect(tiers.count == 11)
    #expect(Dictionary(grouping: tiers, by: { $0 }).mapValues(\.count).values.sorted() == [1, 1, 3, 6])
    let vertebroplasty = try #require(catalogue.recommendation("aaos-2010-r1"))
    #expect(vertebroplasty.direction == .against)
    #expect(catalogue.normalizedPosition(of: vertebroplasty)?.strength == 1)
  }

  @Test func radiologyAndRheumatologyAreDistinctBodies() throws {
    let catalogue = try Self.load().catalogue
    let radiology = try #require(catalogue.body("acr-radiology"))
    let rheumatology = try #require(catalogue.body("acr-rheumatology"))
    #expect(radiology.abbreviation == rheumatology.abbreviation)
    #expect(radiology.name == "American College of Radiology")
    #expect(rheumatology.name == "American College of Rheumatology")
  }

  @Test func threeMonthThresholdIsAnAssumptionWithProvenanceNotARecommendation() throws {
    let catalogue = try Self.load().catalogue
    let topic = try #require(catalogue.topic("vcf-initial-treatment"))
    let assumption = try #require(topic.assumptions.first { $0.duration == TimelineDuration(3, .months) })
    #expect(assumption.prerequisite == "failed-conservative-care")
    #expect(assumption.provenance.identifiers.doi == "10.3174/ajnr.A2817")
    #expect(!catalogue.recommendations.contains { $0.window.start == TimelineDuration(3, .months) })
  }

  @Test func unverifiedFactsStayMarked() throws {
    let catalogue = try Self.load().catalogue
    #expect(catalogue.study("vope")?.verification.isUnverified == true)
    #expect(catalogue.recommendation("aaos-2010-r6")?.verification.isUnverified == true)
    // The NASS appropriate use criteria were seen only on a web page with no year: unverified.
    #expect(catalogue.source("nass-auc-vcf")?.verification.isUnverified == true)
    #expect(catalogue.source("nass-auc-vcf")?.year == nil)
  }

  @Test func populationsKeepTheirOwnContext() throws {
    let catalogue = try Self.load().catalogue
    let bracing = catalogue.recommendations.filter { $0.source == "cns-aans-2019-thoracolumbar-bracing" }
    #expect(!bracing.isEmpty)
    for rec in bracing {
      #expect(catalogue.population(rec.population)?.qualifiers.contains { $0.values == ["traumatic"] } == true)
    }
    let rheumatology = catalogue.recommendations.filter { catalogue.bodies(of: $0) == ["acr-rheumatology"] }
    #expect(!rheumatology.isEmpty)
    #expect(rheumatology.allSatisfy { $0.population == "glucocorticoid-users-high-fracture-risk" })
  }

  @Test func satisfiesTheJSONSchema() throws {
    let result = try TestSupport.run(
      URL(fileURLWithPath: "/usr/bin/env"),
      ["python3", "Scripts/check-catalogue-schema.py", "Evidence/schema/catalogue.schema.json", "Evidence"],
      in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
  }

  @Test func schemaRejectsWhatTheLoaderRejects() throws {
    let result = try TestSupport.run(
      URL(fileURLWithPath: "/usr/bin/env"),
      [
        "python3", "Scripts/check-catalogue-schema.py", "Evidence/schema/catalogue.schema.json",
        "Tests/Fixtures/BadCatalogues/unknown-recommendation-key",
        "Tests/Fixtures/BadCatalogues/wrong-type-yes-is-not-boolean",
      ],
      in: TestSupport.repositoryRoot)
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("checked 2 files: 2 failed"))
  }
}
