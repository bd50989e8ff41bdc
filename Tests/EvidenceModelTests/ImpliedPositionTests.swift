import EvidenceModel
import EvidenceTestSupport
import Testing

@Suite("Implied positions: exclusive scope, never silence")
struct ImpliedPositionTests {
  let at = SourceLocation(file: "test.yaml", line: 1, column: 1)

  /// A builder catalogue with a population bounded on pack-years and years since quitting.
  func catalogue(
    window: TimingWindow, exclusive: [String], direction: Direction = .for
  ) -> (Catalogue, Recommendation) {
    var b = CatalogueBuilder()
    b.population(
      Population(
        id: "smokers", name: "Smokers", condition: "fracture",
        ranges: [
          .init(measure: "pack-years", unit: "pack-years", min: 30),
          .init(measure: "years-since-quitting", unit: "years", max: 15),
        ], location: at))
    b.recommend("r", population: "smokers", direction: direction, window: window)
    var file = b.file
    file.recommendations[0].exclusive = exclusive.map(Recommendation.ScopeItem.init)
    let catalogue = Catalogue(files: [file])
    return (catalogue, catalogue.recommendation("r")!)
  }

  @Test func scopeItemsReadAsWritten() {
    for text in ["window", "window.start", "window.end", "window.after", "pack-years", "pack-years.lower", "ldl-c.upper"] {
      #expect(Recommendation.ScopeItem(text).description == text)
    }
    #expect(Recommendation.ScopeItem("window.start") == .window(.start))
    #expect(Recommendation.ScopeItem("pack-years.lower") == .measure("pack-years", .lower))
    #expect(Recommendation.ScopeItem("risk-7.5") == .measure("risk-7.5", .both))
  }

  @Test func silenceImpliesNothing() {
    let (c, r) = catalogue(window: TimingWindow(start: .init(55, .years), end: .init(75, .years)), exclusive: [])
    #expect(c.impliedPositions(of: r).isEmpty)
  }

  @Test func onlyAStatementForTheInterventionImpliesAnything() {
    let (c, r) = catalogue(window: TimingWindow(end: .init(6, .weeks)), exclusive: ["window"], direction: .against)
    #expect(c.impliedPositions(of: r).isEmpty)
  }

  @Test func aWholeWindowImpliesNotRecommendedBeforeAndAfter() throws {
    let (c, r) = catalogue(window: TimingWindow(start: .init(55, .years), end: .init(75, .years)), exclusive: ["window"])
    let implied = c.impliedPositions(of: r)
    #expect(implied.map(\.window) == [TimingWindow(end: .init(55, .years)), TimingWindow(start: .init(75, .years))])
    #expect(implied.allSatisfy { $0.direction == .against && $0.statement == "r" && $0.outside.isWindow })
    // The population's ranges are not exclusive, so they stay as stated.
    #expect(implied.allSatisfy { $0.population.ranges.count == 2 })
    #expect(implied.map(\.population.id) == ["r~smokers~window-before", "r~smokers~window-after"])
  }

  @Test func onlyTheStartOfAWindowCanBeExclusive() {
    let (c, r) = catalogue(window: TimingWindow(start: .init(25, .years), end: .init(66, .years)), exclusive: ["window.start"])
    #expect(c.impliedPositions(of: r).map(\.window) == [TimingWindow(end: .init(25, .years))])
  }

  @Test func aPrerequisiteImpliesNotRecommendedUntilItHolds() {
    let (c, r) = catalogue(window: TimingWindow(after: ["failed-conservative-care"]), exclusive: ["window"])
    let implied = c.impliedPositions(of: r)
    #expect(implied.map(\.window) == [TimingWindow(until: ["failed-conservative-care"])])
  }

  @Test func aMeasureImpliesNotRecommendedOutsideItsRangeWithOtherExclusiveBoundsLifted() throws {
    let (c, r) = catalogue(
      window: TimingWindow(start: .init(55, .years), end: .init(75, .years)),
      exclusive: ["window", "pack-years", "years-since-quitting.upper"])
    let implied = c.impliedPositions(of: r)
    #expect(implied.count == 4)
    let packYears = try #require(implied.first { $0.outside == .measure("pack-years", .lower) })
    #expect(packYears.window == .always, "the exclusive window is lifted")
    #expect(packYears.population.ranges == [.init(measure: "pack-years", unit: "pack-years", max: 30, maxExclusive: true)])
    let quitting = try #require(implied.first { $0.outside == .measure("years-since-quitting", .upper) })
    #expect(quitting.population.ranges == [.init(measure: "years-since-quitting", unit: "years", min: 15, minExclusive: true)])
    #expect(quitting.summary.contains("years-since-quitting > 15 years"))
  }
}
