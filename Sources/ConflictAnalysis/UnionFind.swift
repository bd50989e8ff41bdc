/// Disjoint sets of string keys (union by smaller representative, so the result does not depend
/// on the order of unions): for grouping relations into disputes and topics into question groups.
struct UnionFind {
  private var parent: [String: String] = [:]

  /// The representative of a key's set (a new key is a set of its own).
  mutating func find(_ key: String) -> String {
    if parent[key] == nil { parent[key] = key }
    var root = key
    while let p = parent[root], p != root { root = p }
    // Path compression: the keys walked point at the representative from now on (which set each
    // key is in, and its representative, are unchanged).
    var x = key
    while let p = parent[x], p != root {
      parent[x] = root
      x = p
    }
    return root
  }

  mutating func union(_ a: String, _ b: String) {
    let (ra, rb) = (find(a), find(b))
    if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
  }
}
