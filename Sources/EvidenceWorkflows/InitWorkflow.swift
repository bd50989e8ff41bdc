import EvidenceCatalogue
import EvidenceModel
import Foundation

/// `init TOPIC-ID [DIR]`: writes a commented skeleton topic into a catalogue directory, pointing
/// at the shipped grading scheme `grade` (`common/schemes.yaml`) rather than copying it, and
/// checks that the catalogue still validates with it.
///
/// The skeleton is two files, `DIR/TOPIC-ID/topic.yaml` (the intervention, population, a
/// placeholder issuing body and the topic with two phases) and
/// `DIR/TOPIC-ID/sources/TOPIC-ID-example.yaml` (one source with one recommendation). Every
/// placeholder reads CHANGE-ME and the source and recommendation are marked unverified, so that
/// no report can present the skeleton as evidence. The body is a placeholder of its own because
/// attributing a made-up recommendation to a real body would be a false fact; the comments say
/// to use a body of `common/bodies.yaml` instead.
public struct InitWorkflow {
  public let topic: String
  public let directory: String

  public init(topic: String, directory: String) {
    self.topic = topic
    self.directory = directory
  }

  /// What `init` wrote, and the catalogue's validation with it.
  public struct Outcome {
    public var written: [String]
    public var load: CatalogueLoadResult
  }

  /// Whether a topic id is one the catalogue accepts: lowercase letters, digits, `-`, `.` and
  /// `_`, starting with a letter or digit, at most 60 characters (room for the ids derived from it).
  public static func isValidTopicID(_ id: String) -> Bool {
    guard let first = id.unicodeScalars.first, id.unicodeScalars.count <= 60,
      ("a"..."z").contains(first) || ("0"..."9").contains(first)
    else { return false }
    return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-._".unicodeScalars.contains($0) }
  }

  /// Writes the skeleton and validates the catalogue.
  ///
  /// - Throws: ``WorkflowFailure`` (`report-output`) when the topic exists, the directory holds
  ///   no catalogue with the scheme `grade`, or a file cannot be written; when the catalogue does
  ///   not validate with the skeleton, the skeleton is removed again and the failure names the
  ///   first error.
  public func run() throws -> Outcome {
    let folder = (directory as NSString).appendingPathComponent(topic)
    let sources = (folder as NSString).appendingPathComponent("sources")
    guard !FileManager.default.fileExists(atPath: folder) else {
      throw WorkflowFailure(.reportOutput, at: folder, "already exists; choose another topic id or remove it first")
    }
    let before: CatalogueLoadResult
    do {
      before = try CatalogueLoader().load(directory)
    } catch let error as CatalogueError {
      throw WorkflowFailure(
        .reportOutput, at: directory,
        "\(error.localizedDescription); init writes into a catalogue that holds the shipped common/ files (copy Evidence/common into \(directory) first)")
    }
    guard before.catalogue.scheme("grade") != nil else {
      throw WorkflowFailure(
        .reportOutput, at: directory,
        "holds no grading scheme 'grade'; copy the shipped Evidence/common into \(directory) first, so that the skeleton can point at it")
    }
    let files = [
      ((folder as NSString).appendingPathComponent("topic.yaml"), topicFile),
      ((sources as NSString).appendingPathComponent("\(topic)-example.yaml"), sourceFile),
    ]
    do {
      try FileManager.default.createDirectory(atPath: sources, withIntermediateDirectories: true)
      for (path, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting) }
    } catch {
      try? FileManager.default.removeItem(atPath: folder)
      throw WorkflowFailure(.reportOutput, at: folder, "cannot write the skeleton: \(error.localizedDescription)")
    }
    let after = try CatalogueLoader().load(directory)
    if after.hasErrors, let first = after.diagnostics.first(where: { $0.severity == .error }) {
      try? FileManager.default.removeItem(atPath: folder)
      throw WorkflowFailure(.reportOutput, at: folder, "the catalogue does not validate with the skeleton, which was removed: \(first.formatted)")
    }
    return Outcome(written: files.map(\.0), load: after)
  }

  var topicFile: String {
    """
    # Topic \(topic): a skeleton written by `evidence-conflicts init`. Replace every CHANGE-ME,
    # then run `evidence-conflicts validate`. The format of every key is in CatalogueFormat.md
    # (Sources/EvidenceCatalogue/EvidenceCatalogue.docc); ids are lowercase letters, digits, '-',
    # '.' and '_'. Grading schemes, bodies and measures shared by all topics live in common/.

    # The interventions the question compares. A child (`parent: <id>`) is a variant of its parent;
    # a recommendation on the parent also speaks to the child.
    interventions:
      - id: \(topic)-intervention
        name: CHANGE-ME the intervention the question is about

    # The patients. Subgroups share the condition and narrow it with qualifiers
    # (`qualifiers: {sex: [female]}`) or ranges on a measure of common/measures.yaml.
    populations:
      - id: \(topic)-population
        name: CHANGE-ME the patients the question is about
        condition: \(topic)-condition

    # A placeholder issuing body. Prefer a body of common/bodies.yaml (write its id in the
    # source's `bodies:` and delete this one); keep this only for a body not listed there.
    bodies:
      - id: \(topic)-body
        abbreviation: CHANGE-ME
        name: CHANGE-ME the issuing body
        scheme: grade

    topics:
      - id: \(topic)
        title: CHANGE-ME a short title
        question: CHANGE-ME the clinical question, in one sentence?
        population: \(topic)-population
        # The event the timeline starts at: symptom-onset, fracture, injury, diagnosis,
        # treatment-start, or birth (then the timeline is the patient's age).
        anchor: diagnosis
        # The phases of care the pathway is resolved for; the last one has no end.
        phases:
          - name: First 6 weeks
            start: 0d
            end: 6w
          - name: After 6 weeks
            start: 6w

    """
  }

  var sourceFile: String {
    """
    # One source (a guideline, position statement, technology appraisal, systematic review, …) and
    # its recommendations. Record what the source says, briefly paraphrased, with its locator;
    # never copy guideline text at length. Remove `unverified` once the entry is checked against
    # the source.
    source:
      id: \(topic)-example-source
      kind: guideline
      title: CHANGE-ME the source's title
      # The year of publication (or `published: 2024-05-01`).
      # year: 2024
      bodies: [\(topic)-body]
      # The shipped GRADE scheme (common/schemes.yaml); its strengths are Strong and
      # Conditional, its evidence levels High, Moderate, Low and Very low.
      scheme: grade
      topic: \(topic)
      citation: "CHANGE-ME authors, title, journal year;volume:pages"
      # Identifiers, as the source gives them: doi, pmid, pmcid, url.
      # doi: 10.xxxx/xxxxx
      unverified: true
      unverified-note: Skeleton written by evidence-conflicts init; not a real source.

    recommendations:
      - id: \(topic)-example-r1
        intervention: \(topic)-intervention
        population: \(topic)-population
        # for, against, or neutral (no recommendation either way).
        direction: for
        strength: Conditional
        evidence-level: Low
        statement: CHANGE-ME a brief paraphrase of the recommendation.
        locator: CHANGE-ME recommendation number, section or page
        # When it applies on the topic's timeline; `after: [prerequisite-id]` waits for one of
        # the topic's prerequisites.
        window:
          start: 0d
        unverified: true
        unverified-note: Skeleton written by evidence-conflicts init; not a real recommendation.

    """
  }
}
