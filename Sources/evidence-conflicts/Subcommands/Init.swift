import ArgumentParser
import EvidenceWorkflows

/// `init TOPIC-ID [DIR]`: writes a skeleton topic that validates as it is.
struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a commented skeleton topic into a catalogue, ready to fill in.",
    discussion: """
      Writes DIR/TOPIC-ID/topic.yaml (an intervention, a population, a placeholder body and the \
      topic with two phases) and DIR/TOPIC-ID/sources/TOPIC-ID-example.yaml (one source with one \
      recommendation), pointing at the shipped grading scheme 'grade' in DIR/common rather than \
      copying it, then validates the catalogue. Every placeholder reads CHANGE-ME and the example \
      is marked unverified, so reports show it as such. Exit status: 0 when the skeleton is \
      written and the catalogue validates; 1 when the topic exists, DIR holds no shipped common/ \
      files, or a file cannot be written; 64 for a usage error.
      """)

  @Argument(help: ArgumentHelp("The new topic's id (lowercase letters, digits, -, . and _).", valueName: "topic-id"))
  var topic: String

  @Argument(help: ArgumentHelp("The catalogue directory.", valueName: "directory"))
  var directory = "Evidence"

  func validate() throws {
    if !InitWorkflow.isValidTopicID(topic) {
      throw ValidationError("'\(topic)' is not a topic id; use lowercase letters, digits, '-', '.' and '_', starting with a letter or digit, at most 60 characters")
    }
  }

  func run() throws {
    let outcome: InitWorkflow.Outcome
    do {
      outcome = try InitWorkflow(topic: topic, directory: directory).run()
    } catch let failure as WorkflowFailure {
      DiagnosticPrinter.print([failure.diagnostic])
      throw ExitCode.failure
    }
    for path in outcome.written { writeOutput("wrote \(path)\n") }
    writeOutput(
      "\(directory): \(summaryLine(outcome.load)); \(findingsLine(outcome.load.diagnostics))\n"
        + "Next: replace every CHANGE-ME in \(directory)/\(topic), then run evidence-conflicts validate \(directory)\n")
  }
}
