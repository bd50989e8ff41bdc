import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
@testable import EvidenceReports
import EvidenceTestSupport
import Foundation
import Testing

/// The fast JSON writers (``PrettyJSONEncoder`` for any value, `RelationRow.write` for the rows a
/// report writes by the million) must give exactly Foundation's bytes.
struct PrettyJSONEncoderTests {
  func foundation(_ value: some Encodable) throws -> [UInt8] {
    Array(try JSONOutput.encoder().encode(value))
  }

  struct Empty: Encodable {}

  struct Sample: Encodable {
    var doubles: [Double] = [1, 0.1, 95.9, 1e-7, 1e21, 123_456_789.125, -0.0, 0.1 + 0.2, 2.5e-5, 1e16, 12_345_678_901_234_567_890]
    var text = "a/b\"c\\\n\t\r\u{8}\u{C}\u{1}\u{1F}\u{7F}é\u{2028}😀 <script>"
    var absent: Int?
    var present: Int? = 3
    var keys: [String: Int] = ["10": 1, "9": 2, "Z": 3, "a10": 4, "é": 5, "e\u{301}x": 6, "": 7]
    var empty = Empty()
    var emptyArray: [Int] = []
    var nested: [String: [[Double?]]] = ["k": [[nil, 2], []]]
    var flags = [true, false]
    var url = URL(string: "https://example.org/a?b=c")!
    var small: [Int8] = [-1, 2]
    var float: Float = 0.1
  }

  @Test func anyValueGivesFoundationsBytes() throws {
    #expect(try PrettyJSONEncoder.encode(Sample()) == (try foundation(Sample())))
    #expect(try PrettyJSONEncoder.encode([String: Int]()) == (try foundation([String: Int]())))
    #expect(try PrettyJSONEncoder.encode("x") == (try foundation("x")))
    #expect(try PrettyJSONEncoder.encode([Empty()]) == (try foundation([Empty()])))
  }

  @Test func everyRelationRowOfTheBundledCatalogueAndOfHostileTextGivesFoundationsBytes() throws {
    let load = try CatalogueLoader().load(TestSupport.bundledCatalogue.path)
    let bundled = Analysis(load.catalogue, options: AnalysisOptions(asOf: AnalysisOptions.defaultAsOf(for: load.catalogue)))
    let hostile = HostileTextTests().report().analysis
    var checked = 0
    for analysis in [bundled, hostile] {
      let disputes = Dispute.index(analysis.disputes())
      for relation in analysis.conflicts + analysis.historical {
        let row = RelationRow(relation: relation, dispute: disputes[relation.id])
        var written: [UInt8] = []
        try row.write(depth: 0, to: &written)
        let same = written == (try foundation(row))
        #expect(same, "\(relation.id)")
        checked += 1
      }
    }
    #expect(checked > 1000)
  }
}
