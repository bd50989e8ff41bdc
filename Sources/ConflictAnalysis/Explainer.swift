import Foundation
import EvidenceModel

/// Computes, from the catalogue, the factors that account for a relation between two
/// recommendations: evidence base, study designs, publication dates against the evidence, population,
/// timing, concept level, grades and unverified facts.
///
/// It may word relations on several threads at once: its only state is the per-recommendation
/// texts it keeps, each behind a lock (a text worked out twice by a race is the same text).
final class Explainer: @unchecked Sendable {
  let catalogue: Catalogue
  let configuration: ScoringConfiguration
  private let basisTexts = TextCache()
  private let designTexts = TextCache()

  init(catalogue: Catalogue, configuration: ScoringConfiguration) {
    self.catalogue = catalogue
    self.configuration = configuration
  }

  func explain(_ relation: Conflict) -> [Explanation] {
    let (type, a, b) = (relation.type, relation.first, relation.second)
    let population = relation.overlap.value
    let common = a.window.intersection(with: b.window)
    var explanations = [Explanation(factor: "aspect", text: aspect(relation))]
    if let era = relation.era {
      explanations.append(
        .init(
          factor: "era",
          text: "Historical: both were in force \(era.summary); "
            + [a, b].filter { $0.source.status != .current }.map { "\($0.source.id) is \($0.source.status.rawValue)" }
            .joined(separator: ", ") + "."))
    }
    for r in [a, b] {
      if let implied = r.implied {
        explanations.append(
          .init(
            factor: "implied",
            text: "\(r.id) is implied, not stated: \(implied.summary) (exclusive scope \(implied.outside) of \(implied.statement))."))
      }
    }
    if let text = evidenceBase(a, b) { explanations.append(.init(factor: "evidence-base", text: text)) }
    if let text = studyDesigns(a, b) { explanations.append(.init(factor: "study-design", text: text)) }
    for (older, newer) in [(a, b), (b, a)] {
      if let text = predates(older, newer) {
        explanations.append(.init(factor: "predates-evidence", text: text))
      }
    }
    if let text = populations(a, b, population) {
      explanations.append(.init(factor: "population", text: text))
    }
    if let text = timing(a, b, common) { explanations.append(.init(factor: "timing", text: text)) }
    if let text = hierarchy(a, b) { explanations.append(.init(factor: "hierarchy", text: text)) }
    // Evidence syntheses and ungraded statements state no strength: no strength factor for them.
    if type == .strengthDivergence || type == .contradiction || type == .useDivergence,
      a.position.strength != b.position.strength, !a.isEvidenceSynthesis, !b.isEvidenceSynthesis,
      !a.isUngraded, !b.isUngraded
    {
      explanations.append(
        .init(
          factor: "strength",
          text: "Strength: \(a.id) \(a.grade) (\(a.position.strength.map(fixed) ?? "unknown")) vs "
            + "\(b.id) \(b.grade) (\(b.position.strength.map(fixed) ?? "unknown"))."))
    }
    if type == .certaintyDiscordance || type == .evidenceInterpretationDivergence {
      explanations.append(
        .init(
          factor: "certainty",
          text: "Certainty: \(a.id) \(fixed(a.position.certainty)) vs \(b.id) "
            + "\(fixed(b.position.certainty)) on the common scale."))
    }
    for r in [a, b] where r.isUnverified {
      let note = r.recommendation.verification.note ?? r.source.verification.note
      explanations.append(
        .init(
          factor: "unverified",
          text: "\(r.id) is marked unverified" + (note.map { ": \($0)" } ?? ".")))
    }
    return explanations
  }

  /// What the relation compares and where it holds.
  private func aspect(_ relation: Conflict) -> String {
    let (a, b) = (relation.first, relation.second)
    let compared: String
    switch relation.aspect {
    case .position:
      compared = "direction and strength (\(a.id) \(a.position.direction.rawValue), \(a.grade); "
        + "\(b.id) \(b.position.direction.rawValue), \(b.grade))"
    case .interval:
      compared = "interval (\(a.id) \(a.recommendation.interval.map(String.init(describing:)) ?? "none"); "
        + "\(b.id) \(b.recommendation.interval.map(String.init(describing:)) ?? "none"))"
    case .target:
      compared = "target (\(a.id) \(a.recommendation.target?.summary ?? "none"); "
        + "\(b.id) \(b.recommendation.target?.summary ?? "none"))"
    }
    return "Aspect: \(compared). Holds in: \(relation.segment)."
  }

  private func evidenceBase(_ a: AssessedRecommendation, _ b: AssessedRecommendation) -> String? {
    let (ba, bb) = (a.evidenceBasis(configuration), b.evidenceBasis(configuration))
    guard ba != bb || a.isEvidenceSynthesis != b.isEvidenceSynthesis else { return nil }
    return "Evidence base: \(describeBasis(a, ba)); \(describeBasis(b, bb))."
  }

  private func describeBasis(_ r: AssessedRecommendation, _ basis: EvidenceBasis) -> String {
    if let known = basisTexts.text(for: r.id) { return known }
    var text: String
    switch basis {
    case .graded(let level):
      text = "\(r.id) is graded \(r.recommendation.strength ?? "without a strength") on evidence level \(level)"
    case .consensus where r.position.direction == .neutral:
      // A statement of no recommendation at this certainty is a finding that the evidence is
      // insufficient (AAOS "Inconclusive"), not a consensus position.
      text = "\(r.id) finds the evidence insufficient to recommend either way (\(r.grade))"
    case .consensus:
      text = "\(r.id) is a consensus position (\(r.grade)) without a graded evidence review"
    case .ungraded:
      text = "\(r.id) is graded \(r.grade) with no separate evidence level"
    }
    if r.isEvidenceSynthesis { text += ", an evidence synthesis (\(r.source.kind.rawValue))" }
    let studies = cited(r)
    if studies.isEmpty {
      text += ", citing no study in the catalogue"
    } else {
      text += ", citing " + designSummary(r)
    }
    basisTexts.keep(text, for: r.id)
    return text
  }

  private func studyDesigns(_ a: AssessedRecommendation, _ b: AssessedRecommendation) -> String? {
    let (sa, sb) = (cited(a), cited(b))
    guard let best = strongest(sa), let other = strongest(sb), best != other else { return nil }
    return "Study designs: \(a.id) rests on \(designSummary(a)); \(b.id) on \(designSummary(b))."
  }

  private func predates(_ older: AssessedRecommendation, _ newer: AssessedRecommendation) -> String? {
    guard let year = older.source.year else { return nil }
    let later = cited(newer).filter { ($0.year ?? 0) > year }
    guard !later.isEmpty else { return nil }
    let names = later.map { "\($0.name) (\($0.year.map(String.init) ?? "year unknown"))" }
    return "\(older.source.id) (\(year)) predates " + names.joined(separator: ", ")
      + ", cited by \(newer.id)."
  }

  private func populations(
    _ a: AssessedRecommendation, _ b: AssessedRecommendation, _ overlap: PopulationOverlap
  ) -> String? {
    if let reason = overlap.disjointReason {
      return "Different populations that do not overlap (\(reason)): \(a.id) is about "
        + "\(a.population.name.lowercasedFirst); \(b.id) is about \(b.population.name.lowercasedFirst)."
    }
    guard a.population.id != b.population.id, !overlap.differences.isEmpty else { return nil }
    return "Different populations (\(a.population.id) vs \(b.population.id), differing on "
      + overlap.differences.joined(separator: ", ") + "); they meet in: \(overlap.intersection)."
  }

  private func timing(
    _ a: AssessedRecommendation, _ b: AssessedRecommendation, _ common: EffectiveWindow?
  ) -> String? {
    guard a.window != b.window else { return nil }
    var text = "Different windows: \(a.id) \(a.window.summary); \(b.id) \(b.window.summary)"
    if let common {
      text += "; they meet \(common.summary)"
    } else {
      text += "; they never meet on the timeline, so the advice is complementary"
    }
    let assumptions = Array(Set(a.window.assumptions + b.window.assumptions)).sorted()
    if !assumptions.isEmpty {
      text += ". The timing rests on the assumption " + assumptions.joined(separator: ", ")
        + ", not on a society's words"
    }
    return text + "."
  }

  private func hierarchy(_ a: AssessedRecommendation, _ b: AssessedRecommendation) -> String? {
    let (ia, ib) = (a.recommendation.interventions, b.recommendation.interventions)
    guard Set(ia) != Set(ib) else { return nil }
    for x in ia {
      for y in ib where x != y {
        if catalogue.lineage(ofIntervention: y).contains(x) {
          return "\(a.id) speaks of \(x), which includes \(y) (\(b.id))."
        }
        if catalogue.lineage(ofIntervention: x).contains(y) {
          return "\(b.id) speaks of \(y), which includes \(x) (\(a.id))."
        }
      }
    }
    return nil
  }

  private func cited(_ r: AssessedRecommendation) -> [Study] {
    r.recommendation.studies.compactMap(catalogue.study)
  }

  private func strongest(_ studies: [Study]) -> Study.Design? {
    studies.map(\.design).min { designRank($0) < designRank($1) }
  }

  private func designSummary(_ r: AssessedRecommendation) -> String {
    if let known = designTexts.text(for: r.id) { return known }
    let text = designSummary(cited(r))
    designTexts.keep(text, for: r.id)
    return text
  }

  private func designSummary(_ studies: [Study]) -> String {
    var byDesign: [Study.Design: [Study]] = [:]
    for study in studies { byDesign[study.design, default: []].append(study) }
    return byDesign.keys.sorted { designRank($0) < designRank($1) }.map { design in
      let group = byDesign[design]!
      let names = group.map { s in
        s.year.map { s.name.contains(String($0)) ? s.name : "\(s.name) \($0)" } ?? s.name
      }
      return "\(group.count) \(designName(design, plural: group.count != 1)) ("
        + names.joined(separator: ", ") + ")"
    }.joined(separator: " and ")
  }
}

/// The rank of a study design, strongest protection against bias first.
func designRank(_ design: Study.Design) -> Int {
  Study.Design.allCases.firstIndex(of: design) ?? Study.Design.allCases.count
}

func designName(_ design: Study.Design, plural: Bool) -> String {
  let name: String
  switch design {
  case .shamControlledRCT: name = "sham-controlled RCT"
  case .openLabelRCT: name = "open-label RCT"
  case .randomizedTrial: name = "RCT"
  case .systematicReview: name = "systematic review"
  case .cohort: name = "cohort study"
  case .caseControl: name = "case-control study"
  case .caseSeries: name = "case series"
  case .expertOpinion: name = "expert opinion"
  }
  if !plural || design == .caseSeries || design == .expertOpinion { return name }
  return design == .cohort || design == .caseControl
    ? String(name.dropLast()) + "ies" : name + "s"
}

extension String {
  var lowercasedFirst: String {
    guard let first, !(dropFirst().first?.isUppercase ?? false) else { return self }
    return first.lowercased() + dropFirst()
  }
}

/// Texts kept by recommendation id, read and written from any thread.
private final class TextCache: @unchecked Sendable {
  private var texts: [String: String] = [:]
  private let lock = NSLock()

  func text(for id: String) -> String? {
    lock.lock()
    defer { lock.unlock() }
    return texts[id]
  }

  func keep(_ text: String, for id: String) {
    lock.lock()
    texts[id] = text
    lock.unlock()
  }
}
