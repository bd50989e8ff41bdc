import EvidenceModel
import Foundation

/// A deterministic synthetic catalogue in the real format, for benchmarks and scale tests.
///
/// The same options give the same files, byte for byte. Distributions follow what real
/// catalogues look like: about 50 recommendations per topic from about 5 sources each; 20–60
/// bodies, each grading with one of the real schemes (read from the bundled catalogue, so tiers
/// and evidence levels are real labels); per topic an intervention hierarchy (a root, three
/// children, one grandchild, one unrelated concept), a topic population with a subgroup, an older
/// subgroup and a population of another condition; windows with open ends and prerequisites; about
/// 15% of recommendations opposing their topic's majority, 10% neutral, 8% unverified, 5% of
/// sources superseded by a later edition. Identifiers are synthetic (`example.invalid` URLs only):
/// nothing here is clinical content.
public struct SyntheticCatalogue: Sendable {
  public struct Options: Sendable {
    public var recommendations: Int
    public var seed: UInt64
    /// The real grading schemes, keyed by id, that bodies are given.
    public var schemes: [GradingScheme]

    public init(recommendations: Int, seed: UInt64, schemes: [GradingScheme]) {
      self.recommendations = recommendations
      self.seed = seed
      self.schemes = schemes
    }
  }

  /// Schemes bodies may use: the graded-recommendation schemes of the bundled catalogue.
  public static let preferredSchemes = [
    "grade", "uspstf", "aaos", "aaos-2010", "nass", "acr-ac", "ocebm", "nice-guideline", "aace",
    "consensus",
  ]

  public let options: Options
  public static let recommendationsPerTopic = 50

  public init(_ options: Options) { self.options = options }

  public var topicCount: Int {
    max(1, (options.recommendations + Self.recommendationsPerTopic - 1) / Self.recommendationsPerTopic)
  }

  /// Generates the files in a fixed order, calling `emit` with each relative path and its text.
  public func generate(_ emit: (_ path: String, _ text: String) throws -> Void) rethrows {
    var rng = SplitMix64(seed: options.seed)
    let usable = Self.preferredSchemes.compactMap { id in options.schemes.first { $0.id == id } }
    let schemes = usable.isEmpty ? options.schemes : usable
    precondition(!schemes.isEmpty, "at least one grading scheme is needed")
    let bodyCount = 20 + Int(rng.next() % 41)
    var bodies: [(id: String, scheme: GradingScheme)] = []
    var text = "# Synthetic bodies (benchmark data, not clinical content).\nbodies:\n"
    for index in 1...bodyCount {
      let scheme = schemes[Int(rng.next() % UInt64(schemes.count))]
      let id = "body-\(pad(index, 2))"
      bodies.append((id, scheme))
      text += "  - id: \(id)\n    abbreviation: B\(pad(index, 2))\n    name: Synthetic Society \(index)\n    scheme: \(scheme.id)\n"
    }
    try emit("common/bodies.yaml", text)
    try emit(
      "common/measures.yaml",
      "# Synthetic measures (benchmark data).\nmeasures:\n  - id: age\n    name: Age\n    units:\n      - unit: years\n")

    var remaining = options.recommendations
    for topic in 1...topicCount {
      let count = min(remaining, Self.recommendationsPerTopic)
      remaining -= count
      try generateTopic(topic, recommendations: count, bodies: bodies, rng: &rng, emit)
    }
  }

  private func generateTopic(
    _ number: Int, recommendations: Int, bodies: [(id: String, scheme: GradingScheme)],
    rng: inout SplitMix64, _ emit: (_ path: String, _ text: String) throws -> Void
  ) rethrows {
    let t = "t\(pad(number, 6))"
    let shard = pad(number / 100, 4)
    let concepts = ["\(t)-root", "\(t)-c1", "\(t)-c2", "\(t)-c3", "\(t)-c1a", "\(t)-other"]
    var file = "# Synthetic topic \(number) (benchmark data, not clinical content).\ninterventions:\n"
    file += "  - id: \(t)-root\n    name: Procedure family \(number)\n"
    // In every fourth topic the children are variants of one therapy (doses, intensities).
    if number % 4 == 0 { file += "    variants: true\n" }
    for child in 1...3 { file += "  - id: \(t)-c\(child)\n    name: Procedure \(number).\(child)\n    parent: \(t)-root\n" }
    file += "  - id: \(t)-c1a\n    name: Procedure \(number).1a\n    parent: \(t)-c1\n"
    file += "  - id: \(t)-other\n    name: Supportive care \(number)\n"
    file += """
      populations:
        - id: \(t)-pop
          name: Adults with condition \(number)
          condition: condition-\(number)
          qualifiers:
            etiology: [primary, secondary]
          ranges:
            - measure: age
              unit: years
              min: 18
        - id: \(t)-severe
          name: Adults with severe condition \(number)
          condition: condition-\(number)
          qualifiers:
            etiology: primary
            severity: severe
        - id: \(t)-older
          name: Adults aged 65 or older with condition \(number)
          condition: condition-\(number)
          ranges:
            - measure: age
              unit: years
              min: 65
        - id: \(t)-elsewhere
          name: People with a related condition \(number)
          condition: related-condition-\(number)
      topics:
        - id: \(t)
          title: Synthetic topic \(number)
          question: What is the first treatment for condition \(number)?
          population: \(t)-pop
          anchor: diagnosis
          phases:
            - {name: First 2 weeks, start: 0d, end: 2w}
            - {name: 2 weeks to 3 months, start: 2w, end: 3mo}
            - {name: After 3 months, start: 3mo}
          prerequisites:
            - id: \(t)-failed-care
              description: First-line care has not helped
          assumptions:
            - id: \(t)-failed-care-3mo
              statement: First-line care is taken to have failed after 3 months (synthetic assumption).
              prerequisite: \(t)-failed-care
              duration: 3mo
              provenance:
                citation: Synthetic assumption for benchmarks
                url: https://example.invalid/synthetic/\(t)/assumption
          red-flags:
            - id: \(t)-red-flag
              description: A synthetic warning sign
              action: Refer urgently
              provenance:
                citation: Synthetic red flag for benchmarks
      studies:

      """
    var studyYears: [Int] = []
    let designs = Study.Design.allCases
    for study in 1...3 {
      let year = 2000 + Int(rng.next() % 24)
      studyYears.append(year)
      let design = designs[Int(rng.next() % UInt64(designs.count))]
      file += """
          - id: \(t)-study\(study)
            name: Synthetic trial \(number).\(study)
            citation: Synthetic Author et al. Journal of Benchmarks \(year);\(number):\(study)
            year: \(year)
            design: \(design.rawValue)
            size: \(20 + Int(rng.next() % 500))
            result: \(Study.Result.allCases[Int(rng.next() % 4)].rawValue)
            url: https://example.invalid/synthetic/\(t)/study\(study)

        """
    }
    try emit("topics/\(shard)/\(t).yaml", file)

    // The majority direction of each concept in this topic.
    let majority = concepts.map { _ in rng.next() % 3 == 0 ? Direction.against : Direction.for }
    var written = 0
    var source = 0
    // A successor edition is never published before the edition it supersedes.
    var earliestYear = 0
    while written < recommendations {
      source += 1
      let size = min(recommendations - written, 5 + Int(rng.next() % 11))
      let first = bodies[Int(rng.next() % UInt64(bodies.count))]
      var sourceBodies = [first.id]
      if rng.next() % 7 == 0 {
        let second = bodies[Int(rng.next() % UInt64(bodies.count))].id
        if second != first.id { sourceBodies.append(second) }
      }
      let scheme = first.scheme
      let id = "\(t)-s\(pad(source, 2))"
      let year = max(earliestYear, 1995 + Int(rng.next() % 30))
      let isLast = written + size >= recommendations
      let superseded = !isLast && rng.next() % 20 == 0
      earliestYear = superseded ? year : 0
      var text = """
        # Synthetic source (benchmark data, not clinical content).
        source:
          id: \(id)
          kind: \(rng.next() % 5 == 0 ? "position-statement" : "guideline")
          title: Synthetic guideline \(number).\(source)
          year: \(year)
          bodies: [\(sourceBodies.joined(separator: ", "))]
          scheme: \(scheme.id)
          topic: \(t)
          citation: Synthetic Society. Synthetic guideline \(number).\(source), \(year)
          url: https://example.invalid/synthetic/\(id)

        """
      if superseded { text += "  superseded-by: \(t)-s\(pad(source + 1, 2))\n" }
      if rng.next() % 12 == 0 {
        text += "  unverified: true\n  unverified-note: Synthetic; the grade was not checked against the document.\n"
      }
      text += "recommendations:\n"
      for index in 1...size {
        let pick = Int(rng.next() % 100)
        let conceptIndex = pick < 15 ? 0 : pick < 35 ? 1 : pick < 55 ? 2 : pick < 70 ? 3 : pick < 80 ? 4 : 5
        var direction = majority[conceptIndex]
        let roll = rng.next() % 100
        if roll < 15 { direction = direction == .for ? .against : .for } else if roll < 25 { direction = .neutral }
        let drawn = scheme.strengths[Int(rng.next() % UInt64(scheme.strengths.count))]
        // A label whose meaning changed (USPSTF C) takes its meaning at the source's year.
        let published = CalendarDate(year: year, month: 1, day: 1)!
        let tier = scheme.strengthTier(named: drawn.label, on: published) ?? drawn
        if let implied = tier.direction { direction = implied }
        let population: String
        let p = rng.next() % 100
        population = p < 70 ? "\(t)-pop" : p < 85 ? "\(t)-severe" : p < 97 ? "\(t)-older" : "\(t)-elsewhere"
        text += "  - id: \(id)-r\(pad(index, 2))\n"
        text += "    intervention: \(concepts[conceptIndex])\n"
        text += "    population: \(population)\n"
        text += "    direction: \(direction.rawValue)\n"
        text += "    strength: \(quoted(tier.label))\n"
        if !scheme.evidenceLevels.isEmpty, rng.next() % 10 < 6 {
          text += "    evidence-level: \(quoted(scheme.evidenceLevels[Int(rng.next() % UInt64(scheme.evidenceLevels.count))].label))\n"
        }
        text += "    statement: Synthetic recommendation \(index) of \(id) on \(concepts[conceptIndex]).\n"
        text += "    locator: Section \(index)\n"
        switch rng.next() % 10 {
        case 0: text += "    window: {end: 2w}\n"
        case 1: text += "    window: {start: 2w, end: 3mo}\n"
        case 2: text += "    window: {start: 6w}\n"
        case 3, 4: text += "    window: {after: [\(t)-failed-care]}\n"
        default: break
        }
        // Aspects and use, on "for" statements: intervals, targets, routine or selective use.
        if direction == .for {
          switch rng.next() % 20 {
          case 0, 1: text += "    interval: 1y\n"
          case 2: text += "    interval: 2y\n"
          case 3: text += "    target: {measure: age, unit: years, below: 70}\n"
          case 4: text += "    target: {measure: age, unit: years, below: 75}\n"
          case 5, 6: text += "    use: selective\n"
          case 7: text += "    preferred: true\n"
          // c1, c2 and c3 are siblings: one named the only option rules out the others.
          case 8 where (1...3).contains(conceptIndex): text += "    exclusive: [alternatives]\n"
          default: break
          }
        } else if rng.next() % 5 == 0 {
          text += "    use: routine\n"
        }
        if rng.next() % 10 < 4 {
          let study = 1 + Int(rng.next() % 3)
          text += "    studies: [\(t)-study\(study)]\n"
        }
        if rng.next() % 100 < 8 {
          text += "    unverified: true\n    unverified-note: Synthetic; seen only in a secondary source.\n"
        }
      }
      try emit("sources/\(shard)/\(id).yaml", text)
      written += size
    }
  }

  private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }

  private func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}

/// A small, fast, seedable generator (SplitMix64), so synthetic catalogues are reproducible on
/// every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
