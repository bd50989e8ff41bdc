import ConflictAnalysis
import EvidenceModel

/// The HTML report: one self-contained file with no scripts, every catalogue string escaped,
/// readable in a browser and printable in order.
///
/// Per topic: the written summary (``TopicSummary``), the disputes with their camps, the
/// pathway as a timeline (phase widths proportional to their length on the timeline, ▲ marks
/// linking to the disputes behind a line) and its lines once each with their span, the stance
/// matrix (one mark per statement, with its year and grade), and the pairwise relations folded
/// in `<details>`. Then the committee decisions, unverified facts, findings and sources. Names
/// come first everywhere, ids as secondary text.
public enum HTMLReport {
  public static func render(_ report: ConflictReport) -> String {
    var text = ""
    write(report, to: &text)
    return text
  }

  /// Writes the report piece by piece (the same bytes as ``render(_:)``).
  public static func write<Output: TextOutputStream>(_ report: ConflictReport, to output: inout Output) {
    let analysis = report.analysis
    let catalogue = report.catalogue
    var out = LineWriter(base: output)
    defer { output = out.base }
    out.append("<!DOCTYPE html>")
    out.append("<html lang=\"en\"><head><meta charset=\"utf-8\">")
    out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    out.append("<title>Evidence-conflict report: \(h(report.catalogueName))</title>")
    out.append("<style>\(style)</style></head><body>")
    out.append("<h1>Evidence-conflict report</h1>")
    out.append(
      "<p class=\"meta\">Catalogue <b>\(h(report.catalogueName))</b>, as of \(h(analysis.options.asOf.description)), "
        + (analysis.options.topic.map { "topic <b>\(h($0))</b>" } ?? "all topics")
        + ". Disputes: \(h(Counting.bySeverity(report.disputes.map(\.severity)))). Pairwise conflicts: "
        + h(Counting.bySeverity(analysis.conflicts.filter(\.type.isConflict).map(\.severity)))
        + ". Committee decisions: \(report.decisions.count). Unverified facts: \(report.unverified.count). "
        + "Findings: \(report.diagnostics.count). Written by evidence-conflicts \(h(report.toolVersion)).</p>")
    if report.pathways.count > 1 {
      out.append("<nav><b>Topics:</b> " + report.pathways.map {
        "<a href=\"#topic-\(h($0.topic.id))\">\(h($0.topic.title))</a>"
      }.joined(separator: " · ") + "</nav>")
    }
    for pathway in report.pathways {
      topicSection(pathway, report, to: &out)
    }
    if !report.decisions.isEmpty {
      out.append("<h2 id=\"decisions\">Committee decisions</h2>")
      out.append("<table class=\"wide\"><thead><tr><th>Question</th><th>Segment</th><th>Position</th><th>Committee and date</th><th>Status</th><th>Rationale</th><th>Settles</th></tr></thead><tbody>")
      for d in report.decisions {
        out.append(
          "<tr id=\"\(h(d.id))\"><td>\(h(TopicSummary.name(d.intervention, catalogue)))<div class=\"id\">\(h(d.id))</div></td>"
            + "<td>\(h((d.population.map { $0 + ", " } ?? "") + d.window))</td><td><b>\(h(d.position))</b></td>"
            + "<td>\(h(d.committee)), \(h(d.date))</td>"
            + "<td>" + (d.status == "standing" ? "stands" : "<span class=\"unv\">RE-OPENED</span> " + h(d.reasons.joined(separator: "; "))) + "</td>"
            + "<td>\(h(d.rationale))</td><td>" + d.settles.map { "<a href=\"#\(h($0))\">\(h($0))</a>" }.joined(separator: ", ") + "</td></tr>")
      }
      out.append("</tbody></table>")
    }
    out.append("<h2>Unverified facts</h2>")
    if report.unverified.isEmpty { out.append("<p>None.</p>") } else {
      out.append("<ul>" + report.unverified.map {
        "<li><span class=\"unv\">UNVERIFIED</span> \(h($0.kind)) <span class=\"id\">\(h($0.id))</span>\($0.note.map { ": " + h($0) } ?? "")</li>"
      }.joined() + "</ul>")
    }
    out.append("<details><summary><b>Findings</b> (\(report.diagnostics.count))</summary>")
    if report.diagnostics.isEmpty { out.append("<p>None.</p>") } else {
      out.append("<table class=\"wide\"><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Message</th></tr></thead><tbody>")
      for d in report.diagnostics {
        out.append(
          "<tr><td>\(h(d.severity.rawValue))</td><td><code>\(h(d.rule))</code></td><td class=\"id\">\(h(d.location?.description ?? ""))</td><td>\(h(d.message))</td></tr>")
      }
      out.append("</tbody></table>")
    }
    out.append("</details>")
    out.append("<h2>Sources</h2><ol class=\"sources\">")
    for s in report.sources {
      let bodies = report.bodies.joined(s.bodies)
      out.append(
        "<li id=\"\(h(s.id))\"><b>\(h(bodies))</b> \(h(s.title)) (\(h(s.publicationDate?.description ?? "year unknown"))). "
          + "\(h(s.citation)). \(link(s.identifiers.preferredLink, s.identifiers.preferredLink ?? ""))"
          + " <span class=\"src\">\(h(s.status.rawValue))\(s.supersededBy.map { " by " + h($0) } ?? "")</span>"
          + (s.verification.isUnverified ? " <span class=\"unv\">UNVERIFIED</span>" : "")
          + " <span class=\"id\">\(h(s.id))</span></li>")
    }
    out.append("</ol></body></html>")
  }

  /// One topic: summary, disputes, pathway, stances, pairwise relations.
  private static func topicSection<Output>(_ pathway: Pathway, _ report: ConflictReport, to out: inout LineWriter<Output>) {
    let topic = pathway.topic
    let summary = report.summary(of: pathway)
    let disputes = report.disputes(inTopic: topic.id)
    out.append("<section class=\"topic\" id=\"topic-\(h(topic.id))\">")
    out.append("<h2>\(h(topic.title)) <span class=\"id\">\(h(topic.id))</span></h2>")
    out.append("<p><b>Question:</b> \(h(topic.question))</p>")
    out.append("<h3>Summary</h3>")
    out.append("<p>Answer (the pathway as resolved):</p><ul class=\"answer\">" + summary.answer.map { "<li>\(h($0))</li>" }.joined() + "</ul>")
    if !summary.decisions.isEmpty {
      out.append("<p>Committee decisions:</p><ul>" + summary.decisions.map { "<li>\(h($0))</li>" }.joined() + "</ul>")
    }
    for line in summary.assumptions { out.append("<p class=\"assumption\">\(h(line))</p>") }
    for line in summary.setAside { out.append("<p class=\"src\">\(h(line))</p>") }
    out.append("<h3>Disputes</h3>")
    if disputes.isEmpty { out.append("<p>No moderate or major dispute.</p>") }
    for dispute in disputes { HTMLDisputes.write(dispute, report, to: &out) }
    out.append("<h3>Pathway</h3>")
    if !topic.redFlags.isEmpty {
      out.append("<div class=\"flags\"><b>Red flags, at any time (they override the pathway):</b><ul>")
      for flag in topic.redFlags {
        out.append(
          "<li><b>\(h(flag.description))</b> → \(h(flag.action))"
            + (flag.verification.isUnverified ? " <span class=\"unv\">UNVERIFIED</span>" + (flag.verification.note.map { " " + h($0) } ?? "") : "")
            + " <span class=\"src\">Source: \(h(flag.provenance.citation)).</span></li>")
      }
      out.append("</ul></div>")
    }
    HTMLPathway.write(pathway, report, to: &out)
    out.append("<h3>Stances</h3>")
    HTMLStanceMatrix.write(pathway, report, to: &out)
    HTMLRelations.write(topic.id, report, to: &out)
    out.append("</section>")
  }

  // MARK: - Escaping

  /// Escapes text for HTML content and attribute values; control characters become U+FFFD and
  /// Unicode bidirectional controls are shown as `\u{…}` (never applied), so that text cannot be
  /// spoofed.
  static func h(_ text: String) -> String {
    // Most text is printable ASCII without a character to escape: returned as it is, without
    // building it again scalar by scalar (a fifth of the HTML report at 1M recommendations).
    var text = text
    let plain = text.withUTF8 { bytes in
      bytes.allSatisfy { byte in
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): false
        case 0x20...0x7E, UInt8(ascii: "\n"), UInt8(ascii: "\t"): true
        default: false
        }
      }
    }
    if plain { return text }
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
    body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#1f2328;line-height:1.4}
    h1{font-size:1.6em}h2{border-bottom:2px solid #d0d7de;padding-bottom:.2em;margin-top:1.8em}h3{margin-top:1.4em}
    nav{margin:1em 0;line-height:1.8}
    table{border-collapse:collapse;width:100%;font-size:.88em;table-layout:fixed}th,td{border:1px solid #d0d7de;padding:4px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
    th{background:#f6f8fa}.meta{color:#444}.src{color:#57606a;font-size:.85em}code{font-size:.9em}
    .id{color:#6e7781;font-size:.8em;font-family:ui-monospace,monospace;font-weight:normal}
    .sev{padding:1px 6px;border-radius:3px;font-weight:bold}.major{background:#f8cbad;color:#9c0006}.moderate{background:#ffe699;color:#7f6000}.minor{background:#ddebf7;color:#1f4e78}.none{background:#eee}
    .unv{background:#fff3cd;color:#7f6000;font-size:.8em;padding:0 4px;border:1px solid #e0c060;border-radius:3px}
    .flags{border:2px solid #d1242f;padding:.4em 1em;margin:1em 0;background:#fff5f5}
    .assumption{border-left:4px solid #e0c060;background:#fffbea;padding:.3em .8em}
    .dispute{border:1px solid #d0d7de;border-radius:6px;padding:.4em .9em;margin:.8em 0}.dispute h4{margin:.3em 0}
    .camps td:first-child{width:11em;font-weight:bold}
    .legend{font-size:.85em}.legend span{margin-right:1.2em;white-space:nowrap}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle;border:1px solid #888}
    .timeline{margin:.6em 0 1em;font-size:.8em}.tl-row{display:flex;align-items:stretch;border-bottom:1px solid #fff}
    .tl-label{flex:0 0 16em;padding:3px 6px 3px 0;overflow-wrap:anywhere}.tl-cells{flex:1;display:flex}
    .tl-cell{box-sizing:border-box;border-right:2px solid #fff;padding:3px 2px;min-height:1.8em;overflow-wrap:anywhere}
    .tl-head .tl-cell{background:#f6f8fa;font-weight:bold;white-space:normal}.tl-band{font-weight:bold;padding:6px 0 2px}
    .tl-cell a{color:inherit;text-decoration:none;font-weight:bold}
    .p-do{background:#1a7f37;color:#fff}.p-consider{background:#8fd19e}.p-contested{background:#f0a030}.p-insufficient-evidence{background:#c8c8c8}.p-do-not{background:#d1242f;color:#fff}.p-none{background:#f6f8fa}
    .matrix td.who{font-weight:bold}.mark{display:inline-block;padding:0 4px;margin:1px;border-radius:3px;font-size:.85em}
    .m-for{background:#dafbe1;border:1px solid #1a7f37}.m-against{background:#ffebe9;border:1px solid #d1242f}.m-neutral{background:#eaeef2;border:1px solid #8c959f}
    details{margin:1em 0}summary{cursor:pointer}
    ul{margin:.2em 0;padding-left:1.2em}
    @page{size:A4 landscape;margin:12mm}
    @media print{body{margin:0;max-width:none;font-size:10pt}a{color:inherit}nav{display:none}h2,h3,h4{break-after:avoid}
      tr,.tl-row,.dispute{break-inside:avoid}section.topic{break-before:page}section.topic:first-of-type{break-before:auto}
      details>summary{list-style:none}}
    """
}
