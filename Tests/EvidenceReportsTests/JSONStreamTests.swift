import ConflictAnalysis
import EvidenceModel
import EvidenceReports
import EvidenceTestSupport
import Foundation
import Testing

/// JSON documents are written element by element; the bytes must be those of encoding the whole
/// document at once (pretty-printed, sorted keys, slashes unescaped, a final line feed).
struct JSONStreamTests {
  func analysis(withEditions: Bool) -> Analysis {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against, strength: "Strong", evidence: "High")
    b.recommend("b", body: "beta", direction: .for)
    b.recommend("c", body: "gamma", direction: .for, strength: "Weak")
    b.file.recommendations[0].statement = "Text with \"quotes\", a/slash, a\nline feed and é"
    if withEditions {
      b.recommend("old", body: "alpha", year: 2001, status: .superseded, supersededBy: "src-a", direction: .for)
    }
    return Analysis(b.catalogue, options: AnalysisOptions(asOf: CalendarDate(year: 2024, month: 1, day: 1)!))
  }

  func wholeDocument(_ document: ConflictsDocument) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
  }

  @Test(arguments: [false, true])
  func theStreamedConflictsDocumentIsByteForByteTheWholeOne(withEditions: Bool) throws {
    let analysis = analysis(withEditions: withEditions)
    #expect(!analysis.conflicts.isEmpty)
    #expect(analysis.editionChanges.isEmpty != withEditions)
    for severity in ConflictSeverity.allCases {
      let document = ConflictsDocument(analysis, minSeverity: severity)
      var streamed = ""
      try document.write(to: &streamed)
      #expect(streamed == (try wholeDocument(document)))
    }
  }

  @Test func anEmptyAnalysisStreamsEmptyArraysAsTheEncoderWritesThem() throws {
    let analysis = Analysis(CatalogueBuilder().catalogue, options: AnalysisOptions(asOf: CalendarDate(year: 2024, month: 1, day: 1)!))
    let document = ConflictsDocument(analysis, minSeverity: .none)
    var streamed = ""
    try document.write(to: &streamed)
    #expect(streamed == (try wholeDocument(document)))
    #expect(streamed.contains("\"conflicts\" : [\n\n  ]"))
  }

  /// A catalogue with more relations than the writer encodes on one core at a time, so that
  /// they are encoded on several cores and written in order.
  static func manyRelations() -> Analysis {
    var b = CatalogueBuilder()
    for index in 0..<60 {
      b.recommend(
        "r\(index)", body: "body\(index % 7)", year: 2000 + index % 20, direction: index % 3 == 0 ? .against : .for,
        strength: ["Strong", "Moderate", "Weak"][index % 3], evidence: ["High", "Low"][index % 2])
    }
    return Analysis(b.catalogue, options: AnalysisOptions(asOf: CalendarDate(year: 2024, month: 1, day: 1)!))
  }

  @Test func relationsEncodedOnSeveralCoresAreWrittenInOrder() throws {
    let analysis = Self.manyRelations()
    #expect(analysis.conflicts.count > 1_500)
    let document = ConflictsDocument(analysis, minSeverity: .none)
    var streamed = ""
    try document.write(to: &streamed)
    #expect(streamed == (try wholeDocument(document)))
  }
}
