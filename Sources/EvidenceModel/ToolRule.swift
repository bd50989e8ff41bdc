/// The stable ids of the tool's own diagnostics: problems running a command rather than problems
/// in the catalogue (``Diagnostic/rule`` for those is a catalogue rule or an analysis finding).
///
/// With the catalogue's rules (`RuleID`) and the analysis findings (`FindingRule`) this makes one
/// registry of every rule id a diagnostic can carry (`RuleRegistry` in `EvidenceWorkflows`).
public enum ToolRule: String, CaseIterable, Sendable {
  /// A report, an export or an `init` skeleton could not be written (its directory or a file).
  case reportOutput = "report-output"
  /// The SQLite database could not be opened, migrated, read or written.
  case database
  /// `check --json`, `--junit` or `--sarif` could not be written.
  case checkOutput = "check-output"
  /// A `--baseline` file is not a JSON file the tool wrote.
  case baseline
  /// A `--scoring` file is not a valid scoring configuration.
  case scoringConfiguration = "scoring-configuration"
  /// `synth` could not read its schemes or write the catalogue.
  case synth
  /// Text longer than a spreadsheet cell holds was cut.
  case xlsxCellTruncated = "xlsx-cell-truncated"
  /// A sheet holds fewer rows than the report has.
  case xlsxRowsTruncated = "xlsx-rows-truncated"
}

extension Diagnostic {
  /// An error of the tool about a file or directory (no line or column): printed
  /// `path: error: [rule] message`.
  public static func tool(_ rule: ToolRule, at path: String, _ message: String, severity: Severity = .error) -> Diagnostic {
    Diagnostic(rule: rule.rawValue, severity: severity, message: message, location: .file(path))
  }
}
