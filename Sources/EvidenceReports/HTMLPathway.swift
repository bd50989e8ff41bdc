import ConflictAnalysis
import EvidenceModel

/// A topic's pathway in the HTML report: a timeline (stretches of the timeline across, their
/// widths proportional to their length, an open end as wide as the longest stretch; one row per
/// intervention, one block of rows per band of the measures), ▲ marks linking to the disputes
/// behind a line and ◆ to a committee decision, a printed legend, then the lines once each with
/// their span.
enum HTMLPathway {
  static func write<Output>(_ pathway: Pathway, _ report: ConflictReport, to out: inout LineWriter<Output>) {
    let h = HTMLReport.h
    let catalogue = report.catalogue
    let disputeOf = report.disputeOf
    let birth = pathway.topic.anchor == .birth
    var stretches: [(start: TimelineDuration, end: TimelineDuration?)] = []
    for phase in pathway.phases where !stretches.contains(where: { $0.start.days == phase.start.days }) {
      stretches.append((phase.start, phase.end))
    }
    let widths = proportionalWidths(stretches.map { $0.end?.days }, starts: stretches.map(\.start.days))
    // The phases by band, then by the start of their stretch (each band's words worked out once).
    let keys = pathway.phases.map(\.bandsSummary)
    var bandKeys: [String] = []
    var phases: [String: [Double: PathwayPhase]] = [:]
    for (phase, key) in zip(pathway.phases, keys) {
      if phases[key] == nil { bandKeys.append(key) }
      phases[key, default: [:]][phase.start.days] = phases[key]?[phase.start.days] ?? phase
    }
    out.append("<div class=\"timeline\" role=\"table\" aria-label=\"Pathway of \(h(pathway.topic.title)): stretches of the timeline across, interventions down\">")
    out.append("<div class=\"tl-row tl-head\"><div class=\"tl-label\">\(birth ? "Age" : "Time from \(h(pathway.topic.anchor.rawValue))")</div><div class=\"tl-cells\">"
      + zip(stretches, widths).map { stretch, width in
        let window = TimingWindow(start: stretch.start, end: stretch.end)
        return "<div class=\"tl-cell\" style=\"width:\(width)%\">\(h(birth ? window.ageSummary : window.summary))</div>"
      }.joined() + "</div></div>")
    for key in bandKeys {
      if !key.isEmpty { out.append("<div class=\"tl-band\">\(h(key))</div>") }
      var seen: [String] = []
      for (phase, phaseKey) in zip(pathway.phases, keys) where phaseKey == key {
        for item in phase.items where !seen.contains(item.intervention) { seen.append(item.intervention) }
      }
      for intervention in seen {
        var cells: [String] = []
        for (stretch, width) in zip(stretches, widths) {
          guard
            let phase = phases[key]?[stretch.start.days],
            let item = phase.items.first(where: { $0.intervention == intervention })
          else {
            cells.append("<div class=\"tl-cell p-none\" style=\"width:\(width)%\"></div>")
            continue
          }
          let disputes = Array(Set(item.conflicts.compactMap { disputeOf[$0] })).sorted()
          let tip = "\(item.name), \(phase.name): \(item.position.rawValue) (\(item.basis.rawValue))"
            + item.exceptions.map { "; except \($0.name): \($0.position.rawValue)" }.joined()
          let marks = disputes.map { "<a href=\"#\(h($0))\" title=\"dispute \(h($0))\">▲</a>" }
            + item.decisions.map { "<a href=\"#\(h($0))\" title=\"committee decision \(h($0))\">◆</a>" }
          cells.append(
            "<div class=\"tl-cell p-\(item.position.rawValue)\" style=\"width:\(width)%\" title=\"\(h(tip))\">"
              + h(item.position == .insufficientEvidence ? "insufficient" : item.position.rawValue) + (marks.isEmpty ? "" : " " + marks.joined(separator: " ")) + "</div>")
        }
        out.append(
          "<div class=\"tl-row\"><div class=\"tl-label\">\(h(TopicSummary.name(intervention, catalogue)))</div><div class=\"tl-cells\">"
            + cells.joined() + "</div></div>")
      }
    }
    out.append("</div>")
    out.append(legend)
    lines(pathway, report, to: &out)
  }

  /// Percent widths of stretches proportional to their length (an open-ended stretch as long as
  /// the longest bounded one), none narrower than 9 %.
  static func proportionalWidths(_ ends: [Double?], starts: [Double]) -> [String] {
    guard !starts.isEmpty else { return [] }
    let bounded = zip(starts, ends).compactMap { start, end in end.map { $0 - start } }
    let open = max(bounded.max() ?? 1, 1)
    var weights = zip(starts, ends).map { start, end in max(end.map { $0 - start } ?? open, 1e-9) }
    let floor = 9.0
    for _ in 0..<3 {
      let total = weights.reduce(0, +)
      let shares = weights.map { 100 * $0 / total }
      guard shares.contains(where: { $0 < floor - 1e-9 }) else { break }
      let small = shares.filter { $0 < floor }.count
      let rest = weights.enumerated().filter { shares[$0.offset] >= floor }.map(\.element).reduce(0, +)
      let restShare = 100 - floor * Double(small)
      weights = weights.enumerated().map { index, weight in
        shares[index] < floor ? floor : (restShare * weight / max(rest, 1e-9))
      }
    }
    let total = weights.reduce(0, +)
    return weights.map { fixed(100 * $0 / total) }
  }

  static var legend: String {
    "<p class=\"legend\">" + PathwayPosition.allCases.map {
      "<span><i class=\"p-\($0.rawValue)\"></i>\(HTMLReport.h($0.rawValue))</span>"
    }.joined(separator: " ") + " <span>▲ a dispute behind the line (links to it)</span> <span>◆ a committee decision</span>"
      + " <span>Widths follow the length of each stretch; an open end is drawn as long as the longest stretch.</span></p>"
  }

  /// The lines, each once with its span: position, intervention, when, what it rests on, the
  /// disputes, exceptions and decisions.
  private static func lines<Output>(_ pathway: Pathway, _ report: ConflictReport, to out: inout LineWriter<Output>) {
    let h = HTMLReport.h
    let rows = PathwaySpans(pathway.phases).rows(birth: pathway.topic.anchor == .birth)
    guard !rows.isEmpty else { return }
    let disputeOf = report.disputeOf
    let decisions = Dictionary(report.decisions.map { ($0.id, $0) }) { x, _ in x }
    let positions = report.positions
    func who(_ id: String) -> String {
      guard let r = positions[id] else { return "<span class=\"id\">\(h(id))</span>" }
      let bodies = report.bodies.joined(r.source.bodies)
      return "<b>\(h(bodies)) \(h(r.year.map(String.init) ?? "(year unknown)"))</b>\(r.isImplied ? " (implied)" : "") <span class=\"id\">\(h(id))</span>"
    }
    out.append("<details><summary><b>Pathway lines</b> (\(rows.count), each once with its span)</summary>")
    out.append("<table class=\"lines\"><thead><tr><th style=\"width:16%\">Intervention</th><th style=\"width:10%\">Position</th><th style=\"width:14%\">When</th><th>Rests on</th><th style=\"width:26%\">Disputes, exceptions and decisions</th></tr></thead><tbody>")
    for row in rows {
      let item = row.item
      let disputes = Array(Set(item.conflicts.compactMap { disputeOf[$0] })).sorted()
      var notes = disputes.map { "dispute <a href=\"#\(h($0))\">\(h($0))</a>" }
      if disputes.isEmpty, !item.conflicts.isEmpty { notes.append(h(Counting.noun(item.conflicts.count, "minor relation"))) }
      notes += item.exceptions.map { "except \(h($0.name)): <b>\(h($0.position.rawValue))</b>" }
      notes += item.decisions.map { "<b>decision</b>: " + h(decisions[$0]?.summary ?? $0) }
      out.append(
        "<tr><td>\(h(item.name))</td><td class=\"p-\(item.position.rawValue)\">\(h(item.position.rawValue))</td>"
          + "<td>\(h(row.span))\(row.bands.isEmpty ? "" : "<div class=\"src\">\(h(row.bands))</div>")</td>"
          + "<td>" + item.recommendations.map(who).joined(separator: ", ") + "\(item.unverified ? " <span class=\"unv\">UNVERIFIED</span>" : "")<div class=\"src\">\(h(item.rationale))</div></td>"
          + "<td>" + notes.joined(separator: "<br>") + "</td></tr>")
    }
    out.append("</tbody></table></details>")
  }
}
