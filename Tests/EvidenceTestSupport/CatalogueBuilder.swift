import EvidenceModel

/// Builds small in-memory catalogues for comparator and resolver tests: one topic, a
/// vertebral-augmentation hierarchy, a scheme whose tiers span the normalised scale, and whatever
/// populations, sources and recommendations a test adds.
public struct CatalogueBuilder {
  public var file = CatalogueFile(path: "test.yaml", contentHash: "0")
  private var line = 1

  public init() {
    let at = SourceLocation(file: "test.yaml", line: 1, column: 1)
    file.schemes = [
      GradingScheme(
        id: "test-scheme", name: "Test scheme", mappingRationale: "test",
        provenance: Provenance(citation: "test"),
        strengths: [
          .init(label: "Strong", strength: 1.0, certainty: 0.9),
          .init(label: "Moderate", strength: 0.75, certainty: 0.7),
          .init(label: "Weak", strength: 0.5, certainty: 0.45),
          .init(label: "Consensus", strength: 0.4, certainty: 0.2),
          .init(label: "Inconclusive", strength: 0, certainty: 0.1, direction: .neutral),
        ],
        evidenceLevels: [
          .init(label: "High", certainty: 0.9), .init(label: "Moderate", certainty: 0.7),
          .init(label: "Low", certainty: 0.45),
        ],
        location: at)
    ]
    file.bodies = ["alpha", "beta", "gamma", "delta"].map {
      IssuingBody(id: $0, abbreviation: $0.uppercased(), name: $0, scheme: "test-scheme", location: at)
    }
    file.interventions = [
      InterventionConcept(id: "augmentation", name: "Augmentation", location: at),
      InterventionConcept(id: "plasty", name: "Plasty", parent: "augmentation", location: at),
      InterventionConcept(id: "kypho", name: "Kypho", parent: "augmentation", location: at),
      InterventionConcept(id: "rest", name: "Rest", location: at),
    ]
    file.populations = [
      Population(
        id: "adults", name: "Adults with the condition", condition: "fracture",
        qualifiers: [.init(dimension: "etiology", values: ["osteoporotic"])], location: at),
      Population(
        id: "trauma", name: "Traumatic fractures", condition: "burst-fracture",
        qualifiers: [.init(dimension: "etiology", values: ["traumatic"])], location: at),
      Population(
        id: "severe", name: "Severe pain", condition: "fracture",
        qualifiers: [
          .init(dimension: "etiology", values: ["osteoporotic"]),
          .init(dimension: "pain", values: ["severe"]),
        ], location: at),
    ]
    file.topics = [
      Topic(
        id: "topic", title: "Topic", question: "What to do?", population: "adults",
        anchor: .symptomOnset,
        phases: [
          .init(name: "Early", start: .init(0, .days), end: .init(6, .weeks)),
          .init(name: "Late", start: .init(6, .weeks)),
        ],
        prerequisites: [.init(id: "failed-care", description: "Care has failed")],
        assumptions: [
          .init(
            id: "failed-care-3mo", statement: "Assume 3 months", prerequisite: "failed-care",
            duration: .init(3, .months), provenance: Provenance(citation: "A study"))
        ],
        redFlags: [
          .init(id: "deficit", description: "Deficit", action: "Refer", provenance: .init(citation: "x"))
        ],
        location: at)
    ]
  }

  /// Adds a population.
  public mutating func population(_ population: Population) { file.populations.append(population) }

  /// Adds a source with one recommendation and returns the recommendation's id.
  @discardableResult
  public mutating func recommend(
    _ id: String, body: String = "alpha", year: Int = 2020, kind: Source.Kind = .guideline,
    status: Source.Status? = nil, supersededBy: String? = nil,
    interventions: [String] = ["plasty"], population: String = "adults", direction: Direction,
    strength: String = "Strong", evidence: String? = nil, window: TimingWindow = .always,
    studies: [String] = [], sourceID: String? = nil, published: PublicationDate? = nil,
    _ adjust: (inout Recommendation) -> Void = { _ in }
  ) -> String {
    line += 1
    let at = SourceLocation(file: "test.yaml", line: line, column: 3)
    let sourceID = sourceID ?? "src-\(id)"
    if !file.sources.contains(where: { $0.id == sourceID }) {
      file.sources.append(
        Source(
          id: sourceID, kind: kind, title: "Source \(id)", year: year, published: published, bodies: [body],
          scheme: "test-scheme", topic: "topic", citation: "Citation \(id)", status: status,
          supersededBy: supersededBy, location: at))
    }
    var recommendation = Recommendation(
      id: id, source: sourceID, topic: "topic", interventions: interventions,
      population: population, direction: direction, strength: strength, evidenceLevel: evidence,
      statement: "Statement \(id)", locator: "p. 1", window: window, studies: studies,
      location: at)
    adjust(&recommendation)
    file.recommendations.append(recommendation)
    return id
  }

  /// Adds a study.
  public mutating func study(_ id: String, year: Int, design: Study.Design) {
    file.studies.append(
      Study(
        id: id, name: id.uppercased(), citation: id, year: year, design: design, result: .noDifference,
        location: SourceLocation(file: "test.yaml", line: 1, column: 1)))
  }

  public var catalogue: Catalogue { Catalogue(files: [file]) }
}
