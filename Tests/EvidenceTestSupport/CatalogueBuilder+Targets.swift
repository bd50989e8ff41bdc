import EvidenceModel

extension CatalogueBuilder {
  /// Adds what target tests need: a measure `hba1c` in % or mmol/mol (with `margin` as its target
  /// margin, in %),
  /// a therapy with an intensifying child and a de-intensifying concept, and two subgroups of
  /// the topic's population: `frail` (qualifier frailty) and `on-insulin` (qualifier insulin).
  public mutating func addTargetVocabulary(margin: Double? = 0.5) {
    let at = SourceLocation(file: "test.yaml", line: 1, column: 1)
    file.measures.append(
      Measure(
        id: "hba1c", name: "HbA1c", units: [.init(unit: "%"), .init(unit: "mmol/mol", factor: 0.09148, offset: 2.152)],
        targetMargin: margin, location: at))
    file.interventions += [
      InterventionConcept(id: "therapy", name: "Therapy", location: at),
      InterventionConcept(
        id: "intensify", name: "Intensify", parent: "therapy", adjusts: .init(therapy: "therapy", toward: .intensify),
        location: at),
      InterventionConcept(
        id: "deintensify", name: "De-intensify", adjusts: .init(therapy: "therapy", toward: .deintensify), location: at),
    ]
    for (id, dimension) in [("frail", "frailty"), ("on-insulin", "insulin")] {
      population(
        Population(
          id: id, name: id, condition: "fracture",
          qualifiers: [.init(dimension: "etiology", values: ["osteoporotic"]), .init(dimension: dimension, values: ["yes"])],
          location: at))
    }
  }

  /// Adds a statement for the therapy with a target on hba1c.
  @discardableResult
  public mutating func target(
    _ id: String, body: String, sourceID: String? = nil, population: String = "adults", strength: String = "Strong",
    _ range: Population.MeasureRange, exceptions: [String] = []
  ) -> String {
    recommend(id, body: body, interventions: ["therapy"], population: population, direction: .for, strength: strength, sourceID: sourceID) {
      $0.target = range
      $0.exceptions = exceptions.map { Recommendation.Exception(population: $0) }
    }
  }

  /// A range on hba1c in %.
  public static func hba1c(min: Double? = nil, max: Double? = nil, maxExclusive: Bool = false) -> Population.MeasureRange {
    .init(measure: "hba1c", unit: "%", min: min, max: max, maxExclusive: maxExclusive)
  }
}
