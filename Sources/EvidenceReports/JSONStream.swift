import Foundation

/// The JSON every command writes: pretty-printed with sorted keys and slashes as written, so the
/// same values always give the same bytes.
public enum JSONOutput {
  public static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
  }
}

/// Writes a JSON document whose large arrays are encoded one element at a time, so that a report
/// of millions of relations is never held in memory as one tree.
///
/// The bytes are exactly those of `JSONEncoder` with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes` encoding the whole document: the document's other fields are encoded
/// as a skeleton in which every large array is a placeholder, and each placeholder's line is
/// replaced by the array, each element encoded alone and indented to its place.
enum JSONStream {
  /// The value a skeleton holds in place of a large array.
  static let placeholder = "\u{1}array"

  /// A large array: its length and how to make each element.
  struct Array {
    let count: Int
    let element: (Int) -> any Encodable

    init(count: Int, element: @escaping (Int) -> any Encodable) {
      self.count = count
      self.element = element
    }

    init<Element: Encodable>(_ elements: [Element]) {
      self.init(count: elements.count) { elements[$0] }
    }
  }

  private static let newline = UInt8(ascii: "\n")
  private static let indent = Swift.Array("    ".utf8)
  private static let separator = Swift.Array(",\n    ".utf8)

  /// Writes the skeleton with each top-level placeholder replaced by its array, then a line feed.
  ///
  /// `progress` is told, every 1,000 elements and at the end, how many elements of all the
  /// arrays are written.
  static func write<Skeleton: Encodable, Output: TextOutputStream>(
    _ skeleton: Skeleton, arrays: [String: Array], to output: inout Output,
    progress: ((_ done: Int, _ total: Int) -> Void)? = nil
  ) throws {
    let total = arrays.values.reduce(0) { $0 + $1.count }
    var done = 0
    let counted = arrays.mapValues { array in
      Array(count: array.count) { index in
        done += 1
        if done % 1000 == 0 { progress?(done, total) }
        return array.element(index)
      }
    }
    defer { progress?(total, total) }
    let encoder = JSONOutput.encoder()
    let text = String(decoding: try encoder.encode(skeleton), as: UTF8.self)
    let marker = " : \"\\u0001array\""
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      // A top-level key is indented by exactly two spaces; nested keys by more.
      guard line.hasPrefix("  \""), !line.hasPrefix("   "), let range = line.range(of: marker),
        let array = counted[String(line[line.index(line.startIndex, offsetBy: 3)..<range.lowerBound].dropLast())]
      else {
        output.write(String(line))
        output.write("\n")
        continue
      }
      output.write(String(line[..<range.lowerBound]))
      output.write(" : ")
      try write(array, encoder: encoder, to: &output)
      output.write(String(line[range.upperBound...]))  // the comma, if any
      output.write("\n")
    }
  }

  /// An array at the top level of a pretty-printed document (its elements indented by four).
  private static func write<Output: TextOutputStream>(
    _ array: Array, encoder: JSONEncoder, to output: inout Output
  ) throws {
    guard array.count > 0 else {
      output.write("[\n\n  ]")
      return
    }
    output.write("[\n")
    var indented: [UInt8] = []
    for index in 0..<array.count {
      let element = try encoder.encode(array.element(index))
      indented.removeAll(keepingCapacity: true)
      indented.append(contentsOf: index == 0 ? Self.indent : Self.separator)
      // Work on the bytes: a line feed inside JSON text only ever ends a line (strings escape
      // theirs). An empty line (inside an empty array) stays empty.
      var previous: UInt8 = 0
      for byte in element {
        if previous == Self.newline, byte != Self.newline { indented.append(contentsOf: Self.indent) }
        indented.append(byte)
        previous = byte
      }
      output.write(String(decoding: indented, as: UTF8.self))
    }
    output.write("\n  ]")
  }
}
