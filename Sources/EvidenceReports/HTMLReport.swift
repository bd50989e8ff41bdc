import ConflictAnalysis
import EvidenceModel

/// The HTML report: one self-contained file with no scripts, every catalogue string escaped,
/// readable in a browser and printable. It shows each topic's resolved pathway as an SVG timeline
/// (phases across, interventions down, colour by position, conflicts marked), an SVG stance matrix
/// (societies × interventions, colour by direction, intensity by strength), then the conflicts,
/// unverified facts, findings and sources.
public enum HTMLReport {
  public static func render(_ report: ConflictReport) -> String {
    var text = ""
    write(report, to: &text)
    return text
  }

  /// Writes the report piece by piece (the same bytes as ``render(_:)``).
  public static func write<Output: TextOutputStream>(_ report: ConflictReport, to output: inout Output) {
    let analysis = report.analysis
    var out = LineWriter(base: output)
    defer { output = out.base }
    out.append("<!DOCTYPE html>")
    out.append("<html lang=\"en\"><head><meta charset=\"utf-8\">")
    out.append("<title>Evidence-conflict report: \(h(report.catalogueName))</title>")
    out.append("<style>\(style)</style></head><body>")
    out.append("<h1>Evidence-conflict report</h1>")
    out.append(
      "<p class=\"meta\">Catalogue <b>\(h(report.catalogueName))</b>, as of \(h(analysis.options.asOf.description)), "
        + (analysis.options.topic.map { "topic <b>\(h($0))</b>" } ?? "all topics")
        + ". Written by evidence-conflicts \(h(report.toolVersion)).</p>")
    out.append("<p class=\"meta\">Conflicts: " + report.severityCounts.map {
      "<span class=\"sev \($0.0.rawValue)\">\($0.1) \($0.0.rawValue)</span>"
    }.joined(separator: " ") + ". Unverified facts: \(report.unverified.count). Findings: \(report.diagnostics.count).</p>")
    for pathway in report.pathways {
      out.append("<h2>Pathway: \(h(pathway.topic.title))</h2>")
      out.append("<p>\(h(pathway.topic.question)) Population: <code>\(h(pathway.topic.population))</code>; "
        + "timeline from \(h(pathway.topic.anchor.rawValue)).</p>")
      if !pathway.topic.redFlags.isEmpty {
        out.append("<div class=\"flags\"><b>Red flags, at any time (they override the pathway):</b><ul>")
        for flag in pathway.topic.redFlags {
          out.append("<li><b>\(h(flag.description))</b> → \(h(flag.action)) <span class=\"src\">(\(h(flag.provenance.citation)))</span></li>")
        }
        out.append("</ul></div>")
      }
      out.append(timeline(pathway))
      out.append(legend)
      if !pathway.topic.assumptions.isEmpty {
        out.append("<h3>Assumptions (the catalogue's, not any society's words)</h3><ul>")
        for a in pathway.topic.assumptions {
          out.append(
            "<li><code>\(h(a.id))</code>\(a.duration.map { " (\(h($0.description)))" } ?? ""): \(h(a.statement)) "
              + "<span class=\"src\">Source: \(link(a.provenance.identifiers.preferredLink, a.provenance.citation))</span>"
              + (a.verification.isUnverified ? " <span class=\"unv\">UNVERIFIED</span>" : "") + "</li>")
        }
        out.append("</ul>")
      }
    }
    out.append("<h2>Stances by society</h2>")
    out.append(matrix(report))
    out.append("<h2>Conflicts</h2>")
    conflicts(report, to: &out)
    out.append("<h2>Unverified facts</h2>")
    if report.unverified.isEmpty { out.append("<p>None.</p>") } else {
      out.append("<ul>" + report.unverified.map {
        "<li><span class=\"unv\">UNVERIFIED</span> \(h($0.kind)) <code>\(h($0.id))</code>\($0.note.map { ": " + h($0) } ?? "")</li>"
      }.joined() + "</ul>")
    }
    out.append("<h2>Findings</h2>")
    if report.diagnostics.isEmpty { out.append("<p>None.</p>") } else {
      out.append("<table><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Message</th></tr>")
      for d in report.diagnostics {
        out.append(
          "<tr><td>\(h(d.severity.rawValue))</td><td><code>\(h(d.rule))</code></td><td>\(h(d.location?.description ?? ""))</td><td>\(h(d.message))</td></tr>")
      }
      out.append("</table>")
    }
    out.append("<h2>Sources</h2><ol class=\"sources\">")
    for s in report.sources {
      out.append(
        "<li id=\"\(h(s.id))\"><code>\(h(s.id))</code> \(h(s.title)) (\(h(s.publicationDate?.description ?? "year unknown"))). "
          + "\(h(s.citation)). \(link(s.identifiers.preferredLink, s.identifiers.preferredLink ?? ""))"
          + " <span class=\"src\">\(h(s.status.rawValue))\(s.supersededBy.map { " by " + h($0) } ?? "")</span>"
          + (s.verification.isUnverified ? " <span class=\"unv\">UNVERIFIED</span>" : "") + "</li>")
    }
    out.append("</ol></body></html>")
  }

  // MARK: - Pictures

  static let positionColours: [PathwayPosition: String] = [
    .do: "#1a7f37", .consider: "#8fd19e", .contested: "#f0a030", .insufficientEvidence: "#c8c8c8",
    .doNot: "#d1242f",
  ]

  static var legend: String {
    "<p class=\"legend\">" + PathwayPosition.allCases.map {
      "<span><i style=\"background:\(positionColours[$0]!)\"></i>\(h($0.rawValue))</span>"
    }.joined(separator: " ") + " <span>▲ conflicts behind the line</span></p>"
  }

  /// The pathway as an SVG grid: stretches of the timeline across; interventions down, one block
  /// of rows per band of the measures where the pathway has bands (so a topic cut by pack-years or
  /// HbA1c stays readable instead of growing sideways).
  static func timeline(_ pathway: Pathway) -> String {
    var stretches: [(start: TimelineDuration, end: TimelineDuration?, name: String)] = []
    for phase in pathway.phases where !stretches.contains(where: { $0.start.days == phase.start.days }) {
      let base = phase.name.components(separatedBy: "; ").first ?? phase.name
      stretches.append((phase.start, phase.end, base))
    }
    var bandKeys: [String] = []
    for phase in pathway.phases {
      let key = phase.bands.map(\.summary).joined(separator: "; ")
      if !bandKeys.contains(key) { bandKeys.append(key) }
    }
    var rows: [(band: String, intervention: String)] = []
    for key in bandKeys {
      var seen: [String] = []
      for phase in pathway.phases where phase.bands.map(\.summary).joined(separator: "; ") == key {
        for item in phase.items where !seen.contains(item.intervention) { seen.append(item.intervention) }
      }
      rows += seen.map { (key, $0) }
    }
    let banded = bandKeys.count > 1 || bandKeys.first?.isEmpty == false
    let labelWidth = banded ? 470 : 230, cell = 118, rowHeight = 22, top = 46
    let width = labelWidth + cell * max(1, stretches.count) + 10
    let height = top + rowHeight * rows.count + 10
    var svg = [
      "<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"11\">",
      "<title>Pathway of \(h(pathway.topic.id)): phases across, interventions down\(banded ? ", by band of the measures" : "")</title>",
    ]
    for (column, stretch) in stretches.enumerated() {
      let x = labelWidth + column * cell
      let span = stretch.end.map { "\(stretch.start)–\($0)" } ?? "from \(stretch.start)"
      let name = stretch.name.components(separatedBy: " (").first ?? stretch.name
      svg.append("<text x=\"\(x + 4)\" y=\"16\" font-weight=\"bold\">\(h(String(name.prefix(20))))</text>")
      svg.append("<text x=\"\(x + 4)\" y=\"32\">\(h(span))</text>")
    }
    for (index, row) in rows.enumerated() {
      let y = top + index * rowHeight
      let label = banded ? "\(row.band.isEmpty ? "all" : row.band) · \(row.intervention)" : row.intervention
      svg.append("<text x=\"4\" y=\"\(y + 15)\">\(h(String(label.prefix(banded ? 78 : 34))))</text>")
      for (column, stretch) in stretches.enumerated() {
        guard
          let phase = pathway.phases.first(where: {
            $0.start.days == stretch.start.days && $0.bands.map(\.summary).joined(separator: "; ") == row.band
          }),
          let item = phase.items.first(where: { $0.intervention == row.intervention })
        else { continue }
        let x = labelWidth + column * cell
        let tip = "\(item.intervention), \(phase.name): \(item.position.rawValue) (\(item.basis.rawValue)); "
          + item.recommendations.joined(separator: ", ")
          + item.exceptions.map { "; except \($0.name): \($0.position.rawValue)" }.joined()
        svg.append(
          "<g><title>\(h(tip))</title><rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell - 2)\" height=\"\(rowHeight - 2)\" fill=\"\(positionColours[item.position]!)\"/>"
            + "<text x=\"\(x + 5)\" y=\"\(y + 15)\" fill=\"\(item.position == .do || item.position == .doNot ? "#fff" : "#000")\">\(h(item.position.rawValue == "insufficient-evidence" ? "insufficient" : item.position.rawValue))</text>"
            + (item.conflicts.isEmpty ? "" : "<text x=\"\(x + cell - 14)\" y=\"\(y + 15)\" fill=\"#000\">▲</text>")
            + "</g>")
      }
    }
    svg.append("</svg>")
    return svg.joined(separator: "\n")
  }

  static func matrix(_ report: ConflictReport) -> String {
    let current = report.analysis.recommendations.filter { $0.source.status == .current }
    var bodySet = Set<String>(), interventionSet = Set<String>()
    var cells: [String: [AssessedRecommendation]] = [:]
    for r in current {
      for b in r.source.bodies {
        bodySet.insert(b)
        for i in r.recommendation.interventions { cells[b + "\u{1F}" + i, default: []].append(r) }
      }
      for i in r.recommendation.interventions { interventionSet.insert(i) }
    }
    var bodies = Array(bodySet)
    var interventions = Array(interventionSet)
    let order = Dictionary(report.catalogue.interventions.enumerated().map { ($1.id, $0) }) { x, _ in x }
    interventions.sort { (order[$0] ?? .max, $0) < (order[$1] ?? .max, $1) }
    bodies.sort()
    let labelWidth = 110, cell = 26, top = 170
    let width = labelWidth + cell * interventions.count + 130
    let height = top + cell * bodies.count + 10
    var svg = [
      "<svg class=\"matrix\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"11\">",
      "<title>Stances: societies down, interventions across; green for, red against, grey no recommendation; darker is stronger</title>",
    ]
    for (column, intervention) in interventions.enumerated() {
      let x = labelWidth + column * cell + cell / 2 + 4
      svg.append("<text transform=\"translate(\(x),\(top - 6)) rotate(-60)\">\(h(String(intervention.prefix(28))))</text>")
    }
    for (row, body) in bodies.enumerated() {
      let y = top + row * cell
      let label = report.catalogue.body(body)?.abbreviation ?? body
      svg.append("<text x=\"4\" y=\"\(y + 17)\"><title>\(h(report.catalogue.body(body)?.name ?? body))</title>\(h(label)) <tspan fill=\"#666\">\(h(body))</tspan></text>")
      for (column, intervention) in interventions.enumerated() {
        let recs = cells[body + "\u{1F}" + intervention] ?? []
        guard let strongest = recs.max(by: { ($0.position.strength ?? -1) < ($1.position.strength ?? -1) }) else { continue }
        let directions = Set(recs.map(\.position.direction))
        let colour: String
        let mark: String
        if directions.count > 1 {
          colour = "#8250df"
          mark = "±"
        } else {
          switch strongest.position.direction {
          case .for: (colour, mark) = ("#1a7f37", "+")
          case .against: (colour, mark) = ("#d1242f", "−")
          case .neutral: (colour, mark) = ("#8c8c8c", "0")
          }
        }
        // An ungraded statement (strength unknown) is drawn at the lightest shade.
        let opacity = fixed(0.3 + 0.7 * (strongest.position.strength ?? 0))
        let x = labelWidth + column * cell
        let tip = "\(body) on \(intervention): " + recs.map { "\($0.id) \($0.position.direction.rawValue), \($0.grade)" }.joined(separator: "; ")
        svg.append(
          "<g><title>\(h(tip))</title><rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"\(colour)\" fill-opacity=\"\(opacity)\"/>"
            + "<text x=\"\(x + cell / 2 - 3)\" y=\"\(y + 17)\">\(mark)</text></g>")
      }
    }
    svg.append("</svg>")
    return svg.joined(separator: "\n")
      + "\n<p class=\"legend\"><span><i style=\"background:#1a7f37\"></i>for</span> <span><i style=\"background:#d1242f\"></i>against</span> <span><i style=\"background:#8c8c8c\"></i>no recommendation</span> <span><i style=\"background:#8250df\"></i>mixed</span> Darker is stronger; hover a cell for the recommendations.</p>"
  }

  static func conflicts<Output>(_ report: ConflictReport, to out: inout LineWriter<Output>) {
    let shown = report.analysis.conflicts.filter { $0.type.isConflict && $0.severity > .none }
    table(shown, to: &out)
    let others = report.analysis.conflicts.count - shown.count
    out.append("<p class=\"src\">\(others) further relations (agreements, complementary statements, complementary timing, different populations, negligible divergences) are in the JSON and XLSX reports.</p>")
    let historical = report.analysis.historical.filter { $0.type.isConflict && $0.severity > .none }
    out.append("<h2 id=\"historical\">Historical conflicts</h2>")
    if historical.isEmpty {
      out.append("<p>None: no edition now superseded or withdrawn disagreed with another body's while both were in force.</p>")
    } else {
      out.append("<p>Conflicts that held while an edition now superseded or withdrawn was in force beside another body's, for the period both were in force. They are not live.</p>")
      table(historical, to: &out)
    }
  }

  private static func table<Output>(_ shown: [Conflict], to out: inout LineWriter<Output>) {
    out.append("<table class=\"conflicts\"><tr><th>Severity</th><th>Score</th><th>Type</th><th>Intervention</th><th>Positions</th><th>Where</th><th>Why</th></tr>")
    for c in shown {
      let sides = c.sides.map { side in
        "<code>\(h(side.recommendation))</code> [\(h(side.bodies.joined(separator: ", ")))] "
          + (side.impliedBy.map { "<span class=\"unv\">IMPLIED</span> by <code>\(h($0))</code>: " } ?? "")
          + "\(h(side.direction.rawValue)), \(h(side.grade))"
          + (side.unverified ? " <span class=\"unv\">UNVERIFIED</span>" : "")
          + "<div class=\"src\">\(h(side.statement))</div>"
      }.joined(separator: "vs ")
      let why = "<ul>" + c.explanations.map { "<li><b>\(h($0.factor))</b>: \(h($0.text))</li>" }.joined() + "</ul>"
      let k = c.components
      let extent = c.extent
      let components = "opposition \(fixed(k.opposition)), strength \(fixed(k.strength)), certainty \(fixed(k.certainty)), quality \(fixed(k.sourceQuality)), recency \(fixed(k.recency)); extent (not in the score): population \(fixed(extent.population)), window \(fixed(extent.window))"
      let era = c.era.map { "<div class=\"src\">historical \(h($0.summary))</div>" } ?? ""
      out.append(
        "<tr id=\"\(h(c.id))\"><td><span class=\"sev \(c.severity.rawValue)\">\(h(c.severity.rawValue))</span>\(era)</td><td>\(h(ConflictsText.fixed1(c.score)))<div class=\"src\">\(h(components))</div></td>"
          + "<td>\(h(c.type.rawValue))<div class=\"src\">\(h(c.aspect.rawValue))</div></td><td>\(h(c.intervention))</td><td>\(sides)</td>"
          + "<td>\(h(c.window ?? "never"))<div class=\"src\">\(h(c.population))\(c.band.map { "; " + h($0) } ?? "")</div></td><td>\(why)</td></tr>")
    }
    out.append("</table>")
  }

  // MARK: - Escaping

  /// Escapes text for HTML content and attribute values; control characters become U+FFFD and
  /// Unicode bidirectional controls are shown as `\u{…}` (never applied), so that text cannot be
  /// spoofed.
  static func h(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\n", "\t": out.unicodeScalars.append(scalar)
      default:
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) {
          out += "\u{FFFD}"
        } else if TerminalText.isBidirectionalControl(value) {
          // Bidirectional controls could reorder what a reader sees: shown, as in the text report.
          out += "<span class=\"unv\">\\u{" + String(value, radix: 16) + "}</span>"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// A link to an http(s) address, or the escaped text alone for anything else.
  static func link(_ url: String?, _ text: String) -> String {
    guard let url, url.hasPrefix("https://") || url.hasPrefix("http://") else { return h(text) }
    return "<a href=\"\(h(url))\">\(h(text))</a>"
  }

  static let style = """
    body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#1f2328}
    h1{font-size:1.6em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}
    table{border-collapse:collapse;width:100%;font-size:.88em}th,td{border:1px solid #d0d7de;padding:4px 6px;vertical-align:top;text-align:left}
    th{background:#f6f8fa}.meta{color:#444}.src{color:#57606a;font-size:.85em}code{font-size:.9em}
    .sev{padding:1px 6px;border-radius:3px;font-weight:bold}.major{background:#f8cbad;color:#9c0006}.moderate{background:#ffe699;color:#7f6000}.minor{background:#ddebf7;color:#1f4e78}.none{background:#eee}
    .unv{background:#fff3cd;color:#7f6000;font-size:.8em;padding:0 4px;border:1px solid #e0c060;border-radius:3px}
    .flags{border:2px solid #d1242f;padding:.4em 1em;margin:1em 0;background:#fff5f5}
    .legend span{margin-right:1em}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
    svg{max-width:100%;height:auto;display:block;margin:1em 0}ul{margin:.2em 0;padding-left:1.2em}
    @media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,svg{break-inside:avoid}}
    """
}
