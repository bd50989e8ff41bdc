import ConflictAnalysis
import EvidenceModel

/// The XLSX report, for Excel and LibreOffice alike.
///
/// Sheets, in order: Summary (facts, disputes by severity per topic as a table and a stacked
/// chart, then each topic's written summary), Disputes, Pathway (positions coloured),
/// Decisions, Conflicts (each side's direction, grade, strength, certainty and window start and
/// end in days in columns of their own), Recommendations (with the source's status), Sources,
/// the lookup sheets Bodies, Interventions and Populations, and Findings. Every table has a
/// frozen, filterable header row, column widths, wrapped text with row heights to match, and a
/// page setup (landscape, fitted to the page width, header row repeated). Counts, scores, years
/// and days are numbers; text stays text (never a formula). Rows are streamed (constant memory)
/// and the document's creation time is the as-of date, so the same catalogue gives the same
/// bytes.
public enum XlsxReport {
  /// Writes the report to `path` and returns findings about cut cells (`xlsx-cell-truncated`)
  /// and cut sheets (`xlsx-rows-truncated`).
  ///
  /// `rowLimit` is the most rows a sheet gets, header included: a worksheet's limit unless a test
  /// lowers it.
  ///
  /// `progress` is told, every 1,000 rows and at the end, how many rows of the long sheets
  /// (disputes, relations, recommendations, sources, findings) are written; `compressing` is
  /// called when the rows are written and the workbook is compressed into its file.
  @discardableResult
  public static func write(
    _ report: ConflictReport, to path: String, rowLimit: Int = XlsxWorkbook.maxRows,
    progress: ((_ done: Int, _ total: Int) -> Void)? = nil, compressing: (() -> Void)? = nil
  ) throws -> [Diagnostic] {
    let workbook = try XlsxWorkbook(
      path: path, created: unixTime(report.analysis.options.asOf),
      title: "Evidence-conflict report: \(report.catalogueName)")
    var writer = XlsxTables(rowLimit: min(max(2, rowLimit), XlsxWorkbook.maxRows))
    let total = report.disputes.count + report.pairwise.count + report.analysis.recommendations.count
      + report.sources.count + report.diagnostics.count
    var done = 0
    if let progress {
      writer.onRow = {
        done += 1
        if done % 1000 == 0 { progress(min(done, total), total) }
      }
    }
    func sheet(_ name: String) throws -> XlsxSheet { try workbook.addSheet(XlsxSheetName(name)!) }
    let summary = try sheet("Summary")
    try writer.disputes(report, sheet("Disputes"))
    try writer.pathway(report, sheet("Pathway"))
    try writer.decisions(report, sheet("Decisions"))
    try writer.conflicts(report, sheet("Conflicts"))
    try writer.recommendations(report, sheet("Recommendations"))
    try writer.sources(report, sheet("Sources"))
    try writer.bodies(report, sheet("Bodies"))
    try writer.interventions(report, sheet("Interventions"))
    try writer.populations(report, sheet("Populations"))
    try writer.findings(report, sheet("Findings"))
    try writer.summary(report, summary, workbook)
    progress?(total, total)
    compressing?()
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
}

/// A cell of a report table.
enum XlsxCell {
  /// Text on one line.
  case text(String)
  /// Text wrapped in its column (the row grows to show it).
  case wrapped(String)
  /// A number, with its format.
  case number(Double, XlsxStyle)
  case link(url: String, text: String)
  case empty

  static func number(_ value: Double?) -> XlsxCell { value.map { .number($0, .number) } ?? .empty }
  static func decimal(_ value: Double?) -> XlsxCell { value.map { .number($0, .decimal) } ?? .text("unknown") }
}

/// Writes the report's tables: each with its header, widths, row heights and page setup, and
/// the findings about what a sheet could not hold.
struct XlsxTables {
  let rowLimit: Int
  var truncated: [Diagnostic] = []
  /// Called after each data row of a table.
  var onRow: (() -> Void)?

  mutating func text(_ sheet: XlsxSheet, _ value: String, _ row: Int, _ column: Int, _ style: XlsxStyle = .wrapped) throws {
    if let length = try sheet.write(value, row: row, column: column, style: style) { cut(sheet, row, column, length) }
  }

  /// Records a cell whose text was cut to the cell limit.
  mutating func cut(_ sheet: XlsxSheet, _ row: Int, _ column: Int, _ length: Int) {
    truncated.append(
      Diagnostic(
        rule: ToolRule.xlsxCellTruncated.rawValue, severity: .warning,
        message: "\(sheet.name) row \(row + 1), column \(XlsxSheet.columnLetters(column)): "
          + "\(length) UTF-16 units cut to the cell limit of \(XlsxWorkbook.maxStringLength); "
          + "the JSON and text reports hold the whole text",
        location: nil))
  }

  /// Writes one row: its height first (the most lines a wrapped cell needs in its column's
  /// width), then its cells.
  mutating func row(_ sheet: XlsxSheet, _ row: Int, _ cells: [XlsxCell], widths: [Double]) throws {
    try self.row(sheet, row, cells, lines: Self.lines(cells, widths: widths))
  }

  /// Writes one row whose height in lines is known.
  private mutating func row(_ sheet: XlsxSheet, _ row: Int, _ cells: [XlsxCell], lines: Int) throws {
    if lines > 1 { try sheet.setRowHeight(row, Double(min(lines, 27)) * 15) }
    for (column, cell) in cells.enumerated() {
      switch cell {
      case .text(let value): try text(sheet, value, row, column, .text)
      case .wrapped(let value): try text(sheet, value, row, column, .wrapped)
      case .number(let value, let style): try sheet.write(value, row: row, column: column, style: style)
      case .link(let url, let label): try sheet.writeLink(url, text: label, row: row, column: column)
      case .empty: break
      }
    }
  }

  /// How many lines the row's tallest wrapped cell takes in its column's width.
  static func lines(_ cells: [XlsxCell], widths: [Double]) -> Int {
    var lines = 1
    for (column, cell) in cells.enumerated() {
      guard case .wrapped(let value) = cell else { continue }
      lines = max(lines, Self.lines(value, width: column < widths.count ? widths[column] : 10))
    }
    return lines
  }

  /// How many lines wrapped text takes in a column of a width (in characters), estimated.
  ///
  /// Lengths are counted in Unicode scalars (a character of several scalars, such as a flag,
  /// counts as more than one): an estimate either way, and counting characters cost a seventh of
  /// the whole XLSX report.
  static func lines(_ value: String, width: Double) -> Int {
    let perLine = max(4, width) * 1.2
    var total = 0
    var length = 0
    for scalar in value.unicodeScalars {
      if scalar == "\n" {
        total += max(1, Int((Double(length) / perLine).rounded(.up)))
        length = 0
      } else {
        length += 1
      }
    }
    return total + max(1, Int((Double(length) / perLine).rounded(.up)))
  }

  /// Writes a table (header, then rows) and returns the number of rows written below the header.
  ///
  /// `cells` makes a row's cells on another thread, a chunk of rows ahead of the writing, so it
  /// must only read what it captures.
  @discardableResult
  mutating func table(
    _ sheet: XlsxSheet, _ columns: [(String, Double)], rows total: Int, pagesWide: Int = 1,
    _ cells: (Int) -> [XlsxCell]
  ) throws -> Int {
    // A sheet holds 1,048,576 rows: the header and the first rows in report order (for the
    // Conflicts sheet, the most severe); the rest are in the JSON and text reports.
    let rows = min(total, rowLimit - 1)
    if rows < total {
      truncated.append(
        Diagnostic(
          rule: ToolRule.xlsxRowsTruncated.rawValue, severity: .warning,
          message: "\(sheet.name) holds the first \(rows) of \(total) rows, the most a sheet can hold; "
            + "the JSON and text reports hold them all",
          location: nil))
    }
    let widths = columns.map(\.1)
    for (index, column) in columns.enumerated() { try sheet.setColumn(index, width: column.1) }
    try row(sheet, 0, columns.map { .wrapped($0.0) }, widths: widths)
    for (index, column) in columns.enumerated() { try sheet.write(column.0, row: 0, column: index, style: .header) }
    try sheet.freezeRows(1)
    try sheet.autofilter(firstRow: 0, lastRow: rows, columns: columns.count)
    try sheet.setUpPrinting(pagesWide: pagesWide)
    // The rows' cells and heights are made on the other cores while the rows before them are
    // written.
    try Parallel.ordered(count: rows, chunk: 256) { range in
      range.map { index in
        let made = cells(index)
        return (index: index, cells: made, lines: Self.lines(made, widths: widths))
      }
    } consume: { made in
      for row in made {
        try self.row(sheet, row.index + 1, row.cells, lines: row.lines)
        onRow?()
      }
    }
    return rows
  }

  /// Colours a column by the values a severity or position can take.
  func colour(_ sheet: XlsxSheet, column: Int, rows: Int, _ values: [(String, XlsxStyle)]) throws {
    for (value, style) in values { try sheet.highlight(column: column, firstRow: 1, lastRow: rows, equalTo: value, style: style) }
  }

  static let severityStyles: [(String, XlsxStyle)] = [
    ("major", .severityMajor), ("moderate", .severityModerate), ("minor", .severityMinor),
  ]
  static let positionStyles: [(String, XlsxStyle)] = [
    ("do", .positionDo), ("consider", .positionConsider), ("contested", .positionContested),
    ("insufficient-evidence", .positionInsufficientEvidence), ("do-not", .positionDoNot),
  ]

  /// The Summary sheet: facts, disputes by severity per topic (a table and a stacked chart),
  /// then each topic's written summary.
  mutating func summary(_ report: ConflictReport, _ sheet: XlsxSheet, _ workbook: XlsxWorkbook) throws {
    let analysis = report.analysis
    let widths = [28.0, 12, 12, 12, 60]
    for (column, width) in widths.enumerated() { try sheet.setColumn(column, width: width) }
    try sheet.setUpPrinting(pagesWide: 1, headerRows: 0)
    try sheet.write("Evidence-conflict report", row: 0, column: 0, style: .title)
    let facts: [(String, XlsxCell)] = [
      ("Catalogue", .text(report.catalogueName)), ("As of", .text(analysis.options.asOf.description)),
      ("Topic", .text(analysis.options.topic ?? "all topics")),
      ("Written by", .text("evidence-conflicts \(report.toolVersion)")),
      ("Recommendations", .number(Double(analysis.recommendations.count), .number)),
      ("Sources", .number(Double(report.sources.count), .number)),
      ("Disputes", .number(Double(report.disputes.count), .number)),
      ("Committee decisions", .number(Double(report.decisions.count), .number)),
      ("Unverified facts", .number(Double(report.unverified.count), .number)),
      ("Findings", .number(Double(report.diagnostics.count + truncated.count), .number)),
    ]
    var row = 1
    for fact in facts {
      try sheet.write(fact.0, row: row, column: 0, style: .header)
      try self.row(sheet, row, [.empty, fact.1], widths: widths)
      row += 1
    }
    row += 1
    for (column, title) in ["Disputes by topic", "major", "moderate", "minor"].enumerated() {
      try sheet.write(title, row: row, column: column, style: .header)
    }
    row += 1
    let first = row
    for pathway in report.pathways {
      let own = report.disputes(inTopic: pathway.topic.id)
      try text(sheet, pathway.topic.id, row, 0, .text)
      for (offset, severity) in [ConflictSeverity.major, .moderate, .minor].enumerated() {
        try sheet.write(Double(own.filter { $0.severity == severity }.count), row: row, column: 1 + offset, style: .number)
      }
      row += 1
    }
    let last = row - 1
    try workbook.insertStackedColumnChart(
      on: sheet, at: row + 1, column: 0, title: "Disputes by severity per topic", dataSheet: sheet, categoryColumn: 0,
      series: [
        .init(name: "major", column: 1, colour: 0xC0392B), .init(name: "moderate", column: 2, colour: 0xE6A817),
        .init(name: "minor", column: 3, colour: 0x5B9BD5),
      ], firstRow: first, lastRow: last, size: (620, 300))
    // The chart covers about 20 rows of the default height.
    row += 22
    for pathway in report.pathways {
      let summary = report.summary(of: pathway)
      try sheet.write(pathway.topic.title, row: row, column: 0, style: .title)
      row += 1
      var entries: [(String, String)] = [("Question", summary.question)]
      entries += summary.answer.map { ("Answer", $0) }
      entries += summary.decisions.map { ("Committee decision", $0) }
      entries += summary.disputes.map { ("Dispute", $0) }
      entries += summary.assumptions.map { ("Assumption", $0) }
      entries += summary.setAside.map { ("Set aside", $0) }
      for entry in entries {
        // The text spans columns B–E (96 characters), the row as tall as the text needs.
        let lines = Self.lines(entry.1, width: widths[1...].reduce(0, +))
        if lines > 1 { try sheet.setRowHeight(row, Double(min(lines, 27)) * 15) }
        try text(sheet, entry.0, row, 0, .header)
        if let length = try sheet.writeMerged(entry.1, row: row, columns: 1...4) { cut(sheet, row, 1, length) }
        row += 1
      }
      row += 1
    }
  }
}
