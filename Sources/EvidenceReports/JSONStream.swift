import EvidenceModel
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
/// replaced by the array, each element encoded alone in place by ``PrettyJSONEncoder``, which
/// writes the same bytes as `JSONEncoder` several times faster.
enum JSONStream {
  /// The value a skeleton holds in place of a large array.
  static let placeholder = "\u{1}array"

  /// A large array: its length and how to write each element (at a depth, into bytes).
  ///
  /// Elements are written on several threads at once, so writing one must only read what the
  /// closure captures.
  struct Array {
    let count: Int
    let write: (_ index: Int, _ depth: Int, _ out: inout [UInt8]) throws -> Void

    init(count: Int, element: @escaping (Int) -> any Encodable) {
      self.count = count
      write = { index, depth, out in try PrettyJSONEncoder.write(element(index), depth: depth, to: &out) }
    }

    /// An array whose elements write their own bytes, exactly as `JSONEncoder` would.
    init(count: Int, writing write: @escaping (_ index: Int, _ depth: Int, _ out: inout [UInt8]) throws -> Void) {
      self.count = count
      self.write = write
    }

    init<Element: Encodable>(_ elements: [Element]) {
      self.init(count: elements.count) { elements[$0] }
    }
  }

  private static let indent = Swift.Array("    ".utf8)
  private static let separator = Swift.Array(",\n    ".utf8)

  /// Writes the skeleton with each top-level placeholder replaced by its array, then a line feed.
  ///
  /// `progress` is told, as the elements are written and at the end, how many elements of all
  /// the arrays are written.
  static func write<Skeleton: Encodable, Output: TextOutputStream>(
    _ skeleton: Skeleton, arrays: [String: Array], to output: inout Output,
    progress: ((_ done: Int, _ total: Int) -> Void)? = nil
  ) throws {
    let total = arrays.values.reduce(0) { $0 + $1.count }
    var done = 0
    defer { progress?(total, total) }
    let encoder = JSONOutput.encoder()
    let text = String(decoding: try encoder.encode(skeleton), as: UTF8.self)
    let marker = " : \"\\u0001array\""
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      // A top-level key is indented by exactly two spaces; nested keys by more.
      guard line.hasPrefix("  \""), !line.hasPrefix("   "), let range = line.range(of: marker),
        let array = arrays[String(line[line.index(line.startIndex, offsetBy: 3)..<range.lowerBound].dropLast())]
      else {
        output.write(String(line))
        output.write("\n")
        continue
      }
      output.write(String(line[..<range.lowerBound]))
      output.write(" : ")
      try write(array, to: &output) { written in
        done += written
        progress?(done, total)
      }
      output.write(String(line[range.upperBound...]))  // the comma, if any
      output.write("\n")
    }
  }

  /// About how many bytes of JSON one core encodes at a time: elements range from a hundred
  /// bytes to a topic's pathway of hundreds of kilobytes, and two rounds of chunks on every core
  /// are held at once.
  private static let chunkBytes = 1 << 18

  /// An array at the top level of a pretty-printed document (its elements at depth 2), each
  /// element encoded by ``PrettyJSONEncoder`` in place, a chunk of elements on each core at once
  /// and written out in order; `written` is told how many more elements are written.
  private static func write<Output: TextOutputStream>(
    _ array: Array, to output: inout Output, written: (Int) -> Void
  ) throws {
    guard array.count > 0 else {
      output.write("[\n\n  ]")
      return
    }
    // The first element alone, to size the chunks of the rest.
    var first: [UInt8] = Swift.Array("[\n".utf8) + Self.indent
    try array.write(0, 2, &first)
    output.write(String(decoding: first, as: UTF8.self))
    written(1)
    let chunk = max(1, min(256, Self.chunkBytes / max(1, first.count)))
    try Parallel.ordered(count: array.count - 1, chunk: chunk) { range in
      var buffer: [UInt8] = []
      buffer.reserveCapacity(Self.chunkBytes + Self.chunkBytes / 4)
      for index in range {
        buffer.append(contentsOf: Self.separator)
        try array.write(index + 1, 2, &buffer)
      }
      return (buffer, range.count)
    } consume: { (buffer: [UInt8], count: Int) in
      output.write(String(decoding: buffer, as: UTF8.self))
      written(count)
    }
    output.write("\n  ]")
  }
}
