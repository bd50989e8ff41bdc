import ConflictAnalysis
import EvidenceCatalogue
import EvidenceModel
import EvidenceReports
import EvidenceTestSupport
import Testing

/// The written summary of the bundled topic: generated from the analysis, it leads the text
/// report and says who holds which position, on what grade, with the recommendations named, and
/// what the starting page got wrong (population mismatches, an unsourced threshold).
struct TopicSummaryTests {
  @Test func theCompressionFractureSummaryLeadsTheTextReportAndNamesItsSources() throws {
    let catalogue = try CatalogueLoader().load(TestSupport.bundledCatalogue.path).catalogue
    let analysis = Analysis(
      catalogue, options: AnalysisOptions(topic: "vcf-initial-treatment", asOf: CalendarDate(year: 2025, month: 12, day: 31)!))
    let report = ConflictReport(catalogue: analysis.catalogue, catalogueName: "Evidence", analysis: analysis, toolVersion: "test")
    let first40 = TextReport.render(report).split(separator: "\n", omittingEmptySubsequences: false).prefix(40).joined(separator: "\n")
    #expect(first40.contains("Question: What is the initial treatment for lumbar compression fractures?"))
    #expect(first40.contains("- do throughout: Conservative care: pain control, activity as tolerated, early mobilisation"))
    #expect(first40.contains("- contested throughout: Vertebral augmentation (percutaneous cement augmentation); Percutaneous vertebroplasty; Kyphoplasty (balloon);"))
    #expect(first40.contains("Population: Adults with a symptomatic osteoporotic spinal compression fracture, neurologically intact"))
    #expect(first40.contains(
      "- Percutaneous vertebroplasty, major dispute [dp-2117921076cfff3b; 27 pairwise conflicts]: the bodies recommend opposite directions for the same patients at the same time. "
        + "For: American College of Radiology 2022, Usually Appropriate (unverified) [acr-ac-vcf-2022-r2, acr-ac-vcf-2022-r3];"))
    #expect(first40.contains("NICE 2013, Recommended as an option (restricted), from 3mo after failed-conservative-care [nice-ta279-r1]"))
    #expect(first40.contains("Against: AACE 2020, Grade not recorded (unverified) [aace-2020-vertebral-augmentation]; AAOS 2010, Strong, evidence I [aaos-2010-r1];"))
    #expect(first40.contains("by implication SIR 2014 0d–3mo, from sir-qi-2014-vp-r1 [sir-qi-2014-vp-r1~window-until]"))
    #expect(first40.contains("The timing of these positions rests on the assumption failed-conservative-care-3-months, not on any of these bodies' words."))
    #expect(first40.contains("It turns on: Evidence base: aaos-2010-r1 is graded Strong on evidence level I, citing 2 sham-controlled RCTs (Buchbinder 2009, INVEST 2009);"))
    // The 3-month threshold is called an assumption, with its source.
    #expect(first40.contains("Assumption (the catalogue's, not a society's): Conservative care is taken to have failed when pain persists 3 months") && first40.contains("[failed-conservative-care-3-months"))
    // The starting page's bracing claim rests on burst-fracture guidance; its bisphosphonate
    // claim on a glucocorticoid population.
    #expect(first40.contains("- Traumatic thoracolumbar burst fracture, neurologically intact: CNS/AANS 2019 on Bracing (spinal orthosis) [cns-aans-2019-bracing]."))
    #expect(first40.contains("- Adults taking glucocorticoids (2.5 mg/day or more for more than 3 months) at high or very high fracture risk: American College of Rheumatology 2022 on Bisphosphonates [acr-rheumatology-2022-giop-bisphosphonates]."))
  }
}
