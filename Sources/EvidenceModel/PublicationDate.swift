/// The date a source was published, withdrawn or reaffirmed, known to the year, the month or the
/// day: `2013`, `2021-03` or `2021-03-09`.
///
/// Sources are often known only to the year or month. Where a point in time is needed (is this
/// edition in force on the as-of date?), a date counts from the **first day** of the period it
/// names: a guideline known only as "2013" is taken to be in force from 1 January 2013. That
/// choice keeps a source in every analysis dated in its year rather than silently leaving it out;
/// ordering checks (a successor published before its predecessor) use both ends, so that two
/// editions known only as "2013" are never called out of order.
public struct PublicationDate: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int?
  public var day: Int?

  /// A date known to the year, month or day; `nil` when the parts do not form a real date.
  public init?(year: Int, month: Int? = nil, day: Int? = nil) {
    guard (1...9999).contains(year), day == nil || month != nil else { return nil }
    if let month, !(1...12).contains(month) { return nil }
    if let month, let day, CalendarDate(year: year, month: month, day: day) == nil { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// A date known to the day.
  public init(_ date: CalendarDate) {
    year = date.year
    month = date.month
    day = date.day
  }

  /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; returns `nil` for anything else.
  public init?(parsing text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...3).contains(parts.count), parts[0].count == 4,
      parts.dropFirst().allSatisfy({ $0.count == 2 }),
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
    else { return nil }
    let numbers = parts.compactMap { Int($0) }
    self.init(
      year: numbers[0], month: numbers.count > 1 ? numbers[1] : nil,
      day: numbers.count > 2 ? numbers[2] : nil)
  }

  /// The first day of the period the date names (1 January for a year).
  public var firstDay: CalendarDate {
    CalendarDate(year: year, month: month ?? 1, day: day ?? 1)!
  }

  /// The last day of the period the date names (31 December for a year).
  public var lastDay: CalendarDate {
    let m = month ?? 12
    return CalendarDate(year: year, month: m, day: day ?? CalendarDate.daysIn(month: m, year: year))!
  }

  /// Whether this date is certainly before `other`: its last day comes before the other's first.
  public func isCertainlyBefore(_ other: PublicationDate) -> Bool { lastDay < other.firstDay }

  /// The written form: `2013`, `2021-03` or `2021-03-09`.
  public var description: String {
    let y = String(year)
    var text = String(repeating: "0", count: max(0, 4 - y.count)) + y
    for part in [month, day].compactMap({ $0 }) { text += part < 10 ? "-0\(part)" : "-\(part)" }
    return text
  }

  /// Orders by first day, then by precision (a year before its months).
  public static func < (lhs: PublicationDate, rhs: PublicationDate) -> Bool {
    if lhs.firstDay != rhs.firstDay { return lhs.firstDay < rhs.firstDay }
    return lhs.lastDay > rhs.lastDay
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let value = PublicationDate(parsing: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
