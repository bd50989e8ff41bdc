import EvidenceCatalogue
import EvidenceModel
import EvidenceTestSupport
import Foundation
import Testing

/// The six development topics of `../shared/reference/dev-cases.md`, encoded in `Evidence/`.
@Suite("The bundled dev-case topics")
struct DevCasesCatalogueTests {
  /// The statement rows of each case's main table, by topic id (the reference's row ids).
  static let rows: [String: [String]] = [
    "lung-cancer-screening": [
      "L-U13", "L-U21", "L-F13", "L-F21", "L-A13", "L-A23", "L-C18a", "L-C18b", "L-C18c", "L-C21-1",
      "L-C21-2", "L-C21-3", "L-C21-4", "L-C21-5",
    ],
    "cervical-cancer-screening": ["C-U12", "C-U18", "C-S15", "C-O16", "C-O21", "C-A20a", "C-A20b", "C-A25"],
    "hba1c-targets": [
      "D-P07", "D-P18-2", "D-P18-3", "D-P18-4", "D-A19-a", "D-A19-b", "D-A19-c", "D-E19", "D-N15", "D-V17",
    ],
    "statins-primary-prevention": [
      "S-U16", "S-U22", "S-H13", "S-H18a", "S-H18b", "S-H18c", "S-H18d", "S-H18e", "S-N14", "S-N23",
    ],
    "aaa-screening": ["A-U05", "A-U14", "A-U19", "A-S1", "A-S2", "A-S3", "A-S4", "A-S5", "A-H"],
    "hpv-vaccination": ["H-P16", "H-P19a", "H-P19b", "H-P19c", "H-A18", "H-A20a", "H-A20b", "H-A20c"],
  ]

  static let catalogue: Catalogue = {
    try! CatalogueLoader().load(TestSupport.bundledCatalogue.path).catalogue
  }()

  @Test func theCatalogueValidatesWithSevenTopics() throws {
    let result = try CatalogueLoader().load(TestSupport.bundledCatalogue.path)
    #expect(!result.hasErrors, "\(result.diagnostics.map(\.formatted).joined(separator: "\n"))")
    #expect(result.catalogue.topics.map(\.id).sorted() == (Self.rows.keys + ["vcf-initial-treatment"]).sorted())
  }

  /// A row is encoded as the recommendation with its id (lowercased) or as several whose ids start
  /// with it and a hyphen, all in the row's topic.
  @Test(arguments: rows.keys.sorted())
  func everyStatementRowIsInItsTopic(topic: String) {
    let ids = Self.catalogue.recommendations.filter { $0.topic == topic }.map(\.id)
    for row in Self.rows[topic]! {
      let id = row.lowercased()
      let matching = ids.filter { $0 == id || $0.hasPrefix(id + "-") }
      #expect(!matching.isEmpty, "row \(row) of dev-cases.md is not in topic \(topic)")
    }
    #expect(ids.count >= Self.rows[topic]!.count)
  }

  static let reference = TestSupport.repositoryRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/reference/dev-cases.md")

  /// The embedded row lists are the reference's, where the reference is at hand (it is beside
  /// the repository in CI and on the developers' machines; a clone elsewhere skips this test, and
  /// says so, while the row lists are still checked against the catalogue above).
  @Test(.enabled(if: FileManager.default.fileExists(atPath: reference.path), "../shared/reference/dev-cases.md is not beside the repository"))
  func theRowListsMatchTheReference() throws {
    let text = try String(contentsOf: Self.reference, encoding: .utf8)
    var found: [String] = []
    var inTable = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("| ID |") { inTable = true; continue }
      guard inTable else { continue }
      guard line.hasPrefix("|") else { inTable = false; continue }
      let cell = line.split(separator: "|", omittingEmptySubsequences: false)[1]
        .trimmingCharacters(in: .whitespaces)
      if !cell.hasPrefix("---") { found.append(cell) }
    }
    #expect(found.sorted() == Self.rows.values.flatMap { $0 }.sorted())
  }

  @Test func exclusiveScopeDerivesImpliedPositionsAndSilenceDoesNot() throws {
    let c = Self.catalogue
    // ACS 2013 screens only 55-74, >= 30 pack-years, quit within 15 years, with access to a centre.
    let acs = try #require(c.recommendation("l-a13"))
    let implied = c.impliedPositions(of: acs)
    #expect(implied.count == 5)
    #expect(implied.contains { $0.window == TimingWindow(start: .init(75, .years)) })
    // ACS 2020 cervical: "start at 25" is exclusive on the start only.
    let cervical = try #require(c.recommendation("c-a20a-primary-hpv-25-65"))
    #expect(c.impliedPositions(of: cervical).map(\.window) == [TimingWindow(end: .init(25, .years))])
    // USPSTF statin windows are not worded as exclusive: nothing is implied below 7.5 %.
    for rec in c.recommendations where rec.source == "uspstf-2022-statins" {
      #expect(c.impliedPositions(of: rec).isEmpty)
    }
    // The multisociety statement reserves vertebral augmentation for failed conservative care.
    let multisociety = try #require(c.recommendation("multisociety-2014-va-r1"))
    #expect(c.impliedPositions(of: multisociety).map(\.window) == [TimingWindow(until: ["failed-conservative-care"])])
  }

  @Test func intervalsTargetsExceptionsAndUseAreValues() throws {
    let c = Self.catalogue
    #expect(c.recommendation("l-u21")?.interval == RecurrenceInterval(every: .init(1, .years)))
    #expect(c.recommendation("a-s4")?.interval == RecurrenceInterval(every: .init(10, .years)))
    #expect(c.recommendation("a-s1")?.interval?.isOnce == true)
    #expect(c.recommendation("d-a19-a")?.target == .init(measure: "hba1c", unit: "%", max: 7, maxExclusive: true))
    #expect(c.recommendation("d-p18-2")?.target == .init(measure: "hba1c", unit: "%", min: 7, max: 8))
    let notRoutine = try #require(c.recommendation("h-p19b-not-recommended-over-26"))
    #expect(notRoutine.use == .routine)
    #expect(notRoutine.exceptions.first?.window == TimingWindow(start: .init(27, .years), end: .init(46, .years)))
  }

  @Test func ungradedStatementsHaveUnknownStrength() throws {
    let c = Self.catalogue
    for id in ["l-a13", "d-p18-2", "multisociety-2014-va-r1", "a-s5"] {
      let rec = try #require(c.recommendation(id))
      #expect(c.normalizedPosition(of: rec)?.strength == nil, "\(id) is ungraded")
    }
    // ADA grades evidence only: no strength label, certainty from the level.
    let ada = try #require(c.recommendation("d-a19-a"))
    #expect(ada.strength == nil && ada.evidenceLevel == "A")
    #expect(c.normalizedPosition(of: ada) == NormalizedPosition(direction: .for, strength: nil, certainty: 0.9))
  }

  @Test func schemesAcceptTheLabelsBodiesPrint() throws {
    let c = Self.catalogue
    let accAha = try #require(c.scheme("acc-aha"))
    #expect(accAha.strengthTier(named: "I")?.label == "Class 1")
    #expect(accAha.strengthTier(named: "IIb")?.label == "Class 2b")
    #expect(accAha.evidenceTier(named: "C-LD") != nil && accAha.evidenceTier(named: "B-NR") != nil)
    #expect(c.scheme("nice-guideline")?.strengthTier(named: "Do not offer")?.direction == .against)
    #expect(c.scheme("acip")?.strengthTier(named: "SCDM")?.label == "Shared clinical decision-making")
    // USPSTF C: selective offer since July 2012, "against routinely" in 2007-2012.
    let uspstf = try #require(c.scheme("uspstf"))
    #expect(uspstf.strengthTier(named: "C", on: CalendarDate(year: 2016, month: 11, day: 13))?.direction == nil)
    #expect(uspstf.strengthTier(named: "C", on: CalendarDate(year: 2009, month: 1, day: 1))?.direction == .against)
    #expect(uspstf.strengthTier(named: "C", on: CalendarDate(year: 2001, month: 1, day: 1))?.direction == .neutral)
    let selective = try #require(c.recommendation("s-u16-risk-7.5-to-10"))
    #expect(c.normalizedPosition(of: selective)?.direction == .for)
  }

  @Test func editionsAreDatedAndUnverifiedFactsStayMarked() throws {
    let c = Self.catalogue
    #expect(c.source("uspstf-2013-lung")?.supersededBy == "uspstf-2021-lung")
    #expect(c.source("uspstf-2021-lung")?.published == PublicationDate(parsing: "2021-03-09"))
    #expect(c.source("acog-2021-cervical")?.reaffirmed == [PublicationDate(parsing: "2023-04")!])
    #expect(c.source("aafp-2021-lung")?.endorses == ["uspstf-2021-lung"])
    #expect(c.source("acs-2020-hpv")?.doesNotEndorse == ["acip-2019-hpv"])
    // The reference's four UNVERIFIED facts.
    #expect(c.source("svs-aaa-guideline")?.verification.isUnverified == true)
    #expect(c.source("acc-aha-aaa")?.verification.isUnverified == true)
    #expect(c.recommendation("s-n23-below-10")?.verification.isUnverified == true)
    #expect(c.recommendation("d-p18-2")?.verification.isUnverified == true)
    // No identifier recorded is not the same as unverified.
    let unidentified = c.sources.filter { $0.identifiers.isEmpty && !$0.verification.isUnverified }
    #expect(!unidentified.isEmpty)
  }
}
