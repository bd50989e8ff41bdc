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
  /// item of ``Recommendation/exclusive``, the part before and the part after its range (or, for
  /// the window, before its start, after its end, and until its prerequisites hold).
  ///
  /// Each implied position keeps the statement's restrictions that are not exclusive and lifts
  /// the other exclusive ones: a patient outside any one exclusive bound is outside the scope.
  /// Returns nothing for a statement that is not exclusive or not `for`, and nothing for an item
  /// the statement does not restrict (validation reports those).
  public func impliedPositions(of recommendation: Recommendation) -> [ImpliedPosition] {
    guard recommendation.direction == .for, !recommendation.exclusive.isEmpty,
      let population = population(recommendation.population)
    else { return [] }
    let exclusiveMeasures = Set(recommendation.exclusive.compactMap { item -> String? in
      if case .measure(let id) = item { return id }
      return nil
    })
    let windowExclusive = recommendation.exclusive.contains(.window)
    var lifted = population
    lifted.ranges.removeAll { exclusiveMeasures.contains($0.measure) }
    let freeWindow = windowExclusive ? TimingWindow.always : recommendation.window
    let anchoredAtBirth = topic(recommendation.topic)?.anchor == .birth
    func describe(_ window: TimingWindow) -> String {
      anchoredAtBirth ? window.ageSummary : window.summary
    }
    var implied: [ImpliedPosition] = []
    for item in recommendation.exclusive {
      switch item {
      case .window:
        let w = recommendation.window
        var pieces: [(String, TimingWindow)] = []
        if let start = w.start, start.amount > 0 { pieces.append(("before", TimingWindow(end: start))) }
        if let end = w.end { pieces.append(("after", TimingWindow(start: end))) }
        if !w.after.isEmpty {
          pieces.append(("until", TimingWindow(start: w.start, end: w.end, until: w.after)))
        }
        for (side, window) in pieces {
          var derived = lifted
          derived.id = "\(population.id)~window-\(side)"
          implied.append(
            ImpliedPosition(
              statement: recommendation.id, outside: .window, window: window, population: derived,
              summary: "not recommended (\(describe(window))): outside the window of \(recommendation.id)"))
        }
      case .measure(let id):
        guard let range = population.ranges.first(where: { $0.measure == id }) else { continue }
        for piece in range.complement {
          var derived = lifted
          let side = piece.min == nil ? "below" : "above"
          derived.id = "\(population.id)~\(id)-\(side)"
          derived.name = "\(population.name), \(piece.summary)"
          derived.ranges.append(piece)
          implied.append(
            ImpliedPosition(
              statement: recommendation.id, outside: item, window: freeWindow, population: derived,
              summary: "not recommended for \(piece.summary): outside the range of \(recommendation.id)"))
        }
      }
    }
    return implied
  }
}
