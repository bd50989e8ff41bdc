import EvidenceModel

/// Checks the rules that span entities and files: unique ids, references that resolve, grades that
/// exist in the source's scheme, provenance, and a hierarchy without cycles.
///
/// Pure: takes a ``Catalogue`` and returns diagnostics, so an import can validate a catalogue that
/// mixes freshly parsed files with files loaded from the store.
public struct CatalogueValidator: Sendable {
  public init() {}

  public func validate(_ catalogue: Catalogue) -> [Diagnostic] {
    validate(catalogue, inParallel: catalogue.recommendations.count >= 4_096)
  }

  /// Validates, checking the recommendations on every core when `inParallel` (the same result).
  func validate(_ catalogue: Catalogue, inParallel: Bool) -> [Diagnostic] {
    // The recommendations, the most numerous entities, are checked on every core, a contiguous
    // share each, so that their diagnostics come in catalogue order.
    let recommendations = catalogue.recommendations
    let recommendationDiagnostics = Parallel.run(parallel: inParallel) { worker, workers in
      let share = (recommendations.count + workers - 1) / workers
      let range = min(recommendations.count, worker * share)..<min(recommendations.count, (worker + 1) * share)
      return Self.validateRecommendations(recommendations[range], catalogue)
    }
    var diagnostics: [Diagnostic] = []
    func report(
      _ rule: RuleID, _ message: String, at location: SourceLocation,
      severity: Diagnostic.Severity = .error, notes: [Diagnostic.Note] = []
    ) {
      diagnostics.append(
        Diagnostic(rule: rule.rawValue, severity: severity, message: message, location: location, notes: notes))
    }
    func checkUnique(_ kind: String, _ entries: [(id: String, location: SourceLocation)]) {
      var first: [String: SourceLocation] = [:]
      for entry in entries {
        if let earlier = first[entry.id] {
          report(
            .duplicateID, "\(kind) id '\(entry.id)' is defined twice; ids must be unique, so rename one",
            at: entry.location, notes: [.init("'\(entry.id)' is first defined here", at: earlier)])
        } else {
          first[entry.id] = entry.location
        }
      }
    }
    let at = Self.at
    func dangling(_ kind: String, _ id: String, from owner: String, at location: SourceLocation) {
      diagnostics.append(Self.dangling(kind, id, from: owner, at: location))
    }

    checkUnique("grading scheme", catalogue.schemes.map { ($0.id, $0.location) })
    checkUnique("body", catalogue.bodies.map { ($0.id, $0.location) })
    checkUnique("measure", catalogue.measures.map { ($0.id, $0.location) })
    checkUnique("intervention", catalogue.interventions.map { ($0.id, $0.location) })
    checkUnique("population", catalogue.populations.map { ($0.id, $0.location) })
    checkUnique("topic", catalogue.topics.map { ($0.id, $0.location) })
    checkUnique("study", catalogue.studies.map { ($0.id, $0.location) })
    checkUnique("source", catalogue.sources.map { ($0.id, $0.location) })
    checkUnique("recommendation", catalogue.recommendations.map { ($0.id, $0.location) })
    checkUnique("decision", catalogue.decisions.map { ($0.id, $0.location) })

    for scheme in catalogue.schemes {
      // A label may name several tiers only in periods that do not overlap (USPSTF C).
      var labels: [String: [GradingScheme.StrengthTier]] = [:]
      for tier in scheme.strengths {
        for label in Set(([tier.label] + tier.aliases).map { $0.lowercased() }) {
          for other in labels[label, default: []] where periodsOverlap(tier, other) {
            report(
              .duplicateID,
              "grading scheme '\(scheme.id)' uses the label '\(label)' for two strength tiers ('\(other.label)' and '\(tier.label)') in overlapping periods; labels must be unique, or give the tiers 'from' and 'until' dates that do not overlap",
              at: scheme.location)
          }
          labels[label, default: []].append(tier)
        }
      }
    }

    Self.validatePopulations(catalogue, report: { report($0, $1, at: $2) }, dangling: { dangling($0, $1, from: $2, at: $3) })

    for body in catalogue.bodies {
      if let scheme = body.scheme, catalogue.scheme(scheme) == nil {
        dangling("grading scheme", scheme, from: "body '\(body.id)'", at: at(body.keyLocations, "scheme", body.location))
      }
    }

    for concept in catalogue.interventions {
      if let therapy = concept.adjusts?.therapy, catalogue.intervention(therapy) == nil {
        dangling("intervention", therapy, from: "intervention '\(concept.id)'", at: at(concept.keyLocations, "adjusts.therapy", concept.location))
      }
      guard let parent = concept.parent, catalogue.intervention(parent) == nil else { continue }
      dangling("intervention", parent, from: "intervention '\(concept.id)'", at: at(concept.keyLocations, "parent", concept.location))
    }
    let hierarchy = HierarchyDepths(catalogue)
    for concept in catalogue.interventions {
      guard let parent = concept.parent else { continue }
      if hierarchy.onCycle.contains(concept.id) {
        report(
          .interventionCycle,
          "intervention '\(concept.id)' is its own ancestor through 'parent: \(parent)'; the hierarchy must be a tree",
          at: at(concept.keyLocations, "parent", concept.location))
      } else if hierarchy.depth[concept.id] == HierarchyDepths.maximum + 1 {
        report(
          .interventionTooDeep,
          "intervention '\(concept.id)' is \(HierarchyDepths.maximum + 1) levels deep through 'parent: \(parent)'; a hierarchy may have at most \(HierarchyDepths.maximum) levels: attach it to a broader concept nearer the root",
          at: at(concept.keyLocations, "parent", concept.location))
      }
    }

    for topic in catalogue.topics {
      if catalogue.population(topic.population) == nil {
        dangling("population", topic.population, from: "topic '\(topic.id)'", at: at(topic.keyLocations, "population", topic.location))
      }
      let prerequisites = Set(topic.prerequisites.map(\.id))
      checkUnique("prerequisite", topic.prerequisites.map { ($0.id, topic.location) })
      checkUnique("assumption", topic.assumptions.map { ($0.id, topic.location) })
      checkUnique("red flag", topic.redFlags.map { ($0.id, topic.location) })
      for assumption in topic.assumptions {
        if let prerequisite = assumption.prerequisite, !prerequisites.contains(prerequisite) {
          dangling("prerequisite", prerequisite, from: "assumption '\(assumption.id)' of topic '\(topic.id)'", at: topic.location)
        }
      }
      for flag in topic.redFlags {
        for id in flag.recommendations where catalogue.recommendation(id) == nil {
          dangling("recommendation", id, from: "red flag '\(flag.id)' of topic '\(topic.id)'", at: topic.location)
        }
      }
    }

    for decision in catalogue.decisions {
      let owner = "decision '\(decision.id)'"
      let keys = decision.keyLocations
      if catalogue.topic(decision.topic) == nil {
        dangling("topic", decision.topic, from: owner, at: at(keys, "topic", decision.location))
      }
      if catalogue.intervention(decision.intervention) == nil {
        dangling("intervention", decision.intervention, from: owner, at: at(keys, "intervention", decision.location))
      }
      if let population = decision.population, catalogue.population(population) == nil {
        dangling("population", population, from: owner, at: at(keys, "population", decision.location))
      }
      for id in decision.considered where catalogue.recommendation(id) == nil {
        dangling("recommendation", id, from: owner, at: at(keys, "considered", decision.location))
      }
    }

    for study in catalogue.studies {
      if let intervention = study.intervention, catalogue.intervention(intervention) == nil {
        dangling("intervention", intervention, from: "study '\(study.id)'", at: at(study.keyLocations, "intervention", study.location))
      }
      if study.identifiers.isEmpty, !study.verification.isUnverified {
        report(
          .missingProvenance,
          "study '\(study.id)' has no doi, pmid, pmcid, url or registration; add one, or mark it 'unverified: true' with a note saying where it was seen",
          at: study.location)
      }
      Self.checkVerificationNote(study.verification, "study '\(study.id)'", study.location, &diagnostics)
    }

    for source in catalogue.sources {
      let owner = "source '\(source.id)'"
      for (offset, body) in source.bodies.enumerated() where catalogue.body(body) == nil {
        dangling("body", body, from: owner, at: at(source.keyLocations, "bodies.\(offset)", source.location))
      }
      if let scheme = source.scheme, catalogue.scheme(scheme) == nil {
        dangling("grading scheme", scheme, from: owner, at: at(source.keyLocations, "scheme", source.location))
      } else if catalogue.scheme(of: source) == nil, source.bodies.allSatisfy({ catalogue.body($0) != nil }) {
        report(
          .unknownGrade,
          "\(owner) has no grading scheme: name one with 'scheme', or give its first body a 'scheme'",
          at: source.location)
      }
      if let topic = source.topic, catalogue.topic(topic) == nil {
        dangling("topic", topic, from: owner, at: at(source.keyLocations, "topic", source.location))
      }
      if let successor = source.supersededBy {
        if successor == source.id {
          report(.inconsistentStatus, "\(owner) names itself in 'superseded-by'", at: at(source.keyLocations, "superseded-by", source.location))
        } else if catalogue.source(successor) == nil {
          dangling("source", successor, from: owner, at: at(source.keyLocations, "superseded-by", source.location))
        }
      }
      for (key, ids) in [("endorses", source.endorses), ("does-not-endorse", source.doesNotEndorse)] {
        for (offset, id) in ids.enumerated() {
          let location = at(source.keyLocations, "\(key).\(offset)", source.location)
          if id == source.id {
            report(.invalidValue, "\(owner) names itself in '\(key)'; name another body's source", at: location)
          } else if catalogue.source(id) == nil {
            dangling("source", id, from: owner, at: location)
          }
        }
      }
      // A citation without identifier is allowed: reports show "no identifier recorded", which is
      // not the same as unverified.
      Self.checkVerificationNote(source.verification, owner, source.location, &diagnostics)
    }

    Self.validateEditions(catalogue, report: { report($0, $1, at: $2) })

    diagnostics += recommendationDiagnostics.joined()
    return diagnostics.sortedByLocation()
  }

  /// The diagnostics of the rules about each of `recommendations` alone (its references, scope,
  /// prerequisites, grades and verification), as ``validate(_:)`` gives them for these
  /// recommendations in `catalogue`. They read only entities that are not recommendations, so a
  /// check can validate an edited file's recommendations without the others.
  ///
  /// The rules that span recommendations (unique ids, references to them, the age of a population
  /// they use) are not among them.
  public func recommendationDiagnostics(_ recommendations: [Recommendation], in catalogue: Catalogue) -> [Diagnostic] {
    Self.validateRecommendations(recommendations, catalogue)
  }

  /// The diagnostics of each recommendation: its references, scope, prerequisites and grades.
  private static func validateRecommendations(_ recommendations: some Sequence<Recommendation>, _ catalogue: Catalogue) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    func report(_ rule: RuleID, _ message: String, at location: SourceLocation) {
      diagnostics.append(Diagnostic(rule: rule.rawValue, severity: .error, message: message, location: location))
    }
    func dangling(_ kind: String, _ id: String, from owner: String, at location: SourceLocation) {
      diagnostics.append(Self.dangling(kind, id, from: owner, at: location))
    }
    for rec in recommendations {
      let owner = "recommendation '\(rec.id)'"
      guard let source = catalogue.source(rec.source) else { continue }
      Self.validateScope(rec, catalogue, report: { report($0, $1, at: $2) }, dangling: { dangling($0, $1, from: $2, at: $3) })
      let topic = catalogue.topic(rec.topic)
      if topic == nil {
        dangling("topic", rec.topic, from: owner, at: at(rec.keyLocations, "topic", rec.location))
      }
      for (offset, intervention) in rec.interventions.enumerated()
      where catalogue.intervention(intervention) == nil {
        dangling(
          "intervention", intervention, from: owner,
          at: rec.keyLocations["intervention"] ?? at(rec.keyLocations, "interventions.\(offset)", rec.location))
      }
      if catalogue.population(rec.population) == nil {
        dangling("population", rec.population, from: owner, at: at(rec.keyLocations, "population", rec.location))
      }
      for (offset, study) in rec.studies.enumerated() where catalogue.study(study) == nil {
        dangling("study", study, from: owner, at: at(rec.keyLocations, "studies.\(offset)", rec.location))
      }
      if let topic {
        let prerequisites = Set(topic.prerequisites.map(\.id))
        for prerequisite in rec.window.after where !prerequisites.contains(prerequisite) {
          // The window's own locations are not kept; point at the window.
          report(
            .danglingReference,
            "\(owner) waits for prerequisite '\(prerequisite)', which topic '\(topic.id)' does not define; add it to the topic's 'prerequisites' or correct the id",
            at: at(rec.keyLocations, "window", rec.location))
        }
      }
      if let id = rec.scheme, catalogue.scheme(id) == nil {
        dangling("grading scheme", id, from: owner, at: at(rec.keyLocations, "scheme", rec.location))
      } else if let scheme = catalogue.scheme(of: rec) {
        if let label = rec.strength {
          if scheme.strengths.isEmpty {
            report(
              .unknownGrade,
              "\(owner) has strength '\(label)', but \(scheme.name) ('\(scheme.id)') grades evidence only; remove 'strength' and keep the 'evidence-level'",
              at: at(rec.keyLocations, "strength", rec.location))
          } else if let tier = scheme.strengthTier(named: label, on: source.publicationDate?.firstDay) {
            if let implied = tier.direction, implied != rec.direction {
              report(
                .gradeDirectionMismatch,
                "\(owner) is '\(rec.direction.rawValue)' but '\(label)' in \(scheme.name) means '\(implied.rawValue)'; correct the direction or the grade",
                at: at(rec.keyLocations, "direction", rec.location))
            }
          } else if scheme.strengthTier(named: label) != nil {
            report(
              .unknownGrade,
              "\(owner) has strength '\(label)', which \(scheme.name) ('\(scheme.id)') did not use in that meaning when \(source.id) was published (\(source.publicationDate?.description ?? "date unknown")); check the tier's 'from' and 'until' dates or the source's date",
              at: at(rec.keyLocations, "strength", rec.location))
          } else {
            let allowed = scheme.strengths.map(\.label).joined(separator: ", ")
            report(
              .unknownGrade,
              "\(owner) has strength '\(label)', which is not a tier of \(scheme.name) ('\(scheme.id)'); use one of: \(allowed), or add it as an alias",
              at: at(rec.keyLocations, "strength", rec.location))
          }
        } else if !scheme.strengths.isEmpty {
          report(
            .missingKey,
            "\(owner) has no 'strength'; \(scheme.name) ('\(scheme.id)') has strength tiers: use one of \(scheme.strengths.map(\.label).joined(separator: ", "))",
            at: rec.location)
        }
        if let level = rec.evidenceLevel, scheme.evidenceTier(named: level) == nil {
          let allowed = scheme.evidenceLevels.map(\.label).joined(separator: ", ")
          report(
            .unknownGrade,
            "\(owner) has evidence level '\(level)', which is not a level of \(scheme.name) ('\(scheme.id)'); use one of: \(allowed.isEmpty ? "(the scheme has no evidence levels; remove the key)" : allowed)",
            at: at(rec.keyLocations, "evidence-level", rec.location))
        }
      }
      Self.checkVerificationNote(rec.verification, owner, rec.location, &diagnostics)
    }
    return diagnostics
  }

  /// The location of `key` among `keyLocations`, or `fallback`.
  private static func at(_ keyLocations: [String: SourceLocation], _ key: String, _ fallback: SourceLocation) -> SourceLocation {
    keyLocations[key] ?? fallback
  }

  /// A reference to an id the catalogue does not define.
  private static func dangling(_ kind: String, _ id: String, from owner: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      rule: RuleID.danglingReference.rawValue, severity: .error,
      message: "\(owner) refers to \(kind) '\(id)', which is not defined in the catalogue; define it or correct the id",
      location: location)
  }

  private func periodsOverlap(_ a: GradingScheme.StrengthTier, _ b: GradingScheme.StrengthTier) -> Bool {
    let aStart = a.from?.firstDay, aEnd = a.until?.firstDay
    let bStart = b.from?.firstDay, bEnd = b.until?.firstDay
    if let aEnd, let bStart, aEnd <= bStart { return false }
    if let bEnd, let aStart, bEnd <= aStart { return false }
    return true
  }

  private static func checkVerificationNote(
    _ verification: Verification, _ owner: String, _ location: SourceLocation,
    _ diagnostics: inout [Diagnostic]
  ) {
    guard verification.isUnverified, verification.note == nil else { return }
    diagnostics.append(
      Diagnostic(
        rule: RuleID.unverifiedWithoutNote.rawValue, severity: .warning,
        message: "\(owner) is marked unverified without saying what is unverified; add an 'unverified-note'",
        location: location))
  }
}

/// The depth of every intervention concept (1 for a root) and the concepts on a cycle, computed
/// in one pass over the hierarchy: each concept's chain of parents is walked only up to a concept
/// whose depth is known, so a chain of n concepts costs O(n), not O(n²) or worse.
struct HierarchyDepths {
  /// The deepest a hierarchy may be; deeper concepts are `intervention-too-deep`.
  static let maximum = 100

  private(set) var depth: [String: Int] = [:]
  private(set) var onCycle: Set<String> = []
  /// Concepts whose chain of parents runs into a cycle: no depth.
  private var belowCycle: Set<String> = []

  init(_ catalogue: Catalogue) {
    for concept in catalogue.interventions
    where depth[concept.id] == nil && !onCycle.contains(concept.id) && !belowCycle.contains(concept.id) {
      var path: [String] = []
      var position: [String: Int] = [:]
      var current: String? = concept.id
      var base = 0
      var cycle = false
      while let id = current {
        if let known = depth[id] {
          base = known
          break
        }
        if onCycle.contains(id) || belowCycle.contains(id) {
          cycle = true
          break
        }
        if let start = position[id] {
          onCycle.formUnion(path[start...])
          path.removeSubrange(start...)
          cycle = true
          break
        }
        position[id] = path.count
        path.append(id)
        current = catalogue.intervention(id)?.parent.flatMap { catalogue.intervention($0) != nil ? $0 : nil }
      }
      // Concepts below a cycle have no depth; the others count from the known one.
      guard !cycle else {
        belowCycle.formUnion(path)
        continue
      }
      for (offset, id) in path.reversed().enumerated() { depth[id] = base + offset + 1 }
    }
  }
}
