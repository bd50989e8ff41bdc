import EvidenceModel

/// The documented rule that decides one line of the pathway from the recommendations that apply.
///
/// The recommendations are split into sides by direction (for, against, neutral). One side:
/// unanimous. Several: each side is ranked by its best certainty level, then the best strength level
/// among its recommendations at that certainty level, then its newest source year; a side wins when
/// it is strictly ahead of every other side at the first of these that differs. A winning side with
/// no recommendation conditioned on a prerequisite does not overrule a side that has one (the two
/// speak to different situations; the line is contested). Otherwise no side wins and the line is
/// contested.
struct ResolutionRule {
  let configuration: ScoringConfiguration

  struct Decision {
    var position: PathwayPosition
    var basis: ResolutionBasis
    var rationale: String
  }

  private struct SideRank: Comparable {
    var certainty: Int
    var strength: Int
    var year: Int

    static func < (x: SideRank, y: SideRank) -> Bool {
      (x.certainty, x.strength, x.year) < (y.certainty, y.strength, y.year)
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
          ? "The only applicable recommendation is \(direction.rawValue)."
          : "All \(recommendations.count) applicable recommendations are \(direction.rawValue).")
    }
    let ranks = directions.map { ($0, rank(sides[$0]!)) }
    let ordered = ranks.sorted { $0.1 > $1.1 }
    let (best, bestRank) = ordered[0]
    let runnerUp = ordered[1].1
    guard bestRank > runnerUp else {
      return Decision(
        position: .contested, basis: .undecided,
        rationale: "The sides (\(summary(ranks))) are level on certainty, strength and recency; "
          + "an individual decision is needed.")
    }
    let basis: ResolutionBasis =
      bestRank.certainty != runnerUp.certainty
      ? .certainty : bestRank.strength != runnerUp.strength ? .strength : .recency
    let winners = sides[best]!
    let specificElsewhere = directions.filter { $0 != best }.flatMap { sides[$0]! }
      .filter { !$0.window.prerequisites.isEmpty }
    if winners.allSatisfy({ $0.window.prerequisites.isEmpty }), let first = specificElsewhere.first {
      return Decision(
        position: .contested, basis: .specificNotOverruled,
        rationale: "The \(best.rawValue) side leads on \(basis.rawValue) (\(summary(ranks))), but "
          + "none of its recommendations addresses \(first.window.prerequisites.joined(separator: ", ")), "
          + "which \(specificElsewhere.map(\.id).joined(separator: ", ")) "
          + "\(specificElsewhere.count == 1 ? "is" : "are") made for; an individual decision is needed.")
    }
    return Decision(
      position: position(best, winners), basis: basis,
      rationale: "The \(best.rawValue) side leads on \(basis.rawValue) (\(summary(ranks))).")
  }

  private func rank(_ side: [AssessedRecommendation]) -> SideRank {
    let certainty = side.map { configuration.certaintyLevel($0.position.certainty) }.max() ?? 0
    let top = side.filter { configuration.certaintyLevel($0.position.certainty) == certainty }
    let strength = top.map { configuration.strengthLevel($0.position.strength) }.max() ?? 0
    let strongest = top.filter { configuration.strengthLevel($0.position.strength) == strength }
    return SideRank(
      certainty: certainty, strength: strength, year: strongest.compactMap(\.year).max() ?? 0)
  }

  private func position(_ direction: Direction, _ side: [AssessedRecommendation]) -> PathwayPosition {
    switch direction {
    case .for:
      let strongest = side.map(\.position.strength).max() ?? 0
      return strongest >= configuration.doStrength - 1e-9 ? .do : .consider
    case .against: return .doNot
    case .neutral: return .insufficientEvidence
    }
  }

  private func summary(_ ranks: [(Direction, SideRank)]) -> String {
    let certainty = ["very low", "low", "moderate", "high"]
    let strength = ["none", "weak", "moderate", "strong"]
    return ranks.map { direction, rank in
      "\(direction.rawValue): \(certainty[rank.certainty]) certainty, \(strength[rank.strength]) "
        + "strength, \(rank.year == 0 ? "year unknown" : String(rank.year))"
    }.joined(separator: "; ")
  }
}
