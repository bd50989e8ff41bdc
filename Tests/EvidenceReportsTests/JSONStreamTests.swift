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
}
