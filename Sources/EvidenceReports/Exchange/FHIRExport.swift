import ConflictAnalysis
import EvidenceModel

/// The analysis as a FHIR R5 `Bundle` of type `collection`, following the HL7 Evidence Based
/// Medicine on FHIR implementation guide (`http://hl7.org/fhir/uv/ebm`).
///
/// - a `Citation` per source in scope (identifiers, year, status, superseded-by), and a
///   `Composition` per recommendation (what it says, where, in which source): the artefact its
///   rating rates;
/// - an `ArtifactAssessment` per recommendation and implied position with the content slices of
///   the *RecommendationRating* profile (direction, strength and certainty of evidence in the
///   body's words and on the common scale);
/// - an `ArtifactAssessment` *Comparison* per dispute and per pairwise relation (type, severity,
///   score with its components, the segment where it holds, the compared ratings);
/// - a `PlanDefinition` *RecommendationPlan* per topic: the resolved pathway, one action per phase
///   with one sub-action per line (timing, condition, the recommendations behind it), and a
///   `Group` for the topic's population;
/// - the `CodeSystem`s of the tool's own codes (relation type, severity, pathway position).
///
/// Every resource id and `fullUrl` is derived from catalogue ids alone, so the same catalogue
/// always gives the same bytes; references inside the bundle are the `urn:uuid:` full URLs.
///
/// Profiles are claimed only where the FHIR version matches: the bundle is R5, and the R5
/// release of the EBM guide (1.0.0-ballot) defines *Comparison* and *RecommendationPlan*, which
/// `meta.profile` names with that version. *RecommendationRating* exists only in the guide's
/// later, R6-based builds; the ratings follow its content slices but claim no profile.
public struct FHIRExport {
  /// The EBM IG's profiles and extensions, and the code systems the IGs name.
  enum Canonical {
    static let ebm = "http://hl7.org/fhir/uv/ebm/StructureDefinition/"
    /// The EBM guide's R5 release, the version the profiles are claimed in.
    static let ebmR5Version = "1.0.0-ballot"
    static let comparison = ebm + "comparison|" + ebmR5Version
    static let recommendationPlan = ebm + "recommendation-plan|" + ebmR5Version
    static let compared = ebm + "artifact-assessment-compared"
    static let characteristicTiming = ebm + "characteristic-timing"
    /// The EBM IG's code system of content types (`strength-of-recommendation`, …).
    static let ebmTypes = "https://fevir.net/resources/CodeSystem/179423"
    static let strength = "http://terminology.hl7.org/CodeSystem/recommendation-strength"
    static let direction = "http://hl7.org/fhir/uv/cpg/CodeSystem/cpg-recommendation-direction-cs"
    static let certainty = "http://terminology.hl7.org/CodeSystem/certainty-rating"
    static let citedStatus = "http://terminology.hl7.org/CodeSystem/cited-artifact-status-type"
    static let planType = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
    static let strengthExtension = "http://hl7.org/fhir/StructureDefinition/cqf-strengthOfRecommendation"
    static let directionExtension = "http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-directionOfRecommendation"
    static let ucum = "http://unitsofmeasure.org"
  }

  /// The default base of the tool's own canonical URLs, identifier systems and code systems.
  ///
  /// `example.org` is reserved for examples (RFC 2606): an organisation that publishes the bundle
  /// names its own base with `--base-url`, so that nothing claims an address nobody owns.
  public static let defaultBaseURL = "http://example.org/fhir/evidence-conflicts"

  public let report: ConflictReport
  public let baseURL: String
  /// The relations the bundle holds (the report's pairwise lists, live and historical).
  let relations: [Conflict]
  let relationIDs: Set<String>

  public init(_ report: ConflictReport, baseURL: String = Self.defaultBaseURL) {
    self.report = report
    self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    relations = report.pairwise + report.pairwiseHistorical
    relationIDs = Set(relations.map(\.id))
  }

  /// The bundle, every resource in a fixed order: code systems, citations, ratings, comparisons
  /// of disputes, of live and of historical relations, then the plans.
  public func bundle() -> JSONTree {
    var entries: [JSONTree] = codeSystems().map(entry)
    entries += citedSources.map { entry(citation($0)) }
    entries += report.analysis.recommendations.map { entry(composition($0)) }
    entries += (report.analysis.recommendations + report.analysis.implied).map { entry(rating($0)) }
    let disputeOf = report.disputeOf
    entries += report.disputes.map { entry(comparison($0)) }
    entries += relations.map { entry(comparison($0, dispute: disputeOf[$0.id])) }
    entries += report.pathways.map { entry(group($0.topic)) }
    entries += report.pathways.map { entry(plan($0)) }
    let scope = report.analysis.options.topic ?? "all-topics"
    return .object(
      ("resourceType", .string("Bundle")),
      ("id", .string(Self.resourceID("bundle-\(scope)-\(report.analysis.options.asOf)"))),
      ("identifier", .object(("system", .string("\(baseURL)/bundle-id")), ("value", .string("\(report.catalogueName)#\(scope)@\(report.analysis.options.asOf)")))),
      ("type", .string("collection")),
      ("entry", .array(entries)))
  }

  /// The report's sources and, so that every `replaced-with` resolves, the editions that
  /// supersede them, in catalogue order.
  var citedSources: [Source] {
    var wanted = Set(report.sources.map(\.id))
    var queue = report.sources.compactMap(\.supersededBy)
    while let next = queue.popLast() {
      guard wanted.insert(next).inserted, let source = report.catalogue.source(next) else { continue }
      if let further = source.supersededBy { queue.append(further) }
    }
    return report.catalogue.sources.filter { wanted.contains($0.id) }
  }

  // MARK: Identity

  /// A resource's type and id, and the `urn:uuid:` full URL derived from both.
  struct Key: Hashable {
    var type: String
    var id: String
    var fullURL: String { "urn:uuid:" + FHIRExport.uuid(type + "/" + id) }
  }

  /// A FHIR id for a catalogue id: itself when FHIR allows it (letters, digits, `-` and `.`, at
  /// most 64), else `h-` and 32 hex digits of its SHA-256.
  public static func resourceID(_ id: String) -> String {
    let allowed = id.utf8.count <= 64 && !id.isEmpty
      && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
    return allowed ? id : "h-" + sha256Hex(Array(id.utf8)).prefix(32)
  }

  /// A name-based UUID (RFC 9562 version 8, from SHA-256) for a text.
  public static func uuid(_ text: String) -> String {
    var hex = Array(sha256Hex(Array(text.utf8)).prefix(32))
    hex[12] = "8"
    let variant = ["8", "9", "a", "b"]
    hex[16] = Character(variant[Int(String(hex[16]), radix: 16)! & 3])
    let s = String(hex)
    func part(_ from: Int, _ to: Int) -> Substring { s.dropFirst(from).prefix(to - from) }
    return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
  }

  /// The rating of a recommendation or implied position.
  static func rating(_ id: String) -> Key { Key(type: "ArtifactAssessment", id: "rating-" + id) }

  /// The Composition of a stated recommendation.
  static func statement(_ id: String) -> Key { Key(type: "Composition", id: "recommendation-" + id) }

  func reference(_ key: Key, display: String? = nil) -> JSONTree {
    .object(("reference", .string(key.fullURL)), ("type", .string(key.type)), ("display", .text(display)))
  }

  private func entry(_ resource: (key: Key, body: JSONTree)) -> JSONTree {
    .object(("fullUrl", .string(resource.key.fullURL)), ("resource", resource.body))
  }

  /// The opening fields of a resource: type, id, profile, canonical identifier.
  func header(_ key: Key, profile: String?, kind: String, value: String) -> [JSONTree.Field] {
    var fields = [JSONTree.Field("resourceType", .string(key.type)), .init("id", .string(Self.resourceID(key.id)))]
    if let profile { fields.append(.init("meta", .object(("profile", .array([.string(profile)]))))) }
    fields.append(.init("identifier", identifier(kind, value)))
    return fields
  }

  func identifier(_ kind: String, _ value: String) -> JSONTree {
    .array([.object(("system", .string("\(baseURL)/\(kind)-id")), ("value", .string(value)))])
  }

  // MARK: Small data types

  static func coding(_ system: String, _ code: String, _ display: String? = nil) -> JSONTree {
    .object(("system", .string(system)), ("code", .string(code)), ("display", .text(display)))
  }

  static func concept(_ codings: [JSONTree] = [], text: String? = nil) -> JSONTree {
    .object(("coding", .array(codings)), ("text", .text(text)))
  }

  /// A content type from the EBM IG's code system.
  static func ebmType(_ code: String, _ display: String) -> JSONTree {
    concept([coding(Canonical.ebmTypes, code, display)])
  }

  static func quantity(_ value: Double, unit: String? = nil) -> JSONTree {
    .object(("value", .decimal(value)), ("unit", .text(unit)))
  }

  /// A duration on the topic's timeline as a UCUM quantity in its own unit.
  static func quantity(_ duration: TimelineDuration) -> JSONTree {
    let code = switch duration.unit {
    case .days: "d"
    case .weeks: "wk"
    case .months: "mo"
    case .years: "a"
    }
    return .object(
      ("value", .integer(duration.amount)), ("unit", .string(code)), ("system", .string(Canonical.ucum)),
      ("code", .string(code)))
  }
}
