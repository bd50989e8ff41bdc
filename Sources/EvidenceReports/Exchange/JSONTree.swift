import EvidenceModel

/// A JSON value whose object keys keep the order they were given in, for documents whose
/// readers expect a field order (FHIR puts `resourceType` first, SARIF `version` before `runs`).
///
/// Written with two-space indentation and `\n` line ends; the same tree always gives the same
/// bytes. Numbers are integers or fixed two-decimal values, never locale-formatted.
public indirect enum JSONTree: Hashable, Sendable {
  case object([Field])
  case array([JSONTree])
  case string(String)
  case integer(Int)
  /// A decimal written with two decimals (``fixed(_:)``).
  case decimal(Double)
  case bool(Bool)
  case null

  /// One key and value of an object.
  public struct Field: Hashable, Sendable {
    public var key: String
    public var value: JSONTree

    public init(_ key: String, _ value: JSONTree) {
      self.key = key
      self.value = value
    }
  }

  /// An object from fields, leaving out every field whose value is `nil` or an empty array.
  public static func object(_ fields: (String, JSONTree?)...) -> JSONTree {
    .object(fields.compactMap { key, value in
      guard let value, value != .array([]) else { return nil }
      return Field(key, value)
    })
  }

  /// A string, or `nil` (an absent field) for `nil` or empty text.
  public static func text(_ value: String?) -> JSONTree? {
    guard let value, !value.isEmpty else { return nil }
    return .string(value)
  }

  /// The document with a final line feed.
  public var document: String {
    var output = ""
    write(to: &output)
    output.write("\n")
    return output
  }

  /// Writes the value, indented as if it began at `depth`.
  public func write<Output: TextOutputStream>(to output: inout Output, depth: Int = 0) {
    switch self {
    case .object(let fields):
      guard !fields.isEmpty else { return output.write("{}") }
      output.write("{\n")
      for (index, field) in fields.enumerated() {
        output.write(String(repeating: "  ", count: depth + 1))
        output.write(Self.quoted(field.key))
        output.write(": ")
        field.value.write(to: &output, depth: depth + 1)
        output.write(index == fields.count - 1 ? "\n" : ",\n")
      }
      output.write(String(repeating: "  ", count: depth) + "}")
    case .array(let elements):
      guard !elements.isEmpty else { return output.write("[]") }
      output.write("[\n")
      for (index, element) in elements.enumerated() {
        output.write(String(repeating: "  ", count: depth + 1))
        element.write(to: &output, depth: depth + 1)
        output.write(index == elements.count - 1 ? "\n" : ",\n")
      }
      output.write(String(repeating: "  ", count: depth) + "]")
    case .string(let text): output.write(Self.quoted(text))
    case .integer(let value): output.write(String(value))
    case .decimal(let value): output.write(fixed(value))
    case .bool(let value): output.write(value ? "true" : "false")
    case .null: output.write("null")
    }
  }

  /// A JSON string literal: quotes, backslashes and control characters escaped; everything else,
  /// non-ASCII text included, as UTF-8.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case let s where s.value < 0x20 || s.value == 0x2028 || s.value == 0x2029:
        let hex = String(s.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
