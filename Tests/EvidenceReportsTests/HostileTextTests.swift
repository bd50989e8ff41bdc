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
  static let controls = "bell\u{07} escape\u{1B}[31m red\u{1B}[0m \u{202E}reversed"
  static let long = String(repeating: "long text ", count: 4_000)  // 40,000 characters
  static let emoji = String(repeating: "🦴", count: 20_000)  // 40,000 UTF-16 units
  static let oddID = "id\"><svg onload=alert(1)>"

  func report() -> ConflictReport {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against, strength: "Strong", evidence: "High")
    b.recommend("b", body: "beta", direction: .for)
    b.file.recommendations[0].statement = Self.html + " " + Self.formula
    b.file.recommendations[1].statement = "+1 " + Self.controls
    b.file.sources[0].title = Self.long
    b.file.sources[0].identifiers.url = "https://example.org/a\u{1B}[31m<b>"
    b.file.sources[1].citation = "@SUM(A1:A2) -2+3"
    b.file.sources[1].notes = "notes"
    b.file.sources[1].title = Self.emoji
    b.file.sources[1].identifiers.doi = "10.1000/x#y?z"
    b.file.recommendations[0].locator = "nul\u{0}tail \u{FFFF} _x0041_ \u{202E}reversed"
    // Ids reach attributes, SVG text and titles; the catalogue validates them, the reporters
    // must not rely on that.
    b.file.bodies[0].id = Self.oddID
    b.file.sources[0].bodies = [Self.oddID]
    b.file.bodies[0].abbreviation = Self.oddID
    b.file.interventions[1].id = "<plasty>"
    b.file.interventions[1].name = "<i>plasty"
    b.file.recommendations[0].interventions = ["<plasty>"]
    b.file.recommendations[1].interventions = ["<plasty>"]
    let catalogue = b.catalogue
    let analysis = Analysis(catalogue, options: AnalysisOptions(asOf: CalendarDate(year: 2024, month: 1, day: 1)!))
    return ConflictReport(catalogue: catalogue, catalogueName: "<catalogue>", analysis: analysis, toolVersion: "test")
  }

  @Test func textShowsControlCharactersAsEscapes() {
    let text = TextReport.render(report(), detail: true)
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(text.contains("bell\\u{7} escape\\u{1b}[31m"))
    #expect(text.contains(Self.formula))
    #expect(text.contains(Self.long))
    #expect(!text.contains("\u{202E}") && text.contains("\\u{202e}reversed"))
  }

  @Test func htmlEscapesEveryCatalogueString() {
    let html = HTMLReport.render(report())
    #expect(!html.contains("<script"))
    #expect(!html.contains("onclick=\""))
    #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
    #expect(html.contains("&lt;catalogue&gt;"))
    #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
    #expect(html.contains("<div class=\"timeline\"") && html.contains("<table class=\"matrix\""))
    #expect(!html.contains("<svg onload") && !html.contains("<plasty>") && !html.contains("<i>plasty"))
    #expect(html.contains("id&quot;&gt;&lt;svg onload=alert(1)&gt;") && html.contains("&lt;i&gt;plasty"))
    #expect(!html.contains("href=\"https://example.org/a\u{1B}"))
    #expect(html.contains("href=\"https://doi.org/10.1000/x%23y%3Fz\""))
    // Bidirectional controls are shown, never applied.
    #expect(!html.contains("\u{202E}") && html.contains("\\u{202e}</span>reversed"))
  }

  /// markdown-it reads hostile catalogue text as text: no HTML, no link but the sources' http(s)
  /// addresses, no emphasis or code made by the catalogue's characters.
  @Test func markdownKeepsCatalogueTextAsText() throws {
    let markdown = MarkdownReport.render(report())
    #expect(!markdown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(!markdown.contains("\u{202E}"))
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("report.md")
    try markdown.write(to: file, atomically: true, encoding: .utf8)
    let script = """
      import sys
      from markdown_it import MarkdownIt
      tokens = MarkdownIt("commonmark").enable("table").parse(open(sys.argv[1], encoding="utf-8").read())
      inline = [c for t in tokens if t.children for c in t.children]
      print(sorted(set(t.type for t in tokens + inline if t.type.startswith("html") or t.type == "image")))
      print(sorted(set(c.attrs.get("href") for c in inline if c.type == "link_open")))
      text = "".join(c.content for c in inline if c.type == "text")
      print("<catalogue>" in text, "<i>plasty" in text, "@SUM(A1:A2) -2+3" in text)
      """
    let result = try TestSupport.python(script, [file.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "[]\n['https://doi.org/10.1000/x%23y%3Fz']\nTrue True True\n", "\(result.stdout)")
  }

  @Test func jsonKeepsTheTextExactly() throws {
    let data = Data(try ReportDocument(report()).render().utf8)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let recommendations = try #require(object["recommendations"] as? [[String: Any]])
    #expect(recommendations.map { $0["statement"] as? String } == [Self.html + " " + Self.formula, "+1 " + Self.controls])
  }

  @Test func spreadsheetTextStaysTextAndLongTextIsCutWithAFinding() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("report.xlsx")
    let findings = try XlsxReport.write(report(), to: file.path)
    #expect(findings.map(\.rule) == ["xlsx-cell-truncated", "xlsx-cell-truncated"])
    #expect(findings.map(\.message).contains { $0.hasPrefix("Sources row 2, column D: 40000 UTF-16 units cut") })
    #expect(findings.map(\.message).contains { $0.hasPrefix("Sources row 3, column D: 40000 UTF-16 units cut") })
    let parts = try TestSupport.zipParts(file)
    let sheets = parts.filter { $0.key.hasPrefix("xl/worksheets/sheet") }.values.joined()
    #expect(!sheets.contains("<f>"))
    #expect(sheets.contains("=HYPERLINK(&quot;http://evil.invalid&quot;,&quot;click&quot;)") || sheets.contains("=HYPERLINK(\"http://evil.invalid\",\"click\")"))
    #expect(sheets.contains("@SUM(A1:A2) -2+3"))
    #expect(sheets.contains("+1 bell_x0007_ escape_x001B_[31m"))
    #expect(sheets.contains("…[cut: 40000 UTF-16 units; see the JSON report]"))
    #expect(sheets.contains("&lt;script&gt;"))
    #expect(sheets.contains("nul\u{FFFD}tail \u{FFFD} _x005F_x0041_"))
    // An independent reader opens it, and reads the cut cells within Excel's limit.
    let script = """
      import sys, openpyxl
      book = openpyxl.load_workbook(sys.argv[1])
      titles = [row[3] for row in book["Sources"].iter_rows(min_row=2, values_only=True)]
      print(max(len(t.encode("utf-16-le")) // 2 for t in titles))
      print(book["Recommendations"]["R2"].value)
      links = [c.hyperlink.target for r in book["Sources"].iter_rows(min_row=2) for c in r if c.hyperlink]
      print(links)
      """
    let result = try TestSupport.python(script, [file.path])
    #expect(result.status == 0, "\(result.stderr)")
    // openpyxl does not decode `_xHHHH_` escapes (Excel does, giving back "_x0041_").
    #expect(result.stdout == "32767\nnul\u{FFFD}tail \u{FFFD} _x005F_x0041_ \u{202E}reversed\n['https://doi.org/10.1000/x%23y%3Fz']\n")
  }

  @Test func theHostileJSONReportStillMatchesItsSchema() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("report.json")
    try Data(try ReportDocument(report()).render().utf8).write(to: file)
    let script = """
      import json, sys, jsonschema
      errors = list(jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).iter_errors(json.load(open(sys.argv[2]))))
      for error in errors[:5]: print(error.json_path, error.message[:200])
      """
    let schema = TestSupport.repositoryRoot.appendingPathComponent("Evidence/schema/conflict-report.schema.json")
    let result = try TestSupport.python(script, [schema.path, file.path])
    #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stdout)\(result.stderr)")
  }

  @Test func sheetNamesAreValidatedBeforeLibxlsxwriterSeesThem() {
    #expect(XlsxSheetName("Summary") != nil)
    for bad in ["", "a/b", "[x]", "'quoted'", String(repeating: "x", count: 32), "what?"] {
      #expect(XlsxSheetName(bad) == nil, "\(bad)")
    }
  }
}
