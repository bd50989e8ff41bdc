/// A problem found in a catalogue: a stable rule id, a severity, a message that says what to do,
/// and where it is.
///
/// Diagnostics are values so that every front end (stderr, JSON, JUnit, spreadsheets) renders the
/// same finding; the command-line tool prints them as `file:line:col: error: [rule] message`.
public struct Diagnostic: Hashable, Codable, Sendable {
  /// How serious a diagnostic is.
  public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    /// Information a reader should see, such as a recommendation that cites no study.
    case note
    case warning
    case error

    private var rank: Int {
      switch self {
      case .note: 0
      case .warning: 1
      case .error: 2
      }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  /// A secondary location that helps explain the diagnostic, such as the first definition of a
  /// duplicated id.
  public struct Note: Hashable, Codable, Sendable {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation?) {
      self.message = message
      self.location = location
    }
  }

  /// The stable rule id, such as `duplicate-id`.
  public var rule: String
  public var severity: Severity
  public var message: String
  /// Where the problem is; `nil` only for problems with no file (for example an empty directory).
  public var location: SourceLocation?
  public var notes: [Note]

  public init(
    rule: String, severity: Severity, message: String, location: SourceLocation?,
    notes: [Note] = []
  ) {
    self.rule = rule
    self.severity = severity
    self.message = message
    self.location = location
    self.notes = notes
  }

  /// The diagnostic in the `file:line:col: severity: [rule] message` form, followed by one line per
  /// note.
  public var formatted: String {
    var lines = [Self.line(location, severity.rawValue, "[\(rule)] \(message)")]
    for note in notes {
      lines.append(Self.line(note.location, "note", note.message))
    }
    return lines.joined(separator: "\n")
  }

  private static func line(_ location: SourceLocation?, _ label: String, _ text: String) -> String {
    guard let location else { return "\(label): \(text)" }
    return "\(location): \(label): \(text)"
  }
}

extension Array where Element == Diagnostic {
  /// Whether any diagnostic is an error.
  public var containsErrors: Bool { contains { $0.severity == .error } }

  /// The diagnostics in a stable order: by file, line and column, then rule and message.
  public func sortedByLocation() -> [Diagnostic] {
    sorted { a, b in
      switch (a.location, b.location) {
      case let (l?, r?) where l != r: return l < r
      case (nil, _?): return true
      case (_?, nil): return false
      default: return (a.rule, a.message) < (b.rule, b.message)
      }
    }
  }
}
