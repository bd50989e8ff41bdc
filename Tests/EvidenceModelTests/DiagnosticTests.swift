import EvidenceModel
import Testing

@Suite("Diagnostics")
struct DiagnosticTests {
  @Test func formatsWithLocationRuleAndNotes() {
    let diagnostic = Diagnostic(
      rule: "duplicate-id", severity: .error, message: "id 'x' is defined twice",
      location: SourceLocation(file: "Evidence/a.yaml", line: 12, column: 5),
      notes: [.init("'x' is first defined here", at: SourceLocation(file: "Evidence/b.yaml", line: 3, column: 7))])
    #expect(
      diagnostic.formatted == """
        Evidence/a.yaml:12:5: error: [duplicate-id] id 'x' is defined twice
        Evidence/b.yaml:3:7: note: 'x' is first defined here
        """)
  }

  @Test func withoutLocationPrintsSeverityFirst() {
    let diagnostic = Diagnostic(rule: "r", severity: .warning, message: "m", location: nil)
    #expect(diagnostic.formatted == "warning: [r] m")
  }

  @Test func sortsByFileLineAndColumn() {
    func at(_ file: String, _ line: Int, _ column: Int) -> Diagnostic {
      Diagnostic(rule: "r", severity: .error, message: "\(file)\(line)\(column)",
        location: SourceLocation(file: file, line: line, column: column))
    }
    let sorted = [at("b", 1, 1), at("a", 10, 1), at("a", 2, 9), at("a", 2, 3)].sortedByLocation()
    #expect(sorted.map(\.message) == ["a23", "a29", "a101", "b11"])
    #expect(sorted.containsErrors)
    #expect(![Diagnostic]().containsErrors)
  }
}
