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

  /// A whole file or directory, without a line (line and column 0): for problems such as a file
  /// that cannot be written.
  public static func file(_ path: String) -> SourceLocation { SourceLocation(file: path, line: 0, column: 0) }

  /// The conventional `file:line:col` form that editors and CI systems link to (the path alone
  /// for a whole file).
  public var description: String { line == 0 ? file : "\(file):\(line):\(column)" }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}

extension SourceLocation {
  /// A decoder's user-info key: when set to a path, every location decoded takes that file name,
  /// so a file read back from storage names the path it has now, not the one it was read from.
  public static let fileOverride = CodingUserInfoKey(rawValue: "evidence-conflicts.source-location.file")!

  /// An encoder's and decoder's user-info key: when set to `true`, a location is one number,
  /// line × 2³² + column, without its file. The store keeps each catalogue file's locations so:
  /// they all name that file, whose path the reader gives as ``fileOverride``, and a path written
  /// with every key and value was most of the stored content and of the time to encode it.
  public static let withoutFile = CodingUserInfoKey(rawValue: "evidence-conflicts.source-location.without-file")!

  private enum CodingKeys: String, CodingKey { case file, line, column }

  /// The line and column as one number, as ``withoutFile`` stores them.
  var packed: Int64 { Int64(line) << 32 | Int64(column) }

  /// A location in `file` at the line and column of a ``packed`` number.
  init(file: String, packed: Int64) {
    self.init(file: file, line: Int(packed >> 32), column: Int(packed & 0xFFFF_FFFF))
  }

  public init(from decoder: any Decoder) throws {
    if decoder.userInfo[Self.withoutFile] as? Bool == true, let file = decoder.userInfo[Self.fileOverride] as? String {
      self.init(file: file, packed: try decoder.singleValueContainer().decode(Int64.self))
      return
    }
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let stored = try c.decode(String.self, forKey: .file)
    self.init(
      file: decoder.userInfo[Self.fileOverride] as? String ?? stored,
      line: try c.decode(Int.self, forKey: .line), column: try c.decode(Int.self, forKey: .column))
  }

  public func encode(to encoder: any Encoder) throws {
    if encoder.userInfo[Self.withoutFile] as? Bool == true {
      var c = encoder.singleValueContainer()
      try c.encode(packed)
      return
    }
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(file, forKey: .file)
    try c.encode(line, forKey: .line)
    try c.encode(column, forKey: .column)
  }
}
