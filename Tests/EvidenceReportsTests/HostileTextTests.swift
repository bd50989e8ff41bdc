import ConflictAnalysis
import EvidenceModel
import EvidenceReports
import EvidenceTestSupport
import Foundation
import Testing

/// Every reporter, fed catalogue text with HTML, formula-like text, control characters and text
/// longer than a spreadsheet cell.
struct HostileTextTests {
  static let html = "<script>alert('x')</script><b onclick=\"y\">&"
  static let formula = "=HYPERLINK(\"http://evil.invalid\",\"click\")"
  static let controls = "bell\u{07} escape\u{1B}[31m red\u{1B}[0m"
  static let long = String(repeating: "long text ", count: 4_000)  // 40,000 characters

  func report() -> ConflictReport {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against, strength: "Strong", evidence: "High")
    b.recommend("b", body: "beta", direction: .for)
    b.file.recommendations[0].statement = Self.html + " " + Self.formula
    b.file.recommendations[1].statement = "+1 " + Self.controls
    b.file.sources[0].title = Self.long
    b.file.sources[1].citation = "@SUM(A1:A2) -2+3"
    let catalogue = b.catalogue
    let analysis = Analysis(catalogue, options: AnalysisOptions(asOf: CalendarDate(year: 2024, month: 1, day: 1)!))
    return ConflictReport(catalogue: catalogue, catalogueName: "<catalogue>", analysis: analysis, toolVersion: "test")
  }

  @Test func textShowsControlCharactersAsEscapes() {
    let text = TextReport.render(report())
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(text.contains("bell\\u{7} escape\\u{1b}[31m"))
    #expect(text.contains(Self.formula))
    #expect(text.contains(Self.long))
  }

  @Test func htmlEscapesEveryCatalogueString() {
    let html = HTMLReport.render(report())
    #expect(!html.contains("<script"))
    #expect(!html.contains("onclick=\""))
    #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
    #expect(html.contains("&lt;catalogue&gt;"))
    #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
    #expect(html.contains("<svg class=\"timeline\"") && html.contains("<svg class=\"matrix\""))
  }

  @Test func jsonKeepsTheTextExactly() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(ReportDocument(report()))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let recommendations = try #require(object["recommendations"] as? [[String: Any]])
    #expect(recommendations.map { $0["statement"] as? String } == [Self.html + " " + Self.formula, "+1 " + Self.controls])
  }

  @Test func spreadsheetTextStaysTextAndLongTextIsCutWithAFinding() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("report.xlsx")
    let findings = try XlsxReport.write(report(), to: file.path)
    #expect(findings.map(\.rule) == ["xlsx-cell-truncated"])
    #expect(findings.first?.message.contains("Sources row 2, column D: 40000 characters cut") == true)
    let parts = try TestSupport.zipParts(file)
    let sheets = parts.filter { $0.key.hasPrefix("xl/worksheets/sheet") }.values.joined()
    #expect(!sheets.contains("<f>"))
    #expect(sheets.contains("=HYPERLINK(&quot;http://evil.invalid&quot;,&quot;click&quot;)") || sheets.contains("=HYPERLINK(\"http://evil.invalid\",\"click\")"))
    #expect(sheets.contains("@SUM(A1:A2) -2+3"))
    #expect(sheets.contains("+1 bell_x0007_ escape_x001B_[31m"))
    #expect(sheets.contains("…[cut: 40000 characters; see the JSON report]"))
    #expect(sheets.contains("&lt;script&gt;"))
  }

  @Test func sheetNamesAreValidatedBeforeLibxlsxwriterSeesThem() {
    #expect(XlsxSheetName("Summary") != nil)
    for bad in ["", "a/b", "[x]", "'quoted'", String(repeating: "x", count: 32), "what?"] {
      #expect(XlsxSheetName(bad) == nil, "\(bad)")
    }
  }
}
