import EvidenceModel

/// The documented rule that decides one line of the pathway from the recommendations that apply.
///
/// The recommendations are split into sides by direction (for, against, neutral). One side:
/// unanimous. Several: each side is ranked by its best certainty level, then the best strength level
/// among its recommendations at that certainty level, then its newest source year; a side wins when
/// it is strictly ahead of every other side at the first of these that differs (strength is not
/// compared for evidence syntheses, which state none). A winning side with no recommendation
/// conditioned on a timed prerequisite does not overrule a side that has one (the two speak to
/// different situations; the line is contested). Otherwise no side wins and the line is contested.
struct ResolutionRule {
  let configuration: ScoringConfiguration

  struct Decision {
    var position: PathwayPosition
    var basis: ResolutionBasis
    var rationale: String
  }

  /// A side's rank. Strength is `nil` when the side's best-certainty recommendations are all
  /// evidence syntheses, which state no strength of recommendation; strength is then not compared.
  private struct SideRank {
    var certainty: Int
    var strength: Int?
    var year: Int

    /// Which of two ranks leads, and on what: `nil` when they are level.
    static func leader(_ x: SideRank, _ y: SideRank) -> (xLeads: Bool, basis: ResolutionBasis)? {
      if x.certainty != y.certainty { return (x.certainty > y.certainty, .certainty) }
      if let xs = x.strength, let ys = y.strength, xs != ys { return (xs > ys, .strength) }
      if x.year != y.year { return (x.year > y.year, .recency) }
      return nil
    }
  }

  func decide(_ recommendations: [AssessedRecommendation]) -> Decision {
    var sides: [Direction: [AssessedRecommendation]] = [:]
    for r in recommendations { sides[r.position.direction, default: []].append(r) }
    let directions = sides.keys.sorted()
    if directions.count == 1, let direction = directions.first {
      let position = self.position(direction, sides[direction]!)
      return Decision(
        position: position, basis: .unanimous,
        rationale: recommendations.count == 1
          ? "The only applicable recommendation \(Self.stance(direction, plural: false))."
          : "All \(recommendations.count) applicable recommendations \(Self.stance(direction, plural: true)).")
    }
    let ranks = directions.map { ($0, rank(sides[$0]!)) }
    // A side wins when it leads every other side; the basis is the step it leads the closest one on.
    var winner: (Direction, ResolutionBasis)?
    for (direction, candidate) in ranks {
      var basis: ResolutionBasis?
      var leadsAll = true
      for (other, rank) in ranks where other != direction {
        guard let lead = SideRank.leader(candidate, rank), lead.xLeads else {
          leadsAll = false
          break
        }
        if basis == nil || Self.order(lead.basis) > Self.order(basis!) { basis = lead.basis }
      }
      if leadsAll, let basis { winner = (direction, basis) }
    }
    guard let (best, basis) = winner else {
      return Decision(
        position: .contested, basis: .undecided,
        rationale: "The sides (\(summary(ranks))) are level on certainty, strength and recency; "
          + "an individual decision is needed.")
    }
    let winners = sides[best]!
    let specificElsewhere = directions.filter { $0 != best }.flatMap { sides[$0]! }
      .filter(\.isSpecific)
    if !winners.contains(where: \.isSpecific), let first = specificElsewhere.first {
      return Decision(
        position: .contested, basis: .specificNotOverruled,
        rationale: "The \(best.rawValue) side leads on \(basis.rawValue) (\(summary(ranks))), but "
          + "none of its recommendations addresses \(first.window.timedPrerequisites.joined(separator: ", ")), "
          + "which \(specificElsewhere.map(\.id).joined(separator: ", ")) "
          + "\(specificElsewhere.count == 1 ? "is" : "are") made for; an individual decision is needed.")
    }
    return Decision(
      position: position(best, winners), basis: basis,
      rationale: "The \(best.rawValue) side leads on \(basis.rawValue) (\(summary(ranks))).")
  }

  private static func order(_ basis: ResolutionBasis) -> Int {
    switch basis {
    case .certainty: 0
    case .strength: 1
    default: 2
    }
  }

  private func rank(_ side: [AssessedRecommendation]) -> SideRank {
    let certainty = side.map { configuration.certaintyLevel($0.position.certainty) }.max() ?? 0
    let top = side.filter { configuration.certaintyLevel($0.position.certainty) == certainty }
    // Evidence syntheses and ungraded statements state no strength, so strength is not compared
    // for them.
    let graded = top.filter { !$0.isEvidenceSynthesis && !$0.isUngraded }
    let strength = graded.compactMap { $0.position.strength.map(configuration.strengthLevel) }.max()
    let strongest = strength.map { level in
      graded.filter { $0.position.strength.map(configuration.strengthLevel) == level }
    } ?? top
    return SideRank(
      certainty: certainty, strength: strength, year: strongest.compactMap(\.year).max() ?? 0)
  }

  private func position(_ direction: Direction, _ side: [AssessedRecommendation]) -> PathwayPosition {
    switch direction {
    case .for:
      // "Do" needs a statement for everyone in the group strong enough; selective statements
      // ("may start", "offer selectively") and unknown strengths read "consider".
      let strongest = side.filter { $0.recommendation.use != .selective }.compactMap(\.position.strength).max() ?? 0
      return strongest >= configuration.doStrength - 1e-9 ? .do : .consider
    case .against: return .doNot
    case .neutral: return .insufficientEvidence
    }
  }

  /// What recommendations of a direction say, in words: "recommends it", "recommend against it".
  static func stance(_ direction: Direction, plural: Bool) -> String {
    switch direction {
    case .for: plural ? "recommend it" : "recommends it"
    case .against: plural ? "recommend against it" : "recommends against it"
    case .neutral: plural ? "make no recommendation either way" : "makes no recommendation either way"
    }
  }

  private func summary(_ ranks: [(Direction, SideRank)]) -> String {
    let certainty = ["very low", "low", "moderate", "high"]
    let strength = ["below weak", "weak", "moderate", "strong"]
    return ranks.map { direction, rank in
      "\(direction.rawValue): \(certainty[rank.certainty]) certainty, "
        + (rank.strength.map { "\(strength[$0]) strength" } ?? "strength unknown (evidence synthesis or ungraded)")
        + ", \(rank.year == 0 ? "year unknown" : String(rank.year))"
    }.joined(separator: "; ")
  }
}

extension AssessedRecommendation {
  /// Whether the recommendation is made for a situation placed on the timeline by an assumption
  /// (such as failed conservative care). An untimed prerequisite does not count: the phase it
  /// holds in is unknown.
  var isSpecific: Bool { !window.timedPrerequisites.isEmpty }
}

extension EffectiveWindow {
  /// The prerequisites an assumption placed on the timeline.
  var timedPrerequisites: [String] {
    prerequisites.filter { !untimedPrerequisites.contains($0) }
  }
}
