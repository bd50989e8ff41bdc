import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceTestSupport
import Testing

/// What the bundled vertebral compression fracture case must show (issue 3).
struct BundledCaseTests {
  static let topic = "vcf-initial-treatment"

  struct Fixture {
    let catalogue: Catalogue
    let analysis: Analysis
    let pathway: Pathway

    init() throws {
      let load = try CatalogueLoader().load(TestSupport.bundledCatalogue.path)
      #expect(!load.hasErrors)
      catalogue = load.catalogue
      analysis = Analysis(
        catalogue, options: AnalysisOptions(topic: BundledCaseTests.topic, asOf: CalendarDate(year: 2025, month: 12, day: 31)!))
      pathway = try #require(Resolver(catalogue: catalogue, analysis: analysis).pathway(for: BundledCaseTests.topic))
    }

    func relation(_ a: String, _ b: String) throws -> Conflict {
      try #require(analysis.conflicts.first { Set($0.recommendations) == [a, b] }, "no relation \(a) ~ \(b)")
    }

    func line(at point: TimelineDuration, _ intervention: String) -> PathwayItem? {
      pathway.phase(at: point)?.items.first { $0.intervention == intervention }
    }
  }

  @Test func aaosAgainstVertebroplastyContradictsTheMultisocietyStatement() throws {
    let f = try Fixture()
    let conflict = try f.relation("aaos-2010-r1", "multisociety-2014-va-r1")
    #expect(conflict.type == .contradiction)
    #expect(conflict.severity == .major)
    #expect(conflict.intervention == "vertebroplasty")
    let base = try #require(conflict.explanations.first { $0.factor == "evidence-base" }).text
    #expect(base.contains("evidence level I") && base.contains("sham-controlled RCTs"))
    #expect(base.contains("multisociety-2014-va-r1 is a consensus position"))
    let timing = try #require(conflict.explanations.first { $0.factor == "timing" }).text
    #expect(timing.contains("they meet from 3mo (after failed-conservative-care)"))
    #expect(timing.contains("failed-conservative-care-3-months"))
    #expect(conflict.window == "from 3mo (after failed-conservative-care)")
  }

  @Test func aaosAgreesWithAsbmrAndCochraneOnVertebroplasty() throws {
    let f = try Fixture()
    #expect(try f.relation("aaos-2010-r1", "asbmr-2019-vertebroplasty").type == .agreement)
    #expect(try f.relation("aaos-2010-r1", "cochrane-2018-vertebroplasty-r1").type == .agreement)
    #expect(try f.relation("aaos-2010-r1", "asbmr-2019-vertebroplasty").severity == .none)
  }

  @Test func kyphoplastyDisagreementsKeepTheirTypeAndRankBelowVertebroplasty() throws {
    let f = try Fixture()
    let vertebroplasty = try f.relation("aaos-2010-r1", "multisociety-2014-va-r1")
    let kyphoplasty = f.analysis.conflicts.filter {
      $0.recommendations.contains("aaos-2010-r5") && $0.type.isConflict
    }
    #expect(kyphoplasty.count >= 4)
    #expect(kyphoplasty.allSatisfy { $0.score < vertebroplasty.score && $0.severity < .major })
    #expect(try f.relation("aaos-2010-r5", "aace-2020-vertebral-augmentation").type == .contradiction)
    #expect(try f.relation("aaos-2010-r5", "asbmr-2019-kyphoplasty").type == .evidenceInterpretationDivergence)
    #expect(try f.relation("aaos-2010-r5", "nice-ta279-r1").type == .strengthDivergence)
  }

  @Test func bracingIsAnEvidenceInterpretationDivergenceAndTheBurstFractureGuidanceAMismatch() throws {
    let f = try Fixture()
    let bracing = try f.relation("aaos-2010-r7", "nass-cpg-vcf-bracing")
    #expect(bracing.type == .evidenceInterpretationDivergence)
    // A direction against "no recommendation": moderate on the methodologist's scale.
    #expect(bracing.severity == .moderate)
    let cns = f.analysis.conflicts.filter { $0.recommendations.contains("cns-aans-2019-bracing") }
    // ASBMR's "benefit unclear" is neutral like CNS's, and an evidence synthesis has no strength to
    // differ in, so that pair is not reported at all.
    #expect(Set(cns.flatMap(\.recommendations)) == ["cns-aans-2019-bracing", "aaos-2010-r7", "nass-cpg-vcf-bracing"])
    #expect(cns.allSatisfy { $0.type == .populationMismatch && $0.severity == .none })
    #expect(cns.allSatisfy { $0.population.contains("thoracolumbar-burst-fracture") })
    #expect(f.analysis.findings.contains {
      $0.rule == "population-outside-topic" && $0.message.hasPrefix("cns-aans-2019-bracing ")
    })
  }

  @Test func theTwoAmericanCollegesAreNeverConfused() throws {
    let f = try Fixture()
    let rheumatology = Set(f.catalogue.recommendations.filter { f.catalogue.bodies(of: $0).contains("acr-rheumatology") }.map(\.id))
    #expect(rheumatology == ["acr-rheumatology-2022-giop-bisphosphonates"])
    for conflict in f.analysis.conflicts {
      for side in conflict.sides {
        #expect(side.bodies.contains("acr-rheumatology") == rheumatology.contains(side.recommendation))
      }
    }
    #expect(f.catalogue.body("acr-radiology")?.name != f.catalogue.body("acr-rheumatology")?.name)
  }

  @Test func thePathwayReadsLikeACarefulClinician() throws {
    let f = try Fixture()
    let early: [TimelineDuration] = [.init(1, .days), .init(10, .days), .init(4, .weeks), .init(10, .weeks)]
    for point in early {
      #expect(f.line(at: point, "conservative-care")?.position == .do, "\(point)")
      // No augmentation as initial treatment: at most contested, with the conflict named and the
      // rule leaning to do-not; balloon kyphoplasty included (the exclusive "only after failed
      // conservative care" statements imply "not before").
      for concept in ["vertebral-augmentation", "vertebroplasty", "balloon-kyphoplasty"] {
        let line = try #require(f.line(at: point, concept), "\(concept) at \(point)")
        #expect(line.position == .doNot || line.position == .contested, "\(concept) at \(point)")
        #expect(!line.conflicts.isEmpty)
        #expect(line.recommendations.contains { $0.hasSuffix("~window-until") }, "\(concept) at \(point)")
      }
      #expect(f.line(at: point, "vertebroplasty")?.rationale.contains("lean to do-not") == true)
      #expect(f.line(at: point, "ibandronate")?.position == .consider, "\(point)")
      let exercise = f.line(at: point, "exercise")?.position
      #expect(exercise == .consider || exercise == .contested, "\(point)")
    }
    #expect(f.line(at: .init(2, .days), "calcitonin")?.position == .do)
    #expect(f.pathway.phases.filter { $0.items.contains { $0.intervention == "calcitonin" } }.map(\.name) == ["First 2 weeks (0d–5d)"])
    let late = try #require(f.line(at: .init(4, .months), "vertebral-augmentation"))
    #expect(late.position == .contested)
    #expect(late.conflicts.contains(try f.relation("aaos-2010-r1", "multisociety-2014-va-r1").id))
    #expect(late.assumptions == ["failed-conservative-care-3-months"])
    #expect(late.recommendations.contains("multisociety-2014-va-r1"))
    let assumption = try #require(f.pathway.topic.assumptions.first)
    #expect(assumption.duration == .init(3, .months))
    #expect(assumption.provenance.identifiers.doi == "10.3174/ajnr.A2817")
    #expect(f.pathway.phase(at: .init(3, .months))?.name == "After 3 months")
    let flags = f.pathway.topic.redFlags
    #expect(flags.map(\.id) == ["neurological-deficit", "instability", "suspected-malignancy"])
    #expect(flags.prefix(2).allSatisfy { $0.action.contains("surgical consultation") || $0.action.contains("Surgical consultation") })
    #expect(f.pathway.setAside.contains { $0.recommendation == "acr-rheumatology-2022-giop-bisphosphonates" })
  }
}

extension BundledCaseTests {
  /// The vertebroplasty argument is one dispute with two camps, not one row per pair, and every
  /// relation of it names its dispute.
  @Test func theVertebroplastyArgumentIsOneDisputeWithTwoCamps() throws {
    let f = try Fixture()
    let disputes = f.analysis.disputes().filter { $0.topic == "vcf-initial-treatment" && $0.intervention == "vertebroplasty" }
    #expect(disputes.count == 1)
    let dispute = try #require(disputes.first)
    #expect(dispute.severity == .major)
    #expect(dispute.camps.map(\.stance) == ["for", "against"])
    #expect(dispute.camps[1].members.contains { $0.position == "aaos-2010-r1" })
    #expect(dispute.camps[0].members.contains { $0.position == "multisociety-2014-va-r1" })
    let majors = f.analysis.conflicts.filter { $0.intervention == "vertebroplasty" && $0.severity == .major }
    #expect(majors.count > 1 && majors.allSatisfy { dispute.relations.contains($0.id) })
    #expect(dispute.turnsOn.contains { $0.factor == "evidence-base" })
    // Stable: the same catalogue gives the same id.
    #expect(try Fixture().analysis.disputes().contains { $0.id == dispute.id })
  }
}
