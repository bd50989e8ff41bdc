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
/// compared, nor recommendations whose window is emptied by an assumption. Each pair gives a
/// relation per aspect both speak to (``PairClassifier``).
struct Comparator {
  let catalogue: Catalogue
  let configuration: ScoringConfiguration

  /// A pair of recommendations (indices, first < second).
  private struct PairKey: Hashable {
    var first: Int32
    var second: Int32
  }

  /// The relations among the recommendations, in report order.
  ///
  /// Pairs meet only inside one hierarchy of concepts, so each hierarchy is paired and classified
  /// on its own, the hierarchies shared out among the cores; each core sorts what it found, and
  /// the sorted runs are merged. The result does not depend on how the work is split.
  func conflicts(among recommendations: [AssessedRecommendation]) -> [Conflict] {
    // Concepts become small integers, so that a pair's key and its meeting concept are small.
    var concepts = Concepts(catalogue: catalogue)
    var grouped: [Int32: [Int32]] = [:]
    for (index, r) in recommendations.enumerated() where !r.window.isEmpty {
      for concept in Set(r.recommendation.interventions) {
        grouped[concepts.index(concept), default: []].append(Int32(index))
      }
    }
    var conceptsByRoot: [Int32: [Int32]] = [:]
    for concept in grouped.keys {
      conceptsByRoot[concepts.root(concept), default: []].append(concept)
    }
    let hierarchies = conceptsByRoot.sorted { $0.key < $1.key }.map { $0.value.sorted() }
    let byConcept = grouped
    let known = concepts
    let stated = Dictionary(grouping: recommendations.filter { !$0.isImplied }) { $0.source.id }
    let context = ConflictContext(catalogue: catalogue, configuration: configuration, statedBySource: stated)
    let runs = Parallel.run(parallel: recommendations.count >= 1_000) { worker, workers in
      let classifier = PairClassifier(context: context)
      var found: [Conflict] = []
      for hierarchy in stride(from: worker, to: hierarchies.count, by: workers) {
        let root = known.names[Int(known.root(hierarchies[hierarchy][0]))]
        for (pair, concept, variants) in meetings(
          in: hierarchies[hierarchy], byConcept, known, recommendations)
        {
          found += classifier.classify(
            recommendations[Int(pair.first)], recommendations[Int(pair.second)],
            on: known.names[Int(concept)], root: root, variants: variants)
        }
      }
      return Self.sortedForReport(found)
    }
    return runs.reduce([]) { Self.merge($0, $1) }
  }

  /// Every related pair in one hierarchy with the concept it meets on: the narrower concept, or
  /// the nearest common ancestor when the pair meets on several; and, under a concept whose
  /// children are variants of one therapy (`variants: true`), the pairs on different variants,
  /// meeting on that concept and marked as variants.
  private func meetings(
    in hierarchy: [Int32], _ byConcept: [Int32: [Int32]], _ concepts: Concepts,
    _ recommendations: [AssessedRecommendation]
  ) -> [(PairKey, Int32, Bool)] {
    var meetings: [PairKey: Int32] = [:]
    var several: [PairKey: Set<Int32>] = [:]
    func meet(_ x: Int32, _ y: Int32, narrower: Int32) {
      guard x != y, recommendations[Int(x)].source.id != recommendations[Int(y)].source.id else {
        return
      }
      let key = PairKey(first: min(x, y), second: max(x, y))
      if let known = meetings[key] {
        if known != narrower { several[key, default: [known]].insert(narrower) }
      } else {
        meetings[key] = narrower
      }
    }
    for concept in hierarchy {
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
    var result = meetings.map { key, concept in
      (key, several[key].map { concepts.nearestCommonAncestor(of: $0) } ?? concept, false)
    }
    // Variants: group the members under each variant parent by the child of it they fall under.
    // Every concept of the hierarchy with its ancestors: a variant parent may have no position
    // of its own.
    var ancestors: [Int32] = []
    for concept in hierarchy {
      for ancestor in concepts.lineage(concept) where !ancestors.contains(ancestor) { ancestors.append(ancestor) }
    }
    for parent in ancestors.sorted() where catalogue.intervention(concepts.names[Int(parent)])?.variants == true {
      var byVariant: [Int32: [Int32]] = [:]
      for concept in hierarchy {
        let lineage = concepts.lineage(concept)
        guard let index = lineage.firstIndex(of: parent), index > 0 else { continue }
        byVariant[lineage[index - 1], default: []] += byConcept[concept] ?? []
      }
      let variants = byVariant.keys.sorted()
      var added = Set<PairKey>()
      for (i, x) in variants.enumerated() {
        for y in variants[(i + 1)...] {
          for a in byVariant[x]! {
            for b in byVariant[y]! where a != b && recommendations[Int(a)].source.id != recommendations[Int(b)].source.id {
              let key = PairKey(first: min(a, b), second: max(a, b))
              if meetings[key] == nil, added.insert(key).inserted { result.append((key, parent, true)) }
            }
          }
        }
      }
    }
    return result
  }

  /// The report order: severity, score and type packed into one integer (most severe first),
  /// then the recommendation ids and the concept.
  private static func precedes(_ a: Conflict, _ b: Conflict) -> Bool {
    let (x, y) = (key(a), key(b))
    if x != y { return x < y }
    if a.first.id != b.first.id { return a.first.id < b.first.id }
    if a.second.id != b.second.id { return a.second.id < b.second.id }
    if a.intervention != b.intervention { return a.intervention < b.intervention }
    return a.aspect.rank < b.aspect.rank
  }

  private static func key(_ c: Conflict) -> UInt64 {
    UInt64(3 - c.severity.rank) << 40 | UInt64(1_000_000 - Int((c.score * 1000).rounded())) << 8
      | UInt64(c.type.rank)
  }

  /// The conflicts in report order.
  static func sortedForReport(_ conflicts: [Conflict]) -> [Conflict] {
    conflicts.sorted(by: precedes)
  }

  /// Two runs in report order merged into one.
  private static func merge(_ a: [Conflict], _ b: [Conflict]) -> [Conflict] {
    if a.isEmpty { return b }
    if b.isEmpty { return a }
    var merged: [Conflict] = []
    merged.reserveCapacity(a.count + b.count)
    var (i, j) = (0, 0)
    while i < a.count, j < b.count {
      if precedes(b[j], a[i]) {
        merged.append(b[j])
        j += 1
      } else {
        merged.append(a[i])
        i += 1
      }
    }
    merged += a[i...]
    merged += b[j...]
    return merged
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
    for ancestor in catalogue.lineage(ofIntervention: concept).dropFirst() {
      lineage.append(self.index(ancestor))
    }
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
    return lineage(first).first { ancestor in several.allSatisfy { lineage($0).contains(ancestor) }
    }
      ?? first
  }
}
