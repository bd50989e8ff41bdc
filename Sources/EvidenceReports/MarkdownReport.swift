import ConflictAnalysis
import EvidenceModel

/// The Markdown report (`conflict-report.md`), for the minutes of a committee and for pull
/// requests: per topic the written summary, the disputes with their camps, the pathway as a
/// table (each line once with its span, decisions beside the state they settle), then the
/// committee decisions and the sources. GitHub-flavoured Markdown (tables); every catalogue
/// string is escaped so that it reads as text, never as markup, a link or HTML.
public enum MarkdownReport {
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
    out.append("# Evidence-conflict report")
    out.append("")
    out.append(
      "Catalogue **\(md(report.catalogueName))**, as of \(analysis.options.asOf)"
        + (analysis.options.topic.map { ", topic `\(code($0))`" } ?? ", all topics")
        + ". Disputes: \(Counting.bySeverity(report.disputes.map(\.severity))). Pairwise conflicts: "
        + Counting.bySeverity(analysis.conflicts.filter(\.type.isConflict).map(\.severity))
        + ". Committee decisions: \(report.decisions.count). Unverified facts: \(report.unverified.count)."
        + " Written by evidence-conflicts \(md(report.toolVersion)).")
    for pathway in report.pathways {
      let summary = report.summary(of: pathway)
      out.append("")
      out.append("## \(md(pathway.topic.title))")
      out.append("")
      out.append("**Question:** \(md(pathway.topic.question))")
      out.append("")
      out.append("### Summary")
      out.append("")
      out.append("Answer (the pathway as resolved):")
      out.append("")
      for line in summary.answer { out.append("- \(md(line))") }
      if !summary.decisions.isEmpty {
        out.append("")
        out.append("Committee decisions:")
        out.append("")
        for line in summary.decisions { out.append("- \(md(line))") }
      }
      for line in summary.assumptions + summary.setAside {
        out.append("")
        out.append("> \(md(line))")
      }
      let disputes = summary.disputes
      out.append("")
      out.append("### Disputes")
      out.append("")
      if disputes.isEmpty { out.append("No moderate or major dispute.") }
      for paragraph in disputes { out.append("- \(md(paragraph))") }
      out.append("")
      out.append("### Pathway")
      out.append("")
      if !pathway.topic.redFlags.isEmpty {
        out.append("Red flags, at any time (they override the pathway):")
        out.append("")
        for flag in pathway.topic.redFlags {
          out.append(
            "- \(md(flag.description)) → \(md(flag.action))"
              + (flag.verification.isUnverified ? " **UNVERIFIED**" + (flag.verification.note.map { ": \(md($0))" } ?? "") : "")
              + " Source: \(md(flag.provenance.citation)).")
        }
        out.append("")
      }
      pathwayTable(pathway, report, to: &out)
    }
    if !report.decisions.isEmpty {
      out.append("")
      out.append("## Committee decisions")
      out.append("")
      out.append("| Decision | Question | Segment | Position | Committee | Date | Status | Rationale |")
      out.append("|---|---|---|---|---|---|---|---|")
      for d in report.decisions {
        let status = d.status == "standing" ? "stands" : "**RE-OPENED**: " + d.reasons.joined(separator: "; ")
        out.append(
          "| `\(code(d.id))` | \(cell(TopicSummary.name(d.intervention, catalogue))) | "
            + cell((d.population.map { $0 + ", " } ?? "") + d.window) + " | \(d.position) | \(cell(d.committee)) | \(d.date) | "
            + "\(status == "stands" ? status : cell(status)) | \(cell(d.rationale)) |")
      }
    }
    out.append("")
    out.append("## Sources")
    out.append("")
    out.append("| Source | Year | Bodies | Status | Citation |")
    out.append("|---|---|---|---|---|")
    for s in report.sources {
      let link = s.identifiers.preferredLink.map { " " + autolink($0) } ?? ""
      out.append(
        "| `\(code(s.id))` \(cell(s.title))\(s.verification.isUnverified ? " **UNVERIFIED**" : "") | "
          + "\(s.publicationDate?.description ?? "unknown") | \(cell(s.bodies.map(report.bodies.label).joined(separator: ", "))) | "
          + "\(s.status.rawValue)\(s.supersededBy.map { " by `\(code($0))`" } ?? "") | \(cell(s.citation))\(link) |")
    }
  }

  /// Each line once with its span: intervention, position, when, the recommendations behind it,
  /// conflicts and decisions.
  private static func pathwayTable<Output: TextOutputStream>(
    _ pathway: Pathway, _ report: ConflictReport, to out: inout LineWriter<Output>
  ) {
    let rows = PathwaySpans(pathway.phases).rows(birth: pathway.topic.anchor == .birth)
    guard !rows.isEmpty else {
      out.append("No recommendation applies.")
      return
    }
    let decisions = Dictionary(report.decisions.map { ($0.id, $0) }) { x, _ in x }
    let disputeOf = report.disputeOf
    out.append("| Intervention | Position | When | Rests on | Disputes and decisions |")
    out.append("|---|---|---|---|---|")
    for row in rows {
      let item = row.item
      let when = row.span + (row.bands.isEmpty ? "" : " (\(row.bands))")
      let disputes = Array(Set(item.conflicts.compactMap { disputeOf[$0] })).sorted()
      var notes = disputes.map { "dispute `\(code($0))`" }
      if disputes.isEmpty, !item.conflicts.isEmpty { notes.append(Counting.noun(item.conflicts.count, "minor relation")) }
      for exception in item.exceptions { notes.append("except \(cell(exception.name)): \(exception.position.rawValue)") }
      for id in item.decisions { notes.append("**decision**: " + cell(decisions[id]?.summary ?? id)) }
      out.append(
        "| \(cell(item.name)) | **\(item.position.rawValue)**\(item.unverified ? " (unverified)" : "") | \(cell(when)) | "
          + item.recommendations.map { "`\(code($0))`" }.joined(separator: ", ") + " | "
          + notes.joined(separator: "; ") + " |")
    }
  }

  /// Text that reads as text in Markdown: the characters that make emphasis, code, links,
  /// tables and strike-through backslash-escaped, `&` and `<` as entities (so no HTML, autolink
  /// or entity can form), line breaks as spaces (so no block can start), and control and
  /// bidirectional characters shown as escapes. Catalogue text never starts a line.
  static func md(_ text: String) -> String {
    var result = ""
    for character in TerminalText.escaped(text) {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "|", "~": result += "\\" + String(character)
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case "\n", "\r": result += " "
      default: result.append(character)
      }
    }
    return result
  }

  /// Text for a table cell (``md(_:)``; a pipe can never end the cell).
  static func cell(_ text: String) -> String { md(text) }

  /// Text inside a code span: backticks cannot close it, line breaks are spaces.
  static func code(_ text: String) -> String {
    TerminalText.escaped(text).replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ")
      .replacingOccurrences(of: "|", with: "\\|")
  }

  /// An http(s) address as an autolink (`<https://…>`); anything else as escaped text.
  static func autolink(_ text: String) -> String {
    guard text.hasPrefix("https://") || text.hasPrefix("http://"),
      text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"<>|`\\".unicodeScalars.contains($0) })
    else { return md(text) }
    return "<\(text)>"
  }
}
