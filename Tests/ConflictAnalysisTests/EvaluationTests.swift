import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceTestSupport
import Foundation
import Testing

/// The analysis of every bundled topic against its expectations file (`Expectations/`), and the
/// expectations format's located errors.
struct EvaluationTests {
  static let evaluations: [Evaluation] = {
    let catalogue = EveryTopicTests.catalogue
    let analysis = Analysis(catalogue, options: AnalysisOptions(asOf: AnalysisOptions.defaultAsOf(for: catalogue)))
    let resolver = Resolver(catalogue: analysis.catalogue, analysis: analysis)
    let folder = TestSupport.repositoryRoot.appendingPathComponent("Expectations")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".yaml") }.sorted() ?? []
    return files.map { name in
      let bytes = [UInt8](FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)!)
      let (expectations, diagnostics) = ExpectationsDecoder().decode(bytes, displayPath: name, catalogue: catalogue)
      precondition(diagnostics.isEmpty, "\(diagnostics)")
      return Evaluation(expectations!, analysis: analysis, resolver: resolver)
    }
  }()

  @Test func everyBundledTopicHasAnExpectationsFile() {
    #expect(Set(Self.evaluations.map(\.topic)) == Set(EveryTopicTests.catalogue.topics.map(\.id)))
  }

  /// The targets of the comparator: at least 90 % of the expected relations in their band and no
  /// negative control broken, across the bundled topics.
  @Test func atLeastNinetyPercentOfExpectedRelationsAreInBandAndNoControlBreaks() {
    let results = Self.evaluations.flatMap(\.relations)
    let inBand = results.filter { $0.outcome == .inBand }.count
    #expect(results.count >= 70)
    #expect(Double(inBand) / Double(results.count) >= 0.9, "\(inBand) of \(results.count)")
    #expect(results.filter(\.controlBroken).isEmpty)
  }

  /// Every bundled topic meets the targets: at least 90 % of its expected relations in band,
  /// every expected major and moderate relation in band, no negative control broken and every
  /// expected pathway line matched.
  @Test func everyBundledTopicMeetsTheTargets() {
    for evaluation in Self.evaluations {
      let unmatched = evaluation.lines.filter { !$0.matched }.map(\.expectation.id)
      #expect(evaluation.meetsTargets(minInBand: 0.9), "\(evaluation.topic): lines \(unmatched)")
    }
  }

  /// What the analysis does not yet reproduce, pinned so that any change shows: a regression
  /// adds to the list, an improvement removes from it (update the list and the README).
  @Test func theKnownGapsAreExactlyThese() {
    let serious = Self.evaluations.flatMap(\.seriousMisses).map(\.expectation.id).sorted()
    #expect(serious.isEmpty, "\(serious)")
    let outOfBand = Self.evaluations.flatMap(\.relations).filter { $0.outcome != .inBand }.map(\.expectation.id)
    #expect(outOfBand == ["c-u18-x-c-a25-exit"])
    let lines = Self.evaluations.flatMap(\.lines).filter { !$0.matched }.map(\.expectation.id).sorted()
    #expect(lines.isEmpty, "\(lines)")
  }

  /// The compression-fracture pathway offers no augmentation (balloon kyphoplasty included)
  /// before conservative care has failed.
  @Test func theCompressionFracturePathwayMatchesEveryExpectedLine() throws {
    let vcf = try #require(Self.evaluations.first { $0.topic == "vcf-initial-treatment" })
    #expect(vcf.lines.count >= 15 && vcf.lines.allSatisfy(\.matched))
    #expect(vcf.lines.contains { $0.expectation.intervention == "balloon-kyphoplasty" })
  }

  @Test func anExpectationsFileWithBadReferencesGetsLocatedErrors() {
    let text = """
      topic: lung-cancer-screening
      relations:
        - id: r1
          between: [l-u21, no-such-statement]
          severity: serious
      pathway:
        - id: p1
          intervention: ldct-lung-screening
          patient: {at: 60y, shoe-size: 9}
          position: [maybe]
      """
    let (expectations, diagnostics) = ExpectationsDecoder().decode(
      [UInt8](text.utf8), displayPath: "bad.yaml", catalogue: EveryTopicTests.catalogue)
    #expect(expectations == nil)
    let lines = diagnostics.map(\.formatted)
    #expect(lines.contains { $0.hasPrefix("bad.yaml:4:22: error: [dangling-reference]") && $0.contains("no-such-statement") })
    #expect(lines.contains { $0.contains("[invalid-value]") && $0.contains("'serious'") })
    #expect(lines.contains { $0.contains("[dangling-reference]") && $0.contains("shoe-size") })
    #expect(lines.contains { $0.contains("[invalid-value]") && $0.contains("'maybe'") })
  }
}
