import EvidenceCatalogue
import EvidenceModel

/// Counts of a catalogue's files (all found, parsed or not) and entities, for summaries.
public func summaryLine(_ load: CatalogueLoadResult) -> String {
  let catalogue = load.catalogue
  let parts = [
    (load.references.count, "file"), (catalogue.schemes.count, "grading scheme"),
    (catalogue.bodies.count, "body"), (catalogue.interventions.count, "intervention"),
    (catalogue.populations.count, "population"), (catalogue.topics.count, "topic"),
    (catalogue.studies.count, "study"), (catalogue.sources.count, "source"),
    (catalogue.recommendations.count, "recommendation"),
  ]
  return parts.map { count, noun in "\(count) \(plural(noun, count))" }.joined(separator: ", ")
}

public func plural(_ noun: String, _ count: Int) -> String {
  guard count != 1 else { return noun }
  if noun.hasSuffix("y") { return String(noun.dropLast()) + "ies" }
  return noun + "s"
}

/// "2 errors, 1 warning" for a list of diagnostics, with ", 3 notes" when there are notes.
public func findingsLine(_ diagnostics: [Diagnostic]) -> String {
  let errors = diagnostics.filter { $0.severity == .error }.count
  let warnings = diagnostics.filter { $0.severity == .warning }.count
  let notes = diagnostics.filter { $0.severity == .note }.count
  var line = "\(errors) \(plural("error", errors)), \(warnings) \(plural("warning", warnings))"
  if notes > 0 { line += ", \(notes) \(plural("note", notes))" }
  return line
}
