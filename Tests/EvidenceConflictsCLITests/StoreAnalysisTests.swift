import EvidenceTestSupport
import Foundation
import Testing

/// `--database`: the analysing commands read the imported catalogue from SQLite (one topic reads
/// only the files it needs) and give the same bytes as reading the YAML.
@Suite("analysis from the store, end to end")
struct StoreAnalysisTests {
  func run(_ arguments: [String], in directory: URL) throws -> String {
    let result = try TestSupport.runTool(arguments, in: directory)
    #expect(result.status == 0, "\(arguments): \(result.stderr)")
    return result.stdout
  }

  func topics(_ database: String, in directory: URL) throws -> [String] {
    let list = try run(["list", "--database", database, "--format", "json"], in: directory)
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
    return Set(rows.compactMap { $0["topic"] as? String }).sorted()
  }

  @Test func everyBundledTopicAndTheWholeReportAreTheSameFromTheStore() throws {
    let root = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.copyItem(at: TestSupport.bundledCatalogue, to: root.appendingPathComponent("Evidence"))
    _ = try run(["import", "Evidence", "--database", "db.sqlite"], in: root)
    let topics = try topics("db.sqlite", in: root)
    #expect(topics.count == 7)
    for topic in topics {
      for command in [["conflicts", "Evidence", "--topic", topic, "--format", "json"], ["resolve", "Evidence", "--topic", topic, "--format", "json"]] {
        let yaml = try run(command, in: root)
        let stored = try run(command + ["--database", "db.sqlite"], in: root)
        #expect(yaml == stored, "\(command)")
      }
    }
    let yaml = try run(["evaluate", "Evidence", "--expectations"] + expectationFiles(), in: root)
    #expect(yaml == (try run(["evaluate", "Evidence", "--database", "db.sqlite", "--expectations"] + expectationFiles(), in: root)))
    _ = try run(["report", "Evidence", "--out", "from-yaml"], in: root)
    _ = try run(["report", "Evidence", "--out", "from-store", "--database", "db.sqlite"], in: root)
    for name in ["conflict-report.txt", "conflict-report.json", "conflict-report.md", "conflict-report.html"] {
      let same = try Data(contentsOf: root.appendingPathComponent("from-yaml/\(name)")) == Data(contentsOf: root.appendingPathComponent("from-store/\(name)"))
      #expect(same, "\(name)")
    }
  }

  @Test func aSyntheticCatalogueIsTheSameFromTheStoreWholeAndByTopic() throws {
    let root = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let synthetic = root.appendingPathComponent("synthetic")
    _ = try run(["synth", "--recommendations", "400", "--seed", "9", "--out", synthetic.path, "--schemes",
                 TestSupport.bundledCatalogue.appendingPathComponent("common/schemes.yaml").path], in: root)
    _ = try run(["import", "synthetic", "--database", "db.sqlite"], in: root)
    let whole = ["conflicts", "synthetic", "--format", "json"]
    #expect(try run(whole, in: root) == (try run(whole + ["--database", "db.sqlite"], in: root)))
    for topic in try topics("db.sqlite", in: root).prefix(3) {
      let command = ["conflicts", "synthetic", "--topic", topic, "--format", "json"]
      #expect(try run(command, in: root) == (try run(command + ["--database", "db.sqlite"], in: root)), "\(topic)")
    }
  }

  /// One topic from the store reads another topic's file when the topic links into it or it into
  /// the topic's concepts: here the de-intensifying concept (which `adjusts` the HbA1c topic's
  /// therapy) and a member of one of its population unions live in the AAA topic's file.
  @Test func aTopicReadsTheOtherTopicFilesItLinksWith() throws {
    let root = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let evidence = root.appendingPathComponent("Evidence")
    try FileManager.default.copyItem(at: TestSupport.bundledCatalogue, to: evidence)
    let hba1c = evidence.appendingPathComponent("hba1c-targets/topic.yaml")
    let aaa = evidence.appendingPathComponent("aaa-screening/topic.yaml")
    var own = try String(contentsOf: hba1c, encoding: .utf8)
    var other = try String(contentsOf: aaa, encoding: .utf8)
    let concept = """
        - id: deintensify-glucose-lowering-therapy
          name: De-intensifying glucose-lowering drug therapy
          adjusts: {therapy: glucose-lowering-therapy, toward: de-intensify}
          description: Reducing or stopping glucose-lowering drugs when HbA1c is low or the target is relaxed.

      """
    let member = """
        - id: t2d-age-80-plus
          name: Adults with type 2 diabetes aged 80 or older
          condition: type-2-diabetes
          description: Member of the ACP 2018 statement 4 union.
          ranges:
            - {measure: age, unit: years, min: 80}

      """
    for moved in [concept, member] {
      #expect(own.contains(moved))
      own = own.replacingOccurrences(of: moved, with: "")
    }
    other = other.replacingOccurrences(of: "interventions:\n", with: "interventions:\n" + concept)
    other = other.replacingOccurrences(of: "populations:\n", with: "populations:\n" + member)
    try own.write(to: hba1c, atomically: true, encoding: .utf8)
    try other.write(to: aaa, atomically: true, encoding: .utf8)
    // A step of the therapy that nothing names, defined with another topic: only its `adjusts`
    // links it, and every target of the HbA1c topic implies positions on it.
    let lung = evidence.appendingPathComponent("lung-screening/topic.yaml")
    let taper = """
        - id: taper-glucose-lowering-therapy
          name: Tapering glucose-lowering drugs
          adjusts: {therapy: glucose-lowering-therapy, toward: de-intensify}

      """
    try (try String(contentsOf: lung, encoding: .utf8)).replacingOccurrences(of: "interventions:\n", with: "interventions:\n" + taper)
      .write(to: lung, atomically: true, encoding: .utf8)
    _ = try run(["import", "Evidence", "--database", "db.sqlite"], in: root)
    for command in [["conflicts", "Evidence", "--topic", "hba1c-targets", "--format", "json"], ["resolve", "Evidence", "--topic", "hba1c-targets", "--format", "json"]] {
      let yaml = try run(command, in: root)
      #expect(yaml.contains("deintensify-glucose-lowering-therapy") && yaml.contains("taper-glucose-lowering-therapy"))
      #expect(yaml == (try run(command + ["--database", "db.sqlite"], in: root)), "\(command)")
    }
    // An unknown topic is named with every topic the store has, as the YAML reader names them.
    let unknown = try TestSupport.runTool(["conflicts", "Evidence", "--topic", "nope", "--database", "db.sqlite"], in: root)
    #expect(unknown.status == 64)
    #expect(unknown.stderr == (try TestSupport.runTool(["conflicts", "Evidence", "--topic", "nope"], in: root)).stderr)
    #expect(unknown.stderr.contains("aaa-screening, cervical-cancer-screening, hba1c-targets"), "\(unknown.stderr)")
    // The AAA topic links into no other topic file: its report from the store reads its own.
    let report = try run(["report", "Evidence", "--topic", "aaa-screening", "--database", "db.sqlite", "--format", "text", "--out", "aaa"], in: root)
    #expect(report.contains("conflict-report.txt"))
  }

  @Test func aStoreWithoutACatalogueSaysToImportFirst() throws {
    let root = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try TestSupport.runTool(["conflicts", "Evidence", "--database", "missing.sqlite"], in: root)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("missing.sqlite: error: [database] "), "\(result.stderr)")
  }

  func expectationFiles() throws -> [String] {
    let directory = TestSupport.repositoryRoot.appendingPathComponent("Expectations")
    return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
      .map { directory.appendingPathComponent($0).path }
  }
}
