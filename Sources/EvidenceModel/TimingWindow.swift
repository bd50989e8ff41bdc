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
  /// Ids of the topic's prerequisites whose holding ends the window. Never written in the
  /// catalogue: only an implied position has it (the part of a timeline before a stated
  /// position's prerequisite is met).
  public var until: [String]
  /// A short explanation in the source's terms (for example "acute: within 5 days of the event").
  public var note: String?

  public init(
    start: TimelineDuration? = nil, end: TimelineDuration? = nil, after: [String] = [],
    until: [String] = [], note: String? = nil
  ) {
    self.start = start
    self.end = end
    self.after = after
    self.until = until
    self.note = note
  }

  /// Whether this window lies within `other`: it starts no earlier, ends no later, and waits for
  /// every prerequisite `other` waits for.
  public func lies(inside other: TimingWindow) -> Bool {
    guard startDays >= other.startDays else { return false }
    if let otherEnd = other.endDays, (endDays ?? .infinity) > otherEnd { return false }
    return Set(other.after).isSubset(of: Set(after))
  }

  /// Whether the window restricts the timeline at all (a start after the anchor, an end, or a
  /// prerequisite).
  public var isRestricted: Bool { (start?.amount ?? 0) > 0 || end != nil || !after.isEmpty }

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
    let text: String
    switch (start, end) {
    case (nil, nil): text = "any time"
    case (let s?, nil): text = "from \(s)"
    case (nil, let e?): text = "before \(e)"
    case (let s?, let e?): text = "\(s)–\(e)"
    }
    return text + prerequisiteSuffix
  }

  /// The window as ages, for a topic anchored at birth: `ages 50–80`, `age 25 and over`,
  /// `under 21` (a window ending at `81y` includes 80-year-olds). Windows not in whole years
  /// read as ``summary``.
  public var ageSummary: String {
    // A start at the anchor (0 in any unit) is no bound.
    guard start.map({ $0.unit == .years || $0.amount == 0 }) ?? true, end.map({ $0.unit == .years }) ?? true else {
      return summary
    }
    let from = start.flatMap { $0.amount > 0 ? $0.amount : nil }
    let text: String
    switch (from, end?.amount) {
    case (nil, nil): text = "any age"
    case (let s?, nil): text = "age \(s) and over"
    case (nil, let e?): text = "under \(e)"
    case (let s?, let e?): text = e - 1 == s ? "age \(s)" : "ages \(s)–\(e - 1)"
    }
    return text + prerequisiteSuffix
  }

  /// `, after …` and `, until …` for the prerequisites, or nothing.
  private var prerequisiteSuffix: String {
    (after.isEmpty ? "" : ", after " + after.joined(separator: ", "))
      + (until.isEmpty ? "" : ", until " + until.joined(separator: ", "))
  }
}
