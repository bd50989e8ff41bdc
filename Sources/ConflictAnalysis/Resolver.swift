import EvidenceModel

/// Turns a topic's positions and relations into a timing-based pathway.
///
/// The timeline is cut at every window boundary (and at the topic's named phases, whose names are
/// used for display), and every measure the positions bound (pack-years, 10-year risk, HbA1c) is
/// cut into bands at their bounds; each stretch of the timeline and combination of bands is a
/// phase. In each phase, each intervention named by an applicable position gets a line. A position
/// applies when its source is current, its population overlaps the topic's and holds in the
/// phase's bands, and its window (prerequisites placed by the topic's assumptions) covers the
/// phase; one on a broader or narrower concept applies too (vertebral augmentation ⊃
/// vertebroplasty). Implied positions (exclusive scope) apply like stated ones.
///
/// The line is decided from the positions for the phase's whole population (or, when there are
/// none, from the subgroup ones) by the rule in `ScoringRules.md`: unanimous positions stand; where
/// positions that point different ways collide in a moderate or major conflict the line is
/// contested, naming the conflict and the side the rule leans to; otherwise the side with the
/// higher certainty level wins, then strength level, then recency. Every conflict among the
/// phase's positions is listed on the line, and a subgroup whose own line differs is listed as an
/// exception ("do, except …: do-not"): a line is never unanimous while part of its population is
/// advised otherwise.
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
    /// Live conflicts by the first (smaller id) of their two positions, with their place in the
    /// report order (most severe first).
    let conflictsByFirst: [ObjectIdentifier: [(rank: Int, conflict: Conflict)]]

    init(catalogue: Catalogue, analysis: Analysis) {
      byTopic = Dictionary(grouping: analysis.recommendations + analysis.implied) { $0.recommendation.topic }
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
    guard let topic = catalogue.topic(topicID), let scope = Scope(topic, self) else { return nil }
    let decisions = catalogue.decisions.filter { $0.topic == topicID }
    let phases = cut(topic, scope).map { phase in
      var phase = phase
      phase.items = items(in: phase, scope)
      if !decisions.isEmpty {
        for index in phase.items.indices {
          phase.items[index].decisions = decisions.filter { covers($0, phase, phase.items[index].intervention, topic) }.map(\.id)
        }
      }
      return phase
    }
    return Pathway(topic: topic, phases: phases, setAside: scope.setAside)
  }

  /// Whether a committee decision's segment covers a line: its question is the line's concept or
  /// a broader one, its window (prerequisites placed by the topic's assumptions) overlaps the
  /// phase, and its population's ranges meet the phase's bands.
  private func covers(_ decision: Decision, _ phase: PathwayPhase, _ concept: String, _ topic: Topic) -> Bool {
    guard lineage(concept).contains(decision.intervention) else { return false }
    let window = EffectiveWindow(decision.window, topic: topic)
    let phaseWindow = EffectiveWindow(start: phase.start, end: phase.end)
    guard window.meets(phaseWindow) else { return false }
    guard let id = decision.population, let population = catalogue.population(id) else { return true }
    let region = catalogue.region(of: population)
    return region.boxes.contains { box in
      phase.bands.allSatisfy { band in box.ranges[band.measure].map { !$0.intersection(band).isEmpty } ?? true }
    }
  }

  /// The line the pathway gives one patient for one intervention: the positions whose window
  /// holds at the patient's point of the timeline and whose population holds the patient's
  /// measure values and qualifiers, decided as a phase's line is. `nil` when the topic is unknown
  /// or no position on the intervention applies.
  public func line(
    for intervention: String, topic topicID: String, patient: TopicExpectations.Patient
  ) -> PathwayItem? {
    guard let topic = catalogue.topic(topicID), let scope = Scope(topic, self) else { return nil }
    let point = Point(days: patient.at.days, values: patient.values, qualifiers: patient.qualifiers)
    let holding = scope.applicable.filter { scope.holds($0, for: point) }
    let relevant = scope.governing(holding.filter { concerns($0, intervention) })
    guard !relevant.isEmpty else { return nil }
    return item(intervention, deciding: relevant, all: relevant, subgroupsOnly: false, exceptions: [])
  }

  // MARK: - Scope

  /// A topic's applicable positions with their regions, and what was set aside.
  private struct Scope {
    var applicable: [AssessedRecommendation] = []
    var setAside: [SetAside] = []
    var regions: [String: PopulationRegion] = [:]
    /// The subgroups each position excludes (its exceptions), with the window they hold in.
    var exceptions: [String: [(region: PopulationRegion, window: EffectiveWindow?)]] = [:]
    var topicRegion: PopulationRegion

    init?(_ topic: Topic, _ resolver: Resolver) {
      let catalogue = resolver.catalogue
      guard let target = catalogue.population(topic.population) else { return nil }
      topicRegion = catalogue.region(of: target)
      let overlaps = PopulationOverlaps(resolver.configuration, catalogue: catalogue)
      for r in resolver.shared.byTopic[topic.id] ?? [] {
        guard r.source.status == .current else {
          if !r.isImplied {
            let by = r.source.supersededBy.map { " by \($0)" } ?? ""
            setAside.append(.init(recommendation: r.id, reason: "source \(r.source.status.rawValue)\(by)"))
          }
          continue
        }
        let region = regions[r.population.id] ?? catalogue.region(of: r.population)
        regions[r.population.id] = region
        if r.isFromTarget, regions[r.statementPopulation] == nil {
          regions[r.statementPopulation] = catalogue.region(ofPopulation: r.statementPopulation)
        }
        if let reason = overlaps.between(r.population, target).value.disjointReason {
          if !r.isImplied {
            setAside.append(.init(recommendation: r.id, reason: "population outside the topic's (\(reason))"))
          }
          continue
        }
        if region.intersection(topicRegion).isEmpty { continue }
        if r.window.isEmpty {
          setAside.append(
            .init(recommendation: r.id, reason: "window emptied by the assumption " + r.window.assumptions.joined(separator: ", ")))
          continue
        }
        applicable.append(r)
        let topicOf = catalogue.topic(r.recommendation.topic)
        exceptions[r.id] = r.recommendation.exceptions.map { exception in
          (catalogue.region(ofPopulation: exception.population), exception.window.map { EffectiveWindow($0, topic: topicOf) })
        }
      }
    }

    /// The positions left when each body's statements for a narrower group replace its broader
    /// ones: a body's specific statement governs its subgroup.
    /// An implied position gives way to any stated one of its body that covers it (the same
    /// position, stated), and a position implied by a target to one implied by the body's target
    /// for a narrower group (ADA's less-stringent goal, not its general goal, answers for the
    /// frail).
    func governing(_ positions: [AssessedRecommendation]) -> [AssessedRecommendation] {
      positions.filter { r in
        !positions.contains { s in
          guard s !== r, s.source.id == r.source.id, s.statementID != r.statementID else { return false }
          if s.isFromTarget, r.isFromTarget {
            let (inner, outer) = (statementRegion(s), statementRegion(r))
            return inner.isInside(outer) && !outer.isInside(inner)
          }
          guard !s.isImplied else { return false }
          let (inner, outer) = (region(s), region(r))
          return (inner.isInside(outer) && !outer.isInside(inner)) || (r.isImplied && outer.isInside(inner))
        }
      }
    }

    /// Whether a position holds for a patient: in its window and population, outside its
    /// exceptions.
    func holds(_ r: AssessedRecommendation, for point: Point) -> Bool {
      r.window.contains(days: point.days) && region(r).contains(point)
        && !(exceptions[r.id] ?? []).contains { exception in
          exception.region.contains(point) && (exception.window?.contains(days: point.days) ?? true)
        }
    }

    /// The qualifier boxes of a position's exceptions that hold at a point of the timeline, with
    /// measures fixed at `values`.
    func exceptionBoxes(_ r: AssessedRecommendation, days: Double, values: [String: Double]) -> [[[String: Set<String>]]] {
      (exceptions[r.id] ?? []).filter { $0.window?.contains(days: days) ?? true }.map { exception in
        exception.region.boxes.filter { box in
          box.ranges.allSatisfy { measure, range in values[measure].map(range.contains) ?? true }
        }.map(\.qualifiers)
      }
    }

    func region(_ r: AssessedRecommendation) -> PopulationRegion { regions[r.population.id] ?? PopulationRegion(boxes: []) }

    /// The region of the statement a position implied by a target comes from.
    func statementRegion(_ r: AssessedRecommendation) -> PopulationRegion {
      regions[r.statementPopulation] ?? PopulationRegion(boxes: [])
    }
  }

  /// A patient or a phase's representative point: a time, measure values and qualifier values.
  struct Point {
    var days: Double
    var values: [String: Double]
    var qualifiers: [String: String] = [:]
  }

  // MARK: - Phases

  /// The phases: timeline boundaries at every named phase and every window start and end, and the
  /// bands of every measure the positions bound.
  private func cut(_ topic: Topic, _ scope: Scope) -> [PathwayPhase] {
    let positions = scope.applicable
    var boundaries: [TimelineDuration] = [TimelineDuration(0, .days)]
    for phase in topic.phases { boundaries += [phase.start] + (phase.end.map { [$0] } ?? []) }
    for r in positions {
      boundaries += [r.window.start, r.window.end].compactMap { $0 }
    }
    // A committee decision's segment cuts the timeline too, so that it covers whole phases.
    for decision in catalogue.decisions where decision.topic == topic.id {
      let window = EffectiveWindow(decision.window, topic: topic)
      boundaries += [window.start, window.end].compactMap { $0 }
    }
    var seen = Set<Double>()
    let unique = boundaries.filter { seen.insert($0.days).inserted }.sorted { $0.days < $1.days }
    let bands = measureBands(positions, scope)
    return unique.indices.flatMap { index in
      let start = unique[index]
      let end = index + 1 < unique.count ? unique[index + 1] : nil
      let base = name(topic, start, end)
      return bands.map { combination in
        let suffix = combination.map(\.summary).joined(separator: "; ")
        return PathwayPhase(
          name: suffix.isEmpty ? base : "\(base); \(suffix)", start: start, end: end, bands: combination,
          items: [])
      }
    }
  }

  /// Every combination of one band per measure that positions of at least two bodies bound (one
  /// empty combination when there is none), leaving out bands outside the topic's population.
  /// Bands run between consecutive bounds, each holding its lower bound. A measure only one body
  /// bounds is not cut: that body's subgroup shows as an exception of the line.
  private func measureBands(_ positions: [AssessedRecommendation], _ scope: Scope) -> [[Population.MeasureRange]] {
    let topicRegion = scope.topicRegion
    var cuts: [String: Set<Double>] = [:]
    var bodies: [String: Set<String>] = [:]
    var units: [String: String] = [:]
    var seen: Set<String> = []
    for r in positions where seen.insert(r.population.id + "|" + r.source.id).inserted {
      for box in scope.region(r).boxes {
        for (measure, range) in box.ranges {
          units[measure] = range.unit
          bodies[measure, default: []].formUnion(r.source.bodies)
          for bound in [range.min, range.max].compactMap({ $0 }) { cuts[measure, default: []].insert(bound) }
        }
      }
    }
    var combinations: [[Population.MeasureRange]] = [[]]
    for measure in cuts.keys.sorted() where (bodies[measure]?.count ?? 0) >= 2 {
      let points = cuts[measure]!.sorted()
      let unit = units[measure]!
      var bands = [Population.MeasureRange(measure: measure, unit: unit, max: points[0], maxExclusive: true)]
      for (low, high) in zip(points, points.dropFirst()) {
        bands.append(.init(measure: measure, unit: unit, min: low, max: high, maxExclusive: true))
      }
      bands.append(.init(measure: measure, unit: unit, min: points.last!))
      // Only the bands the topic's population reaches.
      let reached = bands.filter { band in
        topicRegion.boxes.contains { box in box.ranges[measure].map { !$0.intersection(band).isEmpty } ?? true }
      }
      combinations = combinations.flatMap { prefix in reached.map { prefix + [$0] } }
    }
    return combinations
  }

  private func name(_ topic: Topic, _ start: TimelineDuration, _ end: TimelineDuration?) -> String {
    let span: String
    if topic.anchor == .birth {
      span = TimingWindow(start: start, end: end).ageSummary
    } else {
      span = end.map { "\(start)–\($0)" } ?? "from \(start)"
    }
    guard
      let named = topic.phases.first(where: { phase in
        phase.start.days <= start.days && (phase.end.map { start.days < $0.days } ?? true)
      })
    else { return span }
    let exact = named.start.days == start.days && named.end?.days == end?.days
    return exact ? named.name : "\(named.name) (\(span))"
  }

  /// A value inside a band, away from its bounds (a bound may belong to either neighbour).
  private static func representative(_ band: Population.MeasureRange) -> Double {
    switch (band.min, band.max) {
    case let (low?, high?): (low + high) / 2
    case let (low?, nil): low + max(1, abs(low) * 0.1)
    case let (nil, high?): high - max(1, abs(high) * 0.1)
    case (nil, nil): 0
    }
  }

  private func lineage(_ id: String) -> [String] {
    shared.lineages[id] ?? catalogue.lineage(ofIntervention: id)
  }

  /// Whether a position speaks to a concept: on it, on one of its ancestors or on a narrower one.
  private func concerns(_ r: AssessedRecommendation, _ concept: String) -> Bool {
    // A statement treating to a target speaks to a step of its therapy through the positions its
    // target implies, never as a plain "for".
    if r.recommendation.target != nil, let therapy = catalogue.intervention(concept)?.adjusts?.therapy,
      r.recommendation.interventions.contains(where: { lineage($0).contains(therapy) })
    {
      return false
    }
    let conceptLineage = lineage(concept)
    // A position implied by a target or a strategy speaks to its own concept (and narrower
    // ones), never to the broader concept's line.
    if let own = r.implied?.intervention { return conceptLineage.contains(own) }
    return r.recommendation.interventions.contains { id in
      conceptLineage.contains(id) || lineage(id).contains(concept)
    }
  }

  private func items(in phase: PathwayPhase, _ scope: Scope) -> [PathwayItem] {
    let values = Dictionary(uniqueKeysWithValues: phase.bands.map { ($0.measure, Self.representative($0)) })
    // The positions holding in the phase, with their regions reduced to the qualifiers (the
    // measures fixed at the phase's bands).
    var active: [Active] = []
    for r in scope.applicable where r.window.contains(days: phase.start.days) {
      let boxes = scope.region(r).boxes.filter { box in
        box.ranges.allSatisfy { measure, range in values[measure].map(range.contains) ?? true }
      }
      if !boxes.isEmpty {
        active.append(
          Active(r: r, qualifiers: boxes.map(\.qualifiers), exceptions: scope.exceptionBoxes(r, days: phase.start.days, values: values)))
      }
    }
    let topicBoxes = scope.topicRegion.boxes.map(\.qualifiers)
    var named: [String] = []
    var seen = Set<String>()
    for entry in active {
      for id in entry.r.recommendation.interventions where seen.insert(id).inserted { named.append(id) }
    }
    named.sort { (shared.order[$0] ?? .max, $0) < (shared.order[$1] ?? .max, $1) }
    var items: [PathwayItem] = []
    for concept in named {
      let relevant = active.filter { concerns($0.r, concept) }
      let whole = relevant.filter { Self.inside(topicBoxes, $0.qualifiers) }
      let subgroup = relevant.filter { !Self.inside(topicBoxes, $0.qualifiers) }
      let deciding = (whole.isEmpty ? subgroup : whole).map(\.r)
      var line = item(concept, deciding: deciding, all: relevant.map(\.r), subgroupsOnly: whole.isEmpty, exceptions: [])
      if !whole.isEmpty {
        line.subgroupRecommendations = subgroup.map(\.r.id)
        line.exceptions = exceptions(of: line, concept, scope, subgroup, relevant, within: topicBoxes)
        if !line.exceptions.isEmpty, line.basis == .unanimous {
          line.basis = .exceptSubgroups
          line.rationale += " Subgroups are advised otherwise: "
            + line.exceptions.map { "\($0.name) (\($0.position.rawValue))" }.joined(separator: "; ") + "."
        }
      } else if let split = disjointOpposition(subgroup) {
        line.position = .contested
        line.basis = .subgroupsDiffer
        line.rationale =
          "Only subgroup recommendations apply, and they point different ways in populations that do "
          + "not overlap (\(split)); the answer depends on the subgroup."
      }
      items.append(line)
    }
    let rank = Dictionary(PathwayPosition.allCases.enumerated().map { ($1, $0) }) { x, _ in x }
    return items.enumerated().sorted { x, y in
      (rank[x.element.position]!, x.offset) < (rank[y.element.position]!, y.offset)
    }.map(\.element)
  }

  /// A position holding in a phase: its population's boxes and its exceptions' boxes reduced to
  /// qualifiers (the measures fixed at the phase's bands).
  private struct Active {
    var r: AssessedRecommendation
    var qualifiers: [[String: Set<String>]]
    var exceptions: [[[String: Set<String>]]]
  }

  /// The patients in both boxes (qualifiers only), or `nil` when none.
  private static func intersect(_ x: [String: Set<String>], _ y: [String: Set<String>]) -> [String: Set<String>]? {
    var result = x
    for (dimension, values) in y {
      result[dimension] = result[dimension].map { $0.intersection(values) } ?? values
    }
    return result.values.contains { $0.isEmpty } ? nil : result
  }

  /// Whether every box of `inner` lies inside some box of `outer` (qualifiers only).
  private static func inside(_ inner: [[String: Set<String>]], _ outer: [[String: Set<String>]]) -> Bool {
    inner.allSatisfy { box in
      outer.contains { other in
        other.allSatisfy { dimension, values in box[dimension].map { $0.isSubset(of: values) } ?? false }
      }
    }
  }

  /// The subgroups (one per population of a subgroup position) whose own line differs from the
  /// phase's line: each decided from the positions that hold for all of it.
  private func exceptions(
    of line: PathwayItem, _ concept: String, _ scope: Scope,
    _ subgroup: [Active], _ relevant: [Active], within topic: [[String: Set<String>]]
  ) -> [PathwayException] {
    var seen = Set<String>()
    var found: [PathwayException] = []
    for group in subgroup where seen.insert(group.r.population.id).inserted {
      // The subgroup as far as it lies in the topic's population.
      let boxes = group.qualifiers.flatMap { box in topic.compactMap { Self.intersect(box, $0) } }
      guard !boxes.isEmpty else { continue }
      let holding = relevant.filter { p in
        Self.inside(boxes, p.qualifiers) && !p.exceptions.contains { Self.inside(boxes, $0) }
      }.map(\.r)
      let governing = scope.governing(holding)
      // Most subgroups are advised as the whole line is: the position alone tells, before the
      // line's words are written.
      guard decision(deciding: governing, all: holding).decision.position != line.position else { continue }
      let own = item(concept, deciding: governing, all: holding, subgroupsOnly: false, exceptions: [])
      guard own.position != line.position,
        !found.contains(where: { $0.name == group.r.population.name && $0.position == own.position })
      else { continue }
      found.append(
        PathwayException(
          population: group.r.population.id, name: group.r.population.name, position: own.position,
          basis: own.basis, recommendations: own.recommendations, conflicts: own.conflicts,
          rationale: own.rationale))
    }
    return found
  }

  /// How a line is decided from its positions (the rule, then a contested or shared-decision
  /// override), with the conflicts among all its positions in report order.
  private func decision(
    deciding: [AssessedRecommendation], all: [AssessedRecommendation]
  ) -> (decision: ResolutionRule.Decision, touching: [Conflict]) {
    var decision = ResolutionRule(configuration: configuration).decide(deciding)
    let ids = Set(all.map(ObjectIdentifier.init))
    let touching = all.flatMap { r in
      (shared.conflictsByFirst[ObjectIdentifier(r)] ?? []).filter { ids.contains(ObjectIdentifier($0.conflict.second)) }
    }.sorted { $0.rank < $1.rank }.map(\.conflict)
    // Positions that point different ways and collide in a moderate or major conflict the rule
    // cannot arbitrate: its lean is given, not taken as the answer.
    let decidingIDs = Set(deciding.map(ObjectIdentifier.init))
    if let opposed = touching.first(where: {
      $0.first.position.direction != $0.second.position.direction && $0.severity >= .moderate
        && decidingIDs.contains(ObjectIdentifier($0.first)) && decidingIDs.contains(ObjectIdentifier($0.second))
        && !Self.ruleCanArbitrate($0)
    }), decision.position != .contested {
      decision = .init(
        position: .contested, basis: .conflict,
        rationale: "\(opposed.severity.rawValue.capitalizedFirst) \(opposed.type.rawValue) \(opposed.id) "
          + "(\(opposed.first.id) vs \(opposed.second.id)); the rule would lean to "
          + "\(decision.position.rawValue) (\(decision.rationale.dropLast())), but a committee must decide.")
    }
    // A selective statement colliding with a routine one in a moderate or major use divergence:
    // what both can accept is an offer through shared decision.
    if decision.position == .do, let divergence = touching.first(where: {
      $0.type == .useDivergence && $0.severity >= .moderate && decidingIDs.contains(ObjectIdentifier($0.first))
        && decidingIDs.contains(ObjectIdentifier($0.second))
    }) {
      decision.position = .consider
      decision.rationale += " Consider, not do: \(divergence.id) (\(divergence.first.id) vs \(divergence.second.id)) "
        + "sets selective use beside routine use, so the common ground is an offer after shared decision."
    }
    return (decision, touching)
  }

  private func item(
    _ concept: String, deciding: [AssessedRecommendation], all: [AssessedRecommendation],
    subgroupsOnly: Bool, exceptions: [PathwayException]
  ) -> PathwayItem {
    let (decision, touching) = self.decision(deciding: deciding, all: all)
    let assumptions = Array(Set(deciding.flatMap(\.window.assumptions))).sorted()
    var rationale = decision.rationale
    if subgroupsOnly, decision.basis != .subgroupsDiffer {
      rationale += " Only recommendations for subgroups of the topic's population apply."
    }
    let implied = deciding.filter(\.isImplied)
    if !implied.isEmpty {
      rationale += " Implied positions (exclusive scope): "
        + implied.map { "\($0.id) from \($0.statementID)" }.joined(separator: ", ") + "."
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
      subgroupRecommendations: [], subgroupsOnly: subgroupsOnly, conflicts: touching.map(\.id),
      exceptions: exceptions, assumptions: assumptions,
      unverified: deciding.contains(where: \.isUnverified), rationale: rationale)
  }

  /// Whether the documented rule (certainty, then strength, then recency) can arbitrate an
  /// opposed conflict: a contradiction between two graded statements of which at least one
  /// states the certainty of its evidence. It cannot where the dispute is about the evidence
  /// itself (a direction against "insufficient evidence"), about a target or threshold, where a
  /// side is ungraded, or where neither side states its evidence's certainty (the certainties
  /// compared would be the scheme mapping's judgements, not the sources' words).
  static func ruleCanArbitrate(_ conflict: Conflict) -> Bool {
    let (a, b) = (conflict.first, conflict.second)
    return conflict.type == .contradiction && !a.isUngraded && !b.isUngraded
      && (a.certaintyStated || b.certaintyStated)
  }

  /// Two positions of different directions whose populations do not overlap, described, or `nil`
  /// when every opposed pair shares patients.
  private func disjointOpposition(_ positions: [Active]) -> String? {
    for (i, a) in positions.enumerated() {
      for b in positions[(i + 1)...] where a.r.position.direction != b.r.position.direction {
        let meet = a.qualifiers.contains { x in
          b.qualifiers.contains { y in
            x.allSatisfy { dimension, values in y[dimension].map { !$0.isDisjoint(with: values) } ?? true }
          }
        }
        if !meet {
          return "\(a.r.id) \(a.r.position.direction.rawValue) for \(a.r.population.id); "
            + "\(b.r.id) \(b.r.position.direction.rawValue) for \(b.r.population.id)"
        }
      }
    }
    return nil
  }
}

extension PopulationRegion {
  /// Whether a patient lies in the region: some box whose every restriction the patient meets (a
  /// restricted qualifier or measure the patient has no value for is not met).
  func contains(_ point: Resolver.Point) -> Bool {
    boxes.contains { box in
      box.qualifiers.allSatisfy { dimension, values in point.qualifiers[dimension].map(values.contains) ?? false }
        && box.ranges.allSatisfy { measure, range in point.values[measure].map(range.contains) ?? false }
    }
  }
}

extension String {
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
