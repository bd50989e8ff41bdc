import EvidenceModel
import Testing

@Suite("Catalogue lookups and normalised positions")
struct CatalogueTests {
  static let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

  static func catalogue(recommendations: [Recommendation], extraInterventions: [InterventionConcept] = [])
    -> Catalogue
  {
    var file = CatalogueFile(path: "t.yaml", contentHash: String(repeating: "0", count: 64))
    file.schemes = [
      GradingScheme(
        id: "uspstf", name: "USPSTF", mappingRationale: "judgement",
        provenance: Provenance(citation: "USPSTF grade definitions"),
        strengths: [
          .init(label: "A", strength: 1, certainty: 0.9),
          .init(label: "D", strength: 1, certainty: 0.7, direction: .against),
        ],
        evidenceLevels: [.init(label: "high", aliases: ["H"], certainty: 1)], location: here)
    ]
    file.bodies = [IssuingBody(id: "uspstf", abbreviation: "USPSTF", name: "Task Force", scheme: "uspstf", location: here)]
    file.interventions = [
      InterventionConcept(id: "parent", name: "Parent", location: here),
      InterventionConcept(id: "child", name: "Child", parent: "parent", location: here),
    ] + extraInterventions
    file.sources = [
      Source(id: "s", kind: .guideline, title: "S", year: 2020, bodies: ["uspstf"], citation: "S", location: here)
    ]
    file.recommendations = recommendations
    return Catalogue(files: [file])
  }

  static func recommendation(_ id: String, _ direction: Direction, _ strength: String, evidence: String? = nil)
    -> Recommendation
  {
    Recommendation(
      id: id, source: "s", topic: "t", interventions: ["child"], population: "p",
      direction: direction, strength: strength, evidenceLevel: evidence, statement: "x",
      locator: "y", location: here)
  }

  @Test func impliedDirectionAndEvidenceCertainty() throws {
    let catalogue = Self.catalogue(recommendations: [
      Self.recommendation("a", .for, "A"), Self.recommendation("d", .against, "d", evidence: "h"),
    ])
    let a = try #require(catalogue.normalizedPosition(of: catalogue.recommendation("a")!))
    #expect(a == NormalizedPosition(direction: .for, strength: 1, certainty: 0.9))
    let d = try #require(catalogue.normalizedPosition(of: catalogue.recommendation("d")!))
    #expect(d == NormalizedPosition(direction: .against, strength: 1, certainty: 1))
  }

  @Test func unknownGradeHasNoPosition() {
    let catalogue = Self.catalogue(recommendations: [
      Self.recommendation("x", .for, "Z"), Self.recommendation("y", .for, "A", evidence: "unknown"),
    ])
    #expect(catalogue.normalizedPosition(of: catalogue.recommendation("x")!) == nil)
    #expect(catalogue.normalizedPosition(of: catalogue.recommendation("y")!) == nil)
  }

  @Test func lineageFollowsParentsAndStopsAtCycles() {
    let cyclic = [
      InterventionConcept(id: "loop-a", name: "A", parent: "loop-b", location: Self.here),
      InterventionConcept(id: "loop-b", name: "B", parent: "loop-a", location: Self.here),
    ]
    let catalogue = Self.catalogue(recommendations: [], extraInterventions: cyclic)
    #expect(catalogue.lineage(ofIntervention: "child") == ["child", "parent"])
    #expect(catalogue.lineage(ofIntervention: "loop-a") == ["loop-a", "loop-b"])
  }

  @Test func firstDefinitionWinsForDuplicates() {
    var first = Self.recommendation("dup", .for, "A")
    first.statement = "first"
    var second = Self.recommendation("dup", .against, "D")
    second.statement = "second"
    let catalogue = Self.catalogue(recommendations: [first, second])
    #expect(catalogue.recommendation("dup")?.statement == "first")
    #expect(catalogue.recommendations.count == 2)
  }
}
