import Foundation

/// Encodes any `Encodable` to exactly the bytes of `JSONOutput.encoder()` (Foundation's
/// `JSONEncoder` with `.prettyPrinted`, `.sortedKeys` and `.withoutEscapingSlashes`), several
/// times faster, so that a report of millions of relations is written at the speed of its text.
///
/// The value is encoded into a light tree of reference nodes (objects keep their fields in the
/// order given; several containers of one encoder merge into one object, as Foundation's do),
/// then written with keys sorted by their UTF-8 bytes, two-space indentation, `" : "` between key
/// and value, `"[\n\n]"`-style empty containers, doubles as their shortest round-trip text
/// without a trailing `.0`, and strings escaped as Foundation escapes them (`\"`, `\\`, `\b`,
/// `\f`, `\n`, `\r`, `\t`, other control characters as `\u00xx`; `/` and non-ASCII as they are).
/// `URL`s are written as their absolute string, as Foundation writes them. The tests compare
/// the two encoders on every report of the bundled catalogue and on hostile text.
///
/// Containers report an empty `codingPath`: nothing the reports encode reads it, and building it
/// for every value would cost an allocation each.
enum PrettyJSONEncoder {
  /// Appends the JSON of a value, its first line at the current position and its other lines
  /// indented as if it sat at `depth`.
  static func write(_ value: some Encodable, depth: Int, to bytes: inout [UInt8]) throws {
    let root = Node()
    try root.encode(value, path: [])
    root.write(depth: depth, to: &bytes)
  }

  /// The JSON of a value at depth 0, without a final line feed.
  static func encode(_ value: some Encodable) throws -> [UInt8] {
    var bytes: [UInt8] = []
    try write(value, depth: 0, to: &bytes)
    return bytes
  }
}

/// A node of the tree being encoded: unset, a literal (already JSON text), an object or an array.
final class Node {
  enum Kind { case unset, literal, object, array }
  var kind = Kind.unset
  var literal: [UInt8] = []
  var fields: [(key: String, node: Node)] = []
  var items: [Node] = []

  init() {}

  init(literal: [UInt8]) {
    kind = .literal
    self.literal = literal
  }

  func encode(_ value: some Encodable, path: [any CodingKey]) throws {
    if let text = Self.literal(value) {
      kind = .literal
      literal = text
      return
    }
    try value.encode(to: NodeEncoder(node: self, codingPath: path))
  }

  /// The JSON text of the values Foundation writes as one literal, without asking them to encode.
  static func literal(_ value: some Encodable) -> [UInt8]? {
    switch value {
    case let v as String: return quoted(v)
    case let v as Int: return Array(String(v).utf8)
    case let v as Bool: return Array((v ? "true" : "false").utf8)
    case let v as Double: return number(v)
    case let v as Int64: return Array(String(v).utf8)
    case let v as URL: return quoted(v.absoluteString)
    default: return nil
    }
  }

  static func number(_ value: Double) -> [UInt8] { Array(numberText(value).utf8) }

  /// A double as Foundation writes it: its shortest round-trip text without a trailing `.0`.
  static func numberText(_ value: Double) -> String {
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
  }


  static func number(_ value: Float) -> [UInt8] {
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    return Array(text.utf8)
  }

  static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  static func quoted(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    appendQuoted(text, to: &out)
    return out
  }

  /// Appends a string literal: the bytes as they are when none needs escaping (the usual case).
  static func appendQuoted(_ text: String, to out: inout [UInt8]) {
    var text = text
    out.append(UInt8(ascii: "\""))
    let plain = text.withUTF8 { bytes in
      if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
        out.append(contentsOf: bytes)
        return true
      }
      return false
    }
    if plain {
      out.append(UInt8(ascii: "\""))
      return
    }
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out += [0x5C, 0x22]
      case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
      case 0x08: out += [0x5C, UInt8(ascii: "b")]
      case 0x0C: out += [0x5C, UInt8(ascii: "f")]
      case 0x0A: out += [0x5C, UInt8(ascii: "n")]
      case 0x0D: out += [0x5C, UInt8(ascii: "r")]
      case 0x09: out += [0x5C, UInt8(ascii: "t")]
      case 0..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// A field of this object, for a keyed container (a later value of a key replaces an earlier).
  func set(_ key: String, _ node: Node) {
    if kind != .object { kind = .object }
    if let index = fields.firstIndex(where: { $0.key == key }) {
      fields[index].node = node
    } else {
      fields.append((key, node))
    }
  }

  func write(depth: Int, to out: inout [UInt8]) {
    switch kind {
    case .literal: out.append(contentsOf: literal)
    case .unset: Self.empty(UInt8(ascii: "{"), UInt8(ascii: "}"), depth, &out)
    case .object:
      guard !fields.isEmpty else { return Self.empty(UInt8(ascii: "{"), UInt8(ascii: "}"), depth, &out) }
      out.append(UInt8(ascii: "{"))
      out.append(0x0A)
      // Keys in the order of their UTF-8 bytes, as Foundation sorts them; most objects arrive in
      // that order already.
      var sorted = fields
      if !Self.isSorted(sorted) { sorted.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } }
      for index in sorted.indices {
        Self.indent(depth + 1, &out)
        Self.appendQuoted(sorted[index].key, to: &out)
        out.append(0x20)
        out.append(UInt8(ascii: ":"))
        out.append(0x20)
        sorted[index].node.write(depth: depth + 1, to: &out)
        if index < sorted.count - 1 { out.append(UInt8(ascii: ",")) }
        out.append(0x0A)
      }
      Self.indent(depth, &out)
      out.append(UInt8(ascii: "}"))
    case .array:
      guard !items.isEmpty else { return Self.empty(UInt8(ascii: "["), UInt8(ascii: "]"), depth, &out) }
      out.append(UInt8(ascii: "["))
      out.append(0x0A)
      for index in items.indices {
        Self.indent(depth + 1, &out)
        items[index].write(depth: depth + 1, to: &out)
        if index < items.count - 1 { out.append(UInt8(ascii: ",")) }
        out.append(0x0A)
      }
      Self.indent(depth, &out)
      out.append(UInt8(ascii: "]"))
    }
  }

  static func isSorted(_ fields: [(key: String, node: Node)]) -> Bool {
    var index = 1
    while index < fields.count {
      if !fields[index - 1].key.utf8.lexicographicallyPrecedes(fields[index].key.utf8) { return false }
      index += 1
    }
    return true
  }

  /// An empty container as Foundation writes one: open, a blank line, close at the depth.
  static func empty(_ open: UInt8, _ close: UInt8, _ depth: Int, _ out: inout [UInt8]) {
    out.append(open)
    out.append(0x0A)
    out.append(0x0A)
    indent(depth, &out)
    out.append(close)
  }

  static func indent(_ depth: Int, _ out: inout [UInt8]) {
    out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
  }
}

private struct NodeEncoder: Encoder {
  let node: Node
  var codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if node.kind != .object {
      node.kind = .object
      node.fields = []
    }
    return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if node.kind != .array {
      node.kind = .array
      node.items = []
    }
    return UnkeyedNodeContainer(node: node, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleNodeContainer(node: node, codingPath: codingPath)
  }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: Node
  var codingPath: [any CodingKey]

  mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array("null".utf8))) }
  mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Node.literal(value)!)) }
  mutating func encode(_ value: String, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Node.quoted(value))) }
  mutating func encode(_ value: Double, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Node.number(value))) }
  mutating func encode(_ value: Float, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Node.number(value))) }
  mutating func encode(_ value: Int, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: Int16, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: Int32, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: Int64, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: UInt16, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { node.set(key.stringValue, Node(literal: Array(String(value).utf8))) }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    let child = Node()
    try child.encode(value, path: codingPath)
    node.set(key.stringValue, child)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    let child = Node()
    child.kind = .object
    node.set(key.stringValue, child)
    return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let child = Node()
    child.kind = .array
    node.set(key.stringValue, child)
    return UnkeyedNodeContainer(node: child, codingPath: codingPath)
  }

  mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
  mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

  private func superEncoder(named name: String) -> any Encoder {
    let child = Node()
    node.set(name, child)
    return NodeEncoder(node: child, codingPath: codingPath)
  }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
  let node: Node
  var codingPath: [any CodingKey]
  var count: Int { node.items.count }

  mutating func encodeNil() throws { node.items.append(Node(literal: Array("null".utf8))) }
  mutating func encode(_ value: String) throws { node.items.append(Node(literal: Node.quoted(value))) }
  mutating func encode(_ value: Double) throws { node.items.append(Node(literal: Node.number(value))) }
  mutating func encode(_ value: Int) throws { node.items.append(Node(literal: Array(String(value).utf8))) }
  mutating func encode(_ value: Bool) throws { node.items.append(Node(literal: Node.literal(value)!)) }

  mutating func encode<T: Encodable>(_ value: T) throws {
    let child = Node()
    try child.encode(value, path: codingPath)
    node.items.append(child)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
    let child = Node()
    child.kind = .object
    node.items.append(child)
    return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let child = Node()
    child.kind = .array
    node.items.append(child)
    return UnkeyedNodeContainer(node: child, codingPath: codingPath)
  }

  mutating func superEncoder() -> any Encoder {
    let child = Node()
    node.items.append(child)
    return NodeEncoder(node: child, codingPath: codingPath)
  }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
  let node: Node
  var codingPath: [any CodingKey]

  private func set(_ literal: [UInt8]) {
    node.kind = .literal
    node.literal = literal
  }

  mutating func encodeNil() throws { set(Array("null".utf8)) }
  mutating func encode(_ value: Bool) throws { set(Array((value ? "true" : "false").utf8)) }
  mutating func encode(_ value: String) throws { set(Node.quoted(value)) }
  mutating func encode(_ value: Double) throws { set(Node.number(value)) }
  mutating func encode(_ value: Float) throws { set(Node.number(value)) }
  mutating func encode(_ value: Int) throws { set(Array(String(value).utf8)) }
  mutating func encode(_ value: Int8) throws { set(Array(String(value).utf8)) }
  mutating func encode(_ value: Int16) throws { set(Array(String(value).utf8)) }
  mutating func encode(_ value: Int32) throws { set(Array(String(value).utf8)) }
  mutating func encode(_ value: Int64) throws { set(Array(String(value).utf8)) }
  mutating func encode(_ value: UInt) throws { set(Array(String(value).utf8)) }
  mutating func encode(_ value: UInt8) throws { set(Array(String(value).utf8)) }
  mutating func encode(_ value: UInt16) throws { set(Array(String(value).utf8)) }
  mutating func encode(_ value: UInt32) throws { set(Array(String(value).utf8)) }
  mutating func encode(_ value: UInt64) throws { set(Array(String(value).utf8)) }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try node.encode(value, path: codingPath)
  }
}
