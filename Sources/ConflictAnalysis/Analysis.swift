import EvidenceModel

/// What to analyse and how.
public struct AnalysisOptions: Sendable {
  /// Only recommendations answering this topic, or all when `nil`.
  public var topic: String?
  /// The date the analysis is made at: the catalogue as it stood then (sources published later
  /// left out, editions superseded later still current), and recency and staleness judged then.
  public var asOf: CalendarDate
  public var configuration: ScoringConfiguration

  public init(topic: String? = nil, asOf: CalendarDate, configuration: ScoringConfiguration = .init()) {
    self.topic = topic
    self.asOf = asOf
    self.configuration = configuration
  }

  /// The as-of date used when none is given: 31 December of the newest year of a source or a committee decision, so that the
  /// result depends on the catalogue alone, never on the clock.
  public static func defaultAsOf(for catalogue: Catalogue) -> CalendarDate {
    defaultAsOf(newestYear: (catalogue.sources.compactMap(\.year) + catalogue.decisions.map(\.date.year)).max())
  }

  /// 31 December of a catalogue's newest year (of 2000 when it has none).
  public static func defaultAsOf(newestYear: Int?) -> CalendarDate {
    CalendarDate(year: min(max(newestYear ?? 2000, 1), 9999), month: 12, day: 31)!
  }
}

/// The comparator's result: conflicts between current sources, changes between editions, and
/// single-recommendation findings.
public struct Analysis: Sendable {
  public var options: AnalysisOptions
  /// The catalogue as it stood on the as-of date (``Catalogue/asOf(_:)``): what the analysis,
  /// the resolver and the reports read.
  public let catalogue: Catalogue
  /// Every classified relation between positions in force now, most severe first (agreements
  /// and non-conflicts have severity none).
  public var conflicts: [Conflict]
  /// Relations that held while an edition now superseded or withdrawn was in force beside
  /// another body's, each with its ``Conflict/era``, most severe first.
  public var historical: [Conflict]
  public var editionChanges: [EditionChange]
  /// Single-recommendation and single-source findings, sorted by location.
  public var findings: [Diagnostic]
  /// The recommendations analysed (current and earlier editions), in catalogue order.
  public var recommendations: [AssessedRecommendation]
  /// The positions implied by the exclusive scopes of ``recommendations``, in the same order.
  public var implied: [AssessedRecommendation]
  /// Whether each committee decision of the scope stands, in catalogue order.
  public var decisionReviews: [DecisionReview]

  /// Runs the comparator over a catalogue.
  public init(_ whole: Catalogue, options: AnalysisOptions) {
    self.options = options
    let catalogue = whole.asOf(options.asOf)
    self.catalogue = catalogue
    let configuration = options.configuration
    let inScope = catalogue.recommendations.filter { options.topic == nil || $0.topic == options.topic }
    recommendations = Self.assess(inScope, catalogue, options)
    implied = recommendations.flatMap {
      $0.impliedPositions(in: catalogue, asOf: options.asOf, configuration: configuration)
    }
    let relations = Comparator(catalogue: catalogue, configuration: configuration)
      .conflicts(among: recommendations + implied)
    conflicts = relations.filter { !$0.isHistorical }
    historical = relations.filter(\.isHistorical)
    editionChanges = EditionComparator(catalogue: catalogue, configuration: configuration)
      .changes(from: recommendations.filter { $0.source.status == .superseded }, to: recommendations)
    findings = FindingRules(catalogue: catalogue, options: options).findings(for: recommendations)
    decisionReviews = []
    if catalogue.decisions.contains(where: { options.topic == nil || $0.topic == options.topic }) {
      let live = Set(conflicts.map(\.id) + Dispute.grouping(conflicts).map(\.id))
      decisionReviews = DecisionReview.reviews(catalogue, options: options, live: live)
      for review in decisionReviews where review.status == .reopened {
        if let decision = catalogue.decisions.first(where: { $0.id == review.decision }) {
          findings.append(DecisionReview.finding(decision, reasons: review.reasons))
        }
      }
      findings = findings.sortedByLocation()
    }
  }

  /// The review of a decision, by id.
  public func review(ofDecision id: String) -> DecisionReview? { decisionReviews.first { $0.decision == id } }

  /// The recommendations assessed on every core, in the order given (those whose source,
  /// population or grade cannot be found are left out; validation reports them).
  private static func assess(
    _ recommendations: [Recommendation], _ catalogue: Catalogue, _ options: AnalysisOptions
  ) -> [AssessedRecommendation] {
    let count = recommendations.count
    let parts = Parallel.run(parallel: count >= 4_096) { worker, workers in
      // A contiguous share each, so that joining the shares keeps the order.
      recommendations[(count * worker / workers)..<(count * (worker + 1) / workers)].compactMap {
        AssessedRecommendation($0, in: catalogue, asOf: options.asOf, configuration: options.configuration)
      }
    }
    return Array(parts.joined())
  }

  /// The disputes of the live relations (see ``Dispute``), most severe first. Worded from the
  /// relations when asked, not kept with the analysis.
  public func disputes() -> [Dispute] { Dispute.grouping(conflicts) }

  /// The conflicts at or above a severity.
  public func conflicts(atLeast severity: ConflictSeverity) -> [Conflict] {
    conflicts.filter { $0.severity >= severity }
  }
}
