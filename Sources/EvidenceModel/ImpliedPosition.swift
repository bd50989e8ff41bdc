/// A position a body takes by implication: outside the exclusive scope of one of its statements
/// ("only after failure of conservative care", "start at 25", "offer if the risk is ≥ 10 %"), the
/// body does not recommend the intervention.
///
/// Implied positions are derived from the catalogue, never written in it, and each names the
/// statement it comes from. Silence is not a position: a statement that is not marked
/// ``Recommendation/exclusive`` implies nothing outside its scope.
public struct ImpliedPosition: Hashable, Codable, Sendable {
  /// The recommendation whose exclusive scope implies this position.
  public var statement: String
  /// The part of the scope this position lies outside of.
  public var outside: Recommendation.ScopeItem
  /// Always ``Direction/against`` ("not recommended there").
  public var direction: Direction
  /// Where on the topic's timeline the position holds.
  public var window: TimingWindow
  /// Whom it concerns: the statement's population with the exclusive measure replaced by the
  /// part outside its range, and the statement's other exclusive restrictions lifted. Its id is
  /// derived (`<population>~<measure>-below`), never a catalogue id.
  public var population: Population
  /// The derived position in words, such as `not recommended below pack-years ≥ 30 pack-years`.
  public var summary: String

  public init(
    statement: String, outside: Recommendation.ScopeItem, direction: Direction = .against,
    window: TimingWindow, population: Population, summary: String
  ) {
    self.statement = statement
    self.outside = outside
    self.direction = direction
    self.window = window
    self.population = population
    self.summary = summary
  }
}

extension Catalogue {
  /// The positions implied by a recommendation's exclusive scope, in a fixed order: for each
  /// item of ``Recommendation/exclusive``, the part of the timeline before its window's start,
  /// after its end and until its prerequisites hold, or the part of a measure below and above its
  /// range, as far as the item is exclusive (`window.start` only before the start,
  /// `pack-years.lower` only below the lower bound).
  ///
  /// Each implied position keeps the statement's restrictions that are not exclusive and lifts
  /// the exclusive ones: a patient outside any one exclusive bound is outside the scope. Returns
  /// nothing for a statement that is not exclusive or not `for`, and nothing for an item the
  /// statement does not restrict (validation reports those).
  public func impliedPositions(of recommendation: Recommendation) -> [ImpliedPosition] {
    guard recommendation.direction == .for, !recommendation.exclusive.isEmpty,
      let population = population(recommendation.population)
    else { return [] }
    let items = recommendation.exclusive
    func exclusive(_ part: Recommendation.ScopeItem.WindowPart) -> Bool {
      items.contains(.window(.all)) || items.contains(.window(part))
    }
    func exclusive(_ measure: String, _ bound: Recommendation.ScopeItem.Bound) -> Bool {
      items.contains(.measure(measure, .both)) || items.contains(.measure(measure, bound))
    }
    // The statement with every exclusive bound lifted.
    var lifted = population
    lifted.ranges = population.ranges.compactMap { range in
      var range = range
      if exclusive(range.measure, .lower) { (range.min, range.minExclusive) = (nil, false) }
      if exclusive(range.measure, .upper) { (range.max, range.maxExclusive) = (nil, false) }
      return range.min == nil && range.max == nil ? nil : range
    }
    let w = recommendation.window
    let freeWindow = TimingWindow(
      start: exclusive(.start) ? nil : w.start, end: exclusive(.end) ? nil : w.end,
      after: exclusive(.after) ? [] : w.after)
    let anchoredAtBirth = topic(recommendation.topic)?.anchor == .birth
    func describe(_ window: TimingWindow) -> String {
      anchoredAtBirth ? window.ageSummary : window.summary
    }
    var implied: [ImpliedPosition] = []
    func add(_ item: Recommendation.ScopeItem, _ side: String, _ window: TimingWindow, _ population: Population, _ summary: String) {
      var derived = population
      derived.id = "\(recommendation.population)~\(item.measure ?? "window")-\(side)"
      implied.append(
        ImpliedPosition(
          statement: recommendation.id, outside: item, window: window, population: derived,
          summary: summary))
    }
    if let start = w.start, start.amount > 0, exclusive(.start) {
      let window = TimingWindow(end: start)
      add(.window(.start), "before", window, lifted, "not recommended (\(describe(window))): before the window of \(recommendation.id)")
    }
    if let end = w.end, exclusive(.end) {
      let window = TimingWindow(start: end)
      add(.window(.end), "after", window, lifted, "not recommended (\(describe(window))): after the window of \(recommendation.id)")
    }
    if !w.after.isEmpty, exclusive(.after) {
      let window = TimingWindow(start: exclusive(.start) ? nil : w.start, end: exclusive(.end) ? nil : w.end, until: w.after)
      add(.window(.after), "until", window, lifted, "not recommended until \(w.after.joined(separator: ", ")): \(recommendation.id) applies only after")
    }
    for range in population.ranges {
      for piece in range.complement {
        let bound: Recommendation.ScopeItem.Bound = piece.max != nil ? .lower : .upper
        guard exclusive(range.measure, bound) else { continue }
        var derived = lifted
        derived.name = "\(population.name), \(piece.summary)"
        derived.ranges.removeAll { $0.measure == range.measure }
        derived.ranges.append(piece)
        add(
          .measure(range.measure, bound), bound == .lower ? "below" : "above", freeWindow, derived,
          "not recommended for \(piece.summary): outside the range of \(recommendation.id)")
      }
    }
    return implied
  }
}
