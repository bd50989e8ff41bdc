import ArgumentParser
import EvidenceModel
import EvidenceStore
import Foundation

/// `list`: prints the stored recommendations, filtered by topic, society and intervention.
struct List: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the recommendations in the database.",
    discussion: """
      --intervention matches the concept, its descendants and its ancestors (a recommendation on \
      vertebral augmentation also speaks to vertebroplasty). --format json prints an array of \
      recommendations on standard output.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @OptionGroup var database: DatabaseOption
  @OptionGroup var output: OutputOptions

  @Option(help: ArgumentHelp("Only recommendations answering this topic (an id).", valueName: "topic-id"))
  var topic: String?

  @Option(help: ArgumentHelp("Only recommendations issued by this body, alone or jointly (an id).", valueName: "body-id"))
  var society: String?

  @Option(help: ArgumentHelp("Only recommendations on this intervention concept or a related one (an id).", valueName: "intervention-id"))
  var intervention: String?

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  func run() throws {
    let store = try EvidenceStore(readingExisting: database.path)
    for (kind, id, flag) in [
      (EntityKind.topic, topic, "--topic"), (.body, society, "--society"),
      (.intervention, intervention, "--intervention"),
    ] {
      if let id, try !store.contains(kind, id: id) {
        throw ValidationError("\(flag) '\(id)': no \(kind.rawValue) with that id is in the database \(database.path)")
      }
    }
    let rows = try store.recommendations(
      matching: RecommendationFilter(topic: topic, society: society, intervention: intervention))
    switch format {
    case .json: writeOutput(try jsonText(rows))
    case .text: writeOutput(text(rows))
    }
  }

  private func text(_ rows: [RecommendationSummary]) -> String {
    var lines: [String] = []
    for row in rows {
      let grade = [row.strength, row.evidenceLevel.map { "evidence \($0)" }].compactMap { $0 }
        .joined(separator: ", ")
      let window = TimingWindow(
        start: row.window.start.flatMap(TimelineDuration.init(parsing:)),
        end: row.window.end.flatMap(TimelineDuration.init(parsing:)), after: row.window.after)
      lines.append(
        "\(row.id)  [\(row.societies.joined(separator: ", "))]  \(row.interventions.joined(separator: " + "))  "
          + "\(row.direction.rawValue)  \(grade)  (strength \(fixed(row.normalized.strength)), "
          + "certainty \(fixed(row.normalized.certainty)))  \(window.summary)"
          + (row.unverified ? "  UNVERIFIED" : ""))
      lines.append("    \(row.statement)")
      for implied in row.implied {
        lines.append("    implied (from \(implied.statement)): \(implied.summary)")
      }
    }
    lines.append("\(rows.count) \(rows.count == 1 ? "recommendation" : "recommendations")")
    return lines.joined(separator: "\n") + "\n"
  }
}
