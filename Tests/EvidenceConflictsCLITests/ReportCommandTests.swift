import EvidenceTestSupport
import Foundation
import Testing

/// `report`: the four files, the reviewed copies in `Reports/`, independent readers, determinism
/// and failure safety.
@Suite("report, end to end")
struct ReportCommandTests {
  static let names = ["conflict-report.txt", "conflict-report.json", "conflict-report.xlsx", "conflict-report.html"]

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

  @Test func anIndependentReaderFindsTheSheetsHeadersAndTheVertebroplastyConflict() throws {
    let script = """
      import sys, openpyxl
      book = openpyxl.load_workbook(sys.argv[1])
      print(",".join(book.sheetnames))
      conflicts = book["Conflicts"]
      print(",".join(str(c.value) for c in conflicts[1][:10]))
      print(conflicts.freeze_panes, conflicts.auto_filter.ref)
      for row in conflicts.iter_rows(min_row=2, values_only=True):
          if {row[6], row[8]} == {"aaos-2010-r1", "multisociety-2014-va-r1"}:
              print(row[0], row[2], row[3], row[4], row[5])
      print(len(book["Summary"]._charts), book.properties.created.isoformat())
      links = [c.hyperlink.target for r in book["Sources"].iter_rows(min_row=2) for c in r if c.hyperlink]
      print("https://doi.org/10.5435/00124635-201103000-00007" in links)
      """
    let result = try TestSupport.python(script, [TestSupport.repositoryRoot.appendingPathComponent("Reports/conflict-report.xlsx").path])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines == [
      "Summary,Conflicts,Recommendations,Pathway,Sources,Findings",
      "Severity,Score,Type,Aspect,Era,Intervention,Recommendation A,Position A,Recommendation B,Position B",
      "A2 A1:W1065",
      "major contradiction position live vertebroplasty",
      "1 2025-12-31T00:00:00",
      "True",
    ])
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
