/// A position a body takes by implication: outside the exclusive scope of one of its statements
/// ("only after failure of conservative care", "start at 25", "offer if the risk is ≥ 10 %"), the
/// body does not recommend the intervention.
///
/// Implied positions are derived from the catalogue, never written in it, and each names the
/// statement it comes from. Silence is not a position: a statement that is not marked
/// ``Recommendation/exclusive`` implies nothing outside its scope.
public struct ImpliedPosition: Hashable, Codable, Sendable {
  /// What implies the position.
  public enum Kind: String, Hashable, Codable, Sendable {
    /// An exclusive window or measure range: not recommended outside it.
    case scope
    /// A target: intensify above it, not at or below it (and the reverse for de-intensifying).
    case target
    /// An exclusive strategy: the sibling concepts are not recommended where it holds.
    case alternative
  }

  /// The recommendation whose exclusive scope implies this position.
  public var statement: String
  public var kind: Kind
  /// The part of the scope this position lies outside of.
  public var outside: Recommendation.ScopeItem
  /// ``Direction/against`` ("not recommended there"); for a position implied by a target,
  /// ``Direction/for`` where the target says to act (intensify above it).
  public var direction: Direction
  /// For a position implied by a target, the concept that steps the therapy up or down
  /// (``InterventionConcept/adjusts``) it speaks to; `nil` for an exclusive scope, which speaks
  /// to the statement's own interventions.
  public var intervention: String?
  /// Where on the topic's timeline the position holds.
  public var window: TimingWindow
  /// Whom it concerns: the statement's population with the exclusive measure replaced by the
  /// part outside its range, and the statement's other exclusive restrictions lifted. Its id is
  /// derived (`<statement>~<population>~<measure>-below`), never a catalogue id.
  public var population: Population
  /// The derived position in words, such as `not recommended below pack-years ≥ 30 pack-years`.
  public var summary: String

  public init(
    statement: String, kind: Kind = .scope, outside: Recommendation.ScopeItem, direction: Direction = .against,
    intervention: String? = nil, window: TimingWindow, population: Population, summary: String
  ) {
    self.statement = statement
    self.kind = kind
    self.outside = outside
    self.direction = direction
    self.intervention = intervention
    self.window = window
    self.population = population
    self.summary = summary
  }
}

// Rows stored before positions had a kind read as exclusive scope.
extension ImpliedPosition {
  private enum CodingKeys: String, CodingKey {
    case statement, kind, outside, direction, intervention, window, population, summary
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      statement: try c.decode(String.self, forKey: .statement),
      kind: try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .scope,
      outside: try c.decode(Recommendation.ScopeItem.self, forKey: .outside),
      direction: try c.decode(Direction.self, forKey: .direction),
      intervention: try c.decodeIfPresent(String.self, forKey: .intervention),
      window: try c.decode(TimingWindow.self, forKey: .window),
      population: try c.decode(Population.self, forKey: .population),
      summary: try c.decode(String.self, forKey: .summary))
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
    scopePositions(of: recommendation) + targetPositions(of: recommendation)
      + alternativePositions(of: recommendation)
  }

  /// The positions an exclusive strategy (`exclusive: [alternatives]`) implies: each sibling
  /// concept of the statement's interventions (another child of the same parent) is not
  /// recommended in the statement's population and window.
  public func alternativePositions(of recommendation: Recommendation) -> [ImpliedPosition] {
    guard recommendation.direction == .for, recommendation.exclusive.contains(.alternatives),
      let population = population(recommendation.population)
    else { return [] }
    return siblings(of: recommendation.interventions).map { sibling in
      var derived = population
      derived.id = "\(recommendation.id)~\(recommendation.population)~alternative-\(sibling.id)"
      return ImpliedPosition(
        statement: recommendation.id, kind: .alternative, outside: .alternatives, direction: .against,
        intervention: sibling.id, window: recommendation.window, population: derived,
        summary: "\(sibling.id) not recommended: \(recommendation.id) names \(recommendation.interventions.joined(separator: ", ")) as the only option")
    }
  }

  /// The positions a target implies on the concepts that step its therapy up or down.
  ///
  /// On an intensifying concept: for above the target, against at or below it. On a
  /// de-intensifying one: for below a target's lower bound, against from it up; a target with
  /// only an upper bound ("below 7 %") says nothing about going lower, so it is against
  /// de-intensifying only from its bound less the measure's ``Measure/targetMargin`` up (a
  /// value just below the bound is at the target), and silent further below. Where the
  /// statement's own source states when to take the step for the same patients (NICE: aim for
  /// 53 mmol/mol, intensify at 58), the target implies no "for" on it: the source has said where
  /// it acts. Each keeps the statement's population with the target's measure narrowed to the
  /// part it speaks to, and its window.
  public func targetPositions(of recommendation: Recommendation) -> [ImpliedPosition] {
    guard recommendation.direction == .for, let stated = recommendation.target,
      let population = population(recommendation.population)
    else { return [] }
    let measure = measure(stated.measure)
    let target = measure?.canonical(stated) ?? stated
    let margin = measure?.targetMargin ?? 0
    let therapies = Set(recommendation.interventions.flatMap { lineage(ofIntervention: $0) })
    func range(min: Double? = nil, minExclusive: Bool = false, max: Double? = nil, maxExclusive: Bool = false)
      -> Population.MeasureRange
    {
      .init(measure: target.measure, unit: target.unit, min: min, max: max, minExclusive: minExclusive, maxExclusive: maxExclusive)
    }
    var implied: [ImpliedPosition] = []
    let ownSteps = stepsStated(for: population, measure: target.measure, besides: recommendation)
    for concept in concepts(adjustingAny: therapies) {
      guard let adjusts = concept.adjusts else { continue }
      let (acting, resting): (Population.MeasureRange?, Population.MeasureRange?)
      switch adjusts.toward {
      case .intensify:
        acting = target.max.map { range(min: $0, minExclusive: !target.maxExclusive) }
        resting = range(max: target.max, maxExclusive: target.maxExclusive)
      case .deintensify:
        acting = target.min.map { range(max: $0, maxExclusive: !target.minExclusive) }
        if let min = target.min {
          resting = range(min: min, minExclusive: target.minExclusive)
        } else {
          resting = target.max.map { range(min: $0 - margin) }
        }
      }
      let actsItself = ownSteps.contains { lineage(ofIntervention: $0).contains(concept.id) }
      for (direction, piece, side) in [(Direction.for, actsItself ? nil : acting, "acting"), (.against, resting, "resting")] {
        guard let piece, piece.min != nil || piece.max != nil || direction == .against else { continue }
        var derived = population
        derived.id = "\(recommendation.id)~\(recommendation.population)~target-\(concept.id)-\(side)"
        derived.name = "\(population.name), \(piece.summary)"
        // The population's own range on the measure, in the canonical unit as the piece is.
        let existing = derived.ranges.first { $0.measure == target.measure }.map { measure?.canonical($0) ?? $0 }
        derived.ranges.removeAll { $0.measure == target.measure }
        derived.ranges.append(existing.map { $0.intersection(piece) } ?? piece)
        let verb = direction == .for ? "recommended" : "not recommended"
        let bound: Recommendation.ScopeItem.Bound =
          side == "acting" ? (adjusts.toward == .intensify ? .upper : .lower) : .both
        implied.append(
          ImpliedPosition(
            statement: recommendation.id, kind: .target, outside: .measure(target.measure, bound),
            direction: direction, intervention: concept.id, window: recommendation.window, population: derived,
            summary: "\(concept.id) \(verb) for \(piece.summary): the target \(stated.summary) of \(recommendation.id)"))
      }
    }
    return implied
  }

  /// The concepts that the source of `recommendation` states, in another statement, a "for"
  /// position on for every patient of `population`, whatever their value of `measure` (the
  /// statement's own threshold on it is where the source acts); a concept stated so, or a
  /// broader one, is a step the source takes itself.
  private func stepsStated(for population: Population, measure: String, besides recommendation: Recommendation) -> [String] {
    func lifted(_ p: Population) -> PopulationRegion {
      var p = p
      p.ranges.removeAll { $0.measure == measure }
      return region(of: p)
    }
    let targetRegion = lifted(population)
    return recommendations(ofSource: recommendation.source).filter { other in
      other.id != recommendation.id && other.direction == .for && other.target == nil
        && self.population(other.population).map { targetRegion.isInside(lifted($0)) } == true
    }.flatMap(\.interventions)
  }

  /// The positions implied by an exclusive scope (see ``impliedPositions(of:)``).
  private func scopePositions(of recommendation: Recommendation) -> [ImpliedPosition] {
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
      derived.id = "\(recommendation.id)~\(recommendation.population)~\(item.measure ?? "window")-\(side)"
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
