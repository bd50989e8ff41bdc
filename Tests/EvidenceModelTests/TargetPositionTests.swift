import EvidenceModel
import EvidenceTestSupport
import Testing

@Suite("Positions implied by a target")
struct TargetPositionTests {
  func implied(_ id: String, in b: CatalogueBuilder) -> [ImpliedPosition] {
    let catalogue = b.catalogue
    return catalogue.impliedPositions(of: catalogue.recommendation(id)!)
  }

  func range(_ p: ImpliedPosition) -> Population.MeasureRange? { p.population.ranges.first { $0.measure == "hba1c" } }

  /// "Below 7 %" says nothing about going lower: against de-intensifying only from the bound less
  /// the measure's margin, silent below that; intensifying is for above it and against at or below.
  @Test func anUpperBoundTargetIsAgainstDeintensifyingOnlyNearAndAboveItsBound() throws {
    var b = CatalogueBuilder()
    b.addTargetVocabulary(margin: 0.5)
    b.target("t", body: "alpha", CatalogueBuilder.hba1c(max: 7, maxExclusive: true))
    let positions = implied("t", in: b)
    let down = positions.filter { $0.intervention == "deintensify" }
    #expect(down.count == 1)
    let resting = try #require(down.first)
    #expect(resting.direction == .against)
    #expect(range(resting) == CatalogueBuilder.hba1c(min: 6.5))
    let up = positions.filter { $0.intervention == "intensify" }
    #expect(up.map(\.direction) == [.for, .against])
    #expect(up.map { range($0)?.min } == [7, nil])
  }

  @Test func withoutAMarginTheBoundItselfIsWhereDeintensifyingStopsBeingSilent() {
    var b = CatalogueBuilder()
    b.addTargetVocabulary(margin: nil)
    b.target("t", body: "alpha", CatalogueBuilder.hba1c(max: 6.5))
    let down = implied("t", in: b).filter { $0.intervention == "deintensify" }
    #expect(down.map { range($0) } == [CatalogueBuilder.hba1c(min: 6.5)])
  }

  /// A target in mmol/mol on a population bounded in %: the implied ranges are in the canonical
  /// unit, the population's bound kept.
  @Test func aTargetInAnotherUnitIsReadInTheCanonicalOne() throws {
    var b = CatalogueBuilder()
    b.addTargetVocabulary()
    b.population(
      Population(
        id: "above-6", name: "HbA1c 6 % or more", condition: "fracture",
        qualifiers: [.init(dimension: "etiology", values: ["osteoporotic"])], ranges: [CatalogueBuilder.hba1c(min: 6)],
        location: SourceLocation(file: "test.yaml", line: 1, column: 1)))
    b.target("aim", body: "alpha", population: "above-6", .init(measure: "hba1c", unit: "mmol/mol", max: 53))
    let resting = try #require(implied("aim", in: b).first { $0.intervention == "intensify" && $0.direction == .against })
    let hba1c = try #require(range(resting))
    #expect(hba1c.unit == "%")
    #expect(hba1c.min == 6)
    #expect(abs((hba1c.max ?? 0) - 7.00044) < 1e-9)
    // The population's own bound in mmol/mol is converted too before the two meet.
    b.population(
      Population(
        id: "above-42", name: "HbA1c 42 mmol/mol or more", condition: "fracture",
        qualifiers: [.init(dimension: "etiology", values: ["osteoporotic"])],
        ranges: [.init(measure: "hba1c", unit: "mmol/mol", min: 42)], location: SourceLocation(file: "test.yaml", line: 1, column: 1)))
    b.target("aim-42", body: "alpha", population: "above-42", .init(measure: "hba1c", unit: "%", max: 7))
    let within = try #require(implied("aim-42", in: b).first { $0.intervention == "intensify" && $0.direction == .against })
    let both = try #require(range(within))
    #expect(both.unit == "%" && both.max == 7)
    #expect(abs((both.min ?? 0) - (42 * 0.09148 + 2.152)) < 1e-9)
  }

  /// A band (7–8 %) says where to step down: for below its lower bound, against from it up.
  @Test func aBandTargetIsForDeintensifyingBelowItsLowerBound() {
    var b = CatalogueBuilder()
    b.addTargetVocabulary()
    b.target("t", body: "alpha", CatalogueBuilder.hba1c(min: 7, max: 8))
    let down = implied("t", in: b).filter { $0.intervention == "deintensify" }
    #expect(down.map(\.direction) == [.for, .against])
    #expect(down.map { range($0)?.max } == [7, nil])
    #expect(down.map { range($0)?.min } == [nil, 7])
  }

  /// NICE: aim for 53 mmol/mol, intensify at 58. The source states its own step, so the target
  /// implies no "for" on it; "not at or below the target" stays.
  @Test func aSourceThatStatesItsOwnStepGetsNoImpliedStepFromItsTarget() {
    var b = CatalogueBuilder()
    b.addTargetVocabulary()
    b.target("aim", body: "alpha", sourceID: "nice", CatalogueBuilder.hba1c(max: 7))
    b.population(
      Population(
        id: "high", name: "HbA1c 7.5 % or more", condition: "fracture",
        qualifiers: [.init(dimension: "etiology", values: ["osteoporotic"])], ranges: [CatalogueBuilder.hba1c(min: 7.5)],
        location: SourceLocation(file: "test.yaml", line: 1, column: 1)))
    b.recommend("step", body: "alpha", interventions: ["intensify"], population: "high", direction: .for, sourceID: "nice")
    let up = implied("aim", in: b).filter { $0.intervention == "intensify" }
    #expect(up.map(\.direction) == [.against])
  }

  /// A step stated for a subgroup only leaves the target's implied step for everyone else.
  @Test func aStepStatedForASubgroupKeepsTheImpliedStepForTheRest() {
    var b = CatalogueBuilder()
    b.addTargetVocabulary()
    b.target("aim", body: "alpha", sourceID: "nice", CatalogueBuilder.hba1c(max: 7))
    b.recommend("step", body: "alpha", interventions: ["intensify"], population: "frail", direction: .for, sourceID: "nice")
    // Another source's step changes nothing either.
    b.recommend("other", body: "beta", interventions: ["intensify"], population: "adults", direction: .for)
    let up = implied("aim", in: b).filter { $0.intervention == "intensify" }
    #expect(up.map(\.direction) == [.for, .against])
  }
}
