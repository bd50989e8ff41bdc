import ConflictAnalysis
import EvidenceModel
import EvidenceTestSupport
import Foundation
import Testing

/// Property tests of the score and the classification.
struct ScoringTests {
  /// A deterministic generator, so a failure reproduces.
  struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  nonisolated(unsafe) static let componentPaths: [(String, WritableKeyPath<ScoreComponents, Double>)] = [
    ("opposition", \.opposition), ("strength", \.knownStrength), ("certainty", \.certainty),
    ("sourceQuality", \.sourceQuality), ("recency", \.recency),
  ]

  @Test func anUnknownStrengthLeavesStrengthOutOfTheMagnitude() {
    let configuration = ScoringConfiguration()
    let known = ScoreComponents(opposition: 1, strength: 0.6, certainty: 0.6, sourceQuality: 0.6, recency: 0.6)
    var unknown = known
    unknown.strength = nil
    // With every known component at 0.6, leaving strength out keeps the mean at 0.6:
    // 100 × 1 × (0.7 + 0.3 × 0.6) = 88.
    #expect(known.score(configuration) == 88)
    #expect(unknown.score(configuration) == 88)
    unknown.certainty = 1
    #expect(unknown.score(configuration) > known.score(configuration))
  }

  /// With the default bands and floor, each opposition lands in its band whatever the magnitude:
  /// the methodologist's scale is reproduced by the score.
  @Test func eachOppositionStaysInItsBandWhateverTheMagnitude() {
    let configuration = ScoringConfiguration()
    let o = configuration.opposition
    let expected: [(Double, ConflictSeverity)] = [
      (o.strongContradiction, .major), (o.contradiction, .moderate), (o.evidenceInterpretation, .moderate),
      (o.conditionalVersusStrong, .moderate), (o.sizeableTarget, .moderate), (o.sameDirection, .minor),
    ]
    for (opposition, severity) in expected {
      for magnitude in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let c = ScoreComponents(
          opposition: opposition, strength: magnitude, certainty: magnitude, sourceQuality: magnitude,
          recency: magnitude)
        #expect(configuration.severity(ofScore: c.score(configuration)) == severity, "\(opposition) at \(magnitude)")
      }
    }
  }

  func randomComponents(_ rng: inout SplitMix) -> ScoreComponents {
    ScoreComponents(
      opposition: .random(in: 0...1, using: &rng), strength: .random(in: 0...1, using: &rng),
      certainty: .random(in: 0...1, using: &rng), sourceQuality: .random(in: 0...1, using: &rng),
      recency: .random(in: 0...1, using: &rng))
  }

  @Test(arguments: componentPaths.map(\.0))
  func theScoreNeverFallsWhenAComponentRises(_ name: String) {
    let path = Self.componentPaths.first { $0.0 == name }!.1
    var rng = SplitMix(state: 42)
    let weights = ScoringConfiguration()
    for _ in 0..<2000 {
      var low = randomComponents(&rng)
      var high = low
      let a = Double.random(in: 0...1, using: &rng), b = Double.random(in: 0...1, using: &rng)
      low[keyPath: path] = min(a, b)
      high[keyPath: path] = max(a, b)
      let (x, y) = (low.score(weights), high.score(weights))
      #expect(x <= y, "\(name): \(low) → \(x), \(high) → \(y)")
      #expect((0...100).contains(x) && (0...100).contains(y))
    }
  }

  @Test func aFullContradictionOfStrongCertainCurrentSourcesScores100() {
    let all = ScoreComponents(opposition: 1, strength: 1, certainty: 1, sourceQuality: 1, recency: 1)
    #expect(all.score(ScoringConfiguration()) == 100)
    var none = all
    none.opposition = 0
    #expect(none.score(ScoringConfiguration()) == 0)
  }

  @Test func severityBandsFollowTheScore() {
    let configuration = ScoringConfiguration()
    let scores = stride(from: 0.0, through: 100.0, by: 0.5)
    let severities = scores.map(configuration.severity(ofScore:))
    #expect(severities == severities.sorted())
    #expect(configuration.severity(ofScore: 70) == .major)
    #expect(configuration.severity(ofScore: 69.9) == .moderate)
    #expect(configuration.severity(ofScore: 39.9) == .minor)
    #expect(configuration.severity(ofScore: 9.9) == .none)
  }

  /// Random pairs, analysed in both catalogue orders, give the same relation.
  @Test func classificationAndScoreAreSymmetricInThePair() throws {
    var rng = SplitMix(state: 7)
    let strengths = ["Strong", "Moderate", "Weak", "Consensus", "Inconclusive"]
    let evidence: [String?] = [nil, "High", "Moderate", "Low"]
    let populations = ["adults", "severe", "trauma"]
    let windows = [
      TimingWindow.always, TimingWindow(end: .init(6, .weeks)), TimingWindow(after: ["failed-care"]),
      TimingWindow(start: .init(2, .weeks), end: .init(4, .months)),
    ]
    let interventions = [["plasty"], ["augmentation"], ["plasty", "kypho"]]
    var compared = 0
    for _ in 0..<300 {
      func spec() -> (Direction, String, String?, String, TimingWindow, [String], Int, Source.Kind) {
        (
          Direction.allCases.randomElement(using: &rng)!, strengths.randomElement(using: &rng)!,
          evidence.randomElement(using: &rng)!, populations.randomElement(using: &rng)!,
          windows.randomElement(using: &rng)!, interventions.randomElement(using: &rng)!,
          Int.random(in: 1995...2024, using: &rng),
          [Source.Kind.guideline, .systematicReview, .positionStatement].randomElement(using: &rng)!
        )
      }
      let specs = [spec(), spec()]
      func build(_ order: [Int]) -> Analysis {
        var b = CatalogueBuilder()
        for index in order {
          let s = specs[index]
          b.recommend(
            "r\(index)", body: index == 0 ? "alpha" : "beta", year: s.6, kind: s.7,
            interventions: s.5, population: s.3, direction: s.0, strength: s.1, evidence: s.2,
            window: s.4)
        }
        return Analysis(b.catalogue, options: AnalysisOptions(asOf: ComparatorTests.asOf))
      }
      let forward = build([0, 1]).conflicts, backward = build([1, 0]).conflicts
      #expect(forward == backward)
      compared += forward.count
    }
    #expect(compared > 100)
  }

  @Test func overridesKeepDefaultsForAbsentKeysAndRejectUnknownOnes() throws {
    let json = #"{"weights": {"recency": 0}, "bands": {"major": 60}, "sourceQuality": {"guideline": 1}}"#
    let configuration = try JSONDecoder().decode(ScoringConfiguration.self, from: Data(json.utf8))
    #expect(configuration.weights.recency == 0)
    #expect(configuration.weights.strength == 0.35)
    #expect(configuration.bands.major == 60 && configuration.bands.moderate == 40)
    #expect(configuration.sourceQuality["guideline"] == 1)
    #expect(configuration.sourceQuality["position-statement"] == 0.5)
    #expect(configuration.problems.isEmpty)
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(ScoringConfiguration.self, from: Data(#"{"weight": {}}"#.utf8))
    }
    let bad = try JSONDecoder().decode(
      ScoringConfiguration.self, from: Data(#"{"bands": {"minor": 70}, "weights": {"strength": 0, "certainty": 0, "sourceQuality": 0, "recency": 0}}"#.utf8))
    #expect(bad.problems.count == 2)
  }
}

extension ScoreComponents {
  /// The strength as a plain number, for the monotonicity property (always known there).
  var knownStrength: Double {
    get { strength ?? 0 }
    set { strength = newValue }
  }
}
