import ConflictAnalysis
import EvidenceModel

extension FHIRExport {
  typealias Resource = (key: Key, body: JSONTree)

  // MARK: Citation

  /// A source as a `Citation`: its identifiers (DOI, PubMed, PMC, web page), title, year, issuing
  /// bodies, status and the edition that supersedes it.
  func citation(_ source: Source) -> Resource {
    let key = Key(type: "Citation", id: source.id)
    let ids = source.identifiers
    let identifiers: [JSONTree] = [
      ids.doi.map { identifierValue("https://doi.org", $0) },
      ids.pmid.map { identifierValue("https://pubmed.ncbi.nlm.nih.gov", $0) },
      ids.pmcid.map { identifierValue("https://www.ncbi.nlm.nih.gov/pmc", $0) },
    ].compactMap { $0 }
    let state: JSONTree = switch source.status {
    case .current: Self.concept([Self.coding(Canonical.citedStatus, "active", "Active")], text: "current")
    case .withdrawn: Self.concept([Self.coding(Canonical.citedStatus, "withdrawn", "Withdrawn")], text: "withdrawn")
    // The code system has no "superseded"; the successor is named in relatesTo.
    case .superseded: Self.concept(text: "superseded")
    }
    let successor: JSONTree? = source.supersededBy.flatMap { report.catalogue.source($0) == nil ? nil : $0 }.map {
      .object(("type", .string("replaced-with")), ("resourceReference", reference(Key(type: "Citation", id: $0))))
    }
    let contributors = source.bodies.map { body in
      JSONTree.object(("contributor", .object(("display", .string(report.catalogue.body(body)?.name ?? body)))))
    }
    let published = source.publicationDate.map { JSONTree.array([.object(("articleDate", .string($0.description)))]) }
    var fields = header(key, profile: nil, kind: "source", value: source.id)
    fields += [
      .init("title", .string(source.title)),
      .init("status", .string("active")),
    ]
    var cited: [JSONTree.Field] = []
    if !identifiers.isEmpty { cited.append(.init("identifier", .array(identifiers))) }
    cited.append(.init("title", .array([.object(("text", .string(source.title)))])))
    cited.append(.init("currentState", .array([state])))
    if let published { cited.append(.init("publicationForm", published)) }
    if let url = ids.url { cited.append(.init("webLocation", .array([.object(("url", .string(url)))]))) }
    if let successor { cited.append(.init("relatesTo", .array([successor]))) }
    if !contributors.isEmpty { cited.append(.init("contributorship", .object(("entry", .array(contributors))))) }
    var notes = [source.citation]
    if source.verification.isUnverified { notes.append("UNVERIFIED" + (source.verification.note.map { ": \($0)" } ?? "")) }
    cited.append(.init("note", .array(notes.map { .object(("text", .string($0))) })))
    fields.append(.init("citedArtifact", .object(cited)))
    return (key, .object(fields))
  }

  private func identifierValue(_ system: String, _ value: String) -> JSONTree {
    .object(("system", .string(system)), ("value", .string(value)))
  }

  // MARK: RecommendationRating

  /// A recommendation (or an implied position) as a *RecommendationRating*: the direction,
  /// strength and certainty of evidence, each in the body's own words (`text`) and, where the
  /// IGs' code systems have the concept, coded on the common scale.
  func rating(_ r: AssessedRecommendation) -> Resource {
    let key = Key(type: "ArtifactAssessment", id: "rating-" + r.id)
    let configuration = report.analysis.options.configuration
    let scheme = report.catalogue.scheme(of: r.recommendation)
    var content: [JSONTree] = []
    if let scheme {
      content.append(.object(("type", Self.ebmType("rating-system", "Rating System")), ("classifier", .array([Self.concept(text: scheme.name)]))))
    }
    // Strength: the tier's label; coded strong or weak when the common scale says so.
    let strengthCodes: [JSONTree] = r.position.strength.flatMap { strength in
      switch configuration.strengthLevel(strength) {
      case 3: [Self.coding(Canonical.strength, "strong", "Strong")]
      case 1: [Self.coding(Canonical.strength, "weak", "Weak")]
      default: nil
      }
    } ?? []
    content.append(.object(
      ("type", Self.ebmType("strength-of-recommendation", "Strength of Recommendation")),
      ("summary", .string(r.position.strength.map { "common scale \(fixed($0)) of 1" } ?? "ungraded: strength unknown")),
      ("classifier", .array([Self.concept(strengthCodes, text: r.recommendation.strength ?? "ungraded")])),
      ("quantity", r.position.strength.map { Self.quantity($0) })))
    let directionCodes: [JSONTree] = switch r.position.direction {
    case .for: [Self.coding(Canonical.direction, "for", "For")]
    case .against: [Self.coding(Canonical.direction, "against", "Against")]
    case .neutral: []
    }
    content.append(.object(
      ("type", Self.ebmType("direction-of-recommendation", "Direction of Recommendation")),
      ("classifier", .array([Self.concept(directionCodes, text: Dispute.stance(r))]))))
    let certaintyCode = ["very-low", "low", "moderate", "high"][configuration.certaintyLevel(r.position.certainty)]
    content.append(.object(
      ("type", Self.ebmType("certainty-of-evidence", "Certainty of Evidence")),
      ("summary", .string("common scale \(fixed(r.position.certainty)) of 1" + (r.certaintyStated ? "" : "; no evidence level stated"))),
      // Coded only when the body states an evidence level: a tier's default is not the body's word.
      ("classifier", .array([Self.concept(r.certaintyStated ? [Self.coding(Canonical.certainty, certaintyCode)] : [], text: r.recommendation.evidenceLevel ?? "not stated")])),
      ("quantity", Self.quantity(r.position.certainty))))
    content.append(.object(("type", Self.ebmType("ratings", "Ratings")), ("classifier", .array([Self.concept(text: r.grade)]))))
    content.append(note("statement", r.implied?.summary ?? r.recommendation.statement))
    content.append(note("population", r.population.name))
    content.append(note("timing", r.recommendation.window.summary))
    if let implied = r.implied {
      content.append(.object(
        ("type", Self.concept(text: "implied position")),
        ("summary", .string("implied by the exclusive scope of \(implied.statement); the body states no such recommendation")),
        ("relatedArtifact", .array([.object(
          ("type", .string("derived-from")),
          ("resourceReference", reference(Key(type: "ArtifactAssessment", id: "rating-" + implied.statement))))]))))
    }
    if r.isUnverified {
      content.append(note("verification", "UNVERIFIED" + (r.recommendation.verification.note.map { ": \($0)" } ?? "")))
    }
    var fields = header(key, profile: Canonical.recommendationRating, kind: "recommendation", value: r.id)
    fields.append(.init("title", .string("Recommendation rating: \(r.id) (\(report.bodies.joined(r.source.bodies)))")))
    fields.append(.init("artifactReference", reference(Key(type: "Citation", id: r.source.id), display: "\(r.statementID), \(r.recommendation.locator)")))
    fields.append(.init("content", .array(content)))
    return (key, .object(fields))
  }

  func note(_ type: String, _ text: String) -> JSONTree {
    .object(("type", Self.concept(text: type)), ("summary", .string(text)))
  }

  // MARK: Comparison

  /// A pairwise relation as a *Comparison* of its two ratings: type, aspect, severity, score and
  /// components, extent, the segment where it holds, the historical period of a historical one,
  /// its explanations and its dispute.
  func comparison(_ conflict: Conflict, dispute: String?) -> Resource {
    let key = Key(type: "ArtifactAssessment", id: conflict.id)
    let c = conflict.components
    var components: [JSONTree] = [
      scoreComponent("opposition", c.opposition),
      scoreComponent("certainty", c.certainty),
      scoreComponent("source quality", c.sourceQuality),
      scoreComponent("recency", c.recency),
    ]
    components.insert(
      c.strength.map { scoreComponent("strength", $0) } ?? note("strength", "unknown (evidence synthesis or ungraded)"), at: 1)
    var content: [JSONTree] = [
      classified("relation type", code(.relationType, conflict.type.rawValue), summary: conflict.type.meaning),
      classified("aspect", Self.concept(text: conflict.aspect.rawValue)),
      classified("severity", code(.severity, conflict.severity.rawValue)),
      .object(("type", Self.concept(text: "score")), ("quantity", Self.quantity(conflict.score, unit: "of 100")), ("component", .array(components))),
      .object(
        ("type", Self.concept(text: "extent")), ("summary", .string("share of the shared population and timeline where it holds")),
        ("component", .array([scoreComponent("population", conflict.extent.population), scoreComponent("window", conflict.extent.window)]))),
      note("segment", conflict.segment),
    ]
    if let era = conflict.era { content.append(note("historical period", era.summary)) }
    content += conflict.explanations.map { classified("explanation", Self.concept(text: $0.factor), summary: $0.text) }
    if let dispute {
      content.append(.object(
        ("type", Self.concept(text: "dispute")),
        ("relatedArtifact", .array([.object(("type", .string("part-of")), ("resourceReference", reference(Key(type: "ArtifactAssessment", id: dispute)))) ]))))
    }
    var fields = header(key, profile: Canonical.comparison, kind: "relation", value: conflict.id)
    fields.insert(.init("extension", .array([compared(conflict.second.id)])), at: 3)
    fields.append(.init("title", .string("\(conflict.isHistorical ? "Historical comparison" : "Comparison"): \(conflict.first.id) and \(conflict.second.id) on \(conflict.intervention)")))
    fields.append(.init("artifactReference", reference(Key(type: "ArtifactAssessment", id: "rating-" + conflict.first.id))))
    fields.append(.init("content", .array(content)))
    return (key, .object(fields))
  }

  /// A dispute as a *Comparison* of every position in it: severity, type, camps (each a content
  /// entry naming its positions), the segment and what it turns on, and its relations.
  func comparison(_ dispute: Dispute) -> Resource {
    let key = Key(type: "ArtifactAssessment", id: dispute.id)
    let members = dispute.camps.flatMap(\.members).map(\.position)
    var content: [JSONTree] = [
      classified("relation type", code(.relationType, dispute.type.rawValue), summary: dispute.type.meaning),
      classified("severity", code(.severity, dispute.severity.rawValue)),
      note("segment", dispute.segment),
    ]
    for camp in dispute.camps {
      content.append(.object(
        ("type", Self.concept(text: "camp")),
        ("summary", .string("\(camp.stance): \(report.bodies.joined(camp.bodies))")),
        ("relatedArtifact", .array(camp.members.map { member in
          .object(("type", .string("composed-of")), ("resourceReference", reference(Key(type: "ArtifactAssessment", id: "rating-" + member.position))))
        }))))
    }
    content += dispute.turnsOn.map { classified("turns on", Self.concept(text: $0.factor), summary: $0.text) }
    content.append(.object(
      ("type", Self.concept(text: "relations")),
      ("relatedArtifact", .array(dispute.relations.filter(relationIDs.contains).map { id in
        .object(("type", .string("composed-of")), ("resourceReference", reference(Key(type: "ArtifactAssessment", id: id))))
      }))))
    var fields = header(key, profile: Canonical.comparison, kind: "dispute", value: dispute.id)
    fields.insert(.init("extension", .array(members.dropFirst().map(compared))), at: 3)
    fields.append(.init("title", .string("Dispute on \(report.catalogue.intervention(dispute.intervention)?.name ?? dispute.intervention) (\(dispute.topic))")))
    fields.append(.init("artifactReference", reference(Key(type: "ArtifactAssessment", id: "rating-" + (members.first ?? dispute.strongest)))))
    fields.append(.init("content", .array(content)))
    return (key, .object(fields))
  }

  private func compared(_ recommendation: String) -> JSONTree {
    .object(("url", .string(Canonical.compared)), ("valueReference", reference(Key(type: "ArtifactAssessment", id: "rating-" + recommendation))))
  }

  private func classified(_ type: String, _ classifier: JSONTree, summary: String? = nil) -> JSONTree {
    .object(("type", Self.concept(text: type)), ("summary", .text(summary)), ("classifier", .array([classifier])))
  }

  private func scoreComponent(_ name: String, _ value: Double) -> JSONTree {
    .object(("type", Self.concept(text: name)), ("quantity", Self.quantity(value)))
  }

  // MARK: PlanDefinition

  /// A topic's resolved pathway as a *RecommendationPlan*: one action per phase (its timing on the
  /// topic's timeline, its bands as the condition), one sub-action per line with its position,
  /// direction and strength, and the recommendations behind it as documentation.
  func plan(_ pathway: Pathway) -> Resource {
    let topic = pathway.topic
    let key = Key(type: "PlanDefinition", id: "pathway-" + topic.id)
    let phases = pathway.phases.enumerated().map { number, phase -> JSONTree in
      var timing: [(String, JSONTree?)] = [("low", Self.quantity(phase.start))]
      if let end = phase.end { timing.append(("high", Self.quantity(end))) }
      let condition: JSONTree? = phase.bands.isEmpty ? nil : .array([applicability(phase.bandsSummary)])
      return .object(
        ("id", .string("phase-\(number + 1)")),
        ("title", .string(phase.name)),
        ("description", .string("From \(phase.start) to \(phase.end.map(\.description) ?? "open end") after \(topic.anchor.rawValue)" + (phase.bands.isEmpty ? "" : "; \(phase.bandsSummary)"))),
        ("condition", condition),
        ("timingRange", .object(timing.map { JSONTree.Field($0.0, $0.1!) })),
        ("action", .array(phase.items.map(line))))
    }
    var fields = header(key, profile: Canonical.recommendationPlan, kind: "pathway", value: topic.id)
    fields += [
      .init("url", .string("\(baseURL)/PlanDefinition/\(Self.resourceID(key.id))")),
      .init("version", .string(report.analysis.options.asOf.description)),
      .init("title", .string("Resolved pathway: \(topic.title)")),
      .init("type", Self.concept([Self.coding(Canonical.planType, "eca-rule", "ECA Rule")])),
      .init("status", .string("draft")),
      .init("date", .string(report.analysis.options.asOf.description)),
      .init("description", .string("\(topic.question) Derived by evidence-conflicts from the catalogue's recommendations as of \(report.analysis.options.asOf); a draft for a committee, not a guideline.")),
      .init("subjectCodeableConcept", Self.concept(text: report.catalogue.population(topic.population)?.name ?? topic.population)),
      .init("action", .array(phases)),
    ]
    return (key, .object(fields))
  }

  private func line(_ item: PathwayItem) -> JSONTree {
    var extensions: [JSONTree] = []
    switch item.position {
    case .do, .consider:
      extensions.append(.object(("url", .string(Canonical.directionExtension)), ("valueCodeableConcept", Self.concept([Self.coding(Canonical.direction, "for", "For")]))))
    case .doNot:
      extensions.append(.object(("url", .string(Canonical.directionExtension)), ("valueCodeableConcept", Self.concept([Self.coding(Canonical.direction, "against", "Against")]))))
    case .contested, .insufficientEvidence: break
    }
    switch item.position {
    case .do: extensions.append(.object(("url", .string(Canonical.strengthExtension)), ("valueCodeableConcept", Self.concept([Self.coding(Canonical.strength, "strong", "Strong")]))))
    case .consider: extensions.append(.object(("url", .string(Canonical.strengthExtension)), ("valueCodeableConcept", Self.concept([Self.coding(Canonical.strength, "weak", "Weak")]))))
    default: break
    }
    let behind = (item.recommendations + item.subgroupRecommendations).map { id in
      JSONTree.object(("type", .string("justification")), ("resourceReference", reference(Key(type: "ArtifactAssessment", id: "rating-" + id))))
    }
    let contested = item.conflicts.filter(relationIDs.contains).map { id in
      JSONTree.object(
        ("type", .string("documentation")), ("label", .string("conflict")),
        ("resourceReference", reference(Key(type: "ArtifactAssessment", id: id))))
    }
    let exceptions = item.exceptions.map { e in
      applicability("except \(e.name): \(e.position.rawValue)")
    }
    return .object(
      ("extension", .array(extensions)),
      ("prefix", .string(item.position.rawValue)),
      ("title", .string(item.name)),
      ("description", .string(item.rationale + (item.unverified ? " Rests on UNVERIFIED facts." : ""))),
      ("code", Self.concept(text: item.name)),
      // The line's position on the pathway (do, consider, contested, …), from the tool's codes.
      ("reason", .array([code(.pathwayPosition, item.position.rawValue)])),
      ("documentation", .array(behind + contested)),
      ("condition", .array(exceptions)))
  }

  private func applicability(_ text: String) -> JSONTree {
    .object(("kind", .string("applicability")), ("expression", .object(("language", .string("text/plain")), ("expression", .string(text)))))
  }
}
