import EvidenceModel

/// `validate --format json`: the catalogue's counts, its diagnostics and whether it passed.
public struct ValidationDocument: Encodable, Sendable {
  public static let schemaVersion = 1

  /// How many files and entities of each kind the catalogue holds.
  public struct Counts: Encodable, Sendable {
    public var files, gradingSchemes, bodies, interventions, populations, topics, studies, sources, recommendations: Int

    public init(
      files: Int, gradingSchemes: Int, bodies: Int, interventions: Int, populations: Int, topics: Int, studies: Int,
      sources: Int, recommendations: Int
    ) {
      self.files = files
      self.gradingSchemes = gradingSchemes
      self.bodies = bodies
      self.interventions = interventions
      self.populations = populations
      self.topics = topics
      self.studies = studies
      self.sources = sources
      self.recommendations = recommendations
    }
  }

  public var schemaVersion = Self.schemaVersion
  public var catalogue: String
  /// `nil` when the catalogue could not be read at all.
  public var counts: Counts?
  public var errors: Int
  public var warnings: Int
  public var notes: Int
  public var strict: Bool
  /// Whether validate exits 0: no errors, and no diagnostics at all under `--strict`.
  public var passed: Bool
  public var diagnostics: [Diagnostic]

  public init(catalogue: String, counts: Counts?, diagnostics: [Diagnostic], strict: Bool) {
    self.catalogue = catalogue
    self.counts = counts
    self.diagnostics = diagnostics
    self.strict = strict
    errors = diagnostics.filter { $0.severity == .error }.count
    warnings = diagnostics.filter { $0.severity == .warning }.count
    notes = diagnostics.filter { $0.severity == .note }.count
    passed = counts != nil && errors == 0 && !(strict && !diagnostics.isEmpty)
  }

  private enum CodingKeys: String, CodingKey {
    case schemaVersion, catalogue, counts, errors, warnings, notes, strict, passed, diagnostics
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(schemaVersion, forKey: .schemaVersion)
    try container.encode(catalogue, forKey: .catalogue)
    try container.encode(counts, forKey: .counts)
    try container.encode(errors, forKey: .errors)
    try container.encode(warnings, forKey: .warnings)
    try container.encode(notes, forKey: .notes)
    try container.encode(strict, forKey: .strict)
    try container.encode(passed, forKey: .passed)
    try container.encode(diagnostics, forKey: .diagnostics)
  }
}

/// `history --format json`: the recorded check runs, newest first, each with the change in its
/// conflict counts from the run before it of the same scope.
public struct HistoryDocument: Encodable, Sendable {
  public static let schemaVersion = 1

  public struct Run: Encodable, Sendable {
    public var id: Int64
    public var asOf: String
    public var catalogueHash: String
    public var toolVersion: String
    /// `nil` for a run over the whole catalogue.
    public var topic: String?
    public var passed: Bool
    public var errors: Int
    public var warnings: Int
    /// Conflicts by severity (`major`, `moderate`, `minor`, `none`).
    public var conflicts: [String: Int]
    /// The run before it of the same scope (`nil` for the first).
    public var previousRun: Int64?
    /// This run's count minus the previous run's, by severity (`nil` for the first run).
    public var change: [String: Int]?

    public init(
      id: Int64, asOf: String, catalogueHash: String, toolVersion: String, topic: String?, passed: Bool, errors: Int,
      warnings: Int, conflicts: [String: Int], previous: (id: Int64, conflicts: [String: Int])?
    ) {
      self.id = id
      self.asOf = asOf
      self.catalogueHash = catalogueHash
      self.toolVersion = toolVersion
      self.topic = topic
      self.passed = passed
      self.errors = errors
      self.warnings = warnings
      self.conflicts = conflicts
      previousRun = previous?.id
      change = previous.map { older in
        Dictionary(uniqueKeysWithValues: Set(conflicts.keys).union(older.conflicts.keys).map { key in
          (key, (conflicts[key] ?? 0) - (older.conflicts[key] ?? 0))
        })
      }
    }

    private enum CodingKeys: String, CodingKey {
      case id, asOf, catalogueHash, toolVersion, topic, passed, errors, warnings, conflicts, previousRun, change
    }

    /// Every field, `null` where absent.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(asOf, forKey: .asOf)
      try container.encode(catalogueHash, forKey: .catalogueHash)
      try container.encode(toolVersion, forKey: .toolVersion)
      try container.encode(topic, forKey: .topic)
      try container.encode(passed, forKey: .passed)
      try container.encode(errors, forKey: .errors)
      try container.encode(warnings, forKey: .warnings)
      try container.encode(conflicts, forKey: .conflicts)
      try container.encode(previousRun, forKey: .previousRun)
      try container.encode(change, forKey: .change)
    }
  }

  public var schemaVersion = Self.schemaVersion
  public var runs: [Run]

  public init(runs: [Run]) { self.runs = runs }
}
