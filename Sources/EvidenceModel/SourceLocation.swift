/// A 1-based position in a catalogue file, used to point a reader at the text behind a value.
public struct SourceLocation: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
  /// The file's path as the user named it (for example `Evidence/vcf/aaos-2010.yaml`).
  public var file: String
  /// The 1-based line.
  public var line: Int
  /// The 1-based column, counted in Unicode scalars.
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// The conventional `file:line:col` form that editors and CI systems link to.
  public var description: String { "\(file):\(line):\(column)" }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}
