import ConflictAnalysis
import EvidenceModel

extension FHIRExport {
  // MARK: PlanDefinition

  /// A topic's resolved pathway as a *RecommendationPlan*: one action per phase, with its place on
  /// the topic's timeline (`timingRange`, and the guide's `characteristic-timing` extension naming
  /// the event the timeline starts at) and its bands as the applicability condition; one
  /// sub-action per line with its position, direction and strength, and the recommendations
  /// behind it; a line's exceptions as sub-actions of their own, each applying to its subgroup.
  func plan(_ pathway: Pathway) -> Resource {
    let topic = pathway.topic
    let key = Key(type: "PlanDefinition", id: "pathway-" + topic.id)
    let phases = pathway.phases.enumerated().map { number, phase -> JSONTree in
      var timing: [(String, JSONTree?)] = [("low", Self.quantity(phase.start))]
      if let end = phase.end { timing.append(("high", Self.quantity(end))) }
      let range = JSONTree.object(timing.map { JSONTree.Field($0.0, $0.1!) })
      let relative = JSONTree.object(
        ("url", .string(Canonical.characteristicTiming)),
        ("extension", .array([
          .object(("url", .string("contextCode")), ("valueCodeableConcept", Self.concept(text: topic.anchor.rawValue))),
          .object(("url", .string("offsetRange")), ("valueRange", range)),
        ])))
      return .object(
        ("id", .string("phase-\(number + 1)")),
        ("extension", .array([relative])),
        ("title", .string(phase.name)),
        ("description", .string("From \(phase.start) to \(phase.end.map(\.description) ?? "open end") after \(topic.anchor.rawValue)" + (phase.bands.isEmpty ? "" : "; \(phase.bandsSummary)"))),
        ("condition", phase.bands.isEmpty ? nil : .array([applicability(phase.bandsSummary)])),
        ("timingRange", range),
        ("action", .array(phase.items.map(line))))
    }
    var fields = header(key, profile: Canonical.recommendationPlan, kind: "pathway", value: topic.id)
    fields += [
      .init("url", .string("\(baseURL)/PlanDefinition/\(Self.resourceID(key.id))")),
      .init("version", .string(report.analysis.options.asOf.description)),
      .init("title", .string("Resolved pathway: \(topic.title)")),
      .init("type", Self.concept([Self.coding(Canonical.planType, "eca-rule", "ECA Rule")])),
      .init("status", .string("draft")),
      .init("subjectReference", reference(Self.population(of: topic))),
      .init("date", .string(report.analysis.options.asOf.description)),
      .init("description", .string("\(topic.question) Derived by evidence-conflicts from the catalogue's recommendations as of \(report.analysis.options.asOf); a draft for a committee, not a guideline.")),
      .init("action", .array(phases)),
    ]
    return (key, .object(fields))
  }

  /// The `Group` of a topic's population: who the plan is for, described as the catalogue defines
  /// the population (condition, qualifiers, measure ranges).
  func group(_ topic: Topic) -> Resource {
    let key = Self.population(of: topic)
    let population = report.catalogue.population(topic.population)
    var parts = population.map { ["condition: \($0.condition)"] + $0.qualifiers.map { "\($0.dimension): \($0.values.joined(separator: ", "))" } + $0.ranges.map(\.summary) } ?? []
    if let description = population?.description { parts.append(description) }
    var fields = header(key, profile: nil, kind: "population", value: topic.population)
    fields += [
      .init("type", .string("person")),
      .init("membership", .string("definitional")),
      .init("name", .string(population?.name ?? topic.population)),
    ]
    if !parts.isEmpty { fields.append(.init("description", .string(parts.joined(separator: "; ")))) }
    return (key, .object(fields))
  }

  static func population(of topic: Topic) -> Key { Key(type: "Group", id: "population-" + topic.population) }

  private func line(_ item: PathwayItem) -> JSONTree {
    let exceptions = item.exceptions.map { e in
      action(
        title: "Except \(e.name)", position: e.position, rationale: e.rationale, recommendations: e.recommendations,
        conflicts: e.conflicts, unverified: false, condition: applicability(e.name))
    }
    return action(
      title: item.name, position: item.position, rationale: item.rationale,
      recommendations: item.recommendations + item.subgroupRecommendations, conflicts: item.conflicts,
      unverified: item.unverified, nested: exceptions)
  }

  /// One line (or one exception) as an action: the tool's position as an extension and the
  /// `prefix`, the CPG direction and strength extensions where the position has them, the
  /// recommendations behind it as *justification* and its conflicts as documentation.
  private func action(
    title: String, position: PathwayPosition, rationale: String, recommendations: [String], conflicts: [String],
    unverified: Bool, condition: JSONTree? = nil, nested: [JSONTree] = []
  ) -> JSONTree {
    var extensions = [JSONTree.object(("url", .string(positionExtension)), ("valueCodeableConcept", code(.pathwayPosition, position.rawValue)))]
    let direction: String? = switch position {
    case .do, .consider: "for"
    case .doNot: "against"
    case .contested, .insufficientEvidence: nil
    }
    if let direction {
      extensions.append(.object(
        ("url", .string(Canonical.directionExtension)),
        ("valueCodeableConcept", Self.concept([Self.coding(Canonical.direction, direction, direction == "for" ? "For" : "Against")]))))
    }
    let strength: String? = switch position {
    case .do: "strong"
    case .consider: "weak"
    default: nil
    }
    if let strength {
      extensions.append(.object(
        ("url", .string(Canonical.strengthExtension)),
        ("valueCodeableConcept", Self.concept([Self.coding(Canonical.strength, strength, strength == "strong" ? "Strong" : "Weak")]))))
    }
    let behind = recommendations.map { id in
      JSONTree.object(("type", .string("justification")), ("resourceReference", reference(Self.rating(id))))
    }
    let contested = conflicts.filter(relationIDs.contains).map { id in
      JSONTree.object(
        ("type", .string("documentation")), ("label", .string("conflict")),
        ("resourceReference", reference(Key(type: "ArtifactAssessment", id: id))))
    }
    return .object(
      ("extension", .array(extensions)),
      ("prefix", .string(position.rawValue)),
      ("title", .string(title)),
      ("description", .string(rationale + (unverified ? " Rests on UNVERIFIED facts." : ""))),
      ("code", Self.concept(text: title)),
      ("documentation", .array(behind + contested)),
      ("condition", condition.map { .array([$0]) }),
      ("action", .array(nested)))
  }

  /// The extension that carries a line's position (the tool's `pathway-position` code).
  var positionExtension: String { "\(baseURL)/StructureDefinition/pathway-position" }

  /// An applicability condition in words: the catalogue holds no computable expression.
  private func applicability(_ text: String) -> JSONTree {
    .object(("kind", .string("applicability")), ("expression", .object(("description", .string(text)))))
  }
}
