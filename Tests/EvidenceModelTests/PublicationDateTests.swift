import EvidenceModel
import Testing

@Suite("Publication dates known to the year, month or day")
struct PublicationDateTests {
  @Test(arguments: [("2013", "2013-01-01", "2013-12-31"), ("2021-03", "2021-03-01", "2021-03-31"),
    ("2024-02", "2024-02-01", "2024-02-29"), ("2021-03-09", "2021-03-09", "2021-03-09")])
  func spansThePeriodItNames(text: String, first: String, last: String) throws {
    let date = try #require(PublicationDate(parsing: text))
    #expect(date.description == text)
    #expect(date.firstDay.description == first)
    #expect(date.lastDay.description == last)
  }

  @Test(arguments: ["13", "2013-1", "2013-13", "2013-02-30", "2013/03", "", "2013-03-09x"])
  func rejectsWhatIsNotADate(text: String) {
    #expect(PublicationDate(parsing: text) == nil)
  }

  @Test func orderingUsesBothEnds() throws {
    let year = try #require(PublicationDate(parsing: "2013"))
    let december = try #require(PublicationDate(parsing: "2013-12-31"))
    let next = try #require(PublicationDate(parsing: "2014-01"))
    // Two dates in one year are never certainly out of order.
    #expect(!december.isCertainlyBefore(year) && !year.isCertainlyBefore(december))
    #expect(year.isCertainlyBefore(next))
    #expect(year < december && december < next)
  }
}
