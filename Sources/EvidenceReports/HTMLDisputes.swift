import ConflictAnalysis
import EvidenceModel

/// A dispute in the HTML report: its question, severity and camps (each position by body, year
/// and grade, with its id as secondary text), what it turns on, and its strongest relation.
enum HTMLDisputes {
  static func write<Output>(_ dispute: Dispute, _ report: ConflictReport, to out: inout LineWriter<Output>) {
    let catalogue = report.catalogue
    let h = HTMLReport.h
    out.append("<article class=\"dispute\" id=\"\(h(dispute.id))\">")
    out.append(
      "<h4>\(h(TopicSummary.name(dispute.intervention, catalogue))) <span class=\"sev \(dispute.severity.rawValue)\">\(dispute.severity.rawValue)</span> "
        + "<span class=\"id\">\(h(dispute.id)) · \(Counting.noun(dispute.relations.count, "pairwise conflict"))</span></h4>")
    out.append("<p>The disagreement: \(h(dispute.type.meaning)).</p>")
    out.append("<table class=\"camps\"><tbody>")
    for camp in dispute.camps {
      let positions = camp.members.map { member -> String in
        let who = "\(report.bodies.joined(member.bodies, fallback: member.source)) \(member.year.map(String.init) ?? "(year unknown)")"
        let implied = member.impliedBy.map { " <span class=\"unv\">IMPLIED</span> by \(h($0))" } ?? ""
        let window = TopicSummary.isWhole(member.window) ? "" : ", \(member.window)"
        return "<li><b>\(h(who))</b> (\(h(member.grade))\(h(window)))\(implied)"
          + (member.unverified ? " <span class=\"unv\">UNVERIFIED</span>" : "") + " <span class=\"id\">\(h(member.position))</span></li>"
      }
      out.append("<tr><td>\(h(camp.stance))</td><td><ul>" + positions.joined() + "</ul></td></tr>")
    }
    out.append("</tbody></table>")
    let factors = dispute.turnsOn.prefix(4)
    if !factors.isEmpty {
      out.append("<p><b>It turns on:</b></p><ul>" + factors.map { "<li><b>\(h($0.factor))</b>: \(h($0.text))</li>" }.joined() + "</ul>")
    }
    out.append(
      "<p class=\"src\">Strongest relation <a href=\"#\(h(dispute.strongest))\">\(h(dispute.strongest))</a>, where it holds: \(h(dispute.segment)).</p>")
    out.append("</article>")
  }
}
