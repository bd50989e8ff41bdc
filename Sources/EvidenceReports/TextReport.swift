import ConflictAnalysis
import EvidenceModel

/// The text report, for a terminal and for the minutes of a committee meeting: counts, each
/// topic's written summary (``TopicSummary``), the disputes with their camps, conflicts by severity with scores, components and explanations, each topic's pathway phase by phase,
/// assumptions and unverified facts, findings, and sources.
public enum TextReport {
  public static func render(_ report: ConflictReport) -> String {
    var text = ""
    write(report, to: &text)
    return text
  }

  /// Writes the report piece by piece (the same bytes as ``render(_:)``).
  public static func write<Output: TextOutputStream>(_ report: ConflictReport, to output: inout Output) {
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
      "Conflicts: " + report.severityCounts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
        + ". Unverified facts: \(report.unverified.count). Findings: \(report.diagnostics.count).")
    out.append("")
    for pathway in report.pathways {
      out.append(heading("Summary: \(pathway.topic.id)"))
      for line in TopicSummary.lines(pathway, disputes: report.disputes, catalogue: c) { out.append(line) }
      out.append("")
    }
    out.append(heading("Disputes"))
    for line in DisputesText.lines(report.disputes) { out.append(line) }
    out.append(heading("Conflicts"))
    ConflictsText.write(
      analysis, minSeverity: .none, catalogueName: report.catalogueName, disputes: report.disputes, to: &out.base.base)
    out.base.write("\n")
    for pathway in report.pathways {
      out.append(heading("Pathway: \(pathway.topic.id)"))
      let document = PathwayDocument(pathway, asOf: analysis.options.asOf)
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
  }

  private static func heading(_ title: String) -> String {
    "== \(title) " + String(repeating: "=", count: max(3, 70 - title.count))
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
