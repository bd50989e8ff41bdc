import ConflictAnalysis
import EvidenceModel

/// A topic's pairwise relations in the HTML report, folded in `<details>`: the conflicts (minor
/// and above) with their scores, components, segments and explanations, each naming its
/// dispute, then the historical ones.
enum HTMLRelations {
  static func write<Output>(_ topic: String, _ report: ConflictReport, to out: inout LineWriter<Output>) {
    let live = report.pairwise(inTopic: topic)
    let shown = live.filter { $0.type.isConflict && $0.severity > .none }
    let historical = report.pairwiseHistorical(inTopic: topic).filter { $0.type.isConflict && $0.severity > .none }
    let disputeOf = report.disputeOf
    out.append(
      "<details><summary><b>Pairwise relations</b>: \(shown.count) shown (\(HTMLReport.h(Counting.bySeverity(shown.map(\.severity))))); "
        + "\(live.count - shown.count) hidden (agreements, complementary statements and timing, different populations, negligible divergences: in the JSON and XLSX reports)"
        + (historical.isEmpty ? "" : "; \(historical.count) historical") + "</summary>")
    if !shown.isEmpty { table(shown, report, disputeOf, to: &out) }
    if !historical.isEmpty {
      out.append("<p>Historical: conflicts that held while an edition now superseded or withdrawn was in force beside another body's, for the period both were in force. They are not live.</p>")
      table(historical, report, disputeOf, to: &out)
    }
    out.append("</details>")
  }

  private static func table<Output>(
    _ shown: [Conflict], _ report: ConflictReport, _ disputeOf: [String: String], to out: inout LineWriter<Output>
  ) {
    let h = HTMLReport.h
    let catalogue = report.catalogue
    out.append("<table class=\"conflicts\"><thead><tr><th style=\"width:9%\">Severity</th><th style=\"width:9%\">Type</th><th style=\"width:12%\">Question</th><th style=\"width:30%\">Positions</th><th style=\"width:14%\">Where</th><th>Why</th></tr></thead><tbody>")
    for c in shown {
      let sides = c.sides.map { side in
        let bodies = report.bodies.joined(side.bodies)
        let year = catalogue.source(side.source)?.year.map(String.init) ?? "(year unknown)"
        return "<b>\(h(bodies)) \(h(year))</b>: \(h(side.direction.rawValue)), \(h(side.grade))"
          + (side.impliedBy.map { " <span class=\"unv\">IMPLIED</span> by \(h($0))" } ?? "")
          + (side.unverified ? " <span class=\"unv\">UNVERIFIED</span>" : "")
          + "<div class=\"src\">\(h(side.statement))</div><div class=\"id\">\(h(side.recommendation))</div>"
      }.joined(separator: "<hr>")
      let why = "<ul>" + c.explanations.map { "<li><b>\(h($0.factor))</b>: \(h($0.text))</li>" }.joined() + "</ul>"
      let k = c.components
      let extent = c.extent
      let components = "opposition \(fixed(k.opposition)), strength \(k.strength.map(fixed) ?? "unknown"), certainty \(fixed(k.certainty)), quality \(fixed(k.sourceQuality)), recency \(fixed(k.recency)); extent (not in the score): population \(fixed(extent.population)), window \(fixed(extent.window))"
      let era = c.era.map { "<div class=\"src\">historical \(h($0.summary))</div>" } ?? ""
      let dispute = disputeOf[c.id].map { "<div>dispute <a href=\"#\(h($0))\">\(h($0))</a></div>" } ?? ""
      out.append(
        "<tr id=\"\(h(c.id))\"><td><span class=\"sev \(c.severity.rawValue)\">\(h(c.severity.rawValue))</span> \(h(ConflictsText.fixed1(c.score)))\(era)<div class=\"src\">\(h(components))</div>\(dispute)<div class=\"id\">\(h(c.id))</div></td>"
          + "<td>\(h(c.type.rawValue))<div class=\"src\">\(h(c.aspect.rawValue))</div></td><td>\(h(TopicSummary.name(c.intervention, catalogue)))</td><td>\(sides)</td>"
          + "<td>\(h(c.window ?? "never"))<div class=\"src\">\(h(c.population))\(c.band.map { "; " + h($0) } ?? "")</div></td><td>\(why)</td></tr>")
    }
    out.append("</tbody></table>")
  }
}
