import ConflictAnalysis
import EvidenceModel

extension FHIRExport {
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
    fields.append(.init("artifactReference", reference(Self.rating(conflict.first.id))))
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
          .object(("type", .string("composed-of")), ("resourceReference", reference(Self.rating(member.position))))
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
    fields.append(.init("artifactReference", reference(Self.rating((members.first ?? dispute.strongest)))))
    fields.append(.init("content", .array(content)))
    return (key, .object(fields))
  }

  private func compared(_ recommendation: String) -> JSONTree {
    .object(("url", .string(Canonical.compared)), ("valueReference", reference(Self.rating(recommendation))))
  }

  private func classified(_ type: String, _ classifier: JSONTree, summary: String? = nil) -> JSONTree {
    .object(("type", Self.concept(text: type)), ("summary", .text(summary)), ("classifier", .array([classifier])))
  }

  private func scoreComponent(_ name: String, _ value: Double) -> JSONTree {
    .object(("type", Self.concept(text: name)), ("quantity", Self.quantity(value)))
  }
}
