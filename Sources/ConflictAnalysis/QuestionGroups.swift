import EvidenceModel

/// The catalogue cut into groups of topics that can be analysed apart and give, together, the
/// whole analysis: topics are in one group when their recommendations share a hierarchy of
/// intervention concepts (the comparator pairs recommendations across topics there), a source,
/// or a line of editions. A group's result depends only on its files (those of its sources and
/// every file that defines no source) and the analysis options, so a check can reuse the result
/// of a group whose files did not change (``QuestionGroups/Group/fingerprint``).
public struct QuestionGroups: Sendable {
  public struct Group: Hashable, Sendable {
    /// The group's topics, in catalogue order.
    public var topics: [String]
    /// The paths of the files the group's analysis reads, sorted.
    public var files: [String]
    /// A fingerprint of the files' content hashes and the options: equal fingerprints give equal
    /// results.
    public var fingerprint: String
  }

  public let groups: [Group]

  /// - Parameter salt: What else the result depends on (the as-of date, the scoring
  ///   configuration, the tool version), folded into every fingerprint.
  public init(_ catalogue: Catalogue, salt: String) {
    let topics = catalogue.topics.map(\.id)
    // Union-find over topics ("t:") and sources ("s:"): a recommendation joins its topic and its
    // source; a hierarchy of concepts joins the topics that speak to it; an edition joins its
    // successor (whether or not that one has recommendations yet).
    var parent: [String: String] = [:]
    func find(_ x: String) -> String {
      if parent[x] == nil { parent[x] = x }
      var x = x
      while let p = parent[x], p != x { x = p }
      return x
    }
    func union(_ a: String, _ b: String) {
      let (ra, rb) = (find(a), find(b))
      if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
    for topic in topics { _ = find("t:" + topic) }
    var byRoot: [String: String] = [:]
    for r in catalogue.recommendations {
      union("t:" + r.topic, "s:" + r.source)
      for concept in r.interventions {
        let root = catalogue.lineage(ofIntervention: concept).last ?? concept
        if let other = byRoot[root] { union(other, "t:" + r.topic) } else { byRoot[root] = "t:" + r.topic }
      }
    }
    for source in catalogue.sources {
      _ = find("s:" + source.id)
      if let next = source.supersededBy { union("s:" + source.id, "s:" + next) }
    }
    // The files of each group: its sources' files and every file that defines no source.
    let shared = catalogue.files.filter(\.sources.isEmpty).map(\.path)
    var filesByRoot: [String: Set<String>] = [:]
    for file in catalogue.files {
      for source in file.sources { filesByRoot[find("s:" + source.id), default: []].insert(file.path) }
    }
    var order: [String] = []
    var members: [String: [String]] = [:]
    let known = Set(topics)
    let named = Set(catalogue.recommendations.map(\.topic)).subtracting(known).sorted()
    for topic in topics + named {
      let root = find("t:" + topic)
      if members[root] == nil { order.append(root) }
      members[root, default: []].append(topic)
    }
    let hashes = Dictionary(catalogue.files.map { ($0.path, $0.contentHash) }) { x, _ in x }
    groups = order.map { root in
      let files = (Set(shared).union(filesByRoot[root] ?? [])).sorted()
      let text = salt + "\u{1E}" + members[root]!.joined(separator: "\u{1F}") + "\u{1E}"
        + files.map { "\($0)\u{1F}\(hashes[$0] ?? "")" }.joined(separator: "\u{1E}")
      return Group(topics: members[root]!, files: files, fingerprint: sha256Hex(Array(text.utf8)))
    }
  }
}

/// What a check keeps of one group's analysis, to reuse while the group's files are unchanged.
public struct GroupResult: Codable, Sendable {
  /// The group's relations, in report order.
  public var conflicts: [RunSnapshot.ConflictState]
  /// The pathway lines of each of the group's topics.
  public var pathwayLines: [String: [RunSnapshot.PathwayLine]]
  /// The findings of the group's analysis.
  public var findings: [Diagnostic]

  /// Analyses one group on its own: its files only (committee decisions of other topics left
  /// out), every topic of the group resolved.
  public init(_ group: QuestionGroups.Group, of catalogue: Catalogue, options: AnalysisOptions) {
    let wanted = Set(group.files)
    let topics = Set(group.topics)
    let files = catalogue.files.filter { wanted.contains($0.path) }.map { file -> CatalogueFile in
      var file = file
      file.decisions = file.decisions.filter { topics.contains($0.topic) }
      return file
    }
    var scoped = options
    scoped.topic = nil
    let analysis = Analysis(Catalogue(files: files), options: scoped)
    let resolver = Resolver(catalogue: analysis.catalogue, analysis: analysis)
    let snapshot = RunSnapshot(analysis, pathways: group.topics.compactMap(resolver.pathway(for:)))
    conflicts = snapshot.conflicts
    pathwayLines = Dictionary(grouping: snapshot.pathwayLines, by: \.topic)
    findings = analysis.findings
  }
}

extension RunSnapshot.ConflictState {
  /// Report order across groups (most severe, then highest score, then by the positions'
  /// ids): relations of two groups never share both positions, so this orders them as a whole
  /// analysis would.
  static func precedes(_ a: Self, _ b: Self) -> Bool {
    let x = (3 - a.severity.rank, 1_000_000 - Int((a.score * 1000).rounded()), a.type.rank)
    let y = (3 - b.severity.rank, 1_000_000 - Int((b.score * 1000).rounded()), b.type.rank)
    if x != y { return x < y }
    return (a.recommendations.first ?? "", a.recommendations.last ?? "") < (b.recommendations.first ?? "", b.recommendations.last ?? "")
  }
}

extension RunSnapshot {
  /// The snapshot of a whole catalogue put together from its groups' results: relations merged
  /// in report order, pathway lines in topic order, and the decisions' evidence as given.
  public init(groups results: [GroupResult], topics: [String], decisions: [DecisionEvidence]) {
    var conflicts: [ConflictState] = []
    for result in results {
      conflicts = Self.merge(conflicts, result.conflicts)
    }
    var lines: [String: [PathwayLine]] = [:]
    for result in results { lines.merge(result.pathwayLines) { x, _ in x } }
    self.init(conflicts: conflicts, pathwayLines: topics.flatMap { lines[$0] ?? [] }, decisions: decisions)
  }

  private static func merge(_ a: [ConflictState], _ b: [ConflictState]) -> [ConflictState] {
    if a.isEmpty { return b }
    if b.isEmpty { return a }
    var merged: [ConflictState] = []
    merged.reserveCapacity(a.count + b.count)
    var (i, j) = (0, 0)
    while i < a.count, j < b.count {
      if ConflictState.precedes(b[j], a[i]) {
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

  /// The evidence each committee decision of the catalogue settled, as it stands now.
  public static func decisionEvidence(_ catalogue: Catalogue, topic: String?) -> [DecisionEvidence] {
    catalogue.decisions.filter { topic == nil || $0.topic == topic }.map { decision in
      var evidence: [String: String] = [:]
      for id in decision.considered {
        if let rec = catalogue.recommendation(id) { evidence[id] = DecisionReview.contentFingerprint(rec) }
      }
      return DecisionEvidence(
        decision: decision.id, fingerprint: DecisionReview.contentFingerprint(decision), evidence: evidence)
    }
  }
}
