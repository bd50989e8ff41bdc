import ConflictAnalysis
import EvidenceModel
import EvidenceReports
import EvidenceTestSupport
import Foundation
import Testing

/// The exchange formats (FHIR bundle, CSV, SARIF, GitHub annotations) in process, read back by
/// independent readers: Python's `fhir.resources` (R5 models), `csv` and `jsonschema`.
@Suite("exchange formats")
struct ExchangeTests {
  func hostile() -> ConflictReport { HostileTextTests().report() }

  @Test func jsonTreeEscapesAndKeepsFieldOrder() {
    let tree = JSONTree.object(
      ("resourceType", .string("X")), ("text", .string("a\"b\\c\nd\u{1}e\u{2028}é")), ("absent", nil),
      ("empty", .array([])), ("n", .decimal(0.5)), ("i", .integer(-3)), ("b", .bool(false)), ("z", .null))
    #expect(tree.document == """
      {
        "resourceType": "X",
        "text": "a\\"b\\\\c\\nd\\u0001e\\u2028é",
        "n": 0.50,
        "i": -3,
        "b": false,
        "z": null
      }

      """)
  }

  @Test func csvNeutralisesFormulasAndQuotesAsRFC4180() {
    #expect(CSVExport.field(.text("=1+2")) == "\"'=1+2\"")
    #expect(CSVExport.field(.text("+1")) == "\"'+1\"")
    #expect(CSVExport.field(.text("-x")) == "\"'-x\"")
    #expect(CSVExport.field(.text("@SUM(A1)")) == "\"'@SUM(A1)\"")
    #expect(CSVExport.field(.text("\tx")) == "\"'\tx\"")
    #expect(CSVExport.field(.text("a,b")) == "\"a,b\"")
    #expect(CSVExport.field(.text("say \"hi\"")) == "\"say \"\"hi\"\"\"")
    #expect(CSVExport.field(.text("two\nlines")) == "\"two\nlines\"")
    #expect(CSVExport.field(.text("plain")) == "plain")
    // Numbers the tool writes are never prefixed.
    #expect(CSVExport.field(.number("-1.00")) == "-1.00")
  }

  @Test func csvOfHostileTextReadsBackWithPythonsReader() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for table in CSVExport.tables(hostile()) {
      try Data(table.text.utf8).write(to: directory.appendingPathComponent(table.fileName))
    }
    let script = """
      import csv, json, sys
      out = {}
      for name in ["recommendations", "relations", "disputes"]:
          with open(sys.argv[1] + "/" + name + ".csv", newline="", encoding="utf-8") as f:
              rows = list(csv.reader(f, strict=True))
          widths = {len(r) for r in rows}
          assert len(widths) == 1, (name, widths)
          out[name] = rows
      # No cell a spreadsheet would evaluate: every text cell starting =, +, -, @ is neutralised.
      numeric = {"year", "strength_common_scale", "certainty_common_scale", "window_start_days", "window_end_days",
                 "score", "opposition", "strength", "certainty", "source_quality", "recency", "extent_population",
                 "extent_window", "relations"}
      for name, rows in out.items():
          header = rows[0]
          for row in rows[1:]:
              for column, cell in zip(header, row):
                  if column not in numeric:
                      assert not cell[:1] in ("=", "+", "-", "@", "\\t", "\\r"), (name, column, cell)
      print(json.dumps(out))
      """
    let result = try TestSupport.python(script, [directory.path])
    #expect(result.status == 0, "\(result.stderr)")
    let tables = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [[String]]])
    let recommendations = try #require(tables["recommendations"])
    let statement = try #require(recommendations[0].firstIndex(of: "statement"))
    let statements = recommendations.dropFirst().map { $0[statement] }
    #expect(statements.contains(HostileTextTests.html + " " + HostileTextTests.formula))
    #expect(statements.contains("'+1 " + HostileTextTests.controls))
    #expect((tables["relations"]?.count ?? 0) > 1)
  }

  @Test func fhirBundleOfHostileTextIsReadByFhirResources() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bundle.json")
    try Data(FHIRExport(hostile()).bundle().document.utf8).write(to: file)
    let result = try TestSupport.python(FHIRReader.script, [file.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("ArtifactAssessment"))
  }

  @Test func fhirIdsAreValidAndDeterministic() {
    #expect(FHIRExport.resourceID("aaos-2010-r1") == "aaos-2010-r1")
    let odd = FHIRExport.resourceID("a_b")
    #expect(odd.hasPrefix("h-") && odd.count == 34)
    #expect(FHIRExport.resourceID(String(repeating: "x", count: 65)).hasPrefix("h-"))
    let uuid = FHIRExport.uuid("Citation/x")
    #expect(uuid == FHIRExport.uuid("Citation/x"))
    #expect(uuid.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil)
    let report = hostile()
    #expect(FHIRExport(report).bundle() == FHIRExport(report).bundle())
  }

  @Test func githubAnnotationsEscapePropertiesAndMessages() {
    let diagnostic = Diagnostic(
      rule: "stale-source", severity: .warning, message: "50% done\nnext, line",
      location: SourceLocation(file: "dir,a/b:c.yaml", line: 3, column: 7))
    let text = GitHubAnnotations.render([diagnostic], failures: ["1 new major conflict"])
    #expect(text == """
      ::warning file=dir%2Ca/b%3Ac.yaml,line=3,col=7,title=stale-source::50%25 done%0Anext, line
      ::error title=evidence-conflicts check failed::1 new major conflict

      """)
  }

  @Test func sarifValidatesAgainstTheOASISSchema() throws {
    let diagnostics = [
      Diagnostic(rule: "yaml-syntax", severity: .error, message: "bad", location: SourceLocation(file: "a b/c.yaml", line: 2, column: 1)),
      Diagnostic(rule: "report-output", severity: .error, message: "cannot", location: .file("out")),
      Diagnostic(rule: "no-citation", severity: .note, message: "none", location: nil),
    ]
    let log = SARIFReport.render(
      diagnostics, rules: [.init(id: "yaml-syntax", kind: "catalogue rule"), .init(id: "no-citation", kind: "analysis finding")],
      toolVersion: "test", failures: ["errors"])
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("log.sarif")
    try Data(log.document.utf8).write(to: file)
    let result = try TestSupport.python(SARIFReader.script, [file.path, SARIFReader.schema.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "3 results; a%20b/c.yaml 2 1; error error note\n")
  }
}
