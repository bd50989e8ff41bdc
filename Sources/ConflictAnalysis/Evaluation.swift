import EvidenceModel

/// An analysis compared with a topic's expectations: which expected relations were found in
/// their band, in another band or not at all, which major or moderate relations nobody
/// expected, whether negative controls held, and which expected pathway lines matched.
///
/// An expected relation is matched by the relations (live or historical) between its two
/// statements (an implied position counts as its statement) on its aspect, narrowed to those
/// whose side is the named statement's implied position and whose window holds the expected
/// point, when given; the most severe of them decides. No relation at all matches an expected
/// severity `none` (silence is agreement). An expected line is the pathway's line for the
/// patient (``Resolver/line(for:topic:patient:)``).
public struct Evaluation: Sendable {
  /// What became of one expected relation.
  public enum Outcome: String, Codable, Sendable {
    case inBand = "in-band"
    case wrongBand = "wrong-band"
    case missing
  }

  public struct RelationResult: Sendable {
    public var expectation: TopicExpectations.Relation
    public var outcome: Outcome
    /// The relation that decided, if any.
    public var found: Conflict?
    /// Whether a negative control was broken (a major or moderate relation holds).
    public var controlBroken: Bool
  }

  public struct LineResult: Sendable {
    public var expectation: TopicExpectations.Line
    /// The pathway's line for the patient, or `nil` when no position applies.
    public var found: PathwayItem?
    public var matched: Bool { found.map { expectation.positions.contains($0.position.rawValue) } ?? false }
  }

  public var topic: String
  public var relations: [RelationResult]
  public var lines: [LineResult]
  /// Major or moderate relations of the topic between statement pairs no expectation names.
  public var unexpected: [Conflict]

  public init(_ expectations: TopicExpectations, analysis: Analysis, resolver: Resolver) {
    topic = expectations.topic
    let all = (analysis.conflicts + analysis.historical).filter { $0.topic == expectations.topic }
    var byPair: [Set<String>: [Conflict]] = [:]
    for relation in all { byPair[Set(relation.statements), default: []].append(relation) }
    relations = expectations.relations.map { expected in
      let candidates = (byPair[Set(expected.between)] ?? []).filter { relation in
        relation.aspect.rawValue == expected.aspect
          && (expected.implied.map { statement in
            [relation.first, relation.second].contains { $0.isImplied && $0.statementID == statement }
          } ?? true)
          && (expected.at.map { point in
            relation.first.window.intersection(with: relation.second.window)?.contains(days: point.days) ?? false
          } ?? true)
      }
      let decisive = candidates.max { x, y in
        (x.severity, x.score, y.id) < (y.severity, y.score, x.id)
      }
      let severity = decisive?.severity.rawValue ?? "none"
      let outcome: Outcome
      if decisive == nil, !expected.severities.contains("none") {
        outcome = .missing
      } else {
        outcome = expected.severities.contains(severity) ? .inBand : .wrongBand
      }
      let broken = expected.control && (decisive.map { $0.severity >= .moderate } ?? false)
      return RelationResult(expectation: expected, outcome: outcome, found: decisive, controlBroken: broken)
    }
    lines = expectations.pathway.map { expected in
      LineResult(
        expectation: expected,
        found: resolver.line(for: expected.intervention, topic: expectations.topic, patient: expected.patient))
    }
    let named = Set(expectations.relations.map { Set($0.between) })
    unexpected = all.filter { $0.type.isConflict && $0.severity >= .moderate && !named.contains(Set($0.statements)) }
  }

  /// The share of expected relations found in their band (1 when none is expected).
  public var inBandShare: Double {
    relations.isEmpty ? 1 : Double(relations.filter { $0.outcome == .inBand }.count) / Double(relations.count)
  }

  /// The share of expected relations in band across several evaluations (1 when none is
  /// expected).
  public static func inBandShare(of evaluations: [Evaluation]) -> Double {
    let results = evaluations.flatMap(\.relations)
    return results.isEmpty ? 1 : Double(results.filter { $0.outcome == .inBand }.count) / Double(results.count)
  }

  /// Expected major and moderate relations not found in their band.
  public var seriousMisses: [RelationResult] {
    relations.filter { result in
      result.outcome != .inBand && result.expectation.severities.first.map { $0 == "major" || $0 == "moderate" } == true
    }
  }

  /// Whether the evaluation meets the targets: at least `minInBand` of the expected relations in
  /// band, every expected major and moderate relation in band, no negative control broken and
  /// every expected pathway line matched.
  public func meetsTargets(minInBand: Double) -> Bool {
    inBandShare >= minInBand - 1e-9 && seriousMisses.isEmpty && !relations.contains(where: \.controlBroken)
      && lines.allSatisfy(\.matched)
  }
}
