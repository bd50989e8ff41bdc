import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceReports
import EvidenceTestSupport
import Testing

/// The written summary of the bundled topic: generated from the analysis, it leads the text
/// report and says who holds which position, on what grade, with the recommendations named.
struct TopicSummaryTests {
  @Test func theCompressionFractureSummaryLeadsTheTextReportAndNamesItsSources() throws {
    let catalogue = try CatalogueLoader().load(TestSupport.bundledCatalogue.path).catalogue
    let analysis = Analysis(
      catalogue, options: AnalysisOptions(topic: "vcf-initial-treatment", asOf: CalendarDate(year: 2025, month: 12, day: 31)!))
    let report = ConflictReport(catalogue: analysis.catalogue, catalogueName: "Evidence", analysis: analysis, toolVersion: "test")
    let first40 = TextReport.render(report).split(separator: "\n", omittingEmptySubsequences: false).prefix(40).joined(separator: "\n")
    #expect(first40.contains("Question: What is the initial treatment for lumbar compression fractures?"))
    #expect(first40.contains("- conservative-care: do throughout"))
    #expect(first40.contains("- vertebroplasty (major,"))
    #expect(first40.contains("AAOS 2010 (Strong, evidence I) [aaos-2010-r1]"))
    #expect(first40.contains("Assumption, not a society's words:") && first40.contains("[failed-conservative-care-3-months"))
    #expect(first40.contains("Set aside as about another population:"))
  }
}
