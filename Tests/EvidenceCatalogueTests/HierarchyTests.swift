import EvidenceCatalogue
import EvidenceModel
import Testing

/// Deep and wide intervention hierarchies: validation is linear in the hierarchy and bounds its
/// depth with a located error (the timings are a benchmark, `Scripts/bench`; these tests check the
/// results).
struct HierarchyTests {
  func catalogue(_ concepts: [InterventionConcept]) -> Catalogue {
    var file = CatalogueFile(path: "hierarchy.yaml", contentHash: "0")
    file.interventions = concepts
    return Catalogue(files: [file])
  }

  func at(_ line: Int) -> EvidenceModel.SourceLocation { EvidenceModel.SourceLocation(file: "hierarchy.yaml", line: line, column: 13) }

  @Test func aTwentyThousandDeepChainGetsOneLocatedErrorAtTheFirstConceptBeyondTheBound() {
    let concepts = (0..<20_000).map { i in
      InterventionConcept(
        id: "c\(i)", name: "C\(i)", parent: i == 0 ? nil : "c\(i - 1)", location: at(3 * i + 2),
        keyLocations: i == 0 ? [:] : ["parent": at(3 * i + 4)])
    }
    let c = catalogue(concepts)
    let diagnostics = CatalogueValidator().validate(c)
    #expect(diagnostics.map(\.rule) == ["intervention-too-deep"])
    #expect(diagnostics.first?.formatted.hasPrefix("hierarchy.yaml:304:13: error: [intervention-too-deep] intervention 'c100' is 101 levels deep") == true)
    #expect(c.lineage(ofIntervention: "c19999").count == 20_000)
  }

  @Test func aHundredThousandConceptFlatHierarchyIsValid() {
    let concepts = [InterventionConcept(id: "root", name: "Root", location: at(1))]
      + (0..<100_000).map { InterventionConcept(id: "c\($0)", name: "C\($0)", parent: "root", location: at($0 + 2)) }
    #expect(CatalogueValidator().validate(catalogue(concepts)).isEmpty)
  }

  @Test func everyConceptOnACycleIsReportedAndTheConceptsBelowItAreNot() {
    let concepts = [
      InterventionConcept(id: "a", name: "A", parent: "c", location: at(1)),
      InterventionConcept(id: "b", name: "B", parent: "a", location: at(2)),
      InterventionConcept(id: "c", name: "C", parent: "b", location: at(3)),
      InterventionConcept(id: "below", name: "Below", parent: "a", location: at(4)),
    ]
    let diagnostics = CatalogueValidator().validate(catalogue(concepts))
    #expect(diagnostics.map(\.rule) == ["intervention-cycle", "intervention-cycle", "intervention-cycle"])
    #expect(!diagnostics.contains { $0.message.contains("'below'") })
  }
}
