import EvidenceTestSupport
import Foundation
import Testing

/// `synth`: deterministic, valid, and quiet when its output is not a terminal.
@Suite("synth, end to end")
struct SynthCommandTests {
  @Test func theSameSeedGivesTheSameValidCatalogue() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var listings: [[String: Data]] = []
    for name in ["first", "second"] {
      let out = directory.appendingPathComponent(name)
      let result = try TestSupport.runTool(
        ["synth", "--recommendations", "600", "--seed", "42", "--out", out.path], in: TestSupport.repositoryRoot)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stderr.isEmpty, "no progress bar when standard error is not a terminal")
      #expect(result.stdout.hasSuffix("with 600 recommendations in 12 topics to \(out.path)\n"))
      var files: [String: Data] = [:]
      let enumerator = FileManager.default.enumerator(atPath: out.path)!
      while let path = enumerator.nextObject() as? String {
        guard path.hasSuffix(".yaml") else { continue }
        files[path] = FileManager.default.contents(atPath: out.appendingPathComponent(path).path)
      }
      listings.append(files)
    }
    #expect(listings[0] == listings[1])
    #expect(listings[0].keys.contains("common/schemes.yaml"))
    let validate = try TestSupport.runTool(["validate", directory.appendingPathComponent("first").path, "--strict"])
    #expect(validate.status == 0, "\(validate.stderr)")
    #expect(validate.stdout.contains("600 recommendations; 0 errors, 0 warnings"))

    let other = directory.appendingPathComponent("other")
    #expect(try TestSupport.runTool(
      ["synth", "--recommendations", "600", "--seed", "43", "--out", other.path], in: TestSupport.repositoryRoot).status == 0)
    let sample = "sources/0000/t000001-s01.yaml"
    #expect(FileManager.default.contents(atPath: other.appendingPathComponent(sample).path) != listings[0][sample])
  }

  @Test func theAnalysisOfASyntheticCatalogueFindsEveryKindOfRelation() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("synthetic")
    #expect(try TestSupport.runTool(
      ["synth", "--recommendations", "2000", "--seed", "7", "--out", out.path], in: TestSupport.repositoryRoot).status == 0)
    let result = try TestSupport.runTool(["conflicts", out.path, "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let byType = try #require((document["counts"] as? [String: Any])?["byType"] as? [String: Int])
    for (type, count) in byType { #expect(count > 0, "no \(type) in the synthetic catalogue") }
  }

  @Test func refusesANonEmptyOutputDirectory() throws {
    let result = try TestSupport.runTool(
      ["synth", "--recommendations", "10", "--out", TestSupport.repositoryRoot.appendingPathComponent("Evidence").path])
    #expect(result.status == 64)
    #expect(result.stderr.contains("is not empty"))
  }
}
