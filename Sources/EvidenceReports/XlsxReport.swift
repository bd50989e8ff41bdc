import ConflictAnalysis
import EvidenceModel

/// The XLSX report: sheets Summary, Conflicts, Recommendations, Pathway, Sources and Findings,
/// each with a frozen, filterable header row, column widths and wrapped text; severity colours by
/// conditional formatting; links for DOIs, PMIDs and URLs; a chart of conflicts by severity on the
/// Summary sheet. Rows are streamed (constant memory) and the document's creation time is the
/// as-of date, so the same catalogue gives the same bytes.
public enum XlsxReport {
  /// Writes the report to `path` and returns findings about cut cells (`xlsx-cell-truncated`)
  /// and cut sheets (`xlsx-rows-truncated`).
  ///
  /// `rowLimit` is the most rows a sheet gets, header included: a worksheet's limit unless a test
  /// lowers it.
  @discardableResult
  public static func write(
    _ report: ConflictReport, to path: String, rowLimit: Int = XlsxWorkbook.maxRows
  ) throws -> [Diagnostic] {
    let workbook = try XlsxWorkbook(
      path: path, created: unixTime(report.analysis.options.asOf),
      title: "Evidence-conflict report: \(report.catalogueName)")
    var writer = Writer(rowLimit: min(max(2, rowLimit), XlsxWorkbook.maxRows))
    let summary = try workbook.addSheet(XlsxSheetName("Summary")!)
    try writer.conflicts(report, workbook.addSheet(XlsxSheetName("Conflicts")!))
    try writer.recommendations(report, workbook.addSheet(XlsxSheetName("Recommendations")!))
    try writer.pathway(report, workbook.addSheet(XlsxSheetName("Pathway")!))
    try writer.sources(report, workbook.addSheet(XlsxSheetName("Sources")!))
    try writer.findings(report, workbook.addSheet(XlsxSheetName("Findings")!))
    try writer.summary(report, summary, workbook)
    try workbook.close()
    return writer.truncated
  }

  /// Seconds since 1970 at 00:00 UTC of a calendar date.
  static func unixTime(_ date: CalendarDate) -> Int {
    // Days from civil (Howard Hinnant's algorithm), independent of time zone and calendar APIs.
    let y = date.month <= 2 ? date.year - 1 : date.year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (date.month + 9) % 12
    let doy = (153 * mp + 2) / 5 + date.day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return (era * 146_097 + doe - 719_468) * 86_400
  }

  private struct Writer {
    let rowLimit: Int
    var truncated: [Diagnostic] = []

    mutating func text(_ sheet: XlsxSheet, _ value: String, _ row: Int, _ column: Int, _ style: XlsxStyle = .wrapped) throws {
      if let length = try sheet.write(value, row: row, column: column, style: style) {
        truncated.append(
          Diagnostic(
            rule: "xlsx-cell-truncated", severity: .warning,
            message: "\(sheet.name) row \(row + 1), column \(XlsxSheet.columnLetters(column)): "
              + "\(length) UTF-16 units cut to the cell limit of \(XlsxWorkbook.maxStringLength); "
              + "the JSON and text reports hold the whole text",
            location: nil))
      }
    }

    /// Writes a table and returns the number of rows written below the header.
    @discardableResult
    mutating func table(
      _ sheet: XlsxSheet, _ columns: [(String, Double)], rows total: Int,
      _ fill: (inout Writer, Int) throws -> Void
    ) throws -> Int {
      // A sheet holds 1,048,576 rows: the header and the first rows in report order (for the
      // Conflicts sheet, the most severe); the rest are in the JSON and text reports.
      let rows = min(total, rowLimit - 1)
      if rows < total {
        truncated.append(
          Diagnostic(
            rule: "xlsx-rows-truncated", severity: .warning,
            message: "\(sheet.name) holds the first \(rows) of \(total) rows, the most a sheet can hold; "
              + "the JSON and text reports hold them all",
            location: nil))
      }
      for (index, column) in columns.enumerated() {
        try sheet.setColumn(index, width: column.1)
        try sheet.write(column.0, row: 0, column: index, style: .header)
      }
      try sheet.freezeRows(1)
      try sheet.autofilter(firstRow: 0, lastRow: rows, columns: columns.count)
      for row in 0..<rows { try fill(&self, row) }
      return rows
    }

    mutating func conflicts(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
      // Live relations first, then the historical ones (with the period both were in force).
      let conflicts = report.analysis.conflicts + report.analysis.historical
      let columns: [(String, Double)] = [
        ("Severity", 10), ("Score", 7), ("Type", 22), ("Aspect", 9), ("Era", 22), ("Intervention", 20),
        ("Recommendation A", 26), ("Position A", 30), ("Recommendation B", 26), ("Position B", 30),
        ("Societies", 22), ("Where: timeline", 22), ("Where: population", 36), ("Opposition", 10),
        ("Strength", 9), ("Certainty", 9), ("Source quality", 9), ("Recency", 9),
        ("Extent: population", 10), ("Extent: window", 9), ("Explanations", 80), ("Id", 21),
        ("Unverified", 10),
      ]
      let written = try table(sheet, columns, rows: conflicts.count) { w, index in
        let c = conflicts[index]
        let row = index + 1
        try w.text(sheet, c.severity.rawValue, row, 0, .text)
        try sheet.write(c.score, row: row, column: 1, style: .decimal)
        try w.text(sheet, c.type.rawValue, row, 2, .text)
        try w.text(sheet, c.aspect.rawValue, row, 3, .text)
        try w.text(sheet, c.era.map { "historical \($0.summary)" } ?? "live", row, 4, .text)
        try w.text(sheet, c.intervention, row, 5, .text)
        let sides = c.sides
        for (offset, side) in sides.enumerated() {
          try w.text(sheet, side.recommendation, row, 6 + 2 * offset, .text)
          let implied = side.impliedBy.map { "implied by \($0): " } ?? ""
          try w.text(
            sheet, "\(implied)\(side.direction.rawValue), \(side.grade) (\(fixed(side.strength))/\(fixed(side.certainty))), \(side.window)",
            row, 7 + 2 * offset)
        }
        try w.text(sheet, c.societies.joined(separator: ", "), row, 10)
        try w.text(sheet, c.window ?? "never", row, 11)
        try w.text(sheet, ([c.population] + [c.band].compactMap { $0 }).joined(separator: "; "), row, 12)
        let k = c.components
        let extent = c.extent
        for (offset, value) in [
          k.opposition as Double?, k.strength, k.certainty, k.sourceQuality, k.recency,
          extent.population, extent.window,
        ].enumerated() {
          if let value {
            try sheet.write(value, row: row, column: 13 + offset, style: .decimal)
          } else {
            try w.text(sheet, "unknown", row, 13 + offset, .text)
          }
        }
        try w.text(sheet, c.explanations.map { "[\($0.factor)] \($0.text)" }.joined(separator: "\n"), row, 20)
        try w.text(sheet, c.id, row, 21, .text)
        try w.text(sheet, sides.contains(where: \.unverified) ? "UNVERIFIED" : "", row, 22, .text)
      }
      for (value, style) in [("major", XlsxStyle.severityMajor), ("moderate", .severityModerate), ("minor", .severityMinor)] {
        try sheet.highlight(column: 0, firstRow: 1, lastRow: written, equalTo: value, style: style)
      }
    }

    mutating func recommendations(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
      let rows = report.analysis.recommendations
      let columns: [(String, Double)] = [
        ("Id", 28), ("Source", 26), ("Bodies", 20), ("Topic", 20), ("Interventions", 24),
        ("Population", 28), ("Direction", 9), ("Grade", 22), ("Evidence level", 12),
        ("Strength (0-1)", 9), ("Certainty (0-1)", 9), ("Window", 26), ("Statement", 70),
        ("Locator", 34), ("Studies", 26), ("Unverified", 10), ("Source link", 36),
      ]
      try table(sheet, columns, rows: rows.count) { w, index in
        let r = rows[index]
        let rec = r.recommendation
        let row = index + 1
        let values = [
          rec.id, rec.source, r.source.bodies.joined(separator: ", "), rec.topic,
          rec.interventions.joined(separator: ", "), rec.population, r.position.direction.rawValue,
          rec.strength ?? "", rec.evidenceLevel ?? "",
        ]
        for (column, value) in values.enumerated() { try w.text(sheet, value, row, column, .text) }
        if let strength = r.position.strength {
          try sheet.write(strength, row: row, column: 9)
        } else {
          try w.text(sheet, "unknown", row, 9, .text)
        }
        try sheet.write(r.position.certainty, row: row, column: 10)
        try w.text(sheet, r.window.summary, row, 11)
        try w.text(sheet, rec.statement, row, 12)
        try w.text(sheet, rec.locator, row, 13)
        try w.text(sheet, rec.studies.joined(separator: ", "), row, 14)
        try w.text(sheet, r.isUnverified ? "UNVERIFIED" : "", row, 15, .text)
        if let link = r.source.identifiers.preferredLink {
          try sheet.writeLink(link, text: link, row: row, column: 16)
        }
      }
    }

    mutating func pathway(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
      var lines: [[String]] = []
      for pathway in report.pathways {
        for flag in pathway.topic.redFlags {
          lines.append([
            pathway.topic.id, "any time (red flag)", "0d", "", flag.id, "red flag", "overrides the pathway",
            flag.recommendations.joined(separator: ", "), "", "", "", "\(flag.description) → \(flag.action)",
          ])
        }
        for phase in pathway.phases {
          for item in phase.items {
            lines.append([
              pathway.topic.id, phase.name, phase.start.description, phase.end?.description ?? "",
              item.intervention, item.position.rawValue, item.basis.rawValue,
              item.recommendations.joined(separator: ", "), item.conflicts.joined(separator: ", "),
              item.assumptions.joined(separator: ", "), item.unverified ? "UNVERIFIED" : "",
              item.rationale + item.exceptions.map { "\nExcept \($0.name): \($0.position.rawValue) [\($0.recommendations.joined(separator: ", "))]" }.joined(),
            ])
          }
        }
      }
      let columns: [(String, Double)] = [
        ("Topic", 20), ("Phase", 24), ("Start", 7), ("End", 7), ("Intervention", 24),
        ("Position", 18), ("Basis", 20), ("Recommendations", 40), ("Conflicts", 30),
        ("Assumptions", 26), ("Unverified", 10), ("Rationale", 80),
      ]
      try table(sheet, columns, rows: lines.count) { w, index in
        for (column, value) in lines[index].enumerated() {
          try w.text(sheet, value, index + 1, column, column == 11 || column == 7 || column == 8 ? .wrapped : .text)
        }
      }
    }

    mutating func sources(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
      let sources = report.sources
      let columns: [(String, Double)] = [
        ("Id", 30), ("Year", 6), ("Kind", 18), ("Title", 50), ("Bodies", 22), ("Scheme", 16),
        ("Status", 11), ("Superseded by", 22), ("Review by", 11), ("Citation", 60), ("Link", 40),
        ("Unverified", 10), ("Note", 50),
      ]
      try table(sheet, columns, rows: sources.count) { w, index in
        let s = sources[index]
        let row = index + 1
        try w.text(sheet, s.id, row, 0, .text)
        if let year = s.year { try sheet.write(Double(year), row: row, column: 1, style: .number) }
        try w.text(sheet, s.kind.rawValue, row, 2, .text)
        try w.text(sheet, s.title, row, 3)
        try w.text(sheet, s.bodies.joined(separator: ", "), row, 4)
        try w.text(sheet, report.catalogue.scheme(of: s)?.id ?? "", row, 5, .text)
        try w.text(sheet, s.status.rawValue, row, 6, .text)
        try w.text(sheet, s.supersededBy ?? "", row, 7, .text)
        try w.text(sheet, s.reviewBy?.description ?? "", row, 8, .text)
        try w.text(sheet, s.citation, row, 9)
        if let link = s.identifiers.preferredLink { try sheet.writeLink(link, text: link, row: row, column: 10) }
        try w.text(sheet, s.verification.isUnverified ? "UNVERIFIED" : "", row, 11, .text)
        try w.text(sheet, s.verification.note ?? "", row, 12)
      }
    }

    mutating func findings(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
      let findings = report.diagnostics + truncated
      let columns: [(String, Double)] = [
        ("Severity", 9), ("Rule", 26), ("File", 44), ("Line", 6), ("Column", 7), ("Message", 100),
      ]
      try table(sheet, columns, rows: findings.count) { w, index in
        let d = findings[index]
        let row = index + 1
        try w.text(sheet, d.severity.rawValue, row, 0, .text)
        try w.text(sheet, d.rule, row, 1, .text)
        try w.text(sheet, d.location?.file ?? "", row, 2, .text)
        if let location = d.location {
          try sheet.write(Double(location.line), row: row, column: 3, style: .number)
          try sheet.write(Double(location.column), row: row, column: 4, style: .number)
        }
        try w.text(sheet, d.message, row, 5)
      }
    }

    mutating func summary(_ report: ConflictReport, _ sheet: XlsxSheet, _ workbook: XlsxWorkbook) throws {
      let analysis = report.analysis
      try sheet.setColumn(0, width: 22)
      try sheet.setColumn(1, width: 40)
      try sheet.write("Evidence-conflict report", row: 0, column: 0, style: .title)
      let facts: [(String, String)] = [
        ("Catalogue", report.catalogueName), ("As of", analysis.options.asOf.description),
        ("Topic", analysis.options.topic ?? "all topics"),
        ("Written by", "evidence-conflicts \(report.toolVersion)"),
        ("Recommendations", String(analysis.recommendations.count)),
        ("Sources", String(report.sources.count)),
        ("Unverified facts", String(report.unverified.count)),
        ("Findings", String(report.diagnostics.count + truncated.count)),
        ("Scale", "Normalised strength and certainty are the catalogue's judgement (see each grading scheme's mapping rationale)"),
      ]
      for (offset, fact) in facts.enumerated() {
        try text(sheet, fact.0, offset + 1, 0, .header)
        try text(sheet, fact.1, offset + 1, 1)
      }
      let first = facts.count + 2
      try sheet.write("Severity", row: first, column: 0, style: .header)
      try sheet.write("Conflicts", row: first, column: 1, style: .header)
      let counts = report.severityCounts
      for (offset, entry) in counts.enumerated() {
        try sheet.write(entry.0.rawValue, row: first + 1 + offset, column: 0)
        try sheet.write(Double(entry.1), row: first + 1 + offset, column: 1, style: .number)
      }
      try workbook.insertColumnChart(
        on: sheet, at: 1, column: 3, title: "Conflicts by severity", dataSheet: sheet,
        categoryColumn: 0, valueColumn: 1, firstRow: first + 1, lastRow: first + counts.count)
    }
  }
}
