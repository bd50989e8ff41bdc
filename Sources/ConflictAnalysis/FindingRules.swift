import EvidenceModel

/// Single-recommendation and single-source findings, each a ``Diagnostic`` with a stable rule id at
/// the recommendation's or source's place in the catalogue.
public enum FindingRule: String, CaseIterable, Sendable {
  /// A strong recommendation resting on low or very low certainty.
  case strongOnLowCertainty = "strong-on-low-certainty"
  /// A directional recommendation that cites no study in the catalogue.
  case noCitation = "no-citation"
  /// A current source past its review-by date, or older than the configured age.
  case staleSource = "stale-source"
  /// A superseded or withdrawn source still in the catalogue (compared as an edition only).
  case supersededSource = "superseded-source"
  /// A recommendation whose population does not overlap its topic's population.
  case populationOutsideTopic = "population-outside-topic"
  /// A window that waits for a prerequisite the topic gives no assumed duration.
  case untimedPrerequisite = "untimed-prerequisite"
  /// A window that ends before the assumed duration of its prerequisite: it never applies.
  case windowEmptiedByAssumption = "window-emptied-by-assumption"
  /// A committee decision whose evidence moved (``DecisionReview``).
  case decisionReopened = "decision-reopened"
}

struct FindingRules {
  let catalogue: Catalogue
  let options: AnalysisOptions

  func findings(for recommendations: [AssessedRecommendation]) -> [Diagnostic] {
    let configuration = options.configuration
    var findings: [Diagnostic] = []
    func add(_ rule: FindingRule, _ severity: Diagnostic.Severity, _ message: String, _ at: SourceLocation) {
      findings.append(Diagnostic(rule: rule.rawValue, severity: severity, message: message, location: at))
    }
    var sources: [String: Source] = [:]
    let overlaps = PopulationOverlaps(configuration, catalogue: catalogue)
    for r in recommendations {
      if sources[r.source.id] == nil { sources[r.source.id] = r.source }
      let rec = r.recommendation
      guard r.source.status == .current else { continue }
      if r.position.direction != .neutral,
        (r.position.strength ?? 0) >= configuration.strongRecommendationStrength - 1e-9,
        r.position.certainty < configuration.lowCertaintyBelow
      {
        add(
          .strongOnLowCertainty, .warning,
          "\(rec.id) is a strong recommendation (\(rec.grade)) on low or very low certainty "
            + "(\(fixed(r.position.certainty))); check the grade or record the evidence level",
          rec.location)
      }
      if r.position.direction != .neutral, rec.studies.isEmpty {
        add(
          .noCitation, .note,
          "\(rec.id) cites no study; add the studies it rests on under 'studies' if the source names them",
          rec.keyLocations["statement"] ?? rec.location)
      }
      if let topic = catalogue.topic(rec.topic), let target = catalogue.population(topic.population),
        overlaps.between(r.population, target).value.isDisjoint
      {
        add(
          .populationOutsideTopic, .warning,
          "\(rec.id) is about \(r.population.id), which does not overlap the population of topic "
            + "\(topic.id) (\(target.id)); it is compared only as a population mismatch",
          rec.keyLocations["population"] ?? rec.location)
      }
      if r.window.isEmpty {
        add(
          .windowEmptiedByAssumption, .warning,
          "\(rec.id) ends at \(r.window.end.map(String.init(describing:)) ?? "?") but waits for "
            + r.window.prerequisites.joined(separator: ", ") + ", which the assumption "
            + r.window.assumptions.joined(separator: ", ") + " places at \(r.window.start.map(String.init(describing:)) ?? "?"); "
            + "it never applies, so it is left out of the comparison and the pathway. Check the window or the assumption",
          rec.keyLocations["window"] ?? rec.location)
      }
      for prerequisite in r.window.untimedPrerequisites {
        add(
          .untimedPrerequisite, .note,
          "\(rec.id) waits for \(prerequisite), which no assumption of topic \(rec.topic) gives a "
            + "duration; add an assumption with a duration and its provenance to place it on the timeline",
          rec.keyLocations["window"] ?? rec.location)
      }
    }
    for source in sources.values {
      switch source.status {
      case .current:
        if let reviewBy = source.reviewBy, reviewBy < options.asOf {
          add(
            .staleSource, .warning,
            "\(source.id) was due for review by \(reviewBy) (as of \(options.asOf)); check for a newer edition",
            source.keyLocations["review-by"] ?? source.location)
        } else if let year = ([source.year] + source.reaffirmed.map(\.year)).compactMap({ $0 }).max(),
          options.asOf.year - year >= configuration.staleAfterYears
        {
          let reaffirmed = year == source.year ? "" : " since its last reaffirmation"
          add(
            .staleSource, .warning,
            "\(source.id) is \(options.asOf.year - year) years old\(reaffirmed) as of \(options.asOf) "
              + "(limit \(configuration.staleAfterYears)); check for a newer edition or record a review-by date",
            source.keyLocations["year"] ?? source.location)
        }
      case .superseded, .withdrawn:
        let by = source.supersededBy.map { " by \($0)" } ?? ""
        add(
          .supersededSource, .note,
          "\(source.id) is \(source.status.rawValue)\(by); its recommendations are compared with the "
            + "next edition, not as live positions",
          source.keyLocations["status"] ?? source.location)
      }
    }
    return findings.sortedByLocation()
  }
}
