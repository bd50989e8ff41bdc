import EvidenceTestSupport
import Foundation
import Testing

/// A committee decision added to a copy of the bundled catalogue: shown by `resolve` and every
/// report beside the contested line it settles, and reported re-opened by `check` once a
/// recommendation it settled is edited.
@Suite("committee decisions, end to end")
struct DecisionCommandTests {
  func workspace() throws -> CheckCommandTests.Workspace {
    let workspace = try CheckCommandTests.Workspace()
    try TestSupport.committeeDecision.write(to: workspace.catalogue.appendingPathComponent("vcf/decisions.yaml"), atomically: true, encoding: .utf8)
    return workspace
  }

  @Test func resolveAndEveryReportShowTheDecisionBesideTheContestedLine() throws {
    let w = try workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let resolve = try TestSupport.runTool(
      ["resolve", "Evidence", "--topic", "vcf-initial-treatment", "--as-of", "2025-12-31", "--at", "4mo"], in: w.root)
    #expect(resolve.status == 0, "\(resolve.stderr)")
    let lines = resolve.stdout.split(separator: "\n").map(String.init)
    let line = try #require(lines.firstIndex { $0.hasPrefix("  contested") && $0.contains(" vertebroplasty  [") })
    #expect(lines[line + 1] == "      decision: consider by Test spine committee on 2025-06-01 [test-committee-vertebroplasty]; stands")
    #expect(resolve.stdout.contains("Committee decisions:\n  vertebroplasty from 3mo (after failed-conservative-care): consider by Test spine committee"))
    let early = try TestSupport.runTool(
      ["resolve", "Evidence", "--topic", "vcf-initial-treatment", "--as-of", "2025-12-31", "--at", "10d"], in: w.root)
    #expect(!early.stdout.contains("      decision:"))

    let out = w.root.appendingPathComponent("reports")
    let report = try TestSupport.runTool(["report", "Evidence", "--out", out.path, "--as-of", "2025-12-31", "--topic", "vcf-initial-treatment"], in: w.root)
    #expect(report.status == 0, "\(report.stderr)")
    func read(_ name: String) throws -> String { try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) }
    #expect(try read("conflict-report.txt").contains("Committee decisions:\n- Percutaneous vertebroplasty from 3mo (after failed-conservative-care): consider by Test spine committee on 2025-06-01 [test-committee-vertebroplasty]; stands"))
    #expect(try read("conflict-report.md").contains("**decision**: consider by Test spine committee on 2025-06-01 \\[test-committee-vertebroplasty\\]; stands"))
    let html = try read("conflict-report.html")
    #expect(html.contains("title=\"committee decision test-committee-vertebroplasty\">◆</a>") && html.contains("<tr id=\"test-committee-vertebroplasty\">"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(read("conflict-report.json").utf8)) as? [String: Any])
    let decisions = try #require(json["decisions"] as? [[String: Any]])
    #expect(decisions.map { $0["id"] as? String } == ["test-committee-vertebroplasty"] && decisions.first?["status"] as? String == "standing")
    let script = """
      import sys, openpyxl
      sheet = openpyxl.load_workbook(sys.argv[1])["Decisions"]
      print([c.value for c in sheet[2]][:9])
      """
    let xlsx = try TestSupport.python(script, [out.appendingPathComponent("conflict-report.xlsx").path])
    #expect(xlsx.stdout == "['test-committee-vertebroplasty', 'vcf-initial-treatment', 'Percutaneous vertebroplasty', \"all of the topic's\", 'from 3mo (after failed-conservative-care)', 'consider', 'Test spine committee', '2025-06-01', 'standing']\n", "\(xlsx.stderr)")
  }

  @Test func checkReportsTheDecisionReopenedOnceASettledRecommendationIsEdited() throws {
    let w = try workspace()
    defer { try? FileManager.default.removeItem(at: w.root) }
    let first = try w.check()
    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    #expect(!first.stderr.contains("decision-reopened"))
    // AAOS 2010 reworded: the committee weighed the old wording.
    let text = try String(contentsOf: w.aaos, encoding: .utf8)
    let old = "statement: Recommends against vertebroplasty"
    #expect(text.contains(old))
    try text.replacingOccurrences(of: old, with: "statement: Recommends strongly against vertebroplasty")
      .write(to: w.aaos, atomically: true, encoding: .utf8)
    for _ in 0..<2 {
      // Re-opened until the committee revises the decision, run after run.
      let again = try w.check()
      #expect(again.status == 1)
      #expect(again.stderr.contains(
        "Evidence/vcf/decisions.yaml:3:5: warning: [decision-reopened] decision test-committee-vertebroplasty (Test spine committee, 2025-06-01) is re-opened: aaos-2010-r1, which it considered, changed since the decision was first checked"))
      #expect(again.stdout.contains("Policy error,new-major,reopened-decision: FAIL (1 re-opened decision)."))
    }
    // The committee revises it (a new date): it stands again.
    let path = w.catalogue.appendingPathComponent("vcf/decisions.yaml")
    try TestSupport.committeeDecision.replacingOccurrences(of: "date: 2025-06-01", with: "date: 2025-11-20").write(to: path, atomically: true, encoding: .utf8)
    let revised = try w.check()
    #expect(revised.status == 0, "\(revised.stdout)\(revised.stderr)")
    #expect(!revised.stderr.contains("decision-reopened"))
  }
}
