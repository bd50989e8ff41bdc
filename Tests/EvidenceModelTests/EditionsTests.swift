import EvidenceModel
import EvidenceTestSupport
import Testing

@Suite("Editions in time: the catalogue as it stood on a date")
struct EditionsTests {
  /// Edition 1 (2013) superseded by edition 2 (published 9 March 2021), and another body's
  /// statement withdrawn in 2019.
  func catalogue() -> Catalogue {
    var b = CatalogueBuilder()
    b.recommend("old", body: "alpha", year: 2013, supersededBy: "src-new", direction: .for)
    b.recommend("new", body: "alpha", year: 2021, direction: .for)
    b.recommend("gone", body: "beta", year: 2010, direction: .against)
    var file = b.file
    file.sources[1].published = PublicationDate(parsing: "2021-03-09")
    file.sources[2].withdrawn = PublicationDate(parsing: "2019")
    file.sources[2].status = .withdrawn
    return Catalogue(files: [file])
  }

  @Test func statusFollowsPublicationSupersessionAndWithdrawal() throws {
    let c = catalogue()
    let old = try #require(c.source("src-old"))
    let gone = try #require(c.source("src-gone"))
    #expect(c.status(of: old, on: CalendarDate(year: 2012, month: 12, day: 31)!) == nil)
    #expect(c.status(of: old, on: CalendarDate(year: 2021, month: 3, day: 8)!) == .current)
    #expect(c.status(of: old, on: CalendarDate(year: 2021, month: 3, day: 9)!) == .superseded)
    #expect(c.status(of: gone, on: CalendarDate(year: 2018, month: 12, day: 31)!) == .current)
    #expect(c.status(of: gone, on: CalendarDate(year: 2019, month: 1, day: 1)!) == .withdrawn)
  }

  @Test func asOfLeavesOutLaterSourcesAndRestoresEarlierStanding() throws {
    let c = catalogue().asOf(CalendarDate(year: 2014, month: 6, day: 30)!)
    #expect(c.sources.map(\.id).sorted() == ["src-gone", "src-old"])
    #expect(c.recommendations.map(\.id).sorted() == ["gone", "old"])
    #expect(c.source("src-old")?.status == .current)
    #expect(c.source("src-gone")?.status == .current)
  }

  @Test func asOfAfterEveryChangeIsTheCatalogueItself() {
    let whole = catalogue()
    let later = whole.asOf(CalendarDate(year: 2030, month: 1, day: 1)!)
    #expect(later.sources == whole.sources)
    #expect(later.recommendations == whole.recommendations)
  }
}
