import ConflictAnalysis
import EvidenceModel

/// Where a pathway line repeats unchanged in the following phases of the same bands, so that
/// every report shows it once with its span.
struct PathwaySpans {
  let phases: [PathwayPhase]
  /// For each phase, the previous and next phase with the same bands.
  private var previous: [Int?]
  private var next: [Int?]

  init(_ phases: [PathwayPhase]) {
    self.phases = phases
    previous = Array(repeating: nil, count: phases.count)
    next = Array(repeating: nil, count: phases.count)
    var last: [String: Int] = [:]
    for (index, phase) in phases.enumerated() {
      let key = phase.bandsSummary
      if let before = last[key], phases[before].end?.days == phase.start.days {
        previous[index] = before
        next[before] = index
      }
      last[key] = index
    }
  }

  private func same(_ item: PathwayItem, in phase: Int) -> Bool {
    phases[phase].items.contains(item)
  }

  /// Whether the line is the same as in the phase before (so it was shown there).
  func continues(_ item: PathwayItem, at index: Int) -> Bool {
    previous[index].map { same(item, in: $0) } ?? false
  }

  /// The last phase of the run of phases the line holds unchanged in, from `index` on.
  func lastPhase(of item: PathwayItem, at index: Int) -> Int? {
    var last = index
    while let following = next[last], same(item, in: following) { last = following }
    return last
  }

  /// The span from the start of one phase to the end of another, in words.
  func span(from first: Int, to last: Int, birth: Bool) -> String {
    let window = TimingWindow(start: phases[first].start, end: phases[last].end)
    if phases[first].start.days == 0, phases[last].end == nil { return "throughout" }
    return birth ? window.ageSummary : window.summary
  }
}


extension PathwaySpans {
  /// A line shown once for the run of phases it holds unchanged in.
  struct Row {
    var item: PathwayItem
    /// The first and last phase of the run.
    var first: Int
    var last: Int
    /// The run's span on the timeline, in words (ages in a topic anchored at birth).
    var span: String
    /// The bands of measures the phases lie in, in words; empty when the timeline is the only axis.
    var bands: String
  }

  /// Every line once, grouped by intervention (in the order they first appear), each
  /// intervention's lines in phase order.
  func rows(birth: Bool) -> [Row] {
    var rows: [Row] = []
    var order: [String: Int] = [:]
    for phase in phases { for item in phase.items where order[item.intervention] == nil { order[item.intervention] = order.count } }
    defer { rows.sort { (order[$0.item.intervention]!, $0.first) < (order[$1.item.intervention]!, $1.first) } }
    for (index, phase) in phases.enumerated() {
      for item in phase.items where !continues(item, at: index) {
        let last = lastPhase(of: item, at: index) ?? index
        rows.append(Row(
          item: item, first: index, last: last, span: span(from: index, to: last, birth: birth),
          bands: phase.bandsSummary))
      }
    }
    return rows
  }
}
