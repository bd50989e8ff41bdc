import EvidenceCatalogue
import EvidenceModel
import Testing

/// Decodes one file's text (with a minimal scheme so that nothing else is reported).
func decode(_ yaml: String) -> (CatalogueFile?, [Diagnostic]) {
  CatalogueFileDecoder().decode(Array(yaml.utf8), path: "t.yaml", displayPath: "t.yaml")
}

@Suite("Typed decoding")
struct DecodingTests {
  @Test func yaml11SurprisesStayText() throws {
    let (file, diagnostics) = decode(
      """
      populations:
        - id: p
          name: no
          condition: fracture
          qualifiers:
            sex: no
            glucocorticoid-use: yes
            fracture-level: 0123
      """)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
    let population = try #require(file?.populations.first)
    #expect(population.name == "no")
    #expect(population.qualifiers.map(\.dimension) == ["fracture-level", "glucocorticoid-use", "sex"])
    #expect(population.qualifiers.map(\.values) == [["0123"], ["yes"], ["no"]])
  }

  @Test func numbersMustBePlainAndBooleansStrict() {
    let (_, diagnostics) = decode(
      """
      studies:
        - id: s
          name: S
          citation: C
          year: 0x7DA
          design: rct
          result: mixed
          unverified: on
          unverified-note: n
      """)
    #expect(diagnostics.map(\.rule).contains("wrong-type"))
    #expect(diagnostics.contains { $0.message.contains("'year'") })
    #expect(diagnostics.contains { $0.message.contains("'unverified'") && $0.location?.line == 8 })
  }

  @Test func readsEveryEntityOfAFile() throws {
    let (file, diagnostics) = decode(
      """
      interventions:
        - {id: a, name: A}
        - {id: b, name: B, parent: a, description: child of a}
      studies:
        - id: trial
          name: Trial
          citation: X et al. 2009
          year: 2009
          design: sham-controlled-rct
          size: 78
          intervention: b
          enrolment: {end: 12mo, note: under 12 months}
          result: no-difference
          registrations: [ACTRN012605000079640]
      """)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
    #expect(file?.interventions.map(\.parent) == [nil, "a"])
    let study = try #require(file?.studies.first)
    #expect(study.enrolment?.end == TimelineDuration(12, .months))
    #expect(study.identifiers.registrations == ["ACTRN012605000079640"])
    #expect(study.design == .shamControlledRCT)
    #expect(study.location == SourceLocation(file: "t.yaml", line: 5, column: 5))
  }

  @Test func reportsEveryProblemInOnePass() {
    let (_, diagnostics) = decode(
      """
      bodies:
        - id: Bad Id
          abbreviation: B
          name: B
          colour: red
        - id: ok
          name: Missing abbreviation
      """)
    #expect(Set(diagnostics.map(\.rule)) == ["invalid-id", "unknown-key", "missing-key"])
  }

  @Test func emptyValuesCountAsMissingAndNeverDropEntriesSilently() {
    let (_, diagnostics) = decode(
      """
      source: ~
      recommendations:
        - {id: r, intervention: x, population: p, direction: for, strength: s, statement: t, locator: l}
        - {id: q, interventions: [], population: p, direction: for, strength: s, statement: t, locator: l}
      studies:
        - {id: s, name: S, citation: C, year: , design: rct, result: mixed, pmid: "1"}
        - {id: t, name: T, citation: C, year: 2009, design: rct, result: mixed, pmid: "2", intervention: x}
      """)
    #expect(diagnostics.contains { $0.rule == "missing-key" && $0.message.contains("'source'") })
    #expect(diagnostics.contains { $0.rule == "missing-key" && $0.message.contains("'interventions'") })
    #expect(diagnostics.contains { $0.rule == "missing-key" && $0.message.contains("'year'") })
  }

  /// Text of nothing but white space is blank, whatever the white space (the set of Foundation's
  /// `whitespacesAndNewlines`, U+200B included); a visible character among it is text.
  @Test(arguments: [("\\u3000\\t", true), ("\\u200B", true), ("\\u00A0\\u2029 ", true), ("\\u200B.", false), ("\\u00E9", false)])
  func blankTextIsWhiteSpaceOnly(_ escaped: String, blank: Bool) {
    let (_, diagnostics) = decode(
      """
      populations:
        - {id: p, name: "\(escaped)", condition: fracture}
      """)
    let reported = diagnostics.contains { $0.rule == "invalid-value" && $0.message.contains("'name'") && $0.message.contains("blank") }
    #expect(reported == blank, "\(diagnostics.map(\.formatted))")
  }

  @Test func repeatedIdsInAListAreReported() {
    let (_, diagnostics) = decode(
      """
      source: {id: s, kind: guideline, title: T, year: 2020, bodies: [a, a], citation: C, pmid: "1"}
      """)
    #expect(diagnostics.map(\.rule) == ["invalid-value"])
    #expect(diagnostics.first?.location?.column == 68)  // the second "a"
  }

  @Test func contentHashIsTheSHA256OfTheBytes() throws {
    let (file, _) = decode("bodies: []\n")
    #expect(file?.contentHash == sha256Hex(Array("bodies: []\n".utf8)))
  }

  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
  ])
  func sha256MatchesStandardVectors(input: String, digest: String) {
    #expect(sha256Hex(Array(input.utf8)) == digest)
  }
}
