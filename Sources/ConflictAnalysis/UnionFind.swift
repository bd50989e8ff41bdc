/// Disjoint sets of keys, each numbered when first met (union by the smaller number, with path
/// compression, so which set a key is in does not depend on the order of unions): for grouping
/// relations into disputes and topics into question groups.
struct UnionFind<Key: Hashable> {
  /// Each key met, by its number.
  private(set) var numbers: [Key: Int] = [:]
  private var parent: [Int] = []

  /// The key's number; a key met for the first time is a set of its own.
  mutating func number(_ key: Key) -> Int {
    if let known = numbers[key] { return known }
    parent.append(parent.count)
    numbers[key] = parent.count - 1
    return parent.count - 1
  }

  /// The number that represents the key's set.
  mutating func find(_ key: Key) -> Int {
    let start = number(key)
    var root = start
    while parent[root] != root { root = parent[root] }
    // Path compression: the numbers walked point at the representative from now on.
    var node = start
    while parent[node] != root {
      let next = parent[node]
      parent[node] = root
      node = next
    }
    return root
  }

  mutating func union(_ a: Key, _ b: Key) {
    let (ra, rb) = (find(a), find(b))
    if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
  }
}
