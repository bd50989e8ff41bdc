/// A whole number of days, weeks, months or years on a topic's clinical timeline, written `5d`,
/// `6w`, `3mo` or `1y`.
///
/// Months and years are converted to days with the mean Gregorian lengths (30.4375 and 365.25
/// days), so that `3mo` and `13w` compare the way a clinician expects (13 weeks is a little less
/// than three months).
public struct TimelineDuration: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
  /// The unit a duration is written in.
  public enum Unit: String, Codable, Sendable, CaseIterable {
    case days = "d"
    case weeks = "w"
    case months = "mo"
    case years = "y"

    /// The unit's length in days.
    public var days: Double {
      switch self {
      case .days: 1
      case .weeks: 7
      case .months: 30.4375
      case .years: 365.25
      }
    }
  }

  public var amount: Int
  public var unit: Unit

  public init(_ amount: Int, _ unit: Unit) {
    self.amount = amount
    self.unit = unit
  }

  /// Parses the written form (`0d`, `6w`, `3mo`, `50y`); returns `nil` for anything else.
  public init?(parsing text: String) {
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count <= 6, let amount = Int(digits),
      let unit = Unit(rawValue: String(text.dropFirst(digits.count)))
    else { return nil }
    self.init(amount, unit)
  }

  /// The duration in days.
  public var days: Double { Double(amount) * unit.days }

  /// The written form, such as `3mo`.
  public var description: String { "\(amount)\(unit.rawValue)" }

  public static func < (lhs: TimelineDuration, rhs: TimelineDuration) -> Bool {
    lhs.days < rhs.days
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let value = TimelineDuration(parsing: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a duration: \(text)"))
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
