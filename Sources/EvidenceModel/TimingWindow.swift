/// The part of a topic's timeline in which a recommendation applies: a half-open interval
/// `[start, end)` measured from the topic's anchor event, with open ends allowed, plus the
/// prerequisites that must hold first (such as failed conservative care).
public struct TimingWindow: Hashable, Codable, Sendable {
  /// The start of the window; `nil` means from the anchor event itself.
  public var start: TimelineDuration?
  /// The end of the window (exclusive); `nil` means open-ended.
  public var end: TimelineDuration?
  /// Ids of the topic's prerequisites that must hold before the window opens.
  public var after: [String]
  /// A short explanation in the source's terms (for example "acute: within 5 days of the event").
  public var note: String?

  public init(
    start: TimelineDuration? = nil, end: TimelineDuration? = nil, after: [String] = [],
    note: String? = nil
  ) {
    self.start = start
    self.end = end
    self.after = after
    self.note = note
  }

  /// The whole timeline with no prerequisite: what a recommendation without a window means.
  public static let always = TimingWindow()

  /// The start in days (0 when open).
  public var startDays: Double { start?.days ?? 0 }
  /// The end in days (`nil` when open-ended).
  public var endDays: Double? { end?.days }

  /// Whether the window is empty or inverted (its end not after its start).
  public var isEmptyOrInverted: Bool {
    guard let endDays else { return false }
    return endDays <= startDays
  }

  /// A compact human-readable form such as `0d–5d` or `from 3mo, after failed-conservative-care`.
  public var summary: String {
    var text: String
    switch (start, end) {
    case (nil, nil): text = "any time"
    case (let s?, nil): text = "from \(s)"
    case (nil, let e?): text = "before \(e)"
    case (let s?, let e?): text = "\(s)–\(e)"
    }
    if !after.isEmpty { text += ", after " + after.joined(separator: ", ") }
    return text
  }
}
