import ConflictAnalysis
import EvidenceModel

extension FHIRExport {
  // MARK: RecommendationRating

  /// A recommendation (or an implied position) rated with the *RecommendationRating* content
  /// slices: the direction, strength and certainty of evidence, each in the body's own words
  /// (`text`) and, where the IGs' code systems have the concept, coded on the common scale. It
  /// rates the recommendation's Composition; an implied position rates the Composition of the
  /// statement it is implied by, and says so.
  func rating(_ r: AssessedRecommendation) -> Resource {
    let key = Self.rating(r.id)
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
    let certaintyCode = [("very-low", "Very low quality"), ("low", "Low quality"), ("moderate", "Moderate quality"), ("high", "High quality")][configuration.certaintyLevel(r.position.certainty)]
    content.append(.object(
      ("type", Self.ebmType("certainty-of-evidence", "Certainty of Evidence")),
      ("summary", .string("common scale \(fixed(r.position.certainty)) of 1" + (r.certaintyStated ? "" : "; no evidence level stated"))),
      // Coded only when the body states an evidence level: a tier's default is not the body's word.
      ("classifier", .array([Self.concept(r.certaintyStated ? [Self.coding(Canonical.certainty, certaintyCode.0, certaintyCode.1)] : [], text: r.recommendation.evidenceLevel ?? "not stated")])),
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
          ("resourceReference", reference(Self.rating(implied.statement))))]))))
    }
    if r.isUnverified {
      content.append(note("verification", "UNVERIFIED" + (r.recommendation.verification.note.map { ": \($0)" } ?? "")))
    }
    var fields = header(key, profile: nil, kind: "recommendation", value: r.id)
    fields.append(.init("title", .string("Recommendation rating: \(r.id) (\(report.bodies.joined(r.source.bodies)))")))
    fields.append(.init("artifactReference", reference(Self.statement(r.implied?.statement ?? r.id), display: "\(r.statementID), \(r.recommendation.locator)")))
    fields.append(.init("content", .array(content)))
    return (key, .object(fields))
  }

  func note(_ type: String, _ text: String) -> JSONTree {
    .object(("type", Self.concept(text: type)), ("summary", .string(text)))
  }
}
