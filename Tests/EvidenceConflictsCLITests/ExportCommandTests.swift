import EvidenceTestSupport
import Foundation
import Testing

/// `export` and the CI outputs of `check`, end to end on the bundled catalogue, read by
/// independent readers.
@Suite("export and CI outputs, end to end")
struct ExportCommandTests {
  @Test func theFhirBundleOfTheBundledCatalogueIsReadByFhirResources() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bundle.json")
    let result = try TestSupport.runTool(["export", "Evidence", "--format", "fhir", "--out", file.path], in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "wrote \(file.path)\n")
    let read = try TestSupport.python(FHIRReader.script, [file.path])
    #expect(read.status == 0, "\(read.stderr)")
    // Three code systems, a citation per source in scope, a rating per recommendation and
    // implied position, comparisons, and one plan per bundled topic.
    #expect(read.stdout.contains("CodeSystem=3"))
    #expect(read.stdout.contains("PlanDefinition=7"))
    #expect(read.stdout.contains("Group=7"))
    #expect(read.stdout.contains("Composition="))
    #expect(read.stdout.contains("Citation="))
    // The same catalogue gives the same bytes, whatever the time zone and locale; `-` is
    // standard output.
    let again = try TestSupport.runTool(
      ["export", "Evidence", "--format", "fhir", "--out", "-"], in: TestSupport.repositoryRoot,
      environment: ["TZ": "Pacific/Kiritimati", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"])
    #expect(again.status == 0)
    let same = Data(again.stdout.utf8) == (try Data(contentsOf: file))
    #expect(same, "export --out - differs from the file, or the output depends on the clock or locale")
  }

  @Test func theBundleCarriesTheVertebroplastyDisputeAsAComparison() throws {
    let result = try TestSupport.runTool(
      ["export", "Evidence", "--format", "fhir", "--out", "-", "--topic", "vcf-initial-treatment", "--quiet"],
      in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    let script = """
      import json, sys
      b = json.loads(sys.stdin.read())
      res = [e["resource"] for e in b["entry"]]
      rating = next(r for r in res if r["id"] == "rating-aaos-2010-r1")
      kinds = {c["type"]["coding"][0]["code"]: c for c in rating["content"] if "coding" in c["type"]}
      print(kinds["direction-of-recommendation"]["classifier"][0]["coding"][0]["code"],
            kinds["strength-of-recommendation"]["classifier"][0]["text"],
            kinds["strength-of-recommendation"]["classifier"][0]["coding"][0]["code"])
      comparisons = [r for r in res if r["resourceType"] == "ArtifactAssessment" and "meta" in r and r["meta"]["profile"][0].endswith("/comparison|1.0.0-ballot")]
      majors = [r for r in comparisons if any(c["type"].get("text") == "severity" and c["classifier"][0]["coding"][0]["code"] == "major" for c in r["content"])]
      print(len(majors) > 0, all("extension" in r for r in majors))
      plan = next(r for r in res if r["resourceType"] == "PlanDefinition")
      print(plan["meta"]["profile"][0].rsplit("/", 1)[1], plan["type"]["coding"][0]["code"], len(plan["action"]) > 1)
      """
    let file = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: file) }
    let bundle = file.appendingPathComponent("b.json")
    try Data(result.stdout.utf8).write(to: bundle)
    let checked = try TestSupport.python(script.replacingOccurrences(of: "sys.stdin.read()", with: "open(sys.argv[1]).read()"), [bundle.path])
    #expect(checked.status == 0, "\(checked.stderr)")
    #expect(checked.stdout == "against Strong strong\nTrue True\nrecommendation-plan|1.0.0-ballot eca-rule True\n")
  }

  @Test func csvExportWritesThreeRFC4180Tables() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try TestSupport.runTool(
      ["export", "Evidence", "--format", "csv", "--out", directory.path, "--quiet"], in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "")
    let script = """
      import csv, sys
      for name in ["recommendations", "relations", "disputes"]:
          raw = open(sys.argv[1] + "/" + name + ".csv", "rb").read()
          assert raw.count(b"\\r\\n") >= 2, name
          rows = list(csv.reader(open(sys.argv[1] + "/" + name + ".csv", newline="", encoding="utf-8"), strict=True))
          assert len({len(r) for r in rows}) == 1, name
          print(name, rows[0][0], len(rows) > 1)
      """
    let read = try TestSupport.python(script, [directory.path])
    #expect(read.status == 0, "\(read.stderr)")
    #expect(read.stdout == "recommendations id True\nrelations id True\ndisputes id True\n")
    let refused = try TestSupport.runTool(["export", "Evidence", "--format", "csv", "--out", "-"], in: TestSupport.repositoryRoot)
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("writes three files"))
  }

  @Test func checkWritesSarifThatValidatesAndGithubAnnotations() throws {
    let directory = try TestSupport.makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let sarif = directory.appendingPathComponent("check.sarif")
    let database = directory.appendingPathComponent("db.sqlite").path
    let result = try TestSupport.runTool(
      ["check", "Evidence", "--database", database, "--sarif", sarif.path, "--format", "github"],
      in: TestSupport.repositoryRoot)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("::warning file=Evidence/vcf/sources/aaos-2010-oscf.yaml,line=5,col=9,title=stale-source::"))
    // The annotations replace the warnings on standard error.
    #expect(!result.stderr.contains("[stale-source]"))
    let read = try TestSupport.python(SARIFReader.script, [sarif.path, SARIFReader.schema.path])
    #expect(read.status == 0, "\(read.stderr)")
    #expect(read.stdout.contains(" results; Evidence/"), "\(read.stdout)")
    #expect(read.stdout.contains("warning"))
  }
}
