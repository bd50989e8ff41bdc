import EvidenceModel
import Testing

@Suite("Populations as unions of boxes on any measure")
struct PopulationRegionTests {
  let at = SourceLocation(file: "t.yaml", line: 1, column: 1)

  func catalogue(_ populations: [Population]) -> Catalogue {
    var file = CatalogueFile(path: "t.yaml", contentHash: "0")
    file.measures = [
      Measure(id: "pack-years", name: "Pack-years", units: [.init(unit: "pack-years")], location: at),
      Measure(id: "years-since-quitting", name: "YSQ", units: [.init(unit: "years")], location: at),
      Measure(
        id: "hba1c", name: "HbA1c", units: [.init(unit: "%"), .init(unit: "mmol/mol", factor: 0.09148, offset: 2.152)],
        location: at),
    ]
    file.populations = populations
    return Catalogue(files: [file])
  }

  @Test func exclusiveBoundsMeetOnlyWhereTheyShareValues() {
    let below = Population.MeasureRange(measure: "risk", unit: "%", max: 10, maxExclusive: true)
    let from = Population.MeasureRange(measure: "risk", unit: "%", min: 10)
    #expect(below.intersection(from).isEmpty)
    #expect(!below.contains(10) && from.contains(10))
    let inclusive = Population.MeasureRange(measure: "risk", unit: "%", max: 10)
    #expect(!inclusive.intersection(from).isEmpty)
    #expect(below.summary == "risk < 10 %")
    #expect(Population.MeasureRange(measure: "risk", unit: "%", min: 7.5, max: 10, maxExclusive: true).summary
      == "risk ≥ 7.5 and < 10 %")
  }

  @Test func complementIsTheRestOfTheLine() {
    let range = Population.MeasureRange(measure: "age", unit: "years", min: 55, max: 74)
    let outside = range.complement
    #expect(outside.count == 2)
    #expect(outside[0].contains(54.9) && !outside[0].contains(55))
    #expect(outside[1].contains(74.1) && !outside[1].contains(74))
  }

  @Test func aUnionIsResolvedIntoBoxesWithinTheBase() {
    let c = catalogue([
      Population(
        id: "current", name: "Current smokers", condition: "screening",
        qualifiers: [.init(dimension: "smoking", values: ["current"])], location: at),
      Population(
        id: "recent-quitters", name: "Quit within 15 years", condition: "screening",
        qualifiers: [.init(dimension: "smoking", values: ["former"])],
        ranges: [.init(measure: "years-since-quitting", unit: "years", max: 15)], location: at),
      Population(
        id: "eligible", name: "20 pack-years, current or quit within 15 years", condition: "screening",
        ranges: [.init(measure: "pack-years", unit: "pack-years", min: 20)], anyOf: ["current", "recent-quitters"],
        location: at),
      Population(
        id: "long-quitters", name: "Quit over 15 years", condition: "screening",
        qualifiers: [.init(dimension: "smoking", values: ["former"])],
        ranges: [.init(measure: "years-since-quitting", unit: "years", min: 15, minExclusive: true)], location: at),
    ])
    let eligible = c.region(ofPopulation: "eligible")
    #expect(eligible.boxes.count == 2)
    #expect(eligible.boxes.allSatisfy { $0.ranges["pack-years"]?.min == 20 })
    #expect(eligible.intersection(c.region(ofPopulation: "long-quitters")).isEmpty)
    #expect(c.region(ofPopulation: "recent-quitters").isInside(c.region(ofPopulation: "eligible")) == false)
    #expect(!c.region(ofPopulation: "current").intersection(eligible).isEmpty)
  }

  @Test func rangesInAnotherUnitAreConvertedToTheCanonicalOne() throws {
    let c = catalogue([
      Population(
        id: "ifcc", name: "HbA1c below 53 mmol/mol", condition: "diabetes",
        ranges: [.init(measure: "hba1c", unit: "mmol/mol", max: 53, maxExclusive: true)], location: at)
    ])
    let range = try #require(c.region(ofPopulation: "ifcc").boxes.first?.ranges["hba1c"])
    #expect(range.unit == "%")
    #expect(abs((range.max ?? 0) - 7.0) < 0.02)
    #expect(range.maxExclusive)
  }
}
