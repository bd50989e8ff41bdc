import EvidenceModel
import Foundation

/// Whether a committee decision still stands on the evidence of the analysis, and if not, why.
///
/// A decision is re-opened (finding `decision-reopened`) when
/// - a recommendation it considered is no longer in force (superseded, withdrawn or gone);
/// - a current source published after the decision's date has a recommendation on its question
///   (its concept, a broader or a narrower one) in its topic;
/// - a dispute or relation it settles is no longer in the analysis (the argument changed: a
///   position joined or left it, or the pair no longer conflicts).
///
/// A recommendation that is edited while keeping its id is caught by `check`, which remembers
/// what each decision settled (``RunSnapshot/DecisionEvidence``) and compares it run by run.
public struct DecisionReview: Hashable, Encodable, Sendable {
  public enum Status: String, Hashable, Encodable, Sendable {
    case standing
    case reopened
  }

  public var decision: String
  public var status: Status
  /// One sentence per reason the decision is re-opened; empty while it stands.
  public var reasons: [String]

  /// The review of every decision of the analysis's scope, in catalogue order.
  static func reviews(_ catalogue: Catalogue, options: AnalysisOptions, live: Set<String>) -> [DecisionReview] {
    let decisions = catalogue.decisions.filter { options.topic == nil || $0.topic == options.topic }
    guard !decisions.isEmpty else { return [] }
    return decisions.map { decision in
      var reasons: [String] = []
      for id in decision.considered {
        guard let rec = catalogue.recommendation(id), let source = catalogue.source(rec.source) else {
          reasons.append("\(id), which it considered, is no longer in the catalogue as of \(options.asOf)")
          continue
        }
        if source.status != .current {
          reasons.append("\(id), which it considered, is from \(source.id), \(source.status.rawValue) as of \(options.asOf)")
        }
      }
      let question = Set(catalogue.lineage(ofIntervention: decision.intervention))
      var newer: [String] = []
      for rec in catalogue.recommendations where rec.topic == decision.topic && !decision.considered.contains(rec.id) {
        guard let source = catalogue.source(rec.source), source.status == .current,
          let published = source.publicationDate, published.firstDay > decision.date
        else { continue }
        let onQuestion = rec.interventions.contains { id in
          question.contains(id) || catalogue.lineage(ofIntervention: id).contains(decision.intervention)
        }
        if onQuestion, !newer.contains(source.id) { newer.append(source.id) }
      }
      for source in newer {
        reasons.append("\(source) (\(catalogue.source(source)?.publicationDate?.description ?? "?")) is newer than the decision and addresses its question")
      }
      for id in decision.settles where !live.contains(id) {
        reasons.append("\(id), which it settles, is no longer in the analysis (the dispute or relation changed)")
      }
      return DecisionReview(decision: decision.id, status: reasons.isEmpty ? .standing : .reopened, reasons: reasons)
    }
  }

  /// The finding of a re-opened decision, at the decision, with why it is re-opened.
  public static func finding(_ decision: Decision, reasons: [String]) -> Diagnostic {
    Diagnostic(
      rule: FindingRule.decisionReopened.rawValue, severity: .warning,
      message: "decision \(decision.id) (\(decision.committee), \(decision.date)) is re-opened: "
        + reasons.joined(separator: "; ")
        + "; review it and record the committee's new decision (a new date, its considered evidence)",
      location: decision.location)
  }

  /// A recommendation's clinical content as a fingerprint: every field but where it is written
  /// in its file, so that moving it within a file, or to another file, changes nothing.
  public static func contentFingerprint(_ recommendation: Recommendation) -> String {
    var content = recommendation
    content.location = SourceLocation(file: "", line: 0, column: 0)
    content.keyLocations = [:]
    return fingerprint(content)
  }

  /// A decision's own content as a fingerprint (its place in the file left out): a decision
  /// the committee revises counts as a new decision.
  public static func contentFingerprint(_ decision: Decision) -> String {
    var content = decision
    content.location = SourceLocation(file: "", line: 0, column: 0)
    content.keyLocations = [:]
    return fingerprint(content)
  }

  private static func fingerprint(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = (try? encoder.encode(value)) ?? Data()
    return Fingerprint.of(String(decoding: data, as: UTF8.self))
  }
}
