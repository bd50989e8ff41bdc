import EvidenceCatalogue
import EvidenceModel
import EvidenceReports

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
  return parts.map { count, noun in Counting.noun(count, noun) }.joined(separator: ", ")
}

/// "2 errors, 1 warning" for a list of diagnostics, with ", 3 notes" when there are notes.
public func findingsLine(_ diagnostics: [Diagnostic]) -> String {
  let errors = diagnostics.filter { $0.severity == .error }.count
  let warnings = diagnostics.filter { $0.severity == .warning }.count
  let notes = diagnostics.filter { $0.severity == .note }.count
  var line = Counting.noun(errors, "error") + ", " + Counting.noun(warnings, "warning")
  if notes > 0 { line += ", " + Counting.noun(notes, "note") }
  return line
}
