import ConflictAnalysis
import EvidenceModel

/// The analysis as three RFC 4180 tables: recommendations, pairwise relations and disputes.
///
/// UTF-8, a header row, CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF.
/// Text that a spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) is neutralised as OWASP recommends: prefixed with a single quote and quoted.
/// Numbers the tool writes itself (scores, days, years) are never prefixed.
public enum CSVExport {
  /// A table's file name and rows (the header first).
  public struct Table: Sendable {
    public var fileName: String
    public var header: [String]
    public var rows: [[Cell]]

    /// The table as RFC 4180 text.
    public var text: String {
      var output = ""
      write(to: &output)
      return output
    }

    public func write<Output: TextOutputStream>(to output: inout Output) {
      output.write(header.map { CSVExport.field(.text($0)) }.joined(separator: ",") + "\r\n")
      for row in rows {
        output.write(row.map(CSVExport.field).joined(separator: ",") + "\r\n")
      }
    }
  }

  /// A cell: catalogue text (neutralised), or a number or flag the tool wrote.
  public enum Cell: Hashable, Sendable {
    case text(String)
    case number(String)
  }

  /// The three tables of a report, in this order: recommendations, relations, disputes.
  public static func tables(_ report: ConflictReport) -> [Table] {
    [recommendations(report), relations(report), disputes(report)]
  }

  static func recommendations(_ report: ConflictReport) -> Table {
    let rows = (report.analysis.recommendations + report.analysis.implied).map { r -> [Cell] in
      let ids = r.source.identifiers
      return [
        .text(r.id), .text(r.recommendation.topic), .text(r.source.id), .text(report.bodies.joined(r.source.bodies)),
        .number(r.year.map(String.init) ?? ""), .text(r.source.status.rawValue),
        .text(r.recommendation.interventions.joined(separator: " + ")), .text(r.population.name),
        .text(r.position.direction.rawValue), .text(r.recommendation.strength ?? ""), .text(r.recommendation.evidenceLevel ?? ""),
        .number(r.position.strength.map(fixed) ?? ""), .number(fixed(r.position.certainty)),
        .number(number(r.recommendation.window.start?.days ?? 0)), .number(r.recommendation.window.end.map { number($0.days) } ?? ""),
        .text(r.recommendation.window.summary), .text(r.implied?.statement ?? ""), .number(r.isUnverified ? "true" : "false"),
        .text(r.implied?.summary ?? r.recommendation.statement), .text(r.recommendation.locator),
        .text(ids.doi ?? ""), .text(ids.pmid ?? ""), .text(ids.url ?? ""),
      ]
    }
    return Table(
      fileName: "recommendations.csv",
      header: [
        "id", "topic", "source", "bodies", "year", "source_status", "interventions", "population", "direction",
        "strength", "evidence_level", "strength_common_scale", "certainty_common_scale", "window_start_days",
        "window_end_days", "window", "implied_by", "unverified", "statement", "locator", "doi", "pmid", "url",
      ],
      rows: rows)
  }

  static func relations(_ report: ConflictReport) -> Table {
    let disputeOf = report.disputeOf
    let rows = (report.pairwise + report.pairwiseHistorical).map { c -> [Cell] in
      let parts = c.components
      return [
        .text(c.id), .text(c.topic), .text(c.intervention), .text(c.type.rawValue), .text(c.aspect.rawValue),
        .text(c.severity.rawValue), .number(fixed(c.score)), .number(fixed(parts.opposition)),
        .number(parts.strength.map(fixed) ?? ""), .number(fixed(parts.certainty)), .number(fixed(parts.sourceQuality)),
        .number(fixed(parts.recency)), .number(fixed(c.extent.population)), .number(fixed(c.extent.window)),
        .text(c.segment), .text(c.era?.summary ?? ""), .text(c.first.id), .text(c.second.id),
        .text(report.bodies.joined(c.first.source.bodies)), .text(report.bodies.joined(c.second.source.bodies)),
        .text(disputeOf[c.id] ?? ""), .text(c.explanations.map(\.text).joined(separator: " ")),
      ]
    }
    return Table(
      fileName: "relations.csv",
      header: [
        "id", "topic", "intervention", "type", "aspect", "severity", "score", "opposition", "strength", "certainty",
        "source_quality", "recency", "extent_population", "extent_window", "segment", "historical_period", "first",
        "second", "first_bodies", "second_bodies", "dispute", "explanation",
      ],
      rows: rows)
  }

  static func disputes(_ report: ConflictReport) -> Table {
    let rows = report.disputes.map { d -> [Cell] in
      [
        .text(d.id), .text(d.topic), .text(d.intervention), .text(d.severity.rawValue), .text(d.type.rawValue),
        .text(d.strongest), .number(String(d.relations.count)),
        .text(d.camps.map { "\($0.stance): \(report.bodies.joined($0.bodies))" }.joined(separator: " | ")),
        .text(d.camps.flatMap(\.members).map(\.position).joined(separator: " ")), .text(d.segment),
        .text(d.turnsOn.map(\.text).joined(separator: " ")),
      ]
    }
    return Table(
      fileName: "disputes.csv",
      header: ["id", "topic", "intervention", "severity", "type", "strongest_relation", "relations", "camps", "positions", "segment", "turns_on"],
      rows: rows)
  }

  /// A whole number without decimals, else two decimals.
  private static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : fixed(value)
  }

  /// One field, quoted when RFC 4180 needs it; text that starts like a formula is neutralised.
  public static func field(_ cell: Cell) -> String {
    var value: String
    var quote: Bool
    switch cell {
    case .number(let text):
      value = text
      quote = false
    case .text(let text):
      value = text
      quote = false
      if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
        value = "'" + text
        quote = true
      }
    }
    if quote || value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return value
  }
}
