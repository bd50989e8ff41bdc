/// The entities read from one catalogue file, with the file's content hash.
///
/// The store keeps one per file, so that an unchanged file is never parsed again.
public struct CatalogueFile: Hashable, Codable, Sendable {
  /// The path relative to the catalogue root, with `/` separators.
  public var path: String
  /// The SHA-256 of the file's bytes, in lowercase hexadecimal.
  public var contentHash: String
  public var schemes: [GradingScheme] = []
  public var bodies: [IssuingBody] = []
  public var measures: [Measure] = []
  public var interventions: [InterventionConcept] = []
  public var populations: [Population] = []
  public var topics: [Topic] = []
  public var studies: [Study] = []
  public var sources: [Source] = []
  public var recommendations: [Recommendation] = []
  public var decisions: [Decision] = []

  public init(path: String, contentHash: String) {
    self.path = path
    self.contentHash = contentHash
  }

  private enum CodingKeys: String, CodingKey {
    case path, contentHash, schemes, bodies, measures, interventions, populations, topics, studies, sources
    case recommendations, decisions
  }

  /// Decodes a stored file; `decisions` may be absent (files stored before decisions existed).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    path = try c.decode(String.self, forKey: .path)
    contentHash = try c.decode(String.self, forKey: .contentHash)
    schemes = try c.decode([GradingScheme].self, forKey: .schemes)
    bodies = try c.decode([IssuingBody].self, forKey: .bodies)
    measures = try c.decode([Measure].self, forKey: .measures)
    interventions = try c.decode([InterventionConcept].self, forKey: .interventions)
    populations = try c.decode([Population].self, forKey: .populations)
    topics = try c.decode([Topic].self, forKey: .topics)
    studies = try c.decode([Study].self, forKey: .studies)
    sources = try c.decode([Source].self, forKey: .sources)
    recommendations = try c.decode([Recommendation].self, forKey: .recommendations)
    decisions = try c.decodeIfPresent([Decision].self, forKey: .decisions) ?? []
  }
}

/// The whole catalogue as values: every entity of every file, with lookups by id.
///
/// Lookups keep the first definition of an id (in file order); duplicates are reported by
/// validation, not resolved here. The entities are held in one immutable box, so that copying a
/// catalogue (every value that holds one does) costs one reference count, not one per list.
public struct Catalogue: Sendable {
  private final class Storage: Sendable {
    let files: [CatalogueFile]
    let schemes: [GradingScheme]
    let bodies: [IssuingBody]
    let measures: [Measure]
    let interventions: [InterventionConcept]
    let populations: [Population]
    let topics: [Topic]
    let studies: [Study]
    let sources: [Source]
    let recommendations: [Recommendation]
    let decisions: [Decision]
    let schemeIndex, bodyIndex, measureIndex, interventionIndex, populationIndex, topicIndex, studyIndex,
      sourceIndex, recommendationIndex: [String: Int]
    /// Positions in catalogue order: each source's recommendations, each concept's children, and
    /// the concepts that adjust each therapy (so that no lookup scans a whole list).
    let recommendationsBySource, childrenByParent, adjustingByTherapy: [String: [Int]]

    init(files: [CatalogueFile]) {
      self.files = files
      schemes = files.flatMap(\.schemes)
      bodies = files.flatMap(\.bodies)
      measures = files.flatMap(\.measures)
      interventions = files.flatMap(\.interventions)
      populations = files.flatMap(\.populations)
      topics = files.flatMap(\.topics)
      studies = files.flatMap(\.studies)
      sources = files.flatMap(\.sources)
      recommendations = files.flatMap(\.recommendations)
      decisions = files.flatMap(\.decisions)
      schemeIndex = Self.index(schemes.map(\.id))
      bodyIndex = Self.index(bodies.map(\.id))
      measureIndex = Self.index(measures.map(\.id))
      interventionIndex = Self.index(interventions.map(\.id))
      populationIndex = Self.index(populations.map(\.id))
      topicIndex = Self.index(topics.map(\.id))
      studyIndex = Self.index(studies.map(\.id))
      sourceIndex = Self.index(sources.map(\.id))
      recommendationIndex = Self.index(recommendations.map(\.id))
      recommendationsBySource = Self.positions(recommendations.map(\.source))
      childrenByParent = Self.positions(interventions.map(\.parent))
      adjustingByTherapy = Self.positions(interventions.map(\.adjusts?.therapy))
    }

    /// The positions of each key, in order.
    private static func positions(_ keys: [String?]) -> [String: [Int]] {
      var positions: [String: [Int]] = [:]
      for (offset, key) in keys.enumerated() { if let key { positions[key, default: []].append(offset) } }
      return positions
    }

    private static func index(_ ids: [String]) -> [String: Int] {
      var index: [String: Int] = [:]
      index.reserveCapacity(ids.count)
      for (offset, id) in ids.enumerated() where index[id] == nil { index[id] = offset }
      return index
    }
  }

  private let storage: Storage

  public var files: [CatalogueFile] { storage.files }
  public var schemes: [GradingScheme] { storage.schemes }
  public var bodies: [IssuingBody] { storage.bodies }
  public var measures: [Measure] { storage.measures }
  public var interventions: [InterventionConcept] { storage.interventions }
  public var populations: [Population] { storage.populations }
  public var topics: [Topic] { storage.topics }
  public var studies: [Study] { storage.studies }
  public var sources: [Source] { storage.sources }
  public var recommendations: [Recommendation] { storage.recommendations }
  /// Committee decisions, in file order.
  public var decisions: [Decision] { storage.decisions }

  private var schemeIndex: [String: Int] { storage.schemeIndex }
  private var bodyIndex: [String: Int] { storage.bodyIndex }
  private var measureIndex: [String: Int] { storage.measureIndex }
  private var interventionIndex: [String: Int] { storage.interventionIndex }
  private var populationIndex: [String: Int] { storage.populationIndex }
  private var topicIndex: [String: Int] { storage.topicIndex }
  private var studyIndex: [String: Int] { storage.studyIndex }
  private var sourceIndex: [String: Int] { storage.sourceIndex }
  private var recommendationIndex: [String: Int] { storage.recommendationIndex }

  /// Assembles a catalogue from files, sorted by path so that the result does not depend on the
  /// order files were read in.
  public init(files: [CatalogueFile]) {
    storage = Storage(files: files.sorted { $0.path < $1.path })
  }

  public func scheme(_ id: String) -> GradingScheme? { schemeIndex[id].map { schemes[$0] } }
  public func body(_ id: String) -> IssuingBody? { bodyIndex[id].map { bodies[$0] } }
  public func measure(_ id: String) -> Measure? { measureIndex[id].map { measures[$0] } }
  public func intervention(_ id: String) -> InterventionConcept? {
    interventionIndex[id].map { interventions[$0] }
  }
  /// Where the concept comes in catalogue order (the first concept of that id), for sorting.
  public func position(ofIntervention id: String) -> Int? { interventionIndex[id] }
  public func population(_ id: String) -> Population? {
    populationIndex[id].map { populations[$0] }
  }
  public func topic(_ id: String) -> Topic? { topicIndex[id].map { topics[$0] } }
  public func study(_ id: String) -> Study? { studyIndex[id].map { studies[$0] } }
  public func source(_ id: String) -> Source? { sourceIndex[id].map { sources[$0] } }
  public func recommendation(_ id: String) -> Recommendation? {
    recommendationIndex[id].map { recommendations[$0] }
  }

  /// The recommendations of a source, in catalogue order.
  public func recommendations(ofSource id: String) -> [Recommendation] {
    (storage.recommendationsBySource[id] ?? []).map { recommendations[$0] }
  }

  /// The other children of the concepts' parents, in catalogue order: the alternatives an
  /// exclusive `alternatives` rules out.
  public func siblings(of concepts: [String]) -> [InterventionConcept] {
    let own = Set(concepts)
    let parents = Set(concepts.compactMap { intervention($0)?.parent })
    let positions = Set(parents.flatMap { storage.childrenByParent[$0] ?? [] }).sorted()
    return positions.map { interventions[$0] }.filter { !own.contains($0.id) }
  }

  /// The concepts that step one of the therapies up or down (``InterventionConcept/adjusts``), in
  /// catalogue order.
  public func concepts(adjustingAny therapies: Set<String>) -> [InterventionConcept] {
    therapies.flatMap { storage.adjustingByTherapy[$0] ?? [] }.sorted().map { interventions[$0] }
  }

  /// The grading scheme a source uses: its own, or else its first body's.
  public func scheme(of source: Source) -> GradingScheme? {
    if let id = source.scheme { return scheme(id) }
    return source.bodies.lazy.compactMap { self.body($0)?.scheme }.first.flatMap(scheme)
  }

  /// The grading scheme a recommendation is graded in: its own, else its source's.
  public func scheme(of recommendation: Recommendation) -> GradingScheme? {
    grading(of: recommendation)?.scheme
  }

  /// The strength tier of a recommendation in the meaning its label had when the source was
  /// published, or `nil` when it has no strength label or the label is not in its scheme.
  public func strengthTier(of recommendation: Recommendation) -> GradingScheme.StrengthTier? {
    guard let label = recommendation.strength, let grading = grading(of: recommendation) else { return nil }
    return grading.scheme.strengthTier(named: label, on: grading.published)
  }

  /// A recommendation's grading scheme (its own, else its source's) and the first day its source
  /// may have been published, found with one lookup of the source.
  private func grading(of recommendation: Recommendation) -> (scheme: GradingScheme, published: CalendarDate?)? {
    let source = self.source(recommendation.source)
    let found: GradingScheme?
    if let id = recommendation.scheme { found = scheme(id) } else { found = source.flatMap { scheme(of: $0) } }
    return found.map { ($0, source?.publicationDate?.firstDay) }
  }

  /// A recommendation placed on the normalised scale, or `nil` when its grade is not in its
  /// scheme.
  ///
  /// The direction is the strength tier's implied direction when it has one, else the
  /// recommendation's; certainty comes from the evidence level when one is given, else from the
  /// strength tier. A recommendation graded on evidence only (a scheme without strength tiers)
  /// has unknown strength and takes its certainty from its evidence level.
  public func normalizedPosition(of recommendation: Recommendation) -> NormalizedPosition? {
    guard let grading = grading(of: recommendation) else { return nil }
    let scheme = grading.scheme
    var strength: Double?
    var certainty: Double?
    var direction = recommendation.direction
    if let label = recommendation.strength {
      guard let tier = scheme.strengthTier(named: label, on: grading.published) else { return nil }
      strength = tier.strength
      certainty = tier.certainty
      direction = tier.direction ?? direction
    }
    if let label = recommendation.evidenceLevel {
      guard let evidence = scheme.evidenceTier(named: label) else { return nil }
      certainty = evidence.certainty
    }
    guard let certainty else { return nil }
    return NormalizedPosition(direction: direction, strength: strength, certainty: certainty)
  }

  /// The ids of an intervention and all its ancestors, nearest first; stops at a cycle.
  public func lineage(ofIntervention id: String) -> [String] {
    var chain = [id]
    var seen: Set<String> = [id]
    var current = intervention(id)?.parent
    while let next = current, seen.insert(next).inserted {
      chain.append(next)
      current = intervention(next)?.parent
    }
    return chain
  }

  /// The ids of the bodies that issued a recommendation's source.
  public func bodies(of recommendation: Recommendation) -> [String] {
    source(recommendation.source)?.bodies ?? []
  }
}
