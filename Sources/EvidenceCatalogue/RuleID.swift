/// The stable ids of the catalogue's validation rules.
///
/// Ids never change meaning once released: CI policies, JUnit reports and dashboards key on them.
/// The DocC article "Catalogue rules" (`EvidenceCatalogue.docc/CatalogueRules.md`) describes each.
public enum RuleID: String, CaseIterable, Sendable {
  // Reading a file.
  case noCatalogue = "no-catalogue"
  case unreadableFile = "unreadable-file"
  case notARegularFile = "not-a-regular-file"
  case fileTooLarge = "file-too-large"
  case emptyFile = "empty-file"
  case invalidUTF8 = "invalid-utf8"
  case controlCharacter = "control-character"
  case yamlSyntax = "yaml-syntax"
  case yamlTooDeep = "yaml-too-deep"
  case yamlDuplicateKey = "yaml-duplicate-key"
  case yamlAnchor = "yaml-anchor"
  case yamlMultipleDocuments = "yaml-multiple-documents"
  // Shape and types.
  case wrongType = "wrong-type"
  case unknownKey = "unknown-key"
  case missingKey = "missing-key"
  case invalidValue = "invalid-value"
  case invalidID = "invalid-id"
  case malformedDuration = "malformed-duration"
  case malformedDate = "malformed-date"
  case malformedIdentifier = "malformed-identifier"
  case textTooLong = "text-too-long"
  // Meaning across the catalogue.
  case duplicateID = "duplicate-id"
  case danglingReference = "dangling-reference"
  case invertedWindow = "inverted-window"
  case unknownGrade = "unknown-grade"
  case gradeDirectionMismatch = "grade-direction-mismatch"
  case missingProvenance = "missing-provenance"
  case interventionCycle = "intervention-cycle"
  case interventionTooDeep = "intervention-too-deep"
  case inconsistentStatus = "inconsistent-status"
  case inconsistentRange = "inconsistent-range"
  case unverifiedWithoutNote = "unverified-without-note"
  // Editions in time.
  case inconsistentDates = "inconsistent-dates"
  case supersessionCycle = "supersession-cycle"
  case successorBeforePredecessor = "successor-before-predecessor"
  // Populations, scope and aspects.
  case unknownMeasure = "unknown-measure"
  case unknownUnit = "unknown-unit"
  case unionConditionMismatch = "union-condition-mismatch"
  case unionCycle = "union-cycle"
  case ageAsPopulationRange = "age-as-population-range"
  case exclusiveScopeWithoutBound = "exclusive-scope-without-bound"
  case exclusiveScopeDirection = "exclusive-scope-direction"
  case exceptionOutsidePopulation = "exception-outside-population"
  case invalidInterval = "invalid-interval"
}
