import ConflictAnalysis
import EvidenceModel
import EvidenceTestSupport
import Foundation
import Testing

/// Cases found in review: each would have produced a wrong line or a silent loss.
struct ReviewRegressionTests {
  let at = SourceLocation(file: "test.yaml", line: 1, column: 1)

  func run(_ b: CatalogueBuilder) throws -> (Analysis, Pathway) {
    let analysis = Analysis(b.catalogue, options: AnalysisOptions(asOf: ComparatorTests.asOf))
    let pathway = try #require(Resolver(catalogue: b.catalogue, analysis: analysis).pathway(for: "topic"))
    return (analysis, pathway)
  }

  func ages(_ id: String, _ min: Double?, _ max: Double?) -> Population {
    Population(
      id: id, name: id, condition: "fracture",
      qualifiers: [.init(dimension: "etiology", values: ["osteoporotic"])],
      ranges: [.init(measure: "age", unit: "years", min: min, max: max)], location: at)
  }

  @Test func subgroupsThatDoNotOverlapAreNotPittedAgainstEachOther() throws {
    var b = CatalogueBuilder()
    b.population(
      Population(
        id: "mild", name: "Mild pain", condition: "fracture",
        qualifiers: [.init(dimension: "etiology", values: ["osteoporotic"]), .init(dimension: "pain", values: ["mild"])],
        location: at))
    b.recommend("severe-for", body: "alpha", year: 2024, interventions: ["rest"], population: "severe", direction: .for)
    b.recommend("mild-against", body: "beta", year: 2001, interventions: ["rest"], population: "mild", direction: .against)
    let (_, pathway) = try run(b)
    let line = try #require(pathway.phase(at: .init(1, .days))?.items.first)
    #expect(line.position == .contested && line.basis == .subgroupsDiffer)
    #expect(line.subgroupsOnly)
  }

  /// Age bands two bodies bound become phases of their own, so subgroups of different ages are
  /// never pitted against each other on one line.
  @Test func bandsOfAMeasureTwoBodiesBoundBecomePhases() throws {
    var b = CatalogueBuilder()
    b.population(ages("younger", 18, 60))
    b.population(ages("oldest", 91, nil))
    b.recommend("young-for", body: "alpha", year: 2024, interventions: ["rest"], population: "younger", direction: .for)
    b.recommend("old-against", body: "beta", year: 2001, interventions: ["rest"], population: "oldest", direction: .against)
    let (_, pathway) = try run(b)
    let phases = pathway.phases(at: .init(1, .days))
    #expect(phases.map(\.bands.first?.summary) == ["age < 18 years", "age ≥ 18 and < 60 years", "age ≥ 60 and < 91 years", "age ≥ 91 years"].map(Optional.some))
    #expect(phases[1].items.map(\.position) == [.do])
    #expect(phases[3].items.map(\.position) == [.doNot])
  }

  @Test func rangesSharingOnlyABoundaryValueAreDisjointEverywhere() {
    let overlap = PopulationOverlap.between(ages("a", 18, 60), ages("b", 60, 90), crossRestrictionFactor: 0.75)
    #expect(overlap.isDisjoint)
    #expect(overlap.disjointReason?.contains("only the boundary value 60") == true)
    let open = PopulationOverlap.between(ages("a", 65, nil), ages("b", nil, 65), crossRestrictionFactor: 0.75)
    #expect(open.isDisjoint)
    let same = PopulationOverlap.between(ages("a", 65, 65), ages("b", 65, 65), crossRestrictionFactor: 0.75)
    #expect(!same.isDisjoint && same.fraction == 1)
  }

  @Test func aPairMeetingInTwoHierarchiesGivesOneRelationEach() {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", interventions: ["plasty", "rest"], direction: .for)
    b.recommend("b", body: "beta", interventions: ["plasty", "rest"], direction: .against)
    let conflicts = Analysis(b.catalogue, options: AnalysisOptions(asOf: ComparatorTests.asOf)).conflicts
    #expect(conflicts.map(\.intervention).sorted() == ["plasty", "rest"])
    #expect(Set(conflicts.map(\.id)).count == 2)
  }

  @Test func aWindowEmptiedByAnAssumptionIsReportedAndSetAside() throws {
    var b = CatalogueBuilder()
    b.recommend("empty", body: "alpha", direction: .for, window: TimingWindow(end: .init(6, .weeks), after: ["failed-care"]))
    b.recommend("other", body: "beta", direction: .against)
    let (analysis, pathway) = try run(b)
    #expect(analysis.conflicts.isEmpty)
    #expect(analysis.findings.contains { $0.rule == "window-emptied-by-assumption" && $0.severity == .warning })
    #expect(pathway.setAside.map(\.recommendation) == ["empty"])
    #expect(pathway.phases.map(\.name) == ["Early", "Late"])
  }

  @Test func relationsThatAreNotConflictsNeverCarryASeverity() throws {
    let json = #"{"bands": {"minor": 0.001, "moderate": 0.001, "major": 0.001}}"#
    let configuration = try JSONDecoder().decode(ScoringConfiguration.self, from: Data(json.utf8))
    #expect(configuration.problems.isEmpty)
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .for)
    b.recommend("b", body: "beta", direction: .for)
    let analysis = Analysis(b.catalogue, options: AnalysisOptions(asOf: ComparatorTests.asOf, configuration: configuration))
    #expect(analysis.conflicts.map(\.severity) == [.none])
  }

  @Test func unusableOverridesAreProblems() throws {
    func problems(_ json: String) throws -> [String] {
      try JSONDecoder().decode(ScoringConfiguration.self, from: Data(json.utf8)).problems
    }
    #expect(try problems(#"{"bands": {"minor": 0}}"#).count == 1)
    #expect(try problems(#"{"weights": {"strength": 1e308, "certainty": 1e308}}"#).count == 1)
    #expect(try problems(#"{"sourceQuality": {"guidline": 0.1}}"#).first?.hasPrefix("sourceQuality.guidline is not a kind of source") == true)
  }

  @Test func anEvidenceSynthesisIsNotRankedOnStrength() throws {
    var b = CatalogueBuilder()
    // Same certainty level (moderate); the review's nominal strength (Strong) must not decide.
    b.recommend("review", body: "alpha", year: 2010, kind: .systematicReview, direction: .against, strength: "Strong", evidence: "Moderate")
    b.recommend("guideline", body: "beta", year: 2020, direction: .for, strength: "Weak", evidence: "Moderate")
    let (_, pathway) = try run(b)
    let line = try #require(pathway.phase(at: .init(1, .days))?.items.first)
    #expect(line.position == .consider && line.basis == .recency)
  }

  @Test func anUntimedPrerequisiteDoesNotContestTheWholeTimeline() throws {
    var b = CatalogueBuilder()
    b.recommend("general", body: "alpha", direction: .against, evidence: "High")
    b.recommend("untimed", body: "beta", direction: .for, strength: "Consensus", window: TimingWindow(after: ["unplaced"]))
    let (_, pathway) = try run(b)
    let line = try #require(pathway.phase(at: .init(1, .days))?.items.first)
    #expect(line.position == .doNot && line.basis == .certainty)
  }
}
