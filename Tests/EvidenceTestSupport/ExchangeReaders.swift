import Foundation

/// Reads a FHIR bundle with `fhir.resources` (R5 pydantic models, which reject unknown elements
/// and wrong types), then checks its structure: unique full URLs and ids, every reference
/// resolving to an entry, the EBM profiles claimed in their R5 version, the rating slices on every
/// rating and each rating rating a Composition. Prints the resource counts.
public enum FHIRReader {
  public static let script = """
    import json, sys, collections
    from fhir.resources.bundle import Bundle
    text = open(sys.argv[1], encoding="utf-8").read()
    bundle = Bundle.model_validate_json(text)
    data = json.loads(text)
    urls = [e["fullUrl"] for e in data["entry"]]
    assert len(urls) == len(set(urls)), "duplicate fullUrl"
    keys = [(e["resource"]["resourceType"], e["resource"]["id"]) for e in data["entry"]]
    assert len(keys) == len(set(keys)), "duplicate id"
    refs = []
    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "reference": refs.append(v)
                walk(v)
        elif isinstance(x, list):
            for v in x: walk(v)
    walk(data)
    dangling = [r for r in refs if r not in set(urls)]
    assert not dangling, "dangling references: %s" % dangling[:5]
    ebm = "http://hl7.org/fhir/uv/ebm/StructureDefinition/"
    slices = {"strength-of-recommendation", "direction-of-recommendation", "certainty-of-evidence", "ratings"}
    by_url = {e["fullUrl"]: e["resource"] for e in data["entry"]}
    for e in data["entry"]:
        r = e["resource"]
        if r["resourceType"] == "ArtifactAssessment" and r["identifier"][0]["system"].endswith("/recommendation-id"):
            # The RecommendationRating slices (the profile itself is R6-only, so not claimed).
            codes = {c["type"]["coding"][0]["code"] for c in r["content"] if "coding" in c["type"]}
            assert slices <= codes, (r["id"], codes)
            assert by_url[r["artifactReference"]["reference"]]["resourceType"] == "Composition", r["id"]
        elif r["resourceType"] == "ArtifactAssessment":
            assert r["meta"]["profile"] == [ebm + "comparison|1.0.0-ballot"], r["meta"]
            assert all(x["url"] == ebm + "artifact-assessment-compared" for x in r.get("extension", []))
        if r["resourceType"] == "PlanDefinition":
            assert r["meta"]["profile"] == [ebm + "recommendation-plan|1.0.0-ballot"]
            assert r["type"]["coding"][0]["code"] == "eca-rule"
            assert by_url[r["subjectReference"]["reference"]]["resourceType"] == "Group"
    counts = collections.Counter(e.resource.get_resource_type() for e in bundle.entry)
    print(" ".join("%s=%d" % (k, counts[k]) for k in sorted(counts)), "references=%d" % len(refs))
    """
}

/// Validates a SARIF log against the OASIS schema (`Tests/Fixtures/SARIF`) with `jsonschema`, and
/// prints the result count, the first location and the levels.
public enum SARIFReader {
  public static var schema: URL { TestSupport.fixture("SARIF").appendingPathComponent("sarif-schema-2.1.0.json") }

  public static let script = """
    import json, sys, jsonschema
    log = json.load(open(sys.argv[1], encoding="utf-8"))
    schema = json.load(open(sys.argv[2], encoding="utf-8"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    results = log["runs"][0]["results"]
    first = next((r["locations"][0]["physicalLocation"] for r in results if "locations" in r and "region" in r["locations"][0]["physicalLocation"]), None)
    where = "%s %d %d" % (first["artifactLocation"]["uri"], first["region"]["startLine"], first["region"]["startColumn"]) if first else "none"
    print("%d results; %s; %s" % (len(results), where, " ".join(r["level"] for r in results)))
    """
}
