import EvidenceTestSupport
import Foundation
import Testing

/// `report`: the four files, the reviewed copies in `Reports/`, independent readers, determinism
/// and failure safety.
@Suite("report, end to end")
struct ReportCommandTests {
  static let names = [
    "conflict-report.txt", "conflict-report.json", "conflict-report.xlsx", "conflict-report.html", "conflict-report.md",
  ]
  static var reports: URL { TestSupport.repositoryRoot.appendingPathComponent("Reports") }

  func writeReports(_ directory: URL, environment: [String: String] = [:], extra: [String] = []) throws -> TestSupport.CommandResult {
    try TestSupport.runTool(
      ["report", "Evidence", "--out", directory.path] + extra, in: TestSupport.repositoryRoot,
      environment: environment)
  }

  /// The README's main job writes `Reports/`; regenerating must give the same files (the XLSX
  /// compared part by part, as unzipped XML).
  @Test func reportsInTheRepositoryAreUpToDate() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try writeReports(directory)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == Self.names.map { "wrote \(directory.path)/\($0)\n" }.joined())
    let kept = TestSupport.repositoryRoot.appendingPathComponent("Reports")
    for name in Self.names where !name.hasSuffix(".xlsx") {
      let fresh = try Data(contentsOf: directory.appendingPathComponent(name))
      let stored = try Data(contentsOf: kept.appendingPathComponent(name))
      // Compared as a Bool: a failing `==` on Data makes the test library compute and print a
      // byte-by-byte difference, which takes many minutes for reports of this size.
      let same = fresh == stored
      #expect(same, "Reports/\(name) is out of date: run Scripts/report and review git diff Reports")
    }
    let fresh = try TestSupport.zipParts(directory.appendingPathComponent("conflict-report.xlsx"))
    let stored = try TestSupport.zipParts(kept.appendingPathComponent("conflict-report.xlsx"))
    #expect(fresh.keys.sorted() == stored.keys.sorted())
    for (part, xml) in fresh {
      let same = xml == stored[part]
      #expect(same, "Reports/conflict-report.xlsx part \(part) differs")
    }
    #expect(fresh.keys.contains("xl/charts/chart1.xml"))
  }

  @Test func anIndependentReaderFindsTheSheetsNumbersAndPageSetUp() throws {
    let script = """
      import sys, openpyxl
      book = openpyxl.load_workbook(sys.argv[1])
      print(",".join(book.sheetnames))
      conflicts = book["Conflicts"]
      print(",".join(str(c.value) for c in conflicts[1][:17]))
      setup = conflicts.page_setup
      print(conflicts.freeze_panes, conflicts.auto_filter.ref, setup.orientation, conflicts.print_title_rows, setup.fitToWidth, setup.fitToHeight)
      for row in conflicts.iter_rows(min_row=2, values_only=True):
          if {row[7], row[16]} == {"aaos-2010-r1", "multisociety-2014-va-r1"}:
              print(row[0], row[2], row[3], row[4], row[5], row[6], type(row[1]).__name__, type(row[11]).__name__, row[13], row[14])
      summary = book["Summary"]
      print(len(summary._charts), book.properties.created.isoformat())
      print([(summary.cell(r, 1).value, summary.cell(r, 2).value) for r in range(6, 12)])
      for row in book["Disputes"].iter_rows(min_row=2, values_only=True):
          if row[1] == "Percutaneous vertebroplasty":
              print(row[0], row[2], row[3], row[11])
      print([str(r.sqref) for r in book["Pathway"].conditional_formatting])
      print([c.value for c in book["Recommendations"][1]][:5])
      for name in ["Bodies", "Interventions", "Populations"]:
          print(name, [c.value for c in book[name][1]])
      links = [c.hyperlink.target for r in book["Sources"].iter_rows(min_row=2) for c in r if c.hyperlink]
      print("https://doi.org/10.5435/00124635-201103000-00007" in links)
      """
    let result = try TestSupport.python(script, [Self.reports.appendingPathComponent("conflict-report.xlsx").path])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines == [
      "Summary,Disputes,Pathway,Decisions,Conflicts,Recommendations,Sources,Bodies,Interventions,Populations,Findings",
      "Severity,Score,Type,Aspect,Era,Question,Dispute,Recommendation A,Bodies A,Direction A,Grade A,Strength A,Certainty A,Window start A (days),Window end A (days),Implied by A,Recommendation B",
      "A2 A1:AK1021 landscape $1:$1 2 0",
      "major contradiction position live Percutaneous vertebroplasty dp-2117921076cfff3b float int 0 None",
      "1 2025-12-31T00:00:00",
      "[('Recommendations', 182), ('Sources', 56), ('Disputes', 21), ('Committee decisions', 0), ('Unverified facts', 43), ('Findings', 146)]",
      "vcf-initial-treatment major 27 dp-2117921076cfff3b",
      "['G2:G485']",
      "['Id', 'Source', 'Source status', 'Bodies', 'Year']",
      "Bodies ['Id', 'Abbreviation', 'Name', 'Grading scheme', 'Address']",
      "Interventions ['Id', 'Name', 'Broader concept', 'Description']",
      "Populations ['Id', 'Name', 'Condition', 'Qualifiers', 'Ranges', 'Description']",
      "True",
    ])
  }

  /// Python's HTML parser reads the report: no script, no event handler, no link but http(s)
  /// and fragments that land on an element of the page; the topic's sections in order.
  @Test func anHTMLParserFindsNoScriptAndEveryLinkLands() throws {
    let script = """
      import sys
      from html.parser import HTMLParser
      class Reader(HTMLParser):
          def __init__(self):
              super().__init__(); self.ids = set(); self.fragments = []; self.bad = []; self.headings = []; self.current = None
          def handle_starttag(self, tag, attrs):
              attrs = dict(attrs)
              if tag in ("script", "iframe", "object", "embed"): self.bad.append(tag)
              self.bad += [k for k in attrs if k.startswith("on")]
              if "id" in attrs: self.ids.add(attrs["id"])
              href = attrs.get("href")
              if href is not None:
                  if href.startswith("#"): self.fragments.append(href[1:])
                  elif not href.startswith(("https://", "http://")): self.bad.append(href)
              if tag in ("h2", "h3"): self.current = tag; self.headings.append([tag, ""])
          def handle_endtag(self, tag):
              if tag == self.current: self.current = None
          def handle_data(self, data):
              if self.current: self.headings[-1][1] += data
      reader = Reader(); reader.feed(open(sys.argv[1], encoding="utf-8").read())
      print("bad", reader.bad)
      print("dangling", sorted(set(f for f in reader.fragments if f not in reader.ids))[:5])
      after = [h for t, h in reader.headings]
      start = after.index("Initial treatment of osteoporotic vertebral compression fractures vcf-initial-treatment")
      print(after[start + 1:start + 5])
      """
    let result = try TestSupport.python(script, [Self.reports.appendingPathComponent("conflict-report.html").path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "bad []\ndangling []\n['Summary', 'Disputes', 'Pathway', 'Stances']\n")
  }

  /// markdown-it (CommonMark with tables) reads the Markdown report: the sections in order,
  /// one pathway table per topic, and no raw HTML anywhere.
  @Test func aMarkdownParserFindsTheSectionsTablesAndNoHTML() throws {
    let script = """
      import sys
      from markdown_it import MarkdownIt
      tokens = MarkdownIt("commonmark").enable("table").parse(open(sys.argv[1], encoding="utf-8").read())
      headings = []
      for i, t in enumerate(tokens):
          if t.type == "heading_open": headings.append(t.tag + " " + tokens[i + 1].content)
      html = [t for t in tokens if t.type in ("html_block", "html_inline")]
      html += [c for t in tokens if t.children for c in t.children if c.type == "html_inline"]
      print(len(html), sum(1 for t in tokens if t.type == "table_open"))
      start = headings.index("h2 Initial treatment of osteoporotic vertebral compression fractures")
      print(headings[start:start + 4])
      print(headings[-1])
      """
    let result = try TestSupport.python(script, [Self.reports.appendingPathComponent("conflict-report.md").path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "0 8\n['h2 Initial treatment of osteoporotic vertebral compression fractures', 'h3 Summary', 'h3 Disputes', 'h3 Pathway']\nh2 Sources\n")
  }

  @Test func theJSONReportValidatesAgainstItsSchema() throws {
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.Draft202012Validator.check_schema(schema)
      errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
      for error in errors[:5]: print(error.json_path, error.message[:200])
      sys.exit(1 if errors else 0)
      """
    let root = TestSupport.repositoryRoot
    let result = try TestSupport.python(
      script, [root.appendingPathComponent("Evidence/schema/conflict-report.schema.json").path,
               root.appendingPathComponent("Reports/conflict-report.json").path])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
  }

  /// A German locale (decimal comma) built with `localedef` into a private directory, since the
  /// machine may have only the C locales installed.
  static func germanLocale(in directory: URL) throws -> [String: String] {
    let locales = directory.appendingPathComponent("locales")
    try FileManager.default.createDirectory(at: locales, withIntermediateDirectories: true)
    let made = try TestSupport.run(
      URL(fileURLWithPath: "/usr/bin/localedef"),
      ["-i", "de_DE", "-f", "UTF-8", locales.appendingPathComponent("de_DE.utf8").path])
    #expect(made.status == 0, "localedef could not build de_DE.UTF-8: \(made.stderr)")
    let probe = try TestSupport.run(
      URL(fileURLWithPath: "/usr/bin/env"), ["LOCPATH=\(locales.path)", "LC_ALL=de_DE.utf8", "printf", "%.1f", "1,5"])
    #expect(probe.stdout == "1,5", "the German locale is not in effect: \(probe.stdout) \(probe.stderr)")
    return ["LOCPATH": locales.path, "LC_ALL": "de_DE.utf8", "LANG": "de_DE.utf8", "TZ": "Asia/Kathmandu"]
  }

  @Test func theSameBytesInAnotherTimeZoneAndLocale() throws {
    let first = try TestSupport.makeTemporaryDirectory(), second = try TestSupport.makeTemporaryDirectory()
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    #expect(try writeReports(first).status == 0)
    let environment = try Self.germanLocale(in: second)
    #expect(try writeReports(second, environment: environment).status == 0)
    for name in Self.names {
      #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)), "\(name)")
    }
  }

  @Test func aFailedRunLeavesEarlierReportsAsTheyWere() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let earlier = Data("earlier report\n".utf8)
    try earlier.write(to: directory.appendingPathComponent("conflict-report.txt"))
    // A directory where the HTML report should go makes its final rename fail.
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("conflict-report.html/keep"), withIntermediateDirectories: true)
    // Abandoned files of a killed run (a process id that cannot exist) are cleaned up.
    try Data("half".utf8).write(to: directory.appendingPathComponent(".conflict-report.json.tmp-999999999"))
    let result = try writeReports(directory)
    #expect(result.status == 1)
    #expect(result.stderr.contains("conflict-report.html: error: [report-output] cannot write the report: it exists and is not a regular file"))
    #expect(result.stdout.isEmpty)
    #expect(try Data(contentsOf: directory.appendingPathComponent("conflict-report.txt")) == earlier)
    let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(left == ["conflict-report.html", "conflict-report.txt"], "files left: \(left)")
  }

  @Test func formatsChooseTheFilesAndBadOnesAreUsageErrors() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try writeReports(directory, extra: ["--format", "json,html", "--topic", "vcf-initial-treatment"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["conflict-report.html", "conflict-report.json"])
    let bad = try writeReports(directory, extra: ["--format", "pdf"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("--format 'pdf' is not a report"))
    let missing = try TestSupport.runTool(["report", "Evidence"], in: TestSupport.repositoryRoot)
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("--out"))
  }
}
