import EvidenceModel

/// The rules of the catalogue model for real guidelines: measures and units, unions, the one
/// encoding of age, editions in time, exclusive scope and exceptions.
extension CatalogueValidator {
  typealias Report = (RuleID, String, SourceLocation) -> Void
  typealias Dangling = (_ kind: String, _ id: String, _ owner: String, _ at: SourceLocation) -> Void

  /// Measures and units of every range, union members, and age written as the timeline of a
  /// topic anchored at birth.
  static func validatePopulations(_ catalogue: Catalogue, report: Report, dangling: Dangling) {
    for population in catalogue.populations {
      let owner = "population '\(population.id)'"
      for (offset, range) in population.ranges.enumerated() {
        checkRange(range, owner: owner, at: population.keyLocations["ranges.\(offset)"] ?? population.location, catalogue, report)
      }
      for (offset, member) in population.anyOf.enumerated() {
        let location = population.keyLocations["any-of.\(offset)"] ?? population.location
        guard let other = catalogue.population(member) else {
          dangling("population", member, owner, location)
          continue
        }
        if other.condition != population.condition {
          report(
            .unionConditionMismatch,
            "\(owner) is a union with '\(member)', whose condition is \(other.condition), not \(population.condition); a union joins populations of one condition",
            location)
        } else if reaches(member, population.id, catalogue) {
          report(
            .unionCycle,
            "\(owner) contains itself through 'any-of: \(member)'; a union must not refer back to the population",
            location)
        }
      }
    }
    // Age is the timeline of a topic anchored at birth: an age range there would give a second,
    // different encoding of the same thing.
    var checked: Set<String> = []
    func checkAge(_ id: String, topic: Topic, by user: String) {
      guard checked.insert(id).inserted, let population = catalogue.population(id) else { return }
      if catalogue.region(ofPopulation: id).boxes.contains(where: { $0.ranges["age"] != nil }) {
        let offset = population.ranges.firstIndex { $0.measure == "age" }
        let range = offset.map { population.ranges[$0] }
        let example = range.map { r -> String in
          let start = r.min.map { Int(r.minExclusive ? $0 + 1 : $0) }
          let end = r.max.map { Int(r.maxExclusive ? $0 : $0 + 1) }
          return [start.map { "start: \($0)y" }, end.map { "end: \($0)y" }].compactMap { $0 }.joined(separator: ", ")
        }
        report(
          .ageAsPopulationRange,
          "population '\(id)' (used by \(user)) restricts age, but topic '\(topic.id)' is anchored at birth, so age is its timeline: remove the age range and write the ages as the recommendation's window"
            + (example.map { " ({\($0)}; the end is the first age no longer included)" } ?? ""),
          offset.flatMap { population.keyLocations["ranges.\($0)"] } ?? population.location)
      }
    }
    for topic in catalogue.topics where topic.anchor == .birth {
      checkAge(topic.population, topic: topic, by: "topic '\(topic.id)'")
    }
    for rec in catalogue.recommendations {
      guard let topic = catalogue.topic(rec.topic), topic.anchor == .birth else { continue }
      for id in [rec.population] + rec.exceptions.map(\.population) {
        checkAge(id, topic: topic, by: "recommendation '\(rec.id)'")
      }
    }
  }

  /// A range's measure and unit exist in the catalogue.
  static func checkRange(
    _ range: Population.MeasureRange, owner: String, at location: SourceLocation,
    _ catalogue: Catalogue, _ report: Report
  ) {
    guard let measure = catalogue.measure(range.measure) else {
      let known = catalogue.measures.map(\.id).sorted().joined(separator: ", ")
      report(
        .unknownMeasure,
        "\(owner) uses the measure '\(range.measure)', which is not defined; define it under 'measures' or use one of: \(known.isEmpty ? "(none defined)" : known)",
        location)
      return
    }
    if !measure.units.contains(where: { $0.unit == range.unit }) {
      report(
        .unknownUnit,
        "\(owner) writes '\(range.measure)' in '\(range.unit)', which is not a unit of measure '\(measure.id)'; use one of: \(measure.units.map(\.unit).joined(separator: ", "))",
        location)
    }
  }

  /// Whether following `any-of` from `start` reaches `target`.
  private static func reaches(_ start: String, _ target: String, _ catalogue: Catalogue) -> Bool {
    var seen: Set<String> = []
    var stack = [start]
    while let next = stack.popLast() {
      if next == target { return true }
      guard seen.insert(next).inserted, let population = catalogue.population(next) else { continue }
      stack.append(contentsOf: population.anyOf)
    }
    return false
  }

  /// Supersession chains: no cycle, and no successor certainly published before its
  /// predecessor.
  static func validateEditions(_ catalogue: Catalogue, report: Report) {
    var reported: Set<String> = []
    for source in catalogue.sources {
      guard let successorID = source.supersededBy, successorID != source.id,
        let successor = catalogue.source(successorID)
      else { continue }
      guard let published = source.publicationDate, let successorPublished = successor.publicationDate
      else { continue }
      let location = source.keyLocations["superseded-by"] ?? source.location
      if successorPublished.isCertainlyBefore(published) {
        report(
          .successorBeforePredecessor,
          "source '\(source.id)' (published \(published)) is superseded by '\(successor.id)', published earlier (\(successorPublished)); a successor is published after the edition it replaces, so correct the dates or the 'superseded-by'",
          location)
      }
      // Walk the chain from the successor; coming back to this source is a cycle.
      var chain = [source.id]
      var seen: Set<String> = [source.id]
      var current: Source? = successor
      while let next = current {
        if next.id == source.id {
          if reported.insert(chain.sorted().joined(separator: ",")).inserted {
            report(
              .supersessionCycle,
              "source '\(source.id)' supersedes itself through " + (chain + [source.id]).joined(separator: " → ")
                + "; editions form a line from oldest to newest, so remove one 'superseded-by'",
              location)
          }
          break
        }
        guard seen.insert(next.id).inserted else { break }
        chain.append(next.id)
        current = next.supersededBy.flatMap(catalogue.source)
      }
    }
  }

  /// Exclusive scope, routine use, exceptions, interval and target of one recommendation.
  static func validateScope(
    _ rec: Recommendation, _ catalogue: Catalogue, report: Report, dangling: Dangling
  ) {
    let owner = "recommendation '\(rec.id)'"
    let population = catalogue.population(rec.population)
    if !rec.exclusive.isEmpty, rec.direction != .for {
      report(
        .exclusiveScopeDirection,
        "\(owner) is '\(rec.direction.rawValue)' but has 'exclusive'; exclusive scope says a position for the intervention holds only inside its window or ranges (outside, 'not recommended' is implied), so it applies to 'for' statements only: remove 'exclusive'",
        rec.keyLocations["exclusive"] ?? rec.location)
    }
    for (offset, item) in rec.exclusive.enumerated() {
      let location = rec.keyLocations["exclusive.\(offset)"] ?? rec.location
      let w = rec.window
      switch item {
      case .window(let part):
        let bounded: Bool
        switch part {
        case .all: bounded = w.isRestricted
        case .start: bounded = (w.start?.amount ?? 0) > 0
        case .end: bounded = w.end != nil
        case .after: bounded = !w.after.isEmpty
        }
        if !bounded {
          report(
            .exclusiveScopeWithoutBound,
            "\(owner) is exclusive on '\(item)', but its window (\(w.summary)) has no such bound; give the window that bound, or remove '\(item)' from 'exclusive'",
            location)
        }
      case .alternatives:
        if catalogue.siblings(of: rec.interventions).isEmpty {
          report(
            .exclusiveScopeWithoutBound,
            "\(owner) is exclusive on 'alternatives', but its intervention has no sibling concept (another child of the same parent) to rule out; add the alternatives to the hierarchy, or remove 'alternatives' from 'exclusive'",
            location)
        }
      case .measure(let id, let bound):
        guard let population else { break }
        let range = population.ranges.first { $0.measure == id }
        let bounded: Bool
        switch bound {
        case .both: bounded = range != nil
        case .lower: bounded = range?.min != nil
        case .upper: bounded = range?.max != nil
        }
        if !bounded {
          report(
            .exclusiveScopeWithoutBound,
            "\(owner) is exclusive on '\(item)', but its population '\(rec.population)' has no \(bound == .both ? "range" : "\(bound.rawValue) bound") on '\(id)'; bound it in the population's own 'ranges', or remove '\(item)' from 'exclusive' (write 'window', 'window.start', 'window.end' or 'window.after' for the timeline)",
            location)
        }
      }
    }
    for (offset, exception) in rec.exceptions.enumerated() {
      let location = rec.keyLocations["exceptions.\(offset)"] ?? rec.location
      let id = exception.population
      guard catalogue.population(id) != nil else {
        dangling("population", id, owner, location)
        continue
      }
      guard population != nil else { continue }
      let region = catalogue.region(ofPopulation: id)
      let narrowerWindow = exception.window.map { $0.isRestricted && $0 != rec.window } ?? false
      if (id == rec.population && !narrowerWindow)
        || !region.isInside(catalogue.region(ofPopulation: rec.population))
      {
        report(
          .exceptionOutsidePopulation,
          "\(owner) excepts population '\(id)', which is not a subgroup of its own population '\(rec.population)'; an exception narrows the statement's population (same condition, every qualifier and range within it)",
          location)
      } else if let window = exception.window, !window.lies(inside: rec.window) {
        report(
          .exceptionOutsidePopulation,
          "\(owner) excepts '\(id)' at \(window.summary), which is not inside its own window (\(rec.window.summary)); an exception's window lies within the statement's",
          location)
      }
    }
    if let target = rec.target {
      checkRange(target, owner: "the target of \(owner)", at: rec.keyLocations["target"] ?? rec.location, catalogue, report)
    }
  }
}
