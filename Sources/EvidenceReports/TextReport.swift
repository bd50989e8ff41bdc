import ConflictAnalysis
import EvidenceModel

/// The text report, for a terminal and for the minutes of a committee meeting. The first screen
/// is each topic's written summary (``TopicSummary``); then the disputes with their camps; then
/// each topic's pathway phase by phase, lines that repeat across phases shown once with their
/// span; then the committee decisions, implied positions, unverified facts, findings and
/// sources. The pairwise relations (scores, components, explanations) come last, and only with
/// `detail` (`report --detail`); without it one line says how many there are.
public enum TextReport {
  public static func render(_ report: ConflictReport, detail: Bool = false) -> String {
    var text = ""
    write(report, detail: detail, to: &text)
    return text
  }

  /// Writes the report piece by piece (the same bytes as ``render(_:detail:)``).
  public static func write<Output: TextOutputStream>(_ report: ConflictReport, detail: Bool = false, to output: inout Output) {
    let analysis = report.analysis
    let c = report.catalogue
    var out = LineWriter(base: TerminalEscaping(base: output))
    defer { output = out.base.base }
    out.append("EVIDENCE-CONFLICT REPORT")
    out.append(
      "Catalogue \(report.catalogueName): \(c.files.count) files, \(c.sources.count) sources, "
        + "\(c.recommendations.count) recommendations, \(c.studies.count) studies, \(c.bodies.count) bodies.")
    out.append(
      "As of \(analysis.options.asOf)" + (analysis.options.topic.map { "; topic \($0)" } ?? "; all topics")
        + ". Written by evidence-conflicts \(report.toolVersion).")
    out.append(
      "Disputes: \(Counting.bySeverity(report.disputes.map(\.severity))). Pairwise conflicts: "
        + Counting.bySeverity(analysis.conflicts.filter(\.type.isConflict).map(\.severity))
        + ". Committee decisions: \(report.decisions.count)"
        + (report.decisions.contains { $0.status != "standing" } ? " (\(report.decisions.filter { $0.status != "standing" }.count) re-opened)" : "")
        + ". Unverified facts: \(report.unverified.count). Findings: \(report.diagnostics.count).")
    out.append("")
    for pathway in report.pathways {
      out.append(heading("Summary: \(pathway.topic.id)"))
      for line in TopicSummary.lines(
        pathway, disputes: report.disputes(inTopic: pathway.topic.id), decisions: report.decisions.filter { $0.topic == pathway.topic.id },
        catalogue: c)
      {
        out.append(line)
      }
      out.append("")
    }
    out.append(heading("Disputes"))
    for line in DisputesText.lines(report.disputes, catalogue: c) { out.append(line) }
    for pathway in report.pathways {
      out.append(heading("Pathway: \(pathway.topic.id)"))
      let document = PathwayDocument(pathway, analysis: analysis)
      out.append(PathwayText.render(document, pathway: pathway))
    }
    out.append(heading("Implied positions"))
    let implied = analysis.recommendations.filter { $0.source.status == .current }
      .flatMap { report.catalogue.impliedPositions(of: $0.recommendation) }
    if implied.isEmpty { out.append("None.") }
    for position in implied {
      out.append("  IMPLIED (from \(position.statement)) \(position.summary)")
    }
    out.append("")
    out.append(heading("Unverified facts"))
    if report.unverified.isEmpty { out.append("None.") }
    for fact in report.unverified {
      out.append("  UNVERIFIED \(fact.kind) \(fact.id)" + (fact.note.map { ": \($0)" } ?? ""))
    }
    out.append("")
    out.append(heading("Findings"))
    if report.diagnostics.isEmpty { out.append("None.") }
    for diagnostic in report.diagnostics { out.append("  " + diagnostic.formatted) }
    out.append("")
    out.append(heading("Sources"))
    for source in report.sources {
      var line = "  \(source.id) (\(source.publicationDate?.description ?? "year unknown")) \(source.title)."
      line += " [\(source.bodies.joined(separator: ", "))] \(source.status.rawValue)"
      if let next = source.supersededBy { line += " by \(next)" }
      if source.verification.isUnverified { line += "  UNVERIFIED" }
      out.append(line)
      out.append("      \(source.citation)" + (source.identifiers.preferredLink.map { " <\($0)>" } ?? ""))
    }
    out.append("")
    out.append(heading("Pairwise relations"))
    if detail {
      ConflictsText.write(
        analysis, minSeverity: report.minSeverity, catalogueName: report.catalogueName, disputes: report.disputes,
        to: &out.base.base)
    } else {
      out.append(
        "\(analysis.conflicts.count + analysis.historical.count) pairwise relations hidden "
          + "(\(analysis.conflicts.count) live, \(analysis.historical.count) historical); "
          + "write them here with report --detail, or list them with conflicts.")
    }
  }

  private static func heading(_ title: String) -> String {
    "== \(title) " + String(repeating: "=", count: max(3, 70 - title.count))
  }
}

/// Counts in words, one vocabulary for every report and summary line.
public enum Counting {
  /// `2 major, 5 moderate, 1 minor` (severities with none left out; `none` when empty).
  static func bySeverity(_ severities: [ConflictSeverity]) -> String {
    let parts = ConflictSeverity.allCases.reversed().compactMap { severity -> String? in
      let n = severities.filter { $0 == severity }.count
      return n == 0 ? nil : "\(n) \(severity.rawValue)"
    }
    return parts.isEmpty ? "none" : parts.joined(separator: ", ")
  }

  /// `1 relation`, `3 relations`, `2 studies`.
  public static func noun(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? singular : plural ?? pluralOf(singular))
  }

  /// The plural of a noun of the tool's vocabulary (`body` → `bodies`, `error` → `errors`).
  static func pluralOf(_ noun: String) -> String {
    noun.hasSuffix("y") ? String(noun.dropLast()) + "ies" : noun + "s"
  }
}

/// Text made safe for a terminal.
public enum TerminalText {
  /// The text with control characters other than line feeds, and the Unicode bidirectional
  /// controls that can reorder what a reader sees, shown as `\u{…}` escapes, so that catalogue
  /// text can never drive a terminal or disguise itself.
  public static func escaped(_ text: String) -> String {
    guard needsEscaping(text) else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let value = scalar.value
      let control = (value < 0x20 && value != 0x0A) || (0x7F...0x9F).contains(value)
      if control || isBidirectionalControl(value) {
        result.append(contentsOf: ("\\u{" + String(value, radix: 16) + "}").unicodeScalars)
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }

  /// Whether a scalar is a Unicode bidirectional control (embeddings, overrides, isolates and
  /// marks), which can reorder what a reader sees.
  static func isBidirectionalControl(_ value: UInt32) -> Bool {
    (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
      || value == 0x200E || value == 0x200F || value == 0x061C
  }

  /// A fast scan of the UTF-8 bytes for anything ``escaped(_:)`` would change.
  private static func needsEscaping(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if (byte < 0x20 && byte != 0x0A) || byte == 0x7F { return true }
        if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return true }
        if byte == 0xD8, index + 1 < bytes.count, bytes[index + 1] == 0x9C { return true }
        if byte == 0xE2, index + 2 < bytes.count {
          let (second, third) = (bytes[index + 1], bytes[index + 2])
          if second == 0x80, third == 0x8E || third == 0x8F || (0xAA...0xAE).contains(third) { return true }
          if second == 0x81, (0xA6...0xA9).contains(third) { return true }
        }
        index += 1
      }
      return false
    }
  }
}
