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
    // `archived`: "no longer current but still available as part of the public record";
    // `retracted`: "removed from publication and no longer part of the public record".
    let state: JSONTree = switch source.status {
    case .current: Self.concept([Self.coding(Canonical.citedStatus, "active", "Active")], text: "current")
    case .superseded: Self.concept([Self.coding(Canonical.citedStatus, "archived", "Archived")], text: "superseded")
    case .withdrawn: Self.concept([Self.coding(Canonical.citedStatus, "retracted", "Retracted")], text: "withdrawn")
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
}

extension FHIRExport {
  // MARK: Composition

  /// A stated recommendation as a `Composition` shaped like the EBM guide's *Recommendation*
  /// (category `Recommendation`; a *recommendation-specification* section holding the statement
  /// and the population), citing its source (`relatesTo` *cite-as* the source's Citation). It is
  /// what the rating rates. No profile is claimed: the guide's *Recommendation* requires
  /// sections (justification, evidence) the catalogue does not record.
  func composition(_ r: AssessedRecommendation) -> Resource {
    let key = Self.statement(r.id)
    let recommendation = Self.ebmType("Recommendation", "Recommendation")
    let statement = JSONTree.object(
      ("code", Self.ebmType("recommendation-statement", "Recommendation Statement")),
      ("text", narrative(r.recommendation.statement + " (" + r.recommendation.locator + ")")))
    let population = JSONTree.object(
      ("code", Self.ebmType("population", "Population")),
      ("text", narrative(r.population.name)))
    var fields = header(key, profile: nil, kind: "recommendation", value: r.id)
    fields += [
      .init("status", .string("final")),
      .init("type", recommendation),
      .init("category", .array([recommendation])),
      // When the analysis saw the recommendation: the as-of date, never the clock.
      .init("date", .string(report.analysis.options.asOf.description)),
      .init("author", .array(r.source.bodies.map { .object(("display", .string(report.catalogue.body($0)?.name ?? $0))) })),
      .init("title", .string("Recommendation \(r.id) (\(report.bodies.joined(r.source.bodies)))")),
      .init("relatesTo", .array([.object(("type", .string("cite-as")), ("resourceReference", reference(Key(type: "Citation", id: r.source.id))))])),
      .init("section", .array([.object(
        ("code", Self.ebmType("recommendation-specification", "Recommendation Specification")),
        ("section", .array([statement, population])))])),
    ]
    return (key, .object(fields))
  }

  /// Generated XHTML narrative holding text, escaped; characters XML cannot hold become U+FFFD.
  func narrative(_ text: String) -> JSONTree {
    .object(
      ("status", .string("generated")),
      ("div", .string("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + XMLText.escaped(text) + "</div>")))
  }
}
