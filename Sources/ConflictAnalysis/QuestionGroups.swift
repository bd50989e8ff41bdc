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
    public var files: [String] { Set(shared).union(own).sorted() }
    /// A fingerprint of the files' content hashes and the options: equal fingerprints give equal
    /// results.
    public var fingerprint: String
    /// The files of the group's sources, sorted, and the files every group reads (the same for
    /// every group).
    public let own, shared: [String]
  }

  public let groups: [Group]

  /// What the union-find joins: topics and sources, by id.
  private enum Member: Hashable {
    case topic(String)
    case source(String)
  }

  /// The groups of an earlier cut (each group's topics and own files, and the shared files), for
  /// the files as they are now (`hashes`, content hash by path): what a check uses when no edit
  /// since can have moved a topic, source or file from one group to another.
  ///
  /// - Parameter fingerprints: A fingerprint known for each group (`nil` where it is to be worked
  ///   out), which the caller vouches for: the same salt, shared files and own files.
  public init(
    topics: [[String]], own: [[String]], shared: [String], hashes: [String: String], salt: String,
    fingerprints: [String?]? = nil
  ) {
    // The shared files are hashed once, when some fingerprint is to be worked out.
    let sharedDigest = fingerprints?.allSatisfy({ $0 != nil }) == true ? "" : Self.sharedDigest(shared, hashes)
    groups = zip(topics, own).enumerated().map { index, group in
      let known = fingerprints.flatMap { $0[index] }
      return Group(
        topics: group.0, fingerprint: known ?? Self.fingerprint(group.0, group.1, sharedDigest, hashes, salt),
        own: group.1, shared: shared)
    }
  }

  /// The digest of the shared files, hashed once for every group's fingerprint.
  private static func sharedDigest(_ shared: [String], _ hashes: [String: String]) -> String {
    sha256Hex(Array(shared.map { "\($0)\u{1F}\(hashes[$0] ?? "")" }.joined(separator: "\u{1E}").utf8))
  }

  /// A group's fingerprint: the salt, the shared files, its topics and its own files with their
  /// content hashes.
  private static func fingerprint(
    _ topics: [String], _ own: [String], _ sharedDigest: String, _ hashes: [String: String], _ salt: String
  ) -> String {
    let text = salt + "\u{1E}" + sharedDigest + "\u{1E}" + topics.joined(separator: "\u{1F}") + "\u{1E}"
      + own.map { "\($0)\u{1F}\(hashes[$0] ?? "")" }.joined(separator: "\u{1E}")
    return sha256Hex(Array(text.utf8))
  }

  /// - Parameter salt: What else the result depends on (the as-of date, the scoring
  ///   configuration, the tool version), folded into every fingerprint.
  public init(_ catalogue: Catalogue, salt: String) {
    let topics = catalogue.topics.map(\.id)
    // Union-find over topics and sources: a recommendation joins its topic and its source; a
    // hierarchy of concepts joins the topics that speak to it; an edition joins its successor
    // (whether or not that one has recommendations yet).
    var sets = UnionFind<Member>()
    for topic in topics { _ = sets.number(.topic(topic)) }
    var byRoot: [String: String] = [:]
    var rootOf: [String: String] = [:]
    for r in catalogue.recommendations {
      sets.union(.topic(r.topic), .source(r.source))
      for concept in r.interventions {
        let root = rootOf[concept] ?? {
          let root = catalogue.lineage(ofIntervention: concept).last ?? concept
          rootOf[concept] = root
          return root
        }()
        if let other = byRoot[root] { sets.union(.topic(other), .topic(r.topic)) } else { byRoot[root] = r.topic }
      }
    }
    for source in catalogue.sources {
      _ = sets.number(.source(source.id))
      if let next = source.supersededBy { sets.union(.source(source.id), .source(next)) }
    }
    // The files of each group: its sources' files and every file that defines no source.
    let shared = catalogue.files.filter(\.sources.isEmpty).map(\.path)
    var filesByRoot: [Int: Set<String>] = [:]
    for file in catalogue.files {
      for source in file.sources { filesByRoot[sets.find(.source(source.id)), default: []].insert(file.path) }
    }
    var order: [Int] = []
    var members: [Int: [String]] = [:]
    let known = Set(topics)
    let named = sets.numbers.keys.compactMap { member -> String? in
      if case .topic(let topic) = member, !known.contains(topic) { return topic }
      return nil
    }.sorted()
    for topic in topics + named {
      let root = sets.find(.topic(topic))
      if members[root] == nil { order.append(root) }
      members[root, default: []].append(topic)
    }
    let hashes = Dictionary(catalogue.files.map { ($0.path, $0.contentHash) }) { x, _ in x }
    self.init(
      topics: order.map { members[$0]! }, own: order.map { (filesByRoot[$0] ?? []).sorted() }, shared: shared,
      hashes: hashes, salt: salt)
  }
}

extension QuestionGroups {
  /// The groups' results cut from one analysis of the whole catalogue (cheaper than analysing
  /// every group apart when most must be analysed): relations by their first position's topic,
  /// lines by topic, findings by the file (or decision) they point at. `nil` when a finding
  /// cannot be placed in a group, so the caller analyses group by group instead.
  public func results(from analysis: Analysis, pathways: [Pathway]) -> [GroupResult]? {
    var groupOfTopic: [String: Int] = [:]
    for (index, group) in groups.enumerated() { for topic in group.topics { groupOfTopic[topic] = index } }
    var topicOfSource: [String: String] = [:]
    for rec in analysis.catalogue.recommendations where topicOfSource[rec.source] == nil { topicOfSource[rec.source] = rec.topic }
    var groupOfFile: [String: Int] = [:]
    for source in analysis.catalogue.sources {
      guard let topic = topicOfSource[source.id], let group = groupOfTopic[topic] else { continue }
      groupOfFile[source.location.file] = group
    }
    var groupOfDecision: [SourceLocation: Int] = [:]
    for decision in analysis.catalogue.decisions { groupOfDecision[decision.location] = groupOfTopic[decision.topic] }
    var results = groups.map { _ in GroupResult(conflicts: [], pathwayLines: [:], findings: []) }
    let snapshot = RunSnapshot(analysis, pathways: pathways)
    for conflict in snapshot.conflicts {
      guard let topic = analysis.catalogue.recommendation(conflict.recommendations.first?.split(separator: "~").first.map(String.init) ?? "")?.topic,
        let group = groupOfTopic[topic]
      else { return nil }
      results[group].conflicts.append(conflict)
    }
    for line in snapshot.pathwayLines {
      guard let group = groupOfTopic[line.topic] else { return nil }
      results[group].pathwayLines[line.topic, default: []].append(line)
    }
    for finding in analysis.findings {
      guard let location = finding.location, let group = groupOfDecision[location] ?? groupOfFile[location.file] else { return nil }
      results[group].findings.append(finding)
    }
    return results
  }
}

/// What a check keeps of one group's analysis, to reuse while the group's files are unchanged.
public struct GroupResult: Codable, Sendable {
  public init(conflicts: [RunSnapshot.ConflictState], pathwayLines: [String: [RunSnapshot.PathwayLine]], findings: [Diagnostic]) {
    self.conflicts = conflicts
    self.pathwayLines = pathwayLines
    self.findings = findings
  }

  /// The group's relations, in report order.
  public var conflicts: [RunSnapshot.ConflictState]
  /// The pathway lines of each of the group's topics.
  public var pathwayLines: [String: [RunSnapshot.PathwayLine]]
  /// The findings of the group's analysis.
  public var findings: [Diagnostic]

  /// How many of the group's relations of a conflict type have each severity.
  public var conflictsBySeverity: [ConflictSeverity: Int] { RunSnapshot.conflictsBySeverity(conflicts) }

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
    // Each group's relations are in report order; sorted together, ties (only ever inside one
    // group) keep their order.
    var numbered: [(state: ConflictState, order: Int)] = []
    for result in results { for state in result.conflicts { numbered.append((state, numbered.count)) } }
    numbered.sort { a, b in
      if ConflictState.precedes(a.state, b.state) { return true }
      if ConflictState.precedes(b.state, a.state) { return false }
      return a.order < b.order
    }
    var lines: [String: [PathwayLine]] = [:]
    for result in results { lines.merge(result.pathwayLines) { x, _ in x } }
    self.init(conflicts: numbered.map(\.state), pathwayLines: topics.flatMap { lines[$0] ?? [] }, decisions: decisions)
  }

  /// The evidence each committee decision of the catalogue settled, as it stands now.
  public static func decisionEvidence(_ catalogue: Catalogue, topic: String?) -> [DecisionEvidence] {
    let decisions = catalogue.decisions.filter { topic == nil || $0.topic == topic }
    return decisionEvidence(decisions, considered: consideredFingerprints(decisions, in: catalogue))
  }

  /// The evidence each decision settled, from the content fingerprints of the recommendations
  /// they considered (``consideredFingerprints(_:in:)``; one missing there is not in the
  /// catalogue).
  public static func decisionEvidence(_ decisions: [Decision], considered: [String: String]) -> [DecisionEvidence] {
    decisions.map { decision in
      var evidence: [String: String] = [:]
      for id in decision.considered { evidence[id] = considered[id] }
      return DecisionEvidence(
        decision: decision.id, fingerprint: DecisionReview.contentFingerprint(decision), evidence: evidence)
    }
  }

  /// The content fingerprint of every recommendation of `catalogue` that one of `decisions`
  /// considered, by id.
  public static func consideredFingerprints(_ decisions: [Decision], in catalogue: Catalogue) -> [String: String] {
    var fingerprints: [String: String] = [:]
    for id in Set(decisions.flatMap(\.considered)) {
      if let rec = catalogue.recommendation(id) { fingerprints[id] = DecisionReview.contentFingerprint(rec) }
    }
    return fingerprints
  }
}
