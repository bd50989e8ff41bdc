import ConflictAnalysis
import EvidenceModel
import EvidenceTestSupport
import Testing

/// Relations per aspect and segment, implied positions, complementary statements, historical
/// conflicts and the severity scale, through the public API.
struct AspectsAndSegmentsTests {
  func analyse(_ builder: CatalogueBuilder, asOf: CalendarDate = ComparatorTests.asOf) -> Analysis {
    Analysis(builder.catalogue, options: AnalysisOptions(asOf: asOf))
  }

  @Test func theSameStartWithADifferentIntervalAgreesOnPositionAndDivergesOnInterval() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .for) { $0.interval = RecurrenceInterval(minimum: .init(3, .years)) }
    b.recommend("b", body: "beta", direction: .for) { $0.interval = RecurrenceInterval(minimum: .init(5, .years)) }
    let relations = analyse(b).conflicts
    let position = try #require(relations.first { $0.aspect == .position })
    let interval = try #require(relations.first { $0.aspect == .interval })
    #expect(position.type == .agreement && position.severity == .none)
    #expect(interval.type == .intervalDivergence && interval.severity == .minor)
    #expect(interval.id != position.id)
    #expect(interval.explanations.first?.text.contains("interval") == true)
  }

  @Test func aCollisionHoldsOnlyWhereTheWindowsMeetAndItsExtentIsNotInTheScore() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .for, strength: "Strong", window: TimingWindow(start: .init(2, .weeks)))
    b.recommend("b", body: "beta", direction: .against, strength: "Strong", window: TimingWindow(end: .init(4, .weeks)))
    var c = CatalogueBuilder()
    c.recommend("a", body: "alpha", direction: .for, strength: "Strong", window: TimingWindow(start: .init(2, .weeks)))
    c.recommend("b", body: "beta", direction: .against, strength: "Strong", window: TimingWindow(start: .init(2, .weeks)))
    let partial = try #require(analyse(b).conflicts.first)
    let whole = try #require(analyse(c).conflicts.first)
    #expect(partial.window == "2w–4w")
    #expect(partial.extent.window < whole.extent.window)
    // The extent is reported beside the score, never multiplied into it.
    #expect(partial.score == whole.score && partial.severity == .major)
  }

  @Test func anExclusiveWindowImpliesNotRecommendedOutsideItAndIsComparedAsImplied() throws {
    var b = CatalogueBuilder()
    b.recommend("early", body: "alpha", direction: .for, strength: "Strong", evidence: "High")
    b.recommend("late", body: "beta", direction: .for, strength: "Weak", window: TimingWindow(after: ["failed-care"])) {
      $0.exclusive = [.window(.all)]
    }
    let analysis = analyse(b)
    let implied = try #require(analysis.implied.first)
    #expect(implied.id == "late~window-until" && implied.statementID == "late" && implied.isImplied)
    #expect(implied.position.direction == .against)
    let relation = try #require(analysis.conflicts.first { $0.isImplied })
    #expect(relation.type == .contradiction && relation.statements.sorted() == ["early", "late"])
    #expect(relation.sides.contains { $0.impliedBy == "late" })
    #expect(relation.window == "0d–3mo")
    #expect(relation.explanations.contains { $0.factor == "implied" })
  }

  @Test func silenceNeverConflicts() {
    var b = CatalogueBuilder()
    b.recommend("early", body: "alpha", direction: .against, strength: "Strong", window: TimingWindow(end: .init(6, .weeks)))
    // Not exclusive: says nothing before 3 months.
    b.recommend("late", body: "beta", direction: .for, strength: "Strong", window: TimingWindow(after: ["failed-care"]))
    let analysis = analyse(b)
    #expect(analysis.implied.isEmpty)
    #expect(analysis.conflicts.allSatisfy { !$0.type.isConflict })
  }

  @Test func aSelectiveStatementBesideAGeneralNotRoutinelyOneIsComplementary() throws {
    var b = CatalogueBuilder()
    b.recommend("general", body: "alpha", direction: .against, strength: "Strong") { $0.use = .routine }
    b.recommend("specific", body: "beta", population: "severe", direction: .for, strength: "Weak") { $0.use = .selective }
    let relation = try #require(analyse(b).conflicts.first)
    #expect(relation.type == .complementary && relation.severity == .none && !relation.type.isConflict)
  }

  @Test func aStatementInsideAnotherBodysExceptionIsComplementaryAndOutsideItConflicts() throws {
    var b = CatalogueBuilder()
    b.recommend("general", body: "alpha", direction: .for, strength: "Strong") { $0.exceptions = [.init(population: "severe")] }
    b.recommend("specific", body: "beta", population: "severe", direction: .against, strength: "Strong")
    #expect(try #require(analyse(b).conflicts.first).type == .complementary)
    var c = CatalogueBuilder()
    c.recommend("general", body: "alpha", direction: .for, strength: "Strong")
    c.recommend("specific", body: "beta", population: "severe", direction: .against, strength: "Strong")
    #expect(try #require(analyse(c).conflicts.first).type == .contradiction)
  }

  @Test func aWeakAgainstBesideAWeakForIsModerateAndAStrongSideMakesItMajor() throws {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against, strength: "Weak")
    b.recommend("b", body: "beta", direction: .for, strength: "Weak")
    #expect(try #require(analyse(b).conflicts.first).severity == .moderate)
    var c = CatalogueBuilder()
    c.recommend("a", body: "alpha", direction: .against, strength: "Strong")
    c.recommend("b", body: "beta", direction: .for, strength: "Weak")
    #expect(try #require(analyse(c).conflicts.first).severity == .major)
  }

  @Test func editionsInForceTogetherConflictAsHistoryAndEditionsOfOneBodyDoNot() throws {
    var b = CatalogueBuilder()
    b.recommend("old", body: "alpha", year: 2010, supersededBy: "src-new", direction: .against, strength: "Strong", published: PublicationDate(year: 2010))
    b.recommend("new", body: "alpha", year: 2020, direction: .for, strength: "Strong", published: PublicationDate(year: 2020, month: 3))
    b.recommend("other", body: "beta", year: 2015, direction: .for, strength: "Strong", published: PublicationDate(year: 2015))
    let analysis = analyse(b, asOf: CalendarDate(year: 2024, month: 1, day: 1)!)
    let historical = try #require(analysis.historical.first)
    #expect(historical.recommendations == ["old", "other"] && historical.type == .contradiction)
    #expect(historical.era?.summary == "2015 – 2020-03")
    #expect(analysis.historical.count == 1)
    #expect(!analysis.conflicts.contains { $0.recommendations.contains("old") })
    // As of 2016 the old edition was in force: the relation is live then.
    let then = analyse(b, asOf: CalendarDate(year: 2016, month: 1, day: 1)!)
    #expect(then.conflicts.contains { $0.recommendations == ["old", "other"] && !$0.isHistorical })
  }

  @Test func anUngradedStatementNeverMakesAStrengthDivergence() throws {
    var b = CatalogueBuilder()
    b.file.schemes[0].strengths.append(.init(label: "Ungraded", strength: nil, certainty: 0.2))
    b.recommend("graded", body: "alpha", direction: .for, strength: "Strong")
    b.recommend("ungraded", body: "beta", direction: .for, strength: "Ungraded")
    let relation = try #require(analyse(b).conflicts.first)
    #expect(relation.type == .agreement)
    #expect(relation.components.strength == 1)
  }

  @Test func targetsThatDifferForEveryoneAreModerateAndOverlappingBandsAnEdge() throws {
    func pair(_ x: Population.MeasureRange, _ y: Population.MeasureRange) throws -> Conflict {
      var b = CatalogueBuilder()
      b.recommend("a", body: "alpha", direction: .for) { $0.target = x }
      b.recommend("b", body: "beta", direction: .for) { $0.target = y }
      return try #require(analyse(b).conflicts.first { $0.aspect == .target })
    }
    let ceilings = try pair(.init(measure: "hba1c", unit: "%", max: 7, maxExclusive: true), .init(measure: "hba1c", unit: "%", max: 6.5))
    #expect(ceilings.type == .targetDivergence && ceilings.severity == .moderate)
    #expect(ceilings.band == "hba1c > 6.5 and < 7 %")
    let bands = try pair(.init(measure: "hba1c", unit: "%", min: 7, max: 8), .init(measure: "hba1c", unit: "%", min: 7, max: 8.5))
    #expect(bands.severity == .minor)
    let same = try pair(.init(measure: "hba1c", unit: "%", max: 7), .init(measure: "hba1c", unit: "%", max: 7))
    #expect(same.type == .agreement)
  }

  @Test func differentVariantsOfOneTherapyDivergeAndOtherSiblingsAreNeverCompared() throws {
    var b = CatalogueBuilder()
    b.recommend("plasty-for", body: "alpha", interventions: ["plasty"], direction: .for, strength: "Strong")
    b.recommend("kypho-for", body: "beta", interventions: ["kypho"], direction: .for, strength: "Strong")
    #expect(analyse(b).conflicts.isEmpty)
    b.file.interventions[0].variants = true
    let relation = try #require(analyse(b).conflicts.first)
    #expect(relation.type == .variantDivergence && relation.severity == .minor && relation.intervention == "augmentation")
    var c = b
    c.file.recommendations[1].direction = .against
    #expect(analyse(c).conflicts.isEmpty)
  }

  /// Implied positions are never stronger than the statement they come from, in every bundled
  /// topic.
  @Test func impliedPositionsAreNeverStrongerThanTheirStatement() throws {
    let analysis = Analysis(EveryTopicTests.catalogue, options: AnalysisOptions(asOf: CalendarDate(year: 2026, month: 1, day: 1)!))
    let stated = Dictionary(uniqueKeysWithValues: analysis.recommendations.map { ($0.id, $0) })
    #expect(!analysis.implied.isEmpty)
    for implied in analysis.implied {
      let statement = try #require(stated[implied.statementID])
      #expect((implied.position.strength ?? 0) <= (statement.position.strength ?? 0))
      #expect(!implied.strongEquivalent || statement.strongEquivalent)
      #expect(implied.position.certainty <= statement.position.certainty)
    }
  }
}
