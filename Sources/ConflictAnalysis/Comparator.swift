import EvidenceModel

/// Finds and classifies the relations between recommendations on the same clinical question.
///
/// Recommendations are grouped by the root of their intervention concepts (vertebral augmentation
/// for vertebroplasty and balloon kyphoplasty), and only pairs inside a group are examined, so the
/// cost follows the sum of the squared group sizes, never the square of the catalogue. Inside a
/// group, a pair is compared when one recommendation's concept contains the other's (or they are
/// the same); siblings such as vertebroplasty and kyphoplasty are different questions. Pairs from
/// the same source are not compared.
struct Comparator {
  let catalogue: Catalogue
  let configuration: ScoringConfiguration

  func conflicts(among recommendations: [AssessedRecommendation]) -> [Conflict] {
    var lineages: [String: [String]] = [:]
    func lineage(_ id: String) -> [String] {
      if let known = lineages[id] { return known }
      let chain = catalogue.lineage(ofIntervention: id)
      lineages[id] = chain
      return chain
    }
    var groups: [String: [Int]] = [:]
    var multiGroup = Set<Int>()
    for (index, r) in recommendations.enumerated() {
      let roots = Set(r.recommendation.interventions.map { lineage($0).last ?? $0 })
      if roots.count > 1 { multiGroup.insert(index) }
      for root in roots { groups[root, default: []].append(index) }
    }
    let classifier = PairClassifier(catalogue: catalogue, configuration: configuration)
    var seen = Set<[Int]>()
    var conflicts: [Conflict] = []
    for root in groups.keys.sorted() {
      let members = groups[root]!
      for i in members.indices {
        for j in members.indices where j > i {
          let (x, y) = (members[i], members[j])
          let (a, b) = (recommendations[x], recommendations[y])
          if a.source.id == b.source.id { continue }
          if multiGroup.contains(x) && multiGroup.contains(y) {
            guard seen.insert([min(x, y), max(x, y)]).inserted else { continue }
          }
          guard let concept = meetingConcept(a, b, lineage) else { continue }
          if let conflict = classifier.classify(a, b, on: concept) { conflicts.append(conflict) }
        }
      }
    }
    return conflicts.sorted(by: Self.reportOrder)
  }

  /// The concept two recommendations meet on: the narrower concept of each related pair of their
  /// interventions, or the nearest common ancestor when there are several; `nil` when none of
  /// their concepts contains another.
  private func meetingConcept(
    _ a: AssessedRecommendation, _ b: AssessedRecommendation, _ lineage: (String) -> [String]
  ) -> String? {
    var narrower: [String] = []
    for x in a.recommendation.interventions {
      for y in b.recommendation.interventions {
        if lineage(y).contains(x) {
          narrower.append(y)
        } else if lineage(x).contains(y) {
          narrower.append(x)
        }
      }
    }
    let concepts = Array(Set(narrower)).sorted()
    guard let first = concepts.first else { return nil }
    if concepts.count == 1 { return first }
    return lineage(first).first { ancestor in concepts.allSatisfy { lineage($0).contains(ancestor) } }
      ?? first
  }

  /// Most severe first, then by score, then by id.
  static func reportOrder(_ x: Conflict, _ y: Conflict) -> Bool {
    if x.severity != y.severity { return x.severity > y.severity }
    if x.score != y.score { return x.score > y.score }
    if x.type != y.type {
      return ConflictType.allCases.firstIndex(of: x.type)! < ConflictType.allCases.firstIndex(of: y.type)!
    }
    return x.recommendations.lexicographicallyPrecedes(y.recommendations)
  }
}
