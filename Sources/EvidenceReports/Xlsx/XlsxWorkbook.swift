import CXlsxWriter
import Foundation

/// A problem writing a spreadsheet, with what to do about it.
public struct XlsxError: LocalizedError, Equatable {
  public var message: String
  public var errorDescription: String? { message }

  init(_ message: String) { self.message = message }

  init(_ code: lxw_error, _ action: String) {
    let text = lxw_strerror(code).map { String(cString: $0) } ?? "error \(code.rawValue)"
    self.init("\(action): \(text)")
  }
}

/// A worksheet name Excel accepts: 1–31 characters, none of `[ ] : * ? / \`, not starting or
/// ending with an apostrophe. Checked here so that libxlsxwriter never prints a warning.
public struct XlsxSheetName: Hashable, Sendable {
  public let value: String

  public init?(_ value: String) {
    let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
    guard (1...31).contains(value.count), !value.contains(where: forbidden.contains),
      !value.hasPrefix("'"), !value.hasSuffix("'")
    else { return nil }
    self.value = value
  }
}

/// The cell styles the reports use; each becomes one libxlsxwriter format.
public enum XlsxStyle: Int, CaseIterable, Sendable {
  case header
  case text
  case wrapped
  case number
  case decimal
  case link
  case title
  case severityMajor
  case severityModerate
  case severityMinor
  /// Pathway positions, coloured as in the HTML report.
  case positionDo
  case positionConsider
  case positionContested
  case positionInsufficientEvidence
  case positionDoNot
}

/// An XLSX workbook written with libxlsxwriter in constant-memory mode (rows streamed to disk in
/// order), with a fixed creation time so the same content gives the same bytes.
///
/// The wrapper accepts only values libxlsxwriter handles without a warning or a known 1.1.4 bug:
/// validated sheet names, rows and columns in range, strings cut to the cell limit (the caller is
/// told), URLs within Excel's limits (otherwise written as text), and only the conditional format
/// the reports need (cell equal to a text value).
public final class XlsxWorkbook {
  /// The most characters a cell holds.
  public static let maxStringLength = 32_767
  public static let maxRows = 1_048_576
  public static let maxColumns = 16_384
  static let maxURLLength = 2_079
  static let maxURLsPerSheet = 65_530

  private var workbook: UnsafeMutablePointer<lxw_workbook>?
  private var formats = XlsxFormats()
  private var names = Set<String>()
  private var sheets: [XlsxSheet] = []

  /// Creates the workbook file at `path` (written when ``close()`` is called).
  /// - Parameter created: The document's creation time, seconds since 1970 (never 0, which
  ///   libxlsxwriter reads as "now").
  public init(path: String, created: Int, title: String) throws {
    var options = lxw_workbook_options()
    options.constant_memory = 1
    guard let workbook = path.withCString({ workbook_new_opt($0, &options) }) else {
      throw XlsxError("cannot create \(path); check that its directory exists and is writable")
    }
    self.workbook = workbook
    var properties = lxw_doc_properties()
    properties.created = time_t(max(1, created))
    let status = title.withCString { titlePointer -> lxw_error in
      properties.title = UnsafeMutablePointer(mutating: titlePointer)
      return workbook_set_properties(workbook, &properties)
    }
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "setting the document properties") }
    formats = XlsxFormats(XlsxStyle.allCases.map { makeFormat($0, workbook) })
  }

  deinit {
    // An unclosed workbook still owns its temporary files; closing writes them out and frees them.
    if let workbook { _ = workbook_close(workbook) }
  }

  /// Adds a worksheet; names must be unique.
  public func addSheet(_ name: XlsxSheetName) throws -> XlsxSheet {
    guard let workbook else { throw XlsxError("the workbook is closed") }
    guard names.insert(name.value.lowercased()).inserted else {
      throw XlsxError("a sheet named \(name.value) already exists")
    }
    guard let sheet = name.value.withCString({ workbook_add_worksheet(workbook, $0) }) else {
      throw XlsxError("cannot add the sheet \(name.value)")
    }
    let wrapped = XlsxSheet(sheet, name: name.value, formats: formats)
    sheets.append(wrapped)
    return wrapped
  }

  /// A series of a chart: its name, the column of its values, and its colour (0xRRGGBB).
  public struct ChartSeries {
    public var name: String
    public var column: Int
    public var colour: Int

    public init(name: String, column: Int, colour: Int) {
      self.name = name
      self.column = column
      self.colour = colour
    }
  }

  /// Adds a stacked column chart to a sheet: categories in one column, each series' values in
  /// another, all on rows `firstRow...lastRow` of `dataSheet`.
  public func insertStackedColumnChart(
    on sheet: XlsxSheet, at row: Int, column: Int, title: String, dataSheet: XlsxSheet,
    categoryColumn: Int, series: [ChartSeries], firstRow: Int, lastRow: Int, size: (width: Int, height: Int)
  ) throws {
    guard let workbook else { throw XlsxError("the workbook is closed") }
    guard lastRow >= firstRow, !series.isEmpty else { return }
    try XlsxSheet.check(row, column)
    try XlsxSheet.check(lastRow, ([categoryColumn] + series.map(\.column)).max()!)
    guard let chart = workbook_add_chart(workbook, UInt8(LXW_CHART_COLUMN_STACKED.rawValue)) else {
      throw XlsxError("cannot create a chart")
    }
    func range(_ column: Int) -> String {
      let letters = XlsxSheet.columnLetters(column)
      return "='\(dataSheet.name)'!$\(letters)$\(firstRow + 1):$\(letters)$\(lastRow + 1)"
    }
    for entry in series {
      let added = range(categoryColumn).withCString { categories in
        range(entry.column).withCString { values in chart_add_series(chart, categories, values) }
      }
      guard let added else { throw XlsxError("cannot add the chart's series") }
      entry.name.withCString { chart_series_set_name(added, $0) }
      var fill = lxw_chart_fill()
      fill.color = lxw_color_t(entry.colour)
      chart_series_set_fill(added, &fill)
    }
    title.withCString { chart_title_set_name(chart, $0) }
    chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
    var options = lxw_chart_options()
    options.x_scale = Double(size.width) / 480
    options.y_scale = Double(size.height) / 288
    let status = worksheet_insert_chart_opt(sheet.sheet, lxw_row_t(row), lxw_col_t(column), chart, &options)
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "inserting the chart") }
  }

  /// Writes the file and releases the workbook.
  public func close() throws {
    guard let workbook else { return }
    self.workbook = nil
    let status = workbook_close(workbook)
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "writing the workbook") }
  }

  private func makeFormat(_ style: XlsxStyle, _ workbook: UnsafeMutablePointer<lxw_workbook>)
    -> UnsafeMutablePointer<lxw_format>
  {
    let format = workbook_add_format(workbook)!
    format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
    switch style {
    case .header:
      format_set_bold(format)
      format_set_text_wrap(format)
      format_set_bg_color(format, 0xD9E1F2)
      format_set_bottom(format, UInt8(LXW_BORDER_THIN.rawValue))
    case .text: break
    case .wrapped: format_set_text_wrap(format)
    case .number: format_set_num_format(format, "0")
    case .decimal: format_set_num_format(format, "0.00")
    case .link:
      format_set_underline(format, UInt8(LXW_UNDERLINE_SINGLE.rawValue))
      format_set_font_color(format, 0x0563C1)
    case .title:
      format_set_bold(format)
      format_set_font_size(format, 14)
    case .severityMajor:
      format_set_bg_color(format, 0xF8CBAD)
      format_set_font_color(format, 0x9C0006)
    case .severityModerate:
      format_set_bg_color(format, 0xFFE699)
      format_set_font_color(format, 0x7F6000)
    case .severityMinor:
      format_set_bg_color(format, 0xDDEBF7)
      format_set_font_color(format, 0x1F4E78)
    case .positionDo:
      format_set_bg_color(format, 0x1A7F37)
      format_set_font_color(format, 0xFFFFFF)
    case .positionConsider: format_set_bg_color(format, 0x8FD19E)
    case .positionContested: format_set_bg_color(format, 0xF0A030)
    case .positionInsufficientEvidence: format_set_bg_color(format, 0xC8C8C8)
    case .positionDoNot:
      format_set_bg_color(format, 0xD1242F)
      format_set_font_color(format, 0xFFFFFF)
    }
    return format
  }
}

/// The workbook's formats, one per style, found by the style's number (a cell's format is looked
/// up for every cell written).
struct XlsxFormats {
  private let formats: [UnsafeMutablePointer<lxw_format>?]

  init(_ formats: [UnsafeMutablePointer<lxw_format>?] = []) { self.formats = formats }

  subscript(style: XlsxStyle) -> UnsafeMutablePointer<lxw_format>? {
    style.rawValue < formats.count ? formats[style.rawValue] : nil
  }
}

/// A worksheet of an ``XlsxWorkbook``. Rows must be written in order (constant-memory mode).
public final class XlsxSheet {
  let sheet: UnsafeMutablePointer<lxw_worksheet>
  public let name: String
  private let formats: XlsxFormats
  private var urls = 0

  init(
    _ sheet: UnsafeMutablePointer<lxw_worksheet>, name: String,
    formats: XlsxFormats
  ) {
    self.sheet = sheet
    self.name = name
    self.formats = formats
  }

  static func check(_ row: Int, _ column: Int) throws {
    guard (0..<XlsxWorkbook.maxRows).contains(row), (0..<XlsxWorkbook.maxColumns).contains(column)
    else {
      throw XlsxError("cell (\(row + 1), \(column + 1)) is outside a worksheet's 1,048,576 rows and 16,384 columns")
    }
  }

  /// The column's letters (0 → A, 26 → AA).
  static func columnLetters(_ column: Int) -> String {
    var number = column + 1
    var letters = ""
    while number > 0 {
      let remainder = (number - 1) % 26
      letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
      number = (number - 1) / 26
    }
    return letters
  }

  /// Writes text across merged cells of one row (`firstColumn...lastColumn`), as ``write(_:row:column:style:)``
  /// writes it into one cell; returns the original length when the text was cut.
  @discardableResult
  public func writeMerged(_ text: String, row: Int, columns: ClosedRange<Int>, style: XlsxStyle = .wrapped) throws -> Int? {
    try Self.check(row, columns.upperBound)
    guard columns.count > 1 else { return try write(text, row: row, column: columns.lowerBound, style: style) }
    let (value, cutFrom) = Self.fitted(Self.cellText(text))
    let status = value.withCString {
      worksheet_merge_range(
        sheet, lxw_row_t(row), lxw_col_t(columns.lowerBound), lxw_row_t(row), lxw_col_t(columns.upperBound), $0,
        formats[style])
    }
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "writing \(name) row \(row + 1)") }
    return cutFrom
  }

  /// Text cut to a cell's limit with a visible marker, and its original length when it was cut.
  static func fitted(_ value: String) -> (String, Int?) {
    // UTF-16 never takes more units than UTF-8 takes bytes, and the UTF-8 count is free.
    guard value.utf8.count > XlsxWorkbook.maxStringLength, value.utf16.count > XlsxWorkbook.maxStringLength else {
      return (value, nil)
    }
    let marker = " …[cut: \(value.utf16.count) UTF-16 units; see the JSON report]"
    var kept = ""
    var units = 0
    for character in value {
      let size = String(character).utf16.count
      if units + size > XlsxWorkbook.maxStringLength - marker.utf16.count { break }
      kept.append(character)
      units += size
    }
    return (kept + marker, value.utf16.count)
  }

  /// Writes text (never a formula, whatever it starts with). Characters a cell cannot hold are
  /// replaced (NUL, U+FFFE, U+FFFF become U+FFFD) and literal `_xHHHH_` sequences are escaped so
  /// Excel shows them as written. Text longer than a cell allows is cut and ends with a visible
  /// marker; the function then returns the original length in UTF-16 units (Excel's measure).
  @discardableResult
  public func write(_ text: String, row: Int, column: Int, style: XlsxStyle = .text) throws -> Int? {
    try Self.check(row, column)
    let (value, cutFrom) = Self.fitted(Self.cellText(text))
    let status = value.withCString {
      worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), $0, formats[style])
    }
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "writing \(name) row \(row + 1)") }
    return cutFrom
  }

  /// Text as a cell holds it: see ``write(_:row:column:style:)``.
  static func cellText(_ text: String) -> String {
    guard needsCellEscaping(text) else { return text }
    var scalars = String.UnicodeScalarView()
    let input = Array(text.unicodeScalars)
    var index = 0
    while index < input.count {
      let scalar = input[index]
      switch scalar.value {
      case 0, 0xFFFE, 0xFFFF: scalars.append("\u{FFFD}")
      case 0x5F where Self.isEscapeSequence(input, at: index):
        // "_x0041_" would be read back as "A": escape its underscore as "_x005F_".
        scalars.append(contentsOf: "_x005F_".unicodeScalars)
      default: scalars.append(scalar)
      }
      index += 1
    }
    return String(scalars)
  }

  /// A fast scan of the UTF-8 bytes for NUL, U+FFFE, U+FFFF (EF BF BE/BF) and "_x".
  private static func needsCellEscaping(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var index = 0
      while index < bytes.count {
        switch bytes[index] {
        case 0: return true
        case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
          return true
        case 0x5F where index + 1 < bytes.count && bytes[index + 1] == 0x78: return true
        default: index += 1
        }
      }
      return false
    }
  }

  private static func isEscapeSequence(_ s: [Unicode.Scalar], at i: Int) -> Bool {
    guard i + 6 < s.count, s[i + 1] == "x", s[i + 6] == "_" else { return false }
    return s[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
  }

  /// Writes a number.
  public func write(_ number: Double, row: Int, column: Int, style: XlsxStyle = .decimal) throws {
    try Self.check(row, column)
    guard number.isFinite else {
      try write("", row: row, column: column)
      return
    }
    let status = worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), number, formats[style])
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "writing \(name) row \(row + 1)") }
  }

  /// Writes a link shown as `text`; a URL Excel cannot hold (not http(s), too long, or past the
  /// sheet's link limit) is written as plain text instead.
  public func writeLink(_ url: String, text: String, row: Int, column: Int) throws {
    try Self.check(row, column)
    let acceptable =
      (url.hasPrefix("https://") || url.hasPrefix("http://")) && url.utf8.count <= XlsxWorkbook.maxURLLength
      && Self.needsNoEscaping(url) && urls < XlsxWorkbook.maxURLsPerSheet
      && Self.cellText(text).utf16.count <= XlsxWorkbook.maxStringLength
    guard acceptable else {
      try write(text, row: row, column: column)
      return
    }
    let text = Self.cellText(text)
    urls += 1
    let status = url.withCString { u in
      text.withCString { t in
        worksheet_write_url_opt(sheet, lxw_row_t(row), lxw_col_t(column), u, formats[.link], t, nil)
      }
    }
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "writing a link in \(name) row \(row + 1)") }
  }

  /// Whether a URL holds only characters libxlsxwriter writes unchanged (so its length is the
  /// length Excel sees): ASCII letters, digits, `-._~:/?#@!$&'()*+,;=` and `%` followed by two
  /// hexadecimal digits.
  static func needsNoEscaping(_ url: String) -> Bool {
    let allowed = Set("-._~:/?#@!$&'()*+,;=".unicodeScalars)
    let scalars = Array(url.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      if scalar == "%" {
        guard index + 2 < scalars.count, scalars[index + 1].properties.isASCIIHexDigit,
          scalars[index + 2].properties.isASCIIHexDigit
        else { return false }
        continue
      }
      guard scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || allowed.contains(scalar)
      else { return false }
    }
    return true
  }

  /// Sets the widths of columns (in characters) and their default style.
  public func setColumn(_ column: Int, width: Double, style: XlsxStyle? = nil) throws {
    try Self.check(0, column)
    let status = worksheet_set_column(
      sheet, lxw_col_t(column), lxw_col_t(column), max(0, min(255, width)), style.flatMap { formats[$0] })
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "setting a column width in \(name)") }
  }

  /// Sets a row's height in points (Excel's default is 15); call it before writing the row's
  /// cells (in constant-memory mode only the current row can be set).
  public func setRowHeight(_ row: Int, _ height: Double) throws {
    try Self.check(row, 0)
    let status = worksheet_set_row(sheet, lxw_row_t(row), max(0, min(409, height)), nil)
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "setting a row height in \(name)") }
  }

  /// Sets the sheet up for printing: landscape, A4, fitted to `pagesWide` pages across (as
  /// many pages down as it takes), the first `headerRows` rows repeated on every page, grid
  /// lines printed, and the sheet name and page number in the footer.
  public func setUpPrinting(pagesWide: Int = 1, headerRows: Int = 1) throws {
    worksheet_set_landscape(sheet)
    worksheet_set_paper(sheet, 9)
    worksheet_fit_to_pages(sheet, UInt16(max(1, pagesWide)), 0)
    worksheet_gridlines(sheet, UInt8(LXW_SHOW_PRINT_GRIDLINES.rawValue))
    worksheet_set_margins(sheet, 0.4, 0.4, 0.5, 0.5)
    if headerRows > 0 {
      let status = worksheet_repeat_rows(sheet, 0, lxw_row_t(headerRows - 1))
      guard status == LXW_NO_ERROR else { throw XlsxError(status, "repeating the header row of \(name)") }
    }
    let status = "&L&A&RPage &P of &N".withCString { worksheet_set_footer(sheet, $0) }
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "setting the footer of \(name)") }
  }

  /// Freezes the rows above `row`.
  public func freezeRows(_ row: Int) throws {
    try Self.check(row, 0)
    worksheet_freeze_panes(sheet, lxw_row_t(row), 0)
  }

  /// Adds an autofilter over a header row and the rows below it.
  public func autofilter(firstRow: Int, lastRow: Int, columns: Int) throws {
    try Self.check(max(firstRow, lastRow), max(0, columns - 1))
    let status = worksheet_autofilter(
      sheet, lxw_row_t(firstRow), 0, lxw_row_t(max(firstRow, lastRow)), lxw_col_t(max(0, columns - 1)))
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "adding an autofilter to \(name)") }
  }

  /// Colours cells of a column range whose value equals a text (such as `major`).
  public func highlight(
    column: Int, firstRow: Int, lastRow: Int, equalTo value: String, style: XlsxStyle
  ) throws {
    guard lastRow >= firstRow else { return }
    try Self.check(lastRow, column)
    guard value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !value.isEmpty else {
      throw XlsxError("a highlighted value must be a plain word, not \(value)")
    }
    var rule = lxw_conditional_format()
    rule.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
    rule.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_EQUAL_TO.rawValue)
    rule.format = formats[style]
    let status = "\"\(value)\"".withCString { text -> lxw_error in
      rule.value_string = UnsafeMutablePointer(mutating: text)
      return worksheet_conditional_format_range(
        sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column), &rule)
    }
    guard status == LXW_NO_ERROR else { throw XlsxError(status, "adding a conditional format to \(name)") }
  }
}
