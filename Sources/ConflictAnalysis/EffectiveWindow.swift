import EvidenceModel

/// A recommendation's window placed on its topic's timeline: prerequisites replaced by the start the
/// topic's assumptions give them.
///
/// A window `after: [failed-conservative-care]` starts, on the timeline, at the later of its own
/// start and the assumed duration of each prerequisite (3 months in the bundled topic). The
/// assumptions used are kept so every report can name them. A prerequisite the topic gives no
/// duration for cannot be placed; the window then starts at its own start and the prerequisite is
/// listed as untimed.
public struct EffectiveWindow: Hashable, Codable, Sendable {
  /// The start, or `nil` for the anchor event itself.
  public var start: TimelineDuration?
  /// The exclusive end, or `nil` for open-ended.
  public var end: TimelineDuration?
  /// The prerequisites the window waits for.
  public var prerequisites: [String]
  /// Ids of the topic assumptions that placed the prerequisites on the timeline.
  public var assumptions: [String]
  /// Prerequisites that no assumption gives a duration for.
  public var untimedPrerequisites: [String]

  public var startDays: Double { start?.days ?? 0 }
  /// Whether placing the prerequisites left nothing of the window (its start at or after its
  /// end), as with `{end: 6w, after: [failed-conservative-care]}` and a 3-month assumption.
  public var isEmpty: Bool { endDays.map { $0 <= startDays } ?? false }
  public var endDays: Double? { end?.days }

  public init(
    start: TimelineDuration? = nil, end: TimelineDuration? = nil, prerequisites: [String] = [],
    assumptions: [String] = [], untimedPrerequisites: [String] = []
  ) {
    self.start = start
    self.end = end
    self.prerequisites = prerequisites
    self.assumptions = assumptions
    self.untimedPrerequisites = untimedPrerequisites
  }

  /// Places a window on a topic's timeline: each prerequisite it waits for moves its start to the
  /// prerequisite's assumed duration, and each prerequisite it lasts until (an implied position
  /// before a stated one's prerequisite) moves its end there.
  public init(_ window: TimingWindow, topic: Topic?) {
    var start = window.start
    var end = window.end
    var assumptions: [String] = []
    var untimed: [String] = []
    func duration(of prerequisite: String) -> TimelineDuration? {
      guard
        let assumption = topic?.assumptions.first(where: {
          $0.prerequisite == prerequisite && $0.duration != nil
        }), let duration = assumption.duration
      else {
        untimed.append(prerequisite)
        return nil
      }
      assumptions.append(assumption.id)
      return duration
    }
    for prerequisite in window.after {
      if let duration = duration(of: prerequisite), duration.days > (start?.days ?? 0) { start = duration }
    }
    for prerequisite in window.until {
      if let duration = duration(of: prerequisite), duration.days < (end?.days ?? .infinity) { end = duration }
    }
    self.init(
      start: start, end: end, prerequisites: window.after, assumptions: assumptions,
      untimedPrerequisites: untimed)
  }

  /// Whether the window holds at a point of the timeline (in days).
  public func contains(days: Double) -> Bool {
    days >= startDays && (endDays.map { days < $0 } ?? true)
  }

  /// The overlap of two windows: the common part over the shorter window (1 when one lies inside
  /// the other, 0 when they are disjoint).
  public func overlap(with other: EffectiveWindow) -> Double {
    guard let common = commonBounds(other) else { return 0 }
    let commonLength = (common.end?.days ?? .infinity) - (common.start?.days ?? 0)
    let shorter = min(length, other.length)
    if shorter == .infinity { return 1 }
    return shorter > 0 ? min(1, commonLength / shorter) : 1
  }

  /// Whether the two windows share part of the timeline.
  public func meets(_ other: EffectiveWindow) -> Bool { commonBounds(other) != nil }

  /// The part of the timeline both windows cover, or `nil` when they are disjoint.
  public func intersection(with other: EffectiveWindow) -> EffectiveWindow? {
    guard let (start, end) = commonBounds(other) else { return nil }
    return EffectiveWindow(
      start: start, end: end,
      prerequisites: Array(Set(prerequisites + other.prerequisites)).sorted(),
      assumptions: Array(Set(assumptions + other.assumptions)).sorted(),
      untimedPrerequisites: Array(Set(untimedPrerequisites + other.untimedPrerequisites)).sorted())
  }

  /// The later start and the earlier end, or `nil` when nothing is left between them.
  private func commonBounds(
    _ other: EffectiveWindow
  ) -> (start: TimelineDuration?, end: TimelineDuration?)? {
    let start = startDays >= other.startDays ? self.start : other.start
    let end: TimelineDuration?
    switch (self.end, other.end) {
    case let (a?, b?): end = a.days <= b.days ? a : b
    case let (a?, nil): end = a
    case let (nil, b?): end = b
    case (nil, nil): end = nil
    }
    if let end, end.days <= (start?.days ?? 0) { return nil }
    return (start, end)
  }

  private var length: Double { (endDays ?? .infinity) - startDays }

  /// The window as ages, for a topic anchored at birth (`ages 21–24`; see
  /// ``TimingWindow/ageSummary``), with the prerequisites it waits for.
  public var ageSummary: String {
    TimingWindow(start: start, end: end, after: prerequisites).ageSummary
  }

  /// A compact form such as `0d–5d`, `from 3mo (after failed-conservative-care)` or `any time`.
  public var summary: String {
    var text: String
    switch (start, end) {
    case (nil, nil): text = "any time"
    case (let s?, nil): text = s.amount == 0 ? "any time" : "from \(s)"
    case (nil, let e?): text = "0d–\(e)"
    case (let s?, let e?): text = "\(s)–\(e)"
    }
    if !prerequisites.isEmpty { text += " (after " + prerequisites.joined(separator: ", ") + ")" }
    return text
  }
}
