import EvidenceModel

/// Compares each superseded edition's recommendations with its successor's, to show what changed
/// between editions (stance flipped, strength changed, window moved, reaffirmed, dropped) instead of
/// reporting the old edition as a live conflict.
struct EditionComparator {
  let catalogue: Catalogue
  let configuration: ScoringConfiguration

  func changes(
    from previous: [AssessedRecommendation], to all: [AssessedRecommendation]
  ) -> [EditionChange] {
    var bySource: [String: [AssessedRecommendation]] = [:]
    for r in all { bySource[r.source.id, default: []].append(r) }
    var changes: [EditionChange] = []
    for old in previous {
      guard let successor = old.source.supersededBy else { continue }
      let candidates = (bySource[successor] ?? []).filter { new in
        related(old.recommendation.interventions, new.recommendation.interventions)
          && !PopulationOverlap.between(
            old.population, new.population,
            crossRestrictionFactor: configuration.crossRestrictionFactor
          ).isDisjoint
      }
      let intervention = old.recommendation.interventions.joined(separator: " + ")
      if candidates.isEmpty {
        changes.append(
          EditionChange(
            kind: .dropped, previousSource: old.source.id, currentSource: successor,
            previous: old.id, current: nil, intervention: intervention,
            summary: "no recommendation of \(successor) in the catalogue answers \(intervention) for this population"))
        continue
      }
      for new in candidates {
        changes.append(change(old, new, successor: successor, intervention: intervention))
      }
    }
    return changes
  }

  private func change(
    _ old: AssessedRecommendation, _ new: AssessedRecommendation, successor: String,
    intervention: String
  ) -> EditionChange {
    let kind: EditionChange.Kind
    let summary: String
    if old.position.direction != new.position.direction {
      kind = .stanceFlipped
      summary = "\(old.position.direction.rawValue) → \(new.position.direction.rawValue)"
    } else if old.position.strength.map(configuration.strengthLevel)
      != new.position.strength.map(configuration.strengthLevel)
    {
      kind = .strengthChanged
      summary = "\(old.recommendation.grade) → \(new.recommendation.grade)"
    } else if old.window.start != new.window.start || old.window.end != new.window.end
      || old.window.prerequisites != new.window.prerequisites
    {
      kind = .windowMoved
      summary = "\(old.window.summary) → \(new.window.summary)"
    } else {
      kind = .reaffirmed
      summary = "\(new.position.direction.rawValue), \(new.recommendation.grade)"
    }
    return EditionChange(
      kind: kind, previousSource: old.source.id, currentSource: successor, previous: old.id,
      current: new.id, intervention: intervention, summary: summary)
  }

  private func related(_ a: [String], _ b: [String]) -> Bool {
    a.contains { x in
      b.contains { y in
        catalogue.lineage(ofIntervention: x).contains(y)
          || catalogue.lineage(ofIntervention: y).contains(x)
      }
    }
  }
}
