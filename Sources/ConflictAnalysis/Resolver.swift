import EvidenceModel

/// Turns a topic's recommendations and conflicts into a timing-based pathway.
///
/// The timeline is cut at every window boundary (and at the topic's named phases, whose names are
/// used for display). In each phase, each intervention named by an applicable recommendation gets a
/// line. A recommendation applies when its source is current, its population overlaps the topic's,
/// and its window (prerequisites placed by the topic's assumptions) covers the phase; one on a
/// broader or narrower concept applies too (vertebral augmentation ⊃ vertebroplasty). The line is
/// decided by the rule in `ScoringRules.md`: unanimous positions stand; otherwise the side with the
/// higher certainty level wins, then strength level, then recency; a side that does not address the
/// phase's prerequisite never overrules one that does; what the rule cannot decide is contested, with
/// the conflict ids.
public struct Resolver: Sendable {
  let catalogue: Catalogue
  let analysis: Analysis
  var configuration: ScoringConfiguration { analysis.options.configuration }
  /// Lookups shared by every topic's pathway, built once.
  private let shared: Shared

  private final class Shared: @unchecked Sendable {
    let byTopic: [String: [AssessedRecommendation]]
    let order: [String: Int]
    /// Every intervention's lineage (itself, then its ancestors).
    let lineages: [String: [String]]
    /// Conflicts by the first (smaller id) of their two recommendations, with their place in the
    /// report order (most severe first).
    let conflictsByFirst: [ObjectIdentifier: [(rank: Int, conflict: Conflict)]]

    init(catalogue: Catalogue, analysis: Analysis) {
      byTopic = Dictionary(grouping: analysis.recommendations) { $0.recommendation.topic }
      order = Dictionary(catalogue.interventions.enumerated().map { ($1.id, $0) }) { x, _ in x }
      lineages = Dictionary(catalogue.interventions.map { ($0.id, catalogue.lineage(ofIntervention: $0.id)) }) { x, _ in x }
      var byFirst: [ObjectIdentifier: [(rank: Int, conflict: Conflict)]] = [:]
      for (rank, conflict) in analysis.conflicts.enumerated() where conflict.type.isConflict {
        byFirst[ObjectIdentifier(conflict.first), default: []].append((rank, conflict))
      }
      conflictsByFirst = byFirst
    }
  }

  public init(catalogue: Catalogue, analysis: Analysis) {
    self.catalogue = catalogue
    self.analysis = analysis
    shared = Shared(catalogue: catalogue, analysis: analysis)
  }

  /// The pathways of several topics (those the catalogue has), in the order given, worked out on
  /// every core.
  public func pathways(for topicIDs: [String]) -> [Pathway] {
    let found = Parallel.run(parallel: topicIDs.count >= 16) { worker, workers in
      stride(from: worker, to: topicIDs.count, by: workers).compactMap { index in
        pathway(for: topicIDs[index]).map { (index, $0) }
      }
    }
    return found.joined().sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// The pathway for a topic, or `nil` when the catalogue has no such topic.
  public func pathway(for topicID: String) -> Pathway? {
    guard let topic = catalogue.topic(topicID), let target = catalogue.population(topic.population)
    else { return nil }
    var applicable: [Entry] = []
    var setAside: [SetAside] = []
    let overlaps = PopulationOverlaps(configuration, catalogue: catalogue)
    for r in shared.byTopic[topicID] ?? [] {
      guard r.source.status == .current else {
        let by = r.source.supersededBy.map { " by \($0)" } ?? ""
        setAside.append(.init(recommendation: r.id, reason: "source \(r.source.status.rawValue)\(by)"))
        continue
      }
      let overlap = overlaps.between(r.population, target).value
      if let reason = overlap.disjointReason {
        setAside.append(
          .init(recommendation: r.id, reason: "population outside the topic's (\(reason))"))
        continue
      }
      if r.window.isEmpty {
        setAside.append(
          .init(recommendation: r.id, reason: "window emptied by the assumption " + r.window.assumptions.joined(separator: ", ")))
        continue
      }
      applicable.append(Entry(r: r, whole: PopulationOverlap.covers(r.population, target)))
    }
    let phases = cut(topic, applicable.map(\.r)).map { phase in
      var phase = phase
      phase.items = items(in: phase, applicable, overlaps)
      return phase
    }
    return Pathway(topic: topic, phases: phases, setAside: setAside)
  }

  /// An applicable recommendation and whether it covers the topic's whole population.
  private struct Entry {
    var r: AssessedRecommendation
    var whole: Bool
  }

  /// The phases: boundaries at every named phase and every window start and end.
  private func cut(_ topic: Topic, _ recommendations: [AssessedRecommendation]) -> [PathwayPhase] {
    var boundaries: [TimelineDuration] = [TimelineDuration(0, .days)]
    for phase in topic.phases { boundaries += [phase.start] + (phase.end.map { [$0] } ?? []) }
    for r in recommendations {
      boundaries += [r.window.start, r.window.end].compactMap { $0 }
    }
    var seen = Set<Double>()
    let unique = boundaries.filter { seen.insert($0.days).inserted }.sorted { $0.days < $1.days }
    return unique.indices.map { index in
      let start = unique[index]
      let end = index + 1 < unique.count ? unique[index + 1] : nil
      return PathwayPhase(name: name(topic, start, end), start: start, end: end, items: [])
    }
  }

  private func name(_ topic: Topic, _ start: TimelineDuration, _ end: TimelineDuration?) -> String {
    let span = end.map { "\(start)–\($0)" } ?? "from \(start)"
    guard
      let named = topic.phases.first(where: { phase in
        phase.start.days <= start.days && (phase.end.map { start.days < $0.days } ?? true)
      })
    else { return span }
    let exact = named.start.days == start.days && named.end?.days == end?.days
    return exact ? named.name : "\(named.name) (\(span))"
  }

  private func lineage(_ id: String) -> [String] {
    shared.lineages[id] ?? catalogue.lineage(ofIntervention: id)
  }

  private func items(in phase: PathwayPhase, _ applicable: [Entry], _ overlaps: PopulationOverlaps) -> [PathwayItem] {
    let active = applicable.filter { $0.r.window.contains(days: phase.start.days) }
    var named: [String] = []
    var seen = Set<String>()
    for entry in active {
      for id in entry.r.recommendation.interventions where seen.insert(id).inserted { named.append(id) }
    }
    named.sort { (shared.order[$0] ?? .max, $0) < (shared.order[$1] ?? .max, $1) }
    var items: [PathwayItem] = []
    for concept in named {
      let conceptLineage = lineage(concept)
      let relevant = active.filter { entry in
        entry.r.recommendation.interventions.contains { id in
          conceptLineage.contains(id) || lineage(id).contains(concept)
        }
      }
      items.append(item(concept, relevant, overlaps))
    }
    let rank = Dictionary(PathwayPosition.allCases.enumerated().map { ($1, $0) }) { x, _ in x }
    return items.enumerated().sorted { x, y in
      (rank[x.element.position]!, x.offset) < (rank[y.element.position]!, y.offset)
    }.map(\.element)
  }

  private func item(_ concept: String, _ relevant: [Entry], _ overlaps: PopulationOverlaps) -> PathwayItem {
    let whole = relevant.filter(\.whole).map(\.r)
    let subgroup = relevant.filter { !$0.whole }.map(\.r)
    let deciding = whole.isEmpty ? subgroup : whole
    var decision = ResolutionRule(configuration: configuration).decide(deciding)
    if whole.isEmpty, let split = disjointOpposition(deciding, overlaps) {
      decision = .init(
        position: .contested, basis: .subgroupsDiffer,
        rationale: "Only subgroup recommendations apply, and they point different ways in "
          + "populations that do not overlap (\(split)); the answer depends on the subgroup.")
    }
    let ids = Set(deciding.map(ObjectIdentifier.init))
    let conflicts = deciding.flatMap { r in
      (shared.conflictsByFirst[ObjectIdentifier(r)] ?? []).filter { ids.contains(ObjectIdentifier($0.conflict.second)) }
    }.sorted { $0.rank < $1.rank }.map(\.conflict.id)
    let assumptions = Array(Set(deciding.flatMap(\.window.assumptions))).sorted()
    var rationale = decision.rationale
    if whole.isEmpty, decision.basis != .subgroupsDiffer {
      rationale += " Only recommendations for subgroups of the topic's population apply."
    }
    let onNarrower = Set(deciding.flatMap(\.recommendation.interventions)).filter { id in
      id != concept && lineage(id).contains(concept)
    }.sorted()
    if !onNarrower.isEmpty {
      rationale += " The line includes recommendations on " + onNarrower.joined(separator: ", ")
        + ", which have lines of their own."
    }
    if !assumptions.isEmpty {
      rationale += " Timing rests on the assumption " + assumptions.joined(separator: ", ") + "."
    }
    return PathwayItem(
      intervention: concept, name: catalogue.intervention(concept)?.name ?? concept,
      position: decision.position, basis: decision.basis, recommendations: deciding.map(\.id),
      subgroupRecommendations: whole.isEmpty ? [] : subgroup.map(\.id),
      subgroupsOnly: whole.isEmpty, conflicts: conflicts, assumptions: assumptions,
      unverified: deciding.contains(where: \.isUnverified), rationale: rationale)
  }

  /// Two recommendations of different directions whose populations do not overlap, described, or
  /// `nil` when every opposed pair shares patients.
  private func disjointOpposition(_ recommendations: [AssessedRecommendation], _ overlaps: PopulationOverlaps) -> String? {
    for (i, a) in recommendations.enumerated() {
      for b in recommendations[(i + 1)...] where a.position.direction != b.position.direction {
        if overlaps.between(a.population, b.population).value.isDisjoint {
          return "\(a.id) \(a.position.direction.rawValue) for \(a.population.id); "
            + "\(b.id) \(b.position.direction.rawValue) for \(b.population.id)"
        }
      }
    }
    return nil
  }
}
