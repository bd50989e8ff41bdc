import ConflictAnalysis
import EvidenceModel
import EvidenceTestSupport
import Testing

/// One small catalogue per relation type, analysed through the public API.
struct ComparatorTests {
  static let asOf = CalendarDate(year: 2024, month: 6, day: 1)!

  func analyse(_ builder: CatalogueBuilder, asOf: CalendarDate = asOf) -> Analysis {
    Analysis(builder.catalogue, options: AnalysisOptions(asOf: asOf))
  }

  func only(_ analysis: Analysis) throws -> Conflict {
    try #require(analysis.conflicts.count == 1, "\(analysis.conflicts.map(\.type))")
    return analysis.conflicts[0]
  }

  @Test func opposedDirectionsOnParentAndChildAreAContradiction() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", interventions: ["plasty"], direction: .against, strength: "Strong", evidence: "High")
    b.recommend("b", body: "beta", interventions: ["augmentation"], direction: .for, strength: "Consensus")
    let conflict = try only(analyse(b))
    #expect(conflict.type == .contradiction)
    #expect(conflict.intervention == "plasty")
    #expect(conflict.recommendations == ["a", "b"])
    #expect(conflict.societies == ["alpha", "beta"])
    #expect(conflict.components.opposition == 1)
    #expect(conflict.severity == .major)
    #expect(conflict.explanations.contains { $0.factor == "evidence-base" && $0.text.contains("consensus") })
    #expect(conflict.explanations.contains { $0.factor == "hierarchy" })
  }

  @Test func sameDirectionDifferentStrengthIsAStrengthDivergence() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .for, strength: "Strong")
    b.recommend("b", body: "beta", direction: .for, strength: "Weak")
    let conflict = try only(analyse(b))
    #expect(conflict.type == .strengthDivergence)
    #expect(conflict.components.opposition == 0.3)
    #expect(conflict.severity == .minor)
  }

  @Test func noRecommendationAgainstADirectionIsAnEvidenceInterpretationDivergence() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .neutral, strength: "Inconclusive")
    b.recommend("b", body: "beta", direction: .for, strength: "Weak")
    let conflict = try only(analyse(b))
    #expect(conflict.type == .evidenceInterpretationDivergence)
    #expect(conflict.components.opposition == 0.6)
    #expect(conflict.severity == .moderate)
    #expect(conflict.explanations.contains { $0.factor == "certainty" })
  }

  @Test func sameGradeDifferentStatedCertaintyIsACertaintyDiscordance() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .for, strength: "Moderate", evidence: "High")
    b.recommend("b", body: "beta", direction: .for, strength: "Moderate", evidence: "Low")
    let conflict = try only(analyse(b))
    #expect(conflict.type == .certaintyDiscordance)
    #expect(conflict.components.opposition == 0.3)
    #expect(conflict.severity == .minor)
  }

  @Test func opposedDirectionsInDisjointWindowsAreComplementary() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against, window: TimingWindow(end: .init(6, .weeks)))
    b.recommend("b", body: "beta", direction: .for, window: TimingWindow(after: ["failed-care"]))
    let conflict = try only(analyse(b))
    #expect(conflict.type == .timingOnlyDifference)
    #expect(conflict.severity == .none)
    #expect(conflict.score == 0)
    #expect(conflict.window == nil)
    #expect(conflict.explanations.contains { $0.factor == "timing" && $0.text.contains("failed-care-3mo") })
  }

  @Test func prerequisiteWindowsMeetWhereTheAssumptionPlacesThem() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against)
    b.recommend("b", body: "beta", direction: .for, window: TimingWindow(after: ["failed-care"]))
    let conflict = try only(analyse(b))
    #expect(conflict.type == .contradiction)
    #expect(conflict.window == "from 3mo (after failed-care)")
  }

  @Test func differentPositionsOnDisjointPopulationsAreAPopulationMismatch() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .neutral, strength: "Inconclusive")
    b.recommend("b", body: "beta", population: "trauma", direction: .for, strength: "Moderate")
    let conflict = try only(analyse(b))
    #expect(conflict.type == .populationMismatch)
    #expect(conflict.severity == .none)
    #expect(conflict.population.hasPrefix("disjoint: condition"))
  }

  @Test func samePositionsOnDisjointPopulationsAreNotReported() {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .for)
    b.recommend("b", body: "beta", population: "trauma", direction: .for)
    #expect(analyse(b).conflicts.isEmpty)
  }

  @Test func sameDirectionAndGradeIsAnAgreement() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against, strength: "Strong")
    b.recommend("b", body: "beta", direction: .against, strength: "Strong")
    let conflict = try only(analyse(b))
    #expect(conflict.type == .agreement)
    #expect(conflict.severity == .none)
  }

  @Test func anEvidenceSynthesisAgreesWhateverItsStrength() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against, strength: "Strong", evidence: "High")
    b.recommend("b", body: "beta", kind: .systematicReview, direction: .against, strength: "Weak")
    #expect(try only(analyse(b)).type == .agreement)
  }

  @Test func siblingsSameSourceAndUnrelatedConceptsAreNotCompared() {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", interventions: ["plasty"], direction: .against)
    b.recommend("b", body: "beta", interventions: ["kypho"], direction: .for)
    b.recommend("c", body: "gamma", interventions: ["rest"], direction: .for)
    b.recommend("d", body: "alpha", interventions: ["augmentation"], direction: .for, sourceID: "src-a")
    // Only b (kypho) and d (augmentation, which includes kypho) are compared: a and b are siblings,
    // c is another question, and a and d come from the same source.
    #expect(analyse(b).conflicts.map(\.recommendations) == [["b", "d"]])
  }

  @Test func supersededEditionsAreComparedWithTheirSuccessorNotAsLiveConflicts() throws {
    var b = CatalogueBuilder()
    b.recommend("old", body: "alpha", year: 2010, status: .superseded, supersededBy: "src-new", direction: .for)
    b.recommend("new", body: "alpha", year: 2020, direction: .against)
    b.recommend("other", body: "beta", direction: .against)
    let analysis = analyse(b)
    #expect(analysis.conflicts.allSatisfy { !$0.recommendations.contains("old") })
    let change = try #require(analysis.editionChanges.first)
    #expect(analysis.editionChanges.count == 1)
    #expect(change.kind == .stanceFlipped)
    #expect(change.previous == "old" && change.current == "new")
    #expect(analysis.findings.contains { $0.rule == "superseded-source" })
  }

  @Test func explanationsNameOlderSourcesAndStudyDesigns() throws {
    var b = CatalogueBuilder()
    b.study("sham", year: 2018, design: .shamControlledRCT)
    b.study("open", year: 2009, design: .openLabelRCT)
    b.recommend("a", body: "alpha", year: 2012, direction: .for, strength: "Weak", studies: ["open"])
    b.recommend("b", body: "beta", year: 2019, direction: .against, strength: "Strong", evidence: "High", studies: ["sham"])
    let conflict = try only(analyse(b))
    let factors = conflict.explanations.map(\.factor)
    #expect(factors.contains("study-design"))
    let predates = try #require(conflict.explanations.first { $0.factor == "predates-evidence" })
    #expect(predates.text == "src-a (2012) predates SHAM (2018), cited by b.")
  }

  @Test func idsDoNotDependOnCatalogueOrderOrGrade() throws {
    var first = CatalogueBuilder()
    first.recommend("a", body: "alpha", direction: .against)
    first.recommend("b", body: "beta", direction: .for)
    var second = CatalogueBuilder()
    second.recommend("b", body: "beta", direction: .for, strength: "Weak")
    second.recommend("a", body: "alpha", direction: .against)
    let x = try only(analyse(first)), y = try only(analyse(second))
    #expect(x.id == y.id)
    #expect(x.id.hasPrefix("cf-") && x.id.count == 19)
    #expect(x.score != y.score)
  }

  @Test func singleRecommendationFindings() {
    var b = CatalogueBuilder()
    b.recommend("weak-evidence", body: "alpha", year: 1990, direction: .for, strength: "Strong", evidence: "Low")
    b.recommend("elsewhere", body: "beta", population: "trauma", direction: .for, window: TimingWindow(after: ["unknown"]))
    let analysis = analyse(b)
    let rules = Set(analysis.findings.map(\.rule))
    #expect(rules == ["strong-on-low-certainty", "no-citation", "stale-source", "population-outside-topic", "untimed-prerequisite"])
    #expect(analysis.findings.allSatisfy { $0.location?.file == "test.yaml" })
    let stale = analysis.findings.filter { $0.rule == "stale-source" }.map(\.message)
    #expect(stale == ["src-weak-evidence is 34 years old as of 2024-06-01 (limit 10); check for a newer edition or record a review-by date"])
  }

  @Test func aFarFutureDateMakesEverySourceStale() {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", year: 2023, direction: .for)
    b.recommend("b", body: "beta", year: 2024, direction: .for)
    let future = CalendarDate(year: 2100, month: 1, day: 1)!
    #expect(analyse(b, asOf: future).findings.filter { $0.rule == "stale-source" }.count == 2)
    #expect(analyse(b).findings.filter { $0.rule == "stale-source" }.isEmpty)
  }

  @Test func theTopicOptionLimitsTheScope() {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against)
    b.recommend("b", body: "beta", direction: .for)
    let analysis = Analysis(b.catalogue, options: AnalysisOptions(topic: "other", asOf: Self.asOf))
    #expect(analysis.conflicts.isEmpty && analysis.recommendations.isEmpty)
  }
}
