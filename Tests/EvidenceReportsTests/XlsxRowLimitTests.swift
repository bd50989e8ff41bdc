import ConflictAnalysis
import EvidenceModel
import EvidenceReports
import EvidenceTestSupport
import Foundation
import Testing

/// A sheet holds at most 1,048,576 rows; a report with more relations keeps the most severe, says
/// so, and keeps every range (filter, conditional formats) inside the sheet. Tested with the limit
/// lowered, as a million-relation catalogue is a benchmark, not a test.
struct XlsxRowLimitTests {
  func report() -> ConflictReport {
    var b = CatalogueBuilder()
    b.recommend("a", body: "alpha", direction: .against, strength: "Strong", evidence: "High")
    b.recommend("b", body: "beta", direction: .for)
    b.recommend("c", body: "gamma", direction: .for, strength: "Weak")
    b.recommend("d", body: "delta", direction: .against, strength: "Weak")
    let catalogue = b.catalogue
    let analysis = Analysis(catalogue, options: AnalysisOptions(asOf: CalendarDate(year: 2024, month: 1, day: 1)!))
    return ConflictReport(catalogue: catalogue, catalogueName: "rows", analysis: analysis, toolVersion: "test")
  }

  @Test func aSheetWithMoreRowsThanTheLimitKeepsTheFirstAndSaysSo() throws {
    let report = report()
    #expect(report.analysis.conflicts.count == 6)
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("report.xlsx")
    let findings = try XlsxReport.write(report, to: file.path, rowLimit: 4)
    // Conflicts, Recommendations, Sources, the lookup sheets of bodies and interventions, and
    // Findings (which lists the sheets cut before it) each have more than three rows.
    #expect(findings.map(\.rule) == Array(repeating: "xlsx-rows-truncated", count: findings.count))
    #expect(findings.map { $0.message.prefix { $0 != " " } } == ["Conflicts", "Recommendations", "Sources", "Bodies", "Interventions", "Findings"])
    #expect(findings.map(\.message).contains("Conflicts holds the first 3 of 6 rows, the most a sheet can hold; the JSON and text reports hold them all"))
    #expect(findings.map(\.message).contains("Recommendations holds the first 3 of 4 rows, the most a sheet can hold; the JSON and text reports hold them all"))
    let conflicts = try #require(try TestSupport.zipParts(file)["xl/worksheets/sheet5.xml"])
    #expect(conflicts.contains("<row r=\"4\""))
    #expect(!conflicts.contains("<row r=\"5\""))
    #expect(conflicts.contains("<autoFilter ref=\"A1:AK4\"/>"))
    #expect(conflicts.contains("<conditionalFormatting sqref=\"A2:A4\">"))
    #expect(!conflicts.contains("A2:A7"))
    // The rows kept are the most severe, in report order.
    let first = report.analysis.conflicts.prefix(3).map(\.id)
    for id in first { #expect(conflicts.contains(id)) }
    for id in report.analysis.conflicts.dropFirst(3).map(\.id) { #expect(!conflicts.contains(id)) }
  }

  @Test func rowsMadeOnSeveralCoresAreWrittenInReportOrder() throws {
    let analysis = JSONStreamTests.manyRelations()
    let report = ConflictReport(
      catalogue: analysis.catalogue, catalogueName: "rows", analysis: analysis, toolVersion: "test")
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("report.xlsx")
    #expect(try XlsxReport.write(report, to: file.path).isEmpty)
    let sheet = try #require(try TestSupport.zipParts(file)["xl/worksheets/sheet5.xml"])
    let rows = sheet.matches(of: /<row r="(\d+)"/).map { Int($0.output.1)! }
    #expect(rows == Array(1...(report.pairwise.count + 1)))
    // Each row holds its relation's id (the only relation id in a row of this sheet).
    let ids = sheet.matches(of: /cf-[0-9a-f]{16}/).map { String($0.output) }
    #expect(report.pairwise.count > 1_500)
    #expect(ids == report.pairwise.map(\.id))
  }
}
