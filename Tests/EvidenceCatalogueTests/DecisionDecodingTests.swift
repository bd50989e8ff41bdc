import EvidenceCatalogue
import EvidenceModel
import EvidenceTestSupport
import Foundation
import Testing

/// The `decisions` entity: decoded with its segment, checked for what it must say, and validated
/// against the catalogue it refers to.
struct DecisionDecodingTests {
  static let decision = """
    decisions:
      - id: committee-plasty
        topic: vcf-initial-treatment
        intervention: vertebroplasty
        population: osteoporotic-vcf
        window:
          after: [failed-conservative-care]
        position: consider
        rationale: Only after failed conservative care, within a registry.
        date: 2026-03-01
        committee: Example spine pathway committee
        settles: [dp-2117921076cfff3b]
        considered: [aaos-2010-r1, acr-ac-vcf-2022-r2]
    """

  @Test func aDecisionDecodesWithItsSegmentAndEvidence() throws {
    let (file, diagnostics) = decode(Self.decision)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
    let d = try #require(file?.decisions.first)
    #expect(d.id == "committee-plasty" && d.topic == "vcf-initial-treatment" && d.intervention == "vertebroplasty")
    #expect(d.population == "osteoporotic-vcf" && d.window.after == ["failed-conservative-care"])
    #expect(d.position == .consider && d.date == CalendarDate(year: 2026, month: 3, day: 1)!)
    #expect(d.settles == ["dp-2117921076cfff3b"] && d.considered == ["aaos-2010-r1", "acr-ac-vcf-2022-r2"])
    #expect(d.location == SourceLocation(file: "t.yaml", line: 2, column: 5))
  }

  @Test func aDecisionWithoutADateOrWithAnUnknownPositionIsAnErrorAtItsPlace() {
    let (_, diagnostics) = decode(
      Self.decision.replacingOccurrences(of: "    date: 2026-03-01\n", with: "")
        .replacingOccurrences(of: "position: consider", with: "position: maybe"))
    #expect(diagnostics.map(\.rule).sorted() == ["invalid-value", "missing-key"], "\(diagnostics.map(\.formatted))")
    #expect(diagnostics.contains { $0.rule == "missing-key" && $0.message.contains("'date'") && $0.message.contains("YYYY-MM-DD") })
    #expect(diagnostics.contains { $0.rule == "invalid-value" && $0.location?.line == 8 })
  }

  @Test func aDecisionInTheBundledCatalogueIsValidatedAgainstIt() throws {
    let scratch = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let directory = scratch.appendingPathComponent("Evidence")
    try FileManager.default.copyItem(at: TestSupport.bundledCatalogue, to: directory)
    let good = directory.appendingPathComponent("vcf/decisions.yaml")
    try Self.decision.write(to: good, atomically: true, encoding: .utf8)
    let load = try CatalogueLoader().load(directory.path)
    #expect(!load.hasErrors, "\(load.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
    #expect(load.catalogue.decisions.map(\.id) == ["committee-plasty"])
    try Self.decision.replacingOccurrences(of: "aaos-2010-r1,", with: "aaos-2010-r99,")
      .replacingOccurrences(of: "intervention: vertebroplasty", with: "intervention: vertebroplasti")
      .write(to: good, atomically: true, encoding: .utf8)
    let bad = try CatalogueLoader().load(directory.path).diagnostics.filter { $0.severity == .error }
    #expect(bad.map(\.rule) == ["dangling-reference", "dangling-reference"])
    #expect(bad.map(\.message).sorted() == [
      "decision 'committee-plasty' refers to intervention 'vertebroplasti', which is not defined in the catalogue; define it or correct the id",
      "decision 'committee-plasty' refers to recommendation 'aaos-2010-r99', which is not defined in the catalogue; define it or correct the id",
    ])
  }

  /// The catalogue's JSON Schema knows decisions: the example passes, a misspelt key fails.
  @Test func theCatalogueSchemaAcceptsTheDecisionAndRefusesAnUnknownKey() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.decision.write(to: directory.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
    try Self.decision.replacingOccurrences(of: "rationale:", with: "rational:")
      .write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
    let result = try TestSupport.run(
      URL(fileURLWithPath: "/usr/bin/env"),
      ["python3", "Scripts/check-catalogue-schema.py", "Evidence/schema/catalogue.schema.json", directory.path],
      in: TestSupport.repositoryRoot)
    #expect(result.status == 1 && result.stdout.contains("checked 2 files: 1 failed"), "\(result.stdout)\(result.stderr)")
    #expect(result.stderr.contains("bad.yaml") && !result.stderr.contains("good.yaml"), "\(result.stderr)")
  }
}
