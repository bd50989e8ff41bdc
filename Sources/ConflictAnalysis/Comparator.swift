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

  /// A pair of recommendations (indices, first < second) in one hierarchy (its root concept).
  private struct PairKey: Hashable {
    var first: Int32
    var second: Int32
    var root: Int32
  }

  func conflicts(among recommendations: [AssessedRecommendation]) -> [Conflict] {
    // Concepts become small integers, so a pair's key and its meeting concept take 16 bytes
    // (there are about seven pairs per recommendation).
    var concepts = Concepts(catalogue: catalogue)
    var byConcept: [Int32: [Int32]] = [:]
    for (index, r) in recommendations.enumerated() where !r.window.isEmpty {
      for concept in Set(r.recommendation.interventions) {
        byConcept[concepts.index(concept), default: []].append(Int32(index))
      }
    }
    var work: [(first: Int32, second: Int32, root: Int32, concept: Int32)] = []
    do {
      // The concept each pair meets on; a pair that meets on several concepts of one hierarchy
      // (rare) keeps them all until their nearest common ancestor is found.
      var meetings: [PairKey: Int32] = [:]
      var several: [PairKey: Set<Int32>] = [:]
      func meet(_ x: Int32, _ y: Int32, narrower: Int32) {
        guard x != y, recommendations[Int(x)].source.id != recommendations[Int(y)].source.id else { return }
        let key = PairKey(first: min(x, y), second: max(x, y), root: concepts.root(narrower))
        if let known = meetings[key] {
          if known != narrower { several[key, default: [known]].insert(narrower) }
        } else {
          meetings[key] = narrower
        }
      }
      for concept in byConcept.keys.sorted() {
        let members = byConcept[concept]!
        for i in members.indices {
          for j in members.indices where j > i { meet(members[i], members[j], narrower: concept) }
        }
        for ancestor in concepts.lineage(concept).dropFirst() {
          for x in members {
            for y in byConcept[ancestor] ?? [] { meet(x, y, narrower: concept) }
          }
        }
      }
      work.reserveCapacity(meetings.count)
      for (key, concept) in meetings {
        let meeting = several[key].map { concepts.nearestCommonAncestor(of: $0) } ?? concept
        work.append((key.first, key.second, key.root, meeting))
      }
    }
    // Classify the pairs on both cores: each worker has its own classifier (and caches); the
    // result does not depend on how the work is split.
    let context = ConflictContext(catalogue: catalogue, configuration: configuration)
    let names = concepts.names
    let workers = work.count < 2_000 ? 1 : max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    let results = ConcurrentResults<[Conflict]>(count: workers)
    let pairs = work
    work = []
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let classifier = PairClassifier(context: context)
        var found: [Conflict] = []
        found.reserveCapacity(pairs.count / workers + 1)
        var index = worker
        while index < pairs.count {
          let item = pairs[index]
          if let conflict = classifier.classify(
            recommendations[Int(item.first)], recommendations[Int(item.second)],
            on: names[Int(item.concept)], root: names[Int(item.root)])
          {
            found.append(conflict)
          }
          index += workers
        }
        results.set(worker, found)
    }
    return Self.sortedForReport(results.values.flatMap { $0 })
  }

  /// The conflicts in report order: severity, score, type, then the recommendation ids and the
  /// concept. The first three are packed into one integer per relation, so most comparisons
  /// compare two integers.
  static func sortedForReport(_ conflicts: [Conflict]) -> [Conflict] {
    let keys = conflicts.map { c in
      UInt64(3 - c.severity.rank) << 40 | UInt64(1_000_000 - Int((c.score * 1000).rounded())) << 8
        | UInt64(c.type.rank)
    }
    let order = conflicts.indices.sorted { x, y in
      if keys[x] != keys[y] { return keys[x] < keys[y] }
      let (a, b) = (conflicts[x], conflicts[y])
      if a.first.id != b.first.id { return a.first.id < b.first.id }
      if a.second.id != b.second.id { return a.second.id < b.second.id }
      return a.intervention < b.intervention
    }
    return order.map { conflicts[$0] }
  }
}

/// Intervention concepts as small integers, with their lineages and roots computed once.
private struct Concepts {
  let catalogue: Catalogue
  private(set) var names: [String] = []
  private var indices: [String: Int32] = [:]
  private var lineages: [[Int32]] = []

  init(catalogue: Catalogue) { self.catalogue = catalogue }

  mutating func index(_ concept: String) -> Int32 {
    if let known = indices[concept] { return known }
    let index = Int32(names.count)
    names.append(concept)
    indices[concept] = index
    lineages.append([index])
    var lineage = [index]
    for ancestor in catalogue.lineage(ofIntervention: concept).dropFirst() { lineage.append(self.index(ancestor)) }
    lineages[Int(index)] = lineage
    return index
  }

  /// The concept and its ancestors, nearest first.
  func lineage(_ concept: Int32) -> [Int32] { lineages[Int(concept)] }

  func root(_ concept: Int32) -> Int32 { lineages[Int(concept)].last ?? concept }

  /// The nearest concept that contains all of several concepts of one hierarchy.
  func nearestCommonAncestor(of several: Set<Int32>) -> Int32 {
    // Deterministic whatever the set's order: start from the concept with the smallest name.
    let first = several.min { names[Int($0)] < names[Int($1)] }!
    return lineage(first).first { ancestor in several.allSatisfy { lineage($0).contains(ancestor) } }
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
