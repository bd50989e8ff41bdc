import EvidenceModel

/// Finds and classifies the relations between recommendations on the same clinical question.
///
/// Recommendations are indexed by intervention concept, and a recommendation is compared only with
/// those on the same concept or on one of its ancestors (a recommendation on vertebral
/// augmentation speaks to vertebroplasty); siblings such as vertebroplasty and kyphoplasty are
/// different questions. So the cost follows the number of related pairs (the sum of the squared
/// sizes of the concept groups), never the square of the catalogue. A pair meets on one concept
/// per hierarchy: the narrower concept of each related pair of their interventions, or their
/// nearest common ancestor when there are several; a pair whose recommendations share concepts of
/// two unrelated hierarchies gives one relation per hierarchy. Pairs from the same source are not
/// compared, nor recommendations whose window is emptied by an assumption.
struct Comparator {
  let catalogue: Catalogue
  let configuration: ScoringConfiguration

  private struct PairKey: Hashable {
    var first: Int
    var second: Int
    var root: String
  }

  func conflicts(among recommendations: [AssessedRecommendation]) -> [Conflict] {
    var lineages: [String: [String]] = [:]
    func lineage(_ id: String) -> [String] {
      if let known = lineages[id] { return known }
      let chain = catalogue.lineage(ofIntervention: id)
      lineages[id] = chain
      return chain
    }
    var byConcept: [String: [Int]] = [:]
    for (index, r) in recommendations.enumerated() where !r.window.isEmpty {
      for concept in Set(r.recommendation.interventions) { byConcept[concept, default: []].append(index) }
    }
    var meetings: [PairKey: Set<String>] = [:]
    func meet(_ x: Int, _ y: Int, narrower: String) {
      guard x != y, recommendations[x].source.id != recommendations[y].source.id else { return }
      let key = PairKey(first: min(x, y), second: max(x, y), root: lineage(narrower).last ?? narrower)
      meetings[key, default: []].insert(narrower)
    }
    for concept in byConcept.keys.sorted() {
      let members = byConcept[concept]!
      for i in members.indices {
        for j in members.indices where j > i { meet(members[i], members[j], narrower: concept) }
      }
      for ancestor in lineage(concept).dropFirst() {
        for x in members {
          for y in byConcept[ancestor] ?? [] { meet(x, y, narrower: concept) }
        }
      }
    }
    let classifier = PairClassifier(catalogue: catalogue, configuration: configuration)
    var conflicts: [Conflict] = []
    conflicts.reserveCapacity(meetings.count)
    for (key, concepts) in meetings {
      let concept = meetingConcept(concepts.sorted(), lineage)
      if let conflict = classifier.classify(
        recommendations[key.first], recommendations[key.second], on: concept, root: key.root)
      {
        conflicts.append(conflict)
      }
    }
    return conflicts.sorted(by: Self.reportOrder)
  }

  /// The single concept, or the nearest common ancestor of several in one hierarchy.
  private func meetingConcept(_ concepts: [String], _ lineage: (String) -> [String]) -> String {
    let first = concepts[0]
    if concepts.count == 1 { return first }
    return lineage(first).first { ancestor in concepts.allSatisfy { lineage($0).contains(ancestor) } }
      ?? first
  }

  /// Most severe first, then by score, type, recommendation ids and concept.
  static func reportOrder(_ x: Conflict, _ y: Conflict) -> Bool {
    if x.severity != y.severity { return x.severity > y.severity }
    if x.score != y.score { return x.score > y.score }
    if x.type != y.type {
      return ConflictType.allCases.firstIndex(of: x.type)! < ConflictType.allCases.firstIndex(of: y.type)!
    }
    if x.recommendations != y.recommendations {
      return x.recommendations.lexicographicallyPrecedes(y.recommendations)
    }
    return x.intervention < y.intervention
  }
}
