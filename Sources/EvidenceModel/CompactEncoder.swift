/// Encodes any `Encodable` value in a compact binary form that ``CompactDecoder`` reads back
/// several times faster than JSON or YAML: the form in which a check keeps each catalogue file it
/// decoded, so that an unchanged file is not parsed again.
///
/// The form: the bytes `ECB2`, the offset of the key table (4 bytes, little-endian), the value,
/// then the key table (a varint count, then each key's text). A value is a tag byte and its
/// payload: nil, false, true, an integer (zigzag varint), an unsigned integer (varint), a double
/// (8 bytes, little-endian bit pattern), a string (varint length and UTF-8), a list (4-byte
/// length and 4-byte count, then the values) or a keyed container (4-byte length and count, then
/// each key's varint index in the table and its value). A container's length counts the bytes
/// after it, so a reader skips what it does not ask for.
///
/// Values are written as they encode themselves, into one buffer: a container is open while the
/// value that asked for it encodes, and its length is filled in when that value is done. A type
/// that writes to a container after it is done (a nested container kept for later) cannot be
/// written this way, and encoding throws; a key encoded twice keeps both values, and the first is
/// read. It is a cache format, not an exchange format: the reader is this same version of the
/// tool.
public struct CompactEncoder {
  /// What `encode(to:)` implementations see as the encoder's user info.
  public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

  public init() {}

  /// An encoder that stores each location without its file (``SourceLocation/withoutFile``):
  /// every location of a catalogue file names that file, which the reader gives
  /// (``CompactDecoder/init(locationsIn:)``).
  public static func locationsWithoutFile() -> CompactEncoder {
    var encoder = CompactEncoder()
    encoder.userInfo[SourceLocation.withoutFile] = true
    return encoder
  }

  /// The value's compact form.
  public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
    let writer = CompactWriter(userInfo: userInfo.mapValues { $0 as Any })
    writer.bytes = Compact.magic + [0, 0, 0, 0]
    try writer.write(value)
    if let failure = writer.failure { throw failure }
    let table = UInt32(writer.bytes.count)
    Compact.writeVarint(UInt64(writer.names.count), to: &writer.bytes)
    for name in writer.names { Compact.writeString(name, to: &writer.bytes) }
    Compact.patch(table, at: 4, in: &writer.bytes)
    return writer.bytes
  }
}

/// The tags of the compact form.
enum Compact {
  static let magic: [UInt8] = Array("ECB2".utf8)
  static let null: UInt8 = 0, no: UInt8 = 1, yes: UInt8 = 2, int: UInt8 = 3, uint: UInt8 = 4
  static let double: UInt8 = 5, string: UInt8 = 6, list: UInt8 = 7, keyed: UInt8 = 8

  static func writeVarint(_ value: UInt64, to out: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
      out.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    out.append(UInt8(value))
  }

  static func writeString(_ text: String, to out: inout [UInt8]) {
    var text = text
    text.withUTF8 { bytes in
      writeVarint(UInt64(bytes.count), to: &out)
      out.append(contentsOf: bytes)
    }
  }

  /// Writes `value` in 4 little-endian bytes at `offset`.
  static func patch(_ value: UInt32, at offset: Int, in out: inout [UInt8]) {
    for index in 0..<4 { out[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
  }

  static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
}

/// The buffer an encoding writes into, the containers open in it, and the keys it numbered.
final class CompactWriter {
  var bytes: [UInt8] = []
  private(set) var names: [String] = []
  private var numbers: [String: Int] = [:]
  let userInfo: [CodingUserInfoKey: Any]
  /// Whether locations are one number without their file (``SourceLocation/withoutFile``).
  let locationsWithoutFile: Bool

  /// An open container: where its header is, how many values it has, and a number that tells it
  /// from the containers opened before at the same place.
  private struct Open {
    var header: Int
    var count: UInt32
    var serial: Int
  }

  private var open: [Open] = []
  private var serials = 0

  init(userInfo: [CodingUserInfoKey: Any]) {
    self.userInfo = userInfo
    locationsWithoutFile = userInfo[SourceLocation.withoutFile] as? Bool == true
  }

  func number(_ name: String) -> Int {
    if let number = numbers[name] { return number }
    names.append(name)
    numbers[name] = names.count - 1
    return names.count - 1
  }

  /// Writes a whole value: containers it opens are filled in when it is done.
  func write<T: Encodable>(_ value: T) throws {
    if T.self == String.self {
      bytes.append(Compact.string)
      Compact.writeString(value as! String, to: &bytes)
    } else if T.self == Int.self {
      signed(Int64(value as! Int))
    } else if T.self == Bool.self {
      bytes.append((value as! Bool) ? Compact.yes : Compact.no)
    } else if T.self == Double.self {
      double(value as! Double)
    } else if T.self == SourceLocation.self, locationsWithoutFile {
      signed((value as! SourceLocation).packed)
    } else if T.self is any CompactEncodableList.Type, let list = value as? any CompactEncodableList {
      // Lists and string-keyed dictionaries are written here, without their containers' boxes;
      // the type is asked before the value, so that other values are not boxed to ask.
      let serial = begin(Compact.list)
      try list.compactWrite(self, serial: serial)
      end(serial)
    } else if T.self is any CompactEncodableDictionary.Type, let dictionary = value as? any CompactEncodableDictionary {
      let serial = begin(Compact.keyed)
      try dictionary.compactWrite(self, serial: serial)
      end(serial)
    } else if !scalar(value) {
      let depth = open.count
      let start = bytes.count
      try value.encode(to: CompactEncoding(writer: self))
      if bytes.count == start {
        // Nothing written: an empty keyed container.
        end(begin(Compact.keyed))
      }
      while open.count > depth { close() }
    }
  }

  /// Writes a number or Boolean of another type; `false` for anything else.
  private func scalar<T>(_ value: T) -> Bool {
    switch value {
    case let number as Int64: signed(number)
    case let number as Int32: signed(Int64(number))
    case let number as Int16: signed(Int64(number))
    case let number as Int8: signed(Int64(number))
    case let number as UInt: unsigned(UInt64(number))
    case let number as UInt64: unsigned(number)
    case let number as UInt32: unsigned(UInt64(number))
    case let number as UInt16: unsigned(UInt64(number))
    case let number as UInt8: unsigned(UInt64(number))
    case let number as Float: double(Double(number))
    default: return false
    }
    return true
  }

  func null() { bytes.append(Compact.null) }

  private func signed(_ value: Int64) {
    bytes.append(Compact.int)
    Compact.writeVarint(Compact.zigzag(value), to: &bytes)
  }

  private func unsigned(_ value: UInt64) {
    bytes.append(Compact.uint)
    Compact.writeVarint(value, to: &bytes)
  }

  private func double(_ value: Double) {
    bytes.append(Compact.double)
    let bits = value.bitPattern
    for index in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index)))) }
  }

  /// Opens a container; returns its serial number.
  func begin(_ tag: UInt8) -> Int {
    serials += 1
    open.append(Open(header: bytes.count, count: 0, serial: serials))
    bytes.append(tag)
    bytes.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
    return serials
  }

  /// Closes the container `serial` and every container opened after it.
  func end(_ serial: Int) {
    while let last = open.last, last.serial >= serial { close() }
  }

  private func close() {
    let last = open.removeLast()
    Compact.patch(UInt32(bytes.count - last.header - 5), at: last.header + 1, in: &bytes)
    Compact.patch(last.count, at: last.header + 5, in: &bytes)
  }

  /// Makes the container `serial` the innermost open one (closing those opened after it) before
  /// it takes its next value.
  ///
  /// - Throws: when it was closed already (a value written to it after it was done).
  func willAdd(to serial: Int) throws {
    while let last = open.last, last.serial > serial { close() }
    guard let last = open.last, last.serial == serial else {
      throw EncodingError.invalidValue(
        serial, .init(codingPath: [], debugDescription: "compact encoding: a container written to after it was done"))
    }
    open[open.count - 1].count += 1
  }

  /// The first error of a nested container or super encoder asked for out of order (their
  /// requirements cannot throw): ``CompactEncoder/encode(_:)`` throws it at the end.
  var failure: (any Error)?

  /// Runs `body`, noting its error as the ``failure``.
  func noting(_ body: () throws -> Void) {
    do { try body() } catch { failure = failure ?? error }
  }
}

/// The `Encoder` a value encodes itself into: it writes into the shared ``CompactWriter``.
struct CompactEncoding: Encoder {
  let writer: CompactWriter
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { writer.userInfo }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(Keyed<Key>(writer: writer, serial: writer.begin(Compact.keyed)))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    Unkeyed(writer: writer, serial: writer.begin(Compact.list))
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { Single(writer: writer) }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: CompactWriter
    let serial: Int
    var codingPath: [any CodingKey] { [] }

    private func key(_ key: Key) throws {
      try writer.willAdd(to: serial)
      Compact.writeVarint(UInt64(writer.number(key.stringValue)), to: &writer.bytes)
    }

    func encodeNil(forKey key: Key) throws {
      try self.key(key)
      writer.null()
    }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
      try self.key(key)
      try writer.write(value)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
      writer.noting { try self.key(key) }
      return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, serial: writer.begin(Compact.keyed)))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      writer.noting { try self.key(key) }
      return Unkeyed(writer: writer, serial: writer.begin(Compact.list))
    }

    func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    func superEncoder(forKey key: Key) -> any Encoder {
      writer.noting { try self.key(key) }
      return CompactEncoding(writer: writer)
    }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let writer: CompactWriter
    let serial: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }

    init(writer: CompactWriter, serial: Int) {
      self.writer = writer
      self.serial = serial
    }

    mutating func encodeNil() throws {
      try writer.willAdd(to: serial)
      writer.null()
      count += 1
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
      try writer.willAdd(to: serial)
      try writer.write(value)
      count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
      writer.noting { try writer.willAdd(to: serial) }
      count += 1
      return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer, serial: writer.begin(Compact.keyed)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
      writer.noting { try writer.willAdd(to: serial) }
      count += 1
      return Unkeyed(writer: writer, serial: writer.begin(Compact.list))
    }

    mutating func superEncoder() -> any Encoder {
      writer.noting { try writer.willAdd(to: serial) }
      count += 1
      return CompactEncoding(writer: writer)
    }
  }

  struct Single: SingleValueEncodingContainer {
    let writer: CompactWriter
    var codingPath: [any CodingKey] { [] }

    func encodeNil() throws { writer.null() }

    func encode<T: Encodable>(_ value: T) throws { try writer.write(value) }
  }
}

/// A list the compact encoder writes directly.
protocol CompactEncodableList { func compactWrite(_ writer: CompactWriter, serial: Int) throws }

extension Array: CompactEncodableList where Element: Encodable {
  func compactWrite(_ writer: CompactWriter, serial: Int) throws {
    for element in self {
      try writer.willAdd(to: serial)
      try writer.write(element)
    }
  }
}

/// A string-keyed dictionary the compact encoder writes directly, in key order (so that equal
/// dictionaries give equal bytes).
protocol CompactEncodableDictionary { func compactWrite(_ writer: CompactWriter, serial: Int) throws }

extension Dictionary: CompactEncodableDictionary where Key == String, Value: Encodable {
  func compactWrite(_ writer: CompactWriter, serial: Int) throws {
    for (key, value) in sorted(by: { $0.key < $1.key }) {
      try writer.willAdd(to: serial)
      Compact.writeVarint(UInt64(writer.number(key)), to: &writer.bytes)
      try writer.write(value)
    }
  }
}
