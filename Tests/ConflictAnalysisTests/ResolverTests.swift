import ConflictAnalysis
import EvidenceModel
import EvidenceTestSupport
import Testing

struct ResolverTests {
  func pathway(_ builder: CatalogueBuilder) throws -> (Pathway, Analysis) {
    let catalogue = builder.catalogue
    let analysis = Analysis(catalogue, options: AnalysisOptions(asOf: ComparatorTests.asOf))
    return (try #require(Resolver(catalogue: catalogue, analysis: analysis).pathway(for: "topic")), analysis)
  }

  func item(_ pathway: Pathway, at point: TimelineDuration, _ intervention: String) throws -> PathwayItem {
    let phase = try #require(pathway.phase(at: point))
    return try #require(phase.items.first { $0.intervention == intervention })
  }

  @Test func theTimelineIsCutAtEveryWindowBoundaryWithNamedPhasesForDisplay() throws {
    var b = CatalogueBuilder()
    b.recommend("a", direction: .for, window: TimingWindow(end: .init(5, .days)))
    b.recommend("b", body: "beta", interventions: ["rest"], direction: .for, window: TimingWindow(after: ["failed-care"]))
    let (pathway, _) = try pathway(b)
    #expect(pathway.phases.map(\.name) == ["Early (0d–5d)", "Early (5d–6w)", "Late (6w–3mo)", "Late (from 3mo)"])
    #expect(pathway.phases.last?.end == nil)
    #expect(pathway.phase(at: .init(10, .days))?.name == "Early (5d–6w)")
    #expect(try item(pathway, at: .init(1, .days), "plasty").position == .do)
    #expect(pathway.phase(at: .init(10, .days))?.items.isEmpty == true)
    let late = try item(pathway, at: .init(1, .years), "rest")
    #expect(late.assumptions == ["failed-care-3mo"])
  }

  @Test func positionsFollowDirectionAndStrength() throws {
    var b = CatalogueBuilder()
    b.recommend("strong", interventions: ["plasty"], direction: .for, strength: "Strong")
    b.recommend("weak", body: "beta", interventions: ["kypho"], direction: .for, strength: "Weak")
    b.recommend("none", body: "gamma", interventions: ["rest"], direction: .neutral, strength: "Inconclusive")
    let (pathway, _) = try pathway(b)
    let day = TimelineDuration(1, .days)
    #expect(try item(pathway, at: day, "plasty").position == .do)
    #expect(try item(pathway, at: day, "kypho").position == .consider)
    #expect(try item(pathway, at: day, "rest").position == .insufficientEvidence)
    #expect(try item(pathway, at: day, "plasty").basis == .unanimous)
  }

  @Test func higherCertaintyWinsThenStrengthThenRecency() throws {
    var b = CatalogueBuilder()
    b.recommend("certain", body: "alpha", interventions: ["plasty"], direction: .against, strength: "Weak", evidence: "High")
    b.recommend("uncertain", body: "beta", interventions: ["plasty"], direction: .for, strength: "Strong", evidence: "Low")
    b.recommend("stronger", body: "alpha", interventions: ["kypho"], direction: .against, strength: "Moderate", evidence: "Moderate")
    b.recommend("weaker", body: "beta", interventions: ["kypho"], direction: .for, strength: "Weak", evidence: "Moderate")
    b.recommend("older", body: "alpha", year: 2001, interventions: ["rest"], direction: .against, strength: "Weak")
    b.recommend("newer", body: "beta", year: 2021, interventions: ["rest"], direction: .for, strength: "Weak")
    let (pathway, analysis) = try pathway(b)
    let day = TimelineDuration(1, .days)
    let plasty = try item(pathway, at: day, "plasty")
    #expect(plasty.position == .doNot && plasty.basis == .certainty)
    #expect(plasty.conflicts == analysis.conflicts.filter { $0.recommendations == ["certain", "uncertain"] }.map(\.id))
    let kypho = try item(pathway, at: day, "kypho")
    #expect(kypho.position == .doNot && kypho.basis == .strength)
    // Neither side states the certainty of its evidence: the rule cannot arbitrate, and gives
    // its lean (recency) beside the contested line.
    let rest = try item(pathway, at: day, "rest")
    #expect(rest.position == .contested && rest.basis == .conflict)
    #expect(rest.rationale.contains("lean to consider") && rest.rationale.contains("recency"))
  }

  @Test func levelSidesAreContestedWithTheConflictId() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", year: 2020, direction: .against, strength: "Weak")
    b.recommend("b", body: "beta", year: 2020, direction: .for, strength: "Weak")
    let (pathway, analysis) = try pathway(b)
    let line = try item(pathway, at: .init(1, .days), "plasty")
    #expect(line.position == .contested && line.basis == .undecided)
    #expect(line.conflicts == [try #require(analysis.conflicts.first).id])
  }

  @Test func aGeneralRecommendationDoesNotOverruleOneMadeForThePrerequisite() throws {
    var b = CatalogueBuilder()
    b.recommend("general", body: "alpha", interventions: ["plasty"], direction: .against, strength: "Strong", evidence: "High")
    b.recommend("after-failure", body: "beta", interventions: ["augmentation"], direction: .for, strength: "Consensus", window: TimingWindow(after: ["failed-care"]))
    let (pathway, analysis) = try pathway(b)
    let early = try item(pathway, at: .init(2, .weeks), "plasty")
    #expect(early.position == .doNot && early.recommendations == ["general"])
    let late = try item(pathway, at: .init(4, .months), "plasty")
    #expect(late.position == .contested && late.basis == .specificNotOverruled)
    #expect(late.conflicts == analysis.conflicts.map(\.id))
    #expect(late.assumptions == ["failed-care-3mo"])
    #expect(late.rationale.contains("failed-care"))
    let parent = try item(pathway, at: .init(4, .months), "augmentation")
    #expect(parent.recommendations == ["general", "after-failure"])
  }

  @Test func subgroupRecommendationsDecideOnlyWhenNothingElseApplies() throws {
    var b = CatalogueBuilder()
    b.recommend("whole", body: "alpha", interventions: ["plasty"], direction: .for, strength: "Weak")
    b.recommend("subgroup", body: "beta", interventions: ["plasty"], population: "severe", direction: .against, strength: "Strong", evidence: "High")
    b.recommend("only-subgroup", body: "gamma", interventions: ["rest"], population: "severe", direction: .for)
    let (pathway, _) = try pathway(b)
    let plasty = try item(pathway, at: .init(1, .days), "plasty")
    #expect(plasty.position == .consider)
    #expect(plasty.subgroupRecommendations == ["subgroup"] && !plasty.subgroupsOnly)
    let rest = try item(pathway, at: .init(1, .days), "rest")
    #expect(rest.subgroupsOnly && rest.recommendations == ["only-subgroup"])
  }

  @Test func recommendationsOutsideThePopulationOrSupersededAreSetAside() throws {
    var b = CatalogueBuilder()
    b.recommend("trauma", body: "alpha", population: "trauma", direction: .for)
    b.recommend("old", body: "beta", status: .superseded, supersededBy: "src-trauma", direction: .for)
    let (pathway, _) = try pathway(b)
    #expect(pathway.setAside.map(\.recommendation) == ["trauma", "old"])
    #expect(pathway.setAside[0].reason.contains("condition burst-fracture vs fracture"))
    #expect(pathway.phases.allSatisfy { $0.items.isEmpty })
    #expect(pathway.topic.redFlags.map(\.id) == ["deficit"])
  }
}
