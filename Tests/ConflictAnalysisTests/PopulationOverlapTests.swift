import ConflictAnalysis
import EvidenceModel
import Testing

struct PopulationOverlapTests {
  let at = SourceLocation(file: "t", line: 1, column: 1)

  func population(
    condition: String = "fracture", _ qualifiers: [String: [String]] = [:],
    _ ranges: [Population.MeasureRange] = []
  ) -> Population {
    Population(
      id: "p", name: "P", condition: condition,
      qualifiers: qualifiers.map { .init(dimension: $0.key, values: $0.value) }, ranges: ranges,
      location: at)
  }

  func overlap(_ a: Population, _ b: Population) -> PopulationOverlap {
    PopulationOverlap.between(a, b, crossRestrictionFactor: 0.75)
  }

  @Test func differentConditionsQualifiersOrRangesAreDisjoint() {
    #expect(overlap(population(condition: "a"), population(condition: "b")).isDisjoint)
    #expect(overlap(population(["sex": ["f"]]), population(["sex": ["m"]])).disjointReason == "sex: f vs m")
    let young = population([:], [.init(measure: "age", unit: "years", max: 40)])
    let old = population([:], [.init(measure: "age", unit: "years", min: 50)])
    #expect(overlap(young, old).isDisjoint)
  }

  @Test func aPopulationInsideAnotherOverlapsFully() {
    let broad = population(["etiology": ["osteoporotic", "neoplastic"]])
    let narrow = population(["etiology": ["osteoporotic"], "neuro": ["intact"]], [.init(measure: "age", unit: "years", min: 18)])
    let result = overlap(broad, narrow)
    #expect(result.fraction == 1)
    #expect(result.differences == ["age", "etiology", "neuro"])
    #expect(result.intersection == "fracture; etiology: osteoporotic; neuro: intact; age ≥ 18 years")
    #expect(PopulationOverlap.covers(broad, narrow))
    #expect(!PopulationOverlap.covers(narrow, broad))
  }

  @Test func partialOverlapsAreFractions() {
    let a = population(["etiology": ["x", "y"]])
    let b = population(["etiology": ["y", "z"]])
    #expect(overlap(a, b).fraction == 0.5)
    let ages = overlap(
      population([:], [.init(measure: "age", unit: "years", min: 40, max: 60)]),
      population([:], [.init(measure: "age", unit: "years", min: 50, max: 70)]))
    #expect(ages.fraction == 0.5)
    let cross = overlap(population(["neuro": ["intact"]]), population(["pain": ["severe"]]))
    #expect(cross.fraction == 0.75)
  }
}
