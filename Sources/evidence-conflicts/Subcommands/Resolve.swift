import ArgumentParser
import ConflictAnalysis
import EvidenceModel
import EvidenceReports

/// `resolve [PATH] --topic ID`: the timing-based recommendation for a topic.
struct Resolve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Resolve a topic's recommendations into a timing-based pathway.",
    discussion: """
      Cuts the topic's timeline at every window boundary, decides each intervention in each \
      phase by the documented rule (certainty, then strength, then recency; otherwise contested, \
      with the conflict ids), and lists the red flags that override the pathway at any time and \
      every assumption used. --at gives the phase in force at one point, such as 10d or 4mo. \
      Exit status: 0 success; 1 when the catalogue has errors; 64 for a usage error.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @OptionGroup var analysis: AnalysisArguments
  @OptionGroup var output: OutputOptions
  @OptionGroup var store: StoreSourceOption

  @Option(help: ArgumentHelp("The topic to resolve (an id).", valueName: "topic-id"))
  var topic: String

  @Option(help: ArgumentHelp("A point on the timeline, such as 10d, 6w, 3mo or 1y.", valueName: "duration"))
  var at: String?

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  func validate() throws {
    if let at, TimelineDuration(parsing: at) == nil {
      throw ValidationError("--at '\(at)' is not a duration; write a whole number and a unit: d, w, mo or y (for example 10d)")
    }
  }

  func run() throws {
    let loaded = try analysis.loadCatalogue(from: store, topic: topic)
    let catalogue = loaded.catalogue
    let options = try analysis.options(for: catalogue, topic: topic, defaultAsOf: loaded.defaultAsOf)
    let result = Analysis(catalogue, options: options)
    guard let pathway = Resolver(catalogue: result.catalogue, analysis: result).pathway(for: topic) else {
      throw ValidationError("--topic '\(topic)': the topic's population is not in the catalogue")
    }
    let document = PathwayDocument(
      pathway, analysis: result, at: at.flatMap(TimelineDuration.init(parsing:)))
    switch format {
    case .text: writeOutput(PathwayText.render(document, pathway: pathway))
    case .json: writeOutput(try jsonText(document))
    }
  }
}
