import EvidenceModel

/// Classifies and scores one pair of positions on related intervention concepts, one relation per
/// aspect on which both speak (direction and strength, interval, target), each in the segment
/// where the two collide.
///
/// One classifier serves one thread: it caches population overlaps and regions, which many
/// positions share.
final class PairClassifier {
  let context: ConflictContext
  private var configuration: ScoringConfiguration { context.configuration }
  private var catalogue: Catalogue { context.catalogue }
  private let overlaps: PopulationOverlaps
  private var regions: [String: PopulationRegion] = [:]

  init(context: ConflictContext) {
    self.context = context
    overlaps = PopulationOverlaps(context.configuration, catalogue: context.catalogue)
  }

  /// The relations between two positions: none when they never meet in a way worth reporting
  /// (populations or windows apart with the same position, editions of one body, positions never
  /// in force together, an implied position its own body states explicitly there).
  ///
  /// A pair on different variants of one therapy (`variants`) is a variant divergence where both
  /// recommend the therapy and collide, and nothing otherwise (against one variant and for
  /// another is not a disagreement on the therapy).
  func classify(
    _ a: AssessedRecommendation, _ b: AssessedRecommendation, on intervention: String, root: String,
    variants: Bool = false
  ) -> [Conflict] {
    // Order the pair by id so that the result is symmetric.
    let (a, b) = a.id <= b.id ? (a, b) : (b, a)
    guard let era = Era.between(a.source, b.source, in: catalogue) else { return [] }
    let implied = a.isImplied || b.isImplied
    let population = overlaps.between(a.population, b.population)
    func relation(_ judgement: Judgement, aspect: RelationAspect, band: String? = nil) -> Conflict {
      Conflict(
        judgement: judgement, aspect: aspect, band: band, era: era.isLive ? nil : era,
        intervention: intervention, root: root, a, b, overlap: population, context: context)
    }
    let (da, db) = (a.position.direction, b.position.direction)
    if population.value.isDisjoint {
      // Implied positions lie outside a scope by construction; meeting no one is no finding.
      guard !implied, da != db || Severity.strengthLevelsDiffer(a, b, configuration) else { return [] }
      return [relation(.init(type: .populationMismatch), aspect: .position)]
    }
    guard a.window.meets(b.window) else {
      guard !implied, da.sign * db.sign == -1 else { return [] }
      return [relation(.init(type: .timingOnlyDifference), aspect: .position)]
    }
    let collision = region(a).intersection(region(b))
    guard !collision.isEmpty else { return [] }
    let common = a.window.intersection(with: b.window)!
    if governedElsewhere(a, common, collision) || governedElsewhere(b, common, collision) { return [] }
    if variants {
      guard da == .for, db == .for, !implied else { return [] }
      return [relation(.init(type: .variantDivergence, opposition: configuration.opposition.sameDirection), aspect: .position)]
    }
    if a.isFromTarget || b.isFromTarget {
      // A statement with a target speaks to the steps of its therapy only through its implied
      // positions: the statement itself is compared with the other's target directly.
      if (!a.isImplied && a.recommendation.target != nil) || (!b.isImplied && b.recommendation.target != nil) {
        return []
      }
      return [targetRelation(a, b, collision, relation)]
    }
    if da != db, a.implied?.kind == .alternative || b.implied?.kind == .alternative {
      // One body names its strategy the only option where the other recommends a sibling: both
      // act, on different strategies.
      return [relation(.init(type: .strategyDivergence, opposition: configuration.opposition.contradiction), aspect: .position)]
    }
    if da != db, complementary(a, b, common, collision) || complementary(b, a, common, collision) {
      return [relation(.init(type: .complementary), aspect: .position)]
    }
    var relations = [
      relation(Severity.position(a, b, collision: collision, regions: region, configuration), aspect: .position)
    ]
    if da == .for, db == .for, let x = a.recommendation.interval, let y = b.recommendation.interval {
      relations.append(relation(Severity.interval(x, y, configuration), aspect: .interval))
    }
    if da == .for, db == .for, let x = canonicalTarget(a), let y = canonicalTarget(b), x.measure == y.measure {
      let (judgement, band) = Severity.target(x, y, configuration)
      relations.append(relation(judgement, aspect: .target, band: band))
    }
    return relations
  }

  /// A relation where one side is a position implied by a target (intensify above it, not at or
  /// below it): the two disagree on managing patients in the collision's band of the measure.
  private func targetRelation(
    _ a: AssessedRecommendation, _ b: AssessedRecommendation, _ collision: PopulationRegion,
    _ relation: (Judgement, RelationAspect, String?) -> Conflict
  ) -> Conflict {
    let targets = [a, b].compactMap { r in r.isFromTarget ? catalogue.recommendation(r.statementID)?.target : nil }
    let measure = targets.first?.measure
    let band = measure.flatMap { m in collision.boxes.compactMap { $0.ranges[m]?.summary }.first }
    guard a.position.direction != b.position.direction else {
      return relation(Judgement(type: .agreement), .target, band)
    }
    return relation(Severity.targetManagement(targets, configuration), .target, band)
  }

  /// The population of a position as a region, computed once per population.
  private func region(_ r: AssessedRecommendation) -> PopulationRegion {
    if let known = regions[r.population.id] { return known }
    let region = catalogue.region(of: r.population)
    regions[r.population.id] = region
    return region
  }

  /// A catalogue population (an exception's) as a region, from the same cache.
  private func region(ofPopulation id: String) -> PopulationRegion {
    if let known = regions[id] { return known }
    let region = catalogue.region(ofPopulation: id)
    regions[id] = region
    return region
  }

  /// Whether another statement of the same source governs the whole collision, so that the pair
  /// is compared through that one instead: for an implied position, any stated one ("no
  /// catch-up after 26" beside the end of a "through 26" window: the implied one would count the
  /// same position twice); for a stated one, a statement for a narrower group (ADA's
  /// less-stringent goal, not its general goal, answers for the frail: a body's specific
  /// statement governs its subgroup); for one implied by a target, a target for a narrower group.
  private func governedElsewhere(
    _ r: AssessedRecommendation, _ window: EffectiveWindow, _ collision: PopulationRegion
  ) -> Bool {
    let candidates = context.statedBySource[r.source.id] ?? []
    guard candidates.count > 1 || r.isImplied else { return false }
    // The other statement must speak to the same concept or a broader one (a narrower concept,
    // such as relaxing a target beside de-intensifying, answers a narrower question).
    let lineage = Set(r.recommendation.interventions.flatMap { catalogue.lineage(ofIntervention: $0) })
    // The cheap tests first; the regions only for the statements that pass them.
    var own: PopulationRegion?
    return candidates.contains { s in
      guard s.statementID != r.statementID, s.recommendation.interventions.contains(where: lineage.contains),
        s.window.covers(window)
      else { return false }
      let theirs = region(s)
      guard collision.isInside(theirs) else { return false }
      if r.isFromTarget, s.recommendation.target != nil {
        // A statement with a target speaks to the steps of its therapy only through its implied
        // positions: a target for a narrower group governs it, through its own.
        let general = region(ofPopulation: r.statementPopulation)
        return theirs.isInside(general) && !general.isInside(theirs)
      }
      if r.isImplied { return true }
      let mine = own ?? region(r)
      own = mine
      return theirs.isInside(mine) && !mine.isInside(theirs)
    }
  }

  /// Whether `general` leaves the collision with `specific` to it: the collision lies inside one
  /// of the general statement's exceptions, or the general statement concerns routine use and
  /// the specific one is for selective use in a group inside the general one's.
  private func complementary(
    _ general: AssessedRecommendation, _ specific: AssessedRecommendation, _ window: EffectiveWindow,
    _ collision: PopulationRegion
  ) -> Bool {
    let topic = catalogue.topic(general.recommendation.topic)
    for exception in general.recommendation.exceptions {
      let inWindow = exception.window.map { EffectiveWindow($0, topic: topic).covers(window) } ?? true
      if inWindow, collision.isInside(region(ofPopulation: exception.population)) { return true }
    }
    // "Not routinely" beside "selectively, for those at risk": different questions. A specific
    // statement not marked selective claims the same patients, and collides.
    return general.recommendation.use == .routine && specific.recommendation.use == .selective
      && region(specific).isInside(region(general))
  }

  /// A target in its measure's canonical unit.
  private func canonicalTarget(_ r: AssessedRecommendation) -> Population.MeasureRange? {
    r.recommendation.target.map { catalogue.measure($0.measure)?.canonical($0) ?? $0 }
  }
}

extension EffectiveWindow {
  /// Whether this window covers every point of `other`.
  func covers(_ other: EffectiveWindow) -> Bool {
    startDays <= other.startDays + 1e-9
      && (endDays.map { end in other.endDays.map { $0 <= end + 1e-9 } ?? false } ?? true)
  }
}
