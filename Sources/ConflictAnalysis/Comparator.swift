import EvidenceModel
import Foundation

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
    // Resolve each pair's meeting concept, then classify the pairs on both cores: each worker has
    // its own classifier (and caches); the result does not depend on how the work is split.
    let work: [(first: Int, second: Int, root: String, concept: String)] = meetings.map { key, concepts in
      (key.first, key.second, key.root, meetingConcept(concepts.sorted(), lineage))
    }
    let workers = work.count < 2_000 ? 1 : max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    let results = ConcurrentResults<[Conflict]>(count: workers)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      let classifier = PairClassifier(catalogue: catalogue, configuration: configuration)
      var found: [Conflict] = []
      var index = worker
      while index < work.count {
        let item = work[index]
        if let conflict = classifier.classify(
          recommendations[item.first], recommendations[item.second], on: item.concept, root: item.root)
        {
          found.append(conflict)
        }
        index += workers
      }
      results.set(worker, found)
    }
    return Self.sortedForReport(results.values.flatMap { $0 })
  }

  /// The conflicts in report order, sorting light keys rather than moving the values around.
  static func sortedForReport(_ conflicts: [Conflict]) -> [Conflict] {
    let typeRank = Dictionary(uniqueKeysWithValues: ConflictType.allCases.enumerated().map { ($1, $0) })
    let severityRank = Dictionary(uniqueKeysWithValues: ConflictSeverity.allCases.enumerated().map { ($1, $0) })
    let keys = conflicts.enumerated().map { index, c in
      (severity: -severityRank[c.severity]!, score: -c.score, type: typeRank[c.type]!, index: index)
    }
    let order = keys.sorted { x, y in
      if x.severity != y.severity { return x.severity < y.severity }
      if x.score != y.score { return x.score < y.score }
      if x.type != y.type { return x.type < y.type }
      let a = conflicts[x.index], b = conflicts[y.index]
      if a.recommendations != b.recommendations {
        return a.recommendations.lexicographicallyPrecedes(b.recommendations)
      }
      return a.intervention < b.intervention
    }
    return order.map { conflicts[$0.index] }
  }

  /// The single concept, or the nearest common ancestor of several in one hierarchy.
  private func meetingConcept(_ concepts: [String], _ lineage: (String) -> [String]) -> String {
    let first = concepts[0]
    if concepts.count == 1 { return first }
    return lineage(first).first { ancestor in concepts.allSatisfy { lineage($0).contains(ancestor) } }
      ?? first
  }


}

/// Results of concurrent workers, one slot each.
final class ConcurrentResults<Value>: @unchecked Sendable {
  private var slots: [Value?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Value) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  var values: [Value] { slots.compactMap { $0 } }
}
