import ConflictAnalysis
import EvidenceModel
import EvidenceTestSupport
import Testing

/// How positions implied by targets are compared and resolved: a body's target for a narrower
/// group governs it, and a statement's exceptions hold for what its target implies.
struct TargetResolutionTests {
  func analyse(_ b: CatalogueBuilder) -> (Analysis, Resolver) {
    let analysis = Analysis(b.catalogue, options: AnalysisOptions(asOf: ComparatorTests.asOf))
    return (analysis, Resolver(catalogue: analysis.catalogue, analysis: analysis))
  }

  func patient(hba1c: Double, _ qualifiers: [String: String]) -> TopicExpectations.Patient {
    .init(at: .init(1, .years), values: ["hba1c": hba1c], qualifiers: qualifiers.merging(["etiology": "osteoporotic"]) { x, _ in x })
  }

  /// ADA's general goal (< 7 %) beside its less-stringent goal for the frail (< 8 %), and another
  /// body against intensifying for the frail: at 7.3 % the frail patient is inside ADA's own goal
  /// for them, so nobody intensifies, and ADA's general goal meets the other body nowhere.
  @Test func aBodysTargetForANarrowerGroupGovernsItsGeneralTarget() throws {
    var b = CatalogueBuilder()
    b.addTargetVocabulary()
    b.target("general", body: "alpha", sourceID: "ada", CatalogueBuilder.hba1c(max: 7, maxExclusive: true))
    b.target("frail-goal", body: "alpha", sourceID: "ada", population: "frail", CatalogueBuilder.hba1c(max: 8, maxExclusive: true))
    b.recommend("no-step", body: "beta", interventions: ["intensify"], population: "frail", direction: .against, strength: "Weak")
    let (analysis, resolver) = analyse(b)
    let line = try #require(resolver.line(for: "intensify", topic: "topic", patient: patient(hba1c: 7.3, ["frailty": "yes"])))
    #expect(line.position == .doNot, "\(line.rationale)")
    #expect(!line.recommendations.contains { $0.hasPrefix("general~") })
    #expect(!analysis.conflicts.contains { Set($0.statements) == ["general", "no-step"] })
    #expect(analysis.conflicts.contains { Set($0.statements) == ["frail-goal", "no-step"] })
    // For everyone else the general goal still decides: above it, intensify.
    let other = try #require(resolver.line(for: "intensify", topic: "topic", patient: patient(hba1c: 7.3, [:])))
    #expect(other.position == .do)
  }

  /// "6.5 % or less if it can be reached safely", with patients on insulin as its exception: for
  /// them the target implies nothing, and another body's "consider de-intensifying" stands.
  @Test func aStatementsExceptionsHoldForThePositionsItsTargetImplies() throws {
    var b = CatalogueBuilder()
    b.addTargetVocabulary()
    b.target("tight", body: "alpha", strength: "Consensus", CatalogueBuilder.hba1c(max: 6.5), exceptions: ["on-insulin"])
    b.recommend("step-down", body: "beta", interventions: ["deintensify"], direction: .for, strength: "Weak")
    let (_, resolver) = analyse(b)
    let insulin = try #require(resolver.line(for: "deintensify", topic: "topic", patient: patient(hba1c: 6.2, ["insulin": "yes"])))
    #expect(insulin.position == .consider, "\(insulin.rationale)")
    #expect(insulin.recommendations == ["step-down"])
    let others = try #require(resolver.line(for: "deintensify", topic: "topic", patient: patient(hba1c: 6.2, [:])))
    #expect(others.position == .contested, "\(others.rationale)")
  }
}
