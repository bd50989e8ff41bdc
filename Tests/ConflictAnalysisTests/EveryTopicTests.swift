import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceTestSupport
import Testing

/// The comparator and the resolver run on every bundled topic, at dates across its editions,
/// with every new value of the catalogue model (unions, exclusive bounds, implied positions,
/// intervals, targets, unknown strengths).
@Suite("Every bundled topic, at every era")
struct EveryTopicTests {
  static let catalogue: Catalogue = {
    try! CatalogueLoader().load(TestSupport.bundledCatalogue.path).catalogue
  }()

  static let dates = [(2009, 6, 30), (2014, 6, 30), (2019, 6, 30), (2021, 6, 30), (2025, 12, 31)].map {
    CalendarDate(year: $0.0, month: $0.1, day: $0.2)!
  }

  @Test(arguments: catalogue.topics.map(\.id).sorted())
  func analysesAndResolvesAtEveryDate(topic: String) throws {
    let c = Self.catalogue
    for date in Self.dates {
      let analysis = Analysis(c, options: AnalysisOptions(topic: topic, asOf: date))
      // Only sources published by the date are analysed, and only those in force are compared.
      for r in analysis.recommendations {
        #expect(r.source.publicationDate.map { $0.firstDay <= date } ?? true, "\(r.id) at \(date)")
      }
      for conflict in analysis.conflicts {
        #expect(conflict.first.source.status == .current && conflict.second.source.status == .current)
        #expect((0...100).contains(conflict.score))
      }
      let pathway = Resolver(catalogue: analysis.catalogue, analysis: analysis).pathway(for: topic)
      #expect(pathway != nil, "no pathway for \(topic) at \(date)")
    }
  }

  @Test func anEditionSupersededLaterIsCurrentAtAnEarlierDate() throws {
    let at2014 = Analysis(
      Self.catalogue, options: AnalysisOptions(topic: "lung-cancer-screening", asOf: Self.dates[1]))
    let sources = Set(at2014.recommendations.map(\.source.id))
    #expect(sources == ["uspstf-2013-lung", "aafp-2013-lung", "acs-2013-lung"])
    #expect(at2014.recommendations.allSatisfy { $0.source.status == .current })
    #expect(at2014.conflicts.contains { Set($0.recommendations) == ["l-u13", "l-f13"] })
    let now = Analysis(
      Self.catalogue, options: AnalysisOptions(topic: "lung-cancer-screening", asOf: Self.dates[4]))
    #expect(!now.conflicts.contains { Set($0.recommendations) == ["l-u13", "l-f13"] })
    #expect(now.editionChanges.contains { $0.previous == "l-u13" && $0.current == "l-u21" })
  }
}
