import ConflictAnalysis
import EvidenceModel
import EvidenceTestSupport
import Testing

/// Committee decisions: shown on the lines their segment covers beside the state they settle,
/// and re-opened when the evidence they settled moves.
struct DecisionTests {
  static let asOf = CalendarDate(year: 2025, month: 12, day: 31)!
  static let at = SourceLocation(file: "decisions.yaml", line: 2, column: 5)

  /// Two bodies that contradict each other on plasty, and a committee that decided after the
  /// prerequisite ("failed care", assumed at 3 months).
  func builder(decidedOn date: CalendarDate = CalendarDate(year: 2024, month: 6, day: 1)!, settles: [String] = [])
    -> CatalogueBuilder
  {
    var b = CatalogueBuilder()
    b.recommend("against", body: "alpha", year: 2019, direction: .against, strength: "Strong", evidence: "High")
    b.recommend("for", body: "beta", year: 2021, direction: .for, strength: "Weak", evidence: "Low")
    b.file.decisions = [
      Decision(
        id: "committee-plasty", topic: "topic", intervention: "plasty",
        window: TimingWindow(after: ["failed-care"]), position: .consider,
        rationale: "Only after failed care, in a registry.", date: date, committee: "Test committee",
        settles: settles, considered: ["against", "for"], location: Self.at)
    ]
    return b
  }

  func analyse(_ b: CatalogueBuilder, asOf: CalendarDate = Self.asOf) -> Analysis {
    Analysis(b.catalogue, options: AnalysisOptions(asOf: asOf))
  }

  @Test func aDecisionShowsOnTheLinesItsSegmentCoversBesideTheContestedState() throws {
    let analysis = analyse(builder())
    let pathway = try #require(Resolver(catalogue: analysis.catalogue, analysis: analysis).pathway(for: "topic"))
    var undecided = builder()
    undecided.file.decisions = []
    let plain = analyse(undecided)
    let without = try #require(Resolver(catalogue: plain.catalogue, analysis: plain).pathway(for: "topic"))
    let plasty = pathway.phases.compactMap { phase in phase.items.first { $0.intervention == "plasty" }.map { (phase, $0) } }
    // The decision's window starts when care has failed (3 months, by the topic's assumption),
    // which cuts the timeline there.
    #expect(pathway.phases.map(\.start.description) == ["0d", "6w", "3mo"])
    for (phase, item) in plasty {
      #expect(item.decisions == (phase.start.days >= TimelineDuration(3, .months).days ? ["committee-plasty"] : []), "\(phase.name)")
      // The line keeps its own position: the decision is shown beside it, never instead of it.
      let undecidedLine = without.phase(at: phase.start)?.items.first { $0.intervention == "plasty" }
      #expect(item.position == undecidedLine?.position && item.conflicts == undecidedLine?.conflicts, "\(phase.name)")
    }
    #expect(plasty.contains { !$0.1.decisions.isEmpty })
    #expect(analysis.review(ofDecision: "committee-plasty")?.status == .standing)
    #expect(!analysis.findings.contains { $0.rule == "decision-reopened" })
  }

  @Test func aDecisionCoversNarrowerConceptsButNotOthers() throws {
    var b = builder()
    b.file.decisions[0].intervention = "augmentation"
    b.recommend("rest", body: "gamma", interventions: ["rest"], direction: .for)
    let analysis = analyse(b)
    let pathway = try #require(Resolver(catalogue: analysis.catalogue, analysis: analysis).pathway(for: "topic"))
    let late = try #require(pathway.phases.last)
    #expect(late.items.first { $0.intervention == "plasty" }?.decisions == ["committee-plasty"])
    #expect(late.items.first { $0.intervention == "rest" }?.decisions == [])
  }

  @Test func aSourceNewerThanTheDecisionOnItsQuestionReopensIt() throws {
    var b = builder()
    b.recommend("newer", body: "gamma", year: 2025, interventions: ["augmentation"], direction: .for)
    let analysis = analyse(b)
    let review = try #require(analysis.review(ofDecision: "committee-plasty"))
    #expect(review.status == .reopened)
    #expect(review.reasons == ["src-newer (2025) is newer than the decision and addresses its question"])
    let finding = try #require(analysis.findings.first { $0.rule == "decision-reopened" })
    #expect(finding.location == Self.at && finding.severity == .warning)
    #expect(finding.message.hasPrefix("decision committee-plasty (Test committee, 2024-06-01) is re-opened: src-newer (2025)"))
    // As of a day before the newer source was published, the decision stands.
    #expect(analyse(b, asOf: CalendarDate(year: 2024, month: 12, day: 31)!).review(ofDecision: "committee-plasty")?.status == .standing)
  }

  @Test func aConsideredRecommendationWhoseSourceIsSupersededReopensIt() throws {
    var b = builder()
    b.file.sources[0].supersededBy = "src-successor"
    b.recommend("successor", body: "alpha", year: 2022, direction: .against, sourceID: "src-successor")
    let review = try #require(analyse(b).review(ofDecision: "committee-plasty"))
    #expect(review.status == .reopened)
    #expect(review.reasons.contains("against, which it considered, is from src-against, superseded as of 2025-12-31"))
  }

  @Test func aSettledDisputeThatIsNoLongerThereReopensIt() throws {
    let dispute = try #require(analyse(builder()).disputes().first)
    #expect(analyse(builder(settles: [dispute.id])).review(ofDecision: "committee-plasty")?.status == .standing)
    var changed = builder(settles: [dispute.id])
    changed.file.recommendations.removeAll { $0.id == "for" }
    changed.file.decisions[0].considered = ["against"]
    let review = try #require(analyse(changed).review(ofDecision: "committee-plasty"))
    #expect(review.reasons == ["\(dispute.id), which it settles, is no longer in the analysis (the dispute or relation changed)"])
  }

  @Test func aDecisionTakenAfterTheAsOfDateIsNotThereYet() {
    let analysis = analyse(builder(decidedOn: CalendarDate(year: 2026, month: 3, day: 1)!))
    #expect(analysis.catalogue.decisions.isEmpty && analysis.decisionReviews.isEmpty)
  }

  /// `check` remembers what a decision settled; an edit of a considered recommendation re-opens
  /// it until the committee revises the decision.
  @Test func anEditedConsideredRecommendationReopensTheDecisionUntilItIsRevised() throws {
    let before = RunSnapshot(analyse(builder()), pathways: [])
    #expect(before.decisions.map(\.decision) == ["committee-plasty"])
    #expect(before.decisions[0].evidence.keys.sorted() == ["against", "for"])
    // Moving a recommendation in its file changes nothing.
    var moved = builder()
    moved.file.recommendations[0].location = SourceLocation(file: "other.yaml", line: 40, column: 3)
    #expect(RunSnapshot(analyse(moved), pathways: []).reopenedDecisions(since: before).isEmpty)
    // Editing it re-opens the decision, and the next run still sees it re-opened.
    var edited = builder()
    edited.file.recommendations[0].statement = "A reworded statement"
    let after = RunSnapshot(analyse(edited), pathways: [])
    #expect(after.reopenedDecisions(since: before).map(\.changed) == [["against"]])
    let carried = after.settling(from: before)
    #expect(RunSnapshot(analyse(edited), pathways: []).reopenedDecisions(since: carried).map(\.changed) == [["against"]])
    // A revised decision (a new date) settles the evidence as it now is.
    var revised = edited
    revised.file.decisions[0].date = CalendarDate(year: 2025, month: 1, day: 15)!
    let now = RunSnapshot(analyse(revised), pathways: [])
    #expect(now.reopenedDecisions(since: carried).isEmpty)
    #expect(now.settling(from: carried).decisions == now.decisions)
  }

  @Test func theStandardPolicyFailsOnAReopenedDecision() {
    let finding = Diagnostic(rule: "decision-reopened", severity: .warning, message: "m", location: Self.at)
    #expect(CheckPolicy.standard.description == "error,new-major,reopened-decision")
    #expect(CheckPolicy.standard.failures(diagnostics: [finding, finding], comparison: nil) == ["1 re-opened decision"])
    #expect(CheckPolicy(parsing: "error,new-major")!.failures(diagnostics: [finding], comparison: nil).isEmpty)
  }
}
