import EvidenceModel
import Testing

@Suite("Timeline durations, dates and windows")
struct TimelineTests {
  @Test(arguments: [("5d", 5.0), ("6w", 42.0), ("3mo", 91.3125), ("1y", 365.25), ("0d", 0.0)])
  func parsesDurations(text: String, days: Double) throws {
    let duration = try #require(TimelineDuration(parsing: text))
    #expect(duration.days == days)
    #expect(duration.description == text)
  }

  @Test(arguments: ["6 weeks", "w6", "", "1.5w", "-1d", "3m", "12", "1234567d", "6W"])
  func rejectsMalformedDurations(text: String) {
    #expect(TimelineDuration(parsing: text) == nil)
  }

  @Test func thirteenWeeksIsShorterThanThreeMonths() throws {
    #expect(TimelineDuration(13, .weeks) < TimelineDuration(3, .months))
    #expect(TimelineDuration(12, .months).days == TimelineDuration(1, .years).days)
  }

  @Test func calendarDatesAreValidated() {
    #expect(CalendarDate(parsing: "2024-02-29")?.description == "2024-02-29")
    #expect(CalendarDate(parsing: "2023-02-29") == nil)
    #expect(CalendarDate(parsing: "1900-02-29") == nil)
    #expect(CalendarDate(parsing: "2000-02-29") != nil)
    #expect(CalendarDate(parsing: "2015-9-24") == nil)
    #expect(CalendarDate(parsing: "2015-13-01") == nil)
    #expect(CalendarDate(parsing: "0999-01-01")?.description == "0999-01-01")
    #expect(CalendarDate(year: 2010, month: 9, day: 24)! < CalendarDate(year: 2011, month: 1, day: 1)!)
  }

  @Test func windowsKnowWhenTheyAreInverted() {
    #expect(!TimingWindow.always.isEmptyOrInverted)
    #expect(TimingWindow(start: .init(3, .months), end: .init(6, .weeks)).isEmptyOrInverted)
    #expect(TimingWindow(start: .init(6, .weeks), end: .init(6, .weeks)).isEmptyOrInverted)
    #expect(!TimingWindow(start: .init(0, .days), end: .init(5, .days)).isEmptyOrInverted)
    #expect(!TimingWindow(start: .init(3, .months)).isEmptyOrInverted)
  }

  @Test func windowSummaries() {
    #expect(TimingWindow.always.summary == "any time")
    #expect(TimingWindow(start: .init(0, .days), end: .init(5, .days)).summary == "0d–5d")
    #expect(
      TimingWindow(start: .init(3, .months), after: ["failed-conservative-care"]).summary
        == "from 3mo, after failed-conservative-care")
    #expect(TimingWindow(end: .init(6, .weeks)).summary == "before 6w")
  }
}
