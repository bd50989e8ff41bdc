import ConflictAnalysis
import EvidenceModel

/// The stance matrix of a topic in the HTML report: one row per intervention, one column per
/// stance (for, for selectively, against, no recommendation either way), and one mark per stated
/// recommendation of a current source, naming its bodies, year and grade (a joint statement of
/// eight bodies is one mark, not eight). Implied positions are not marks: the disputes and the
/// pathway show them.
enum HTMLStanceMatrix {
  static let stances = ["for", "for selectively", "against", "no recommendation"]

  static func write<Output>(_ pathway: Pathway, _ report: ConflictReport, to out: inout LineWriter<Output>) {
    let h = HTMLReport.h
    let catalogue = report.catalogue
    let topic = pathway.topic.id
    let elsewhere = Set(pathway.setAside.filter { $0.reason.hasPrefix("population outside") }.map(\.recommendation))
    let stated = report.recommendations(inTopic: topic).filter { $0.source.status == .current }
    guard !stated.isEmpty else {
      out.append("<p>No current recommendation.</p>")
      return
    }
    // In catalogue order, from the catalogue's index: an order of every concept made for each
    // topic made the report quadratic (at 1M, 20,000 topics × 120,000 concepts).
    let order = { (id: String) in catalogue.position(ofIntervention: id) ?? .max }
    let interventions = Array(Set(stated.flatMap(\.recommendation.interventions)))
      .sorted { (order($0), $0) < (order($1), $1) }
    var cells: [String: [AssessedRecommendation]] = [:]
    for r in stated {
      for i in r.recommendation.interventions { cells[i + "\u{1F}" + Dispute.stance(r), default: []].append(r) }
    }
    let stances = Self.stances.filter { stance in stated.contains { Dispute.stance($0) == stance } }
    out.append("<table class=\"matrix\"><thead><tr><th style=\"width:20%\">Intervention</th>"
      + stances.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead><tbody>")
    for intervention in interventions {
      var row = "<tr><td class=\"who\">\(h(TopicSummary.name(intervention, catalogue)))</td>"
      for stance in stances {
        let marks = (cells[intervention + "\u{1F}" + stance] ?? []).map { r -> String in
          let bodies = report.bodies.joined(r.source.bodies)
          let (symbol, kind) = switch r.position.direction {
          case .for: ("+", "for")
          case .against: ("−", "against")
          case .neutral: ("○", "neutral")
          }
          return "<span class=\"mark m-\(kind)\" title=\"\(h(r.id)): \(h(r.recommendation.statement))\">\(symbol) <b>\(h(bodies))</b> "
            + "\(h(r.year.map(String.init) ?? "(year unknown)")) · \(h(r.grade))\(r.isUnverified ? " <span class=\"unv\">UNVERIFIED</span>" : "")"
            + (elsewhere.contains(r.id) ? " <em>(another population: \(h(r.population.name)))</em>" : "") + "</span>"
        }
        row += "<td>" + marks.joined(separator: " ") + "</td>"
      }
      out.append(row + "</tr>")
    }
    out.append("</tbody></table>")
    out.append(
      "<p class=\"legend\"><span><i class=\"m-for\"></i>+ for</span> <span><i class=\"m-against\"></i>− against</span> "
        + "<span><i class=\"m-neutral\"></i>○ no recommendation either way</span> "
        + "One mark per statement of a current source: its bodies, year and grade in the source's own words; a joint statement of several bodies is one mark. <em>Another population</em>: set aside by the pathway. Hover a mark for the statement.</p>")
  }
}
