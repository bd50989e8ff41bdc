/// A population as a union of boxes: each box is a condition, a set of allowed values per
/// qualifier dimension, and a range per measure (in the measure's canonical unit).
///
/// ``Catalogue/region(ofPopulation:)`` builds it from a ``Population``, resolving ``Population/anyOf``
/// unions; validation uses it to check that exceptions lie inside their recommendation's
/// population, the comparator to compute overlaps.
public struct PopulationRegion: Hashable, Sendable {
  /// One conjunction of restrictions.
  public struct Box: Hashable, Sendable {
    public var condition: String
    /// Allowed values per dimension; a dimension not listed is unrestricted.
    public var qualifiers: [String: Set<String>]
    /// The range per measure id; a measure not listed is unrestricted.
    public var ranges: [String: Population.MeasureRange]

    public init(
      condition: String, qualifiers: [String: Set<String>] = [:],
      ranges: [String: Population.MeasureRange] = [:]
    ) {
      self.condition = condition
      self.qualifiers = qualifiers
      self.ranges = ranges
    }

    /// Whether no patient fits the box (a qualifier with no value left, or an empty range).
    public var isEmpty: Bool {
      qualifiers.values.contains { $0.isEmpty } || ranges.values.contains { $0.isEmpty }
    }

    /// The patients in both boxes, or `nil` when the conditions differ.
    public func intersection(_ other: Box) -> Box? {
      guard condition == other.condition else { return nil }
      var result = self
      for (dimension, values) in other.qualifiers {
        result.qualifiers[dimension] = result.qualifiers[dimension].map { $0.intersection(values) } ?? values
      }
      for (measure, range) in other.ranges {
        result.ranges[measure] = result.ranges[measure].map { $0.intersection(range) } ?? range
      }
      return result
    }

    /// Whether every patient of this box is in `other`.
    public func isInside(_ other: Box) -> Bool {
      guard condition == other.condition else { return false }
      for (dimension, values) in other.qualifiers {
        guard let mine = qualifiers[dimension], mine.isSubset(of: values) else { return false }
      }
      for (measure, range) in other.ranges {
        guard let mine = ranges[measure], mine.intersection(range) == mine || mine.isEmpty else {
          return false
        }
      }
      return true
    }
  }

  /// The boxes; empty for a population no one fits.
  public var boxes: [Box]

  public init(boxes: [Box]) { self.boxes = boxes.filter { !$0.isEmpty } }

  /// Whether no patient fits.
  public var isEmpty: Bool { boxes.isEmpty }

  /// The patients in both regions.
  public func intersection(_ other: PopulationRegion) -> PopulationRegion {
    PopulationRegion(boxes: boxes.flatMap { a in other.boxes.compactMap { a.intersection($0) } })
  }

  /// Whether every patient of this region is in `other` (each box inside one of `other`'s; a
  /// box split across several of `other`'s boxes is not recognised, which errs towards "not
  /// inside").
  public func isInside(_ other: PopulationRegion) -> Bool {
    boxes.allSatisfy { box in other.boxes.contains { box.isInside($0) } }
  }
}

extension Catalogue {
  /// A population as a union of boxes, with its `any-of` members resolved and every range in its
  /// measure's canonical unit. Members that are missing or form a cycle are left out (validation
  /// reports them).
  public func region(ofPopulation id: String) -> PopulationRegion {
    var visiting: Set<String> = []
    return PopulationRegion(boxes: boxes(of: id, &visiting))
  }

  /// The region of a population value (which may be derived, as an implied position's is).
  public func region(of population: Population) -> PopulationRegion {
    var visiting: Set<String> = [population.id]
    return PopulationRegion(boxes: boxes(of: population, &visiting))
  }

  private func boxes(of id: String, _ visiting: inout Set<String>) -> [PopulationRegion.Box] {
    guard let population = population(id), visiting.insert(id).inserted else { return [] }
    defer { visiting.remove(id) }
    return boxes(of: population, &visiting)
  }

  private func boxes(
    of population: Population, _ visiting: inout Set<String>
  ) -> [PopulationRegion.Box] {
    var base = PopulationRegion.Box(condition: population.condition)
    for qualifier in population.qualifiers {
      base.qualifiers[qualifier.dimension] = Set(qualifier.values)
    }
    for range in population.ranges {
      let canonical = measure(range.measure)?.canonical(range) ?? range
      base.ranges[range.measure] = base.ranges[range.measure].map { $0.intersection(canonical) } ?? canonical
    }
    guard !population.anyOf.isEmpty else { return [base] }
    return population.anyOf.flatMap { member in
      boxes(of: member, &visiting).compactMap { base.intersection($0) }
    }
  }
}
