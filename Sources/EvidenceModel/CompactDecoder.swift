import Foundation

/// Decodes what ``CompactEncoder`` wrote.
///
/// It reads the bytes in place: a keyed container notes where each of its values starts and
/// skips them by their byte lengths, so a value is read once, when asked for. Lists,
/// string-keyed dictionaries and locations without their file are read directly, without the
/// `Decodable` containers' boxes (most of the values of a catalogue file). Malformed or
/// truncated bytes throw `DecodingError.dataCorrupted`, never read outside the buffer; the coding
/// path in errors is left empty (a cache entry that does not decode is simply not used).
public struct CompactDecoder {
  /// What `init(from:)` implementations see as the decoder's user info.
  public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

  public init() {}

  /// A decoder of what ``CompactEncoder/locationsWithoutFile()`` wrote, every location naming
  /// `path` (the file as it is named now).
  public init(locationsIn path: String) {
    userInfo[SourceLocation.withoutFile] = true
    userInfo[SourceLocation.fileOverride] = path
  }

  public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
    try bytes.withUnsafeBufferPointer { try decode(type, in: $0) }
  }

  /// Decodes stored bytes in place, without copying them into an array first.
  public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    try data.withUnsafeBytes { try decode(type, in: $0.bindMemory(to: UInt8.self)) }
  }

  private func decode<T: Decodable>(_ type: T.Type, in buffer: UnsafeBufferPointer<UInt8>) throws -> T {
    guard buffer.count >= 8, Array(buffer[0..<4]) == Compact.magic else { throw CompactReader.corrupt("not a compact encoding") }
    var reader = CompactReader(buffer, at: 4)
    reader.offset = Int(try reader.fixed())
    let count = try reader.count()
    var keys: [String] = []
    keys.reserveCapacity(count)
    for _ in 0..<count { keys.append(try reader.text()) }
    let context = CompactDecoding.Context(buffer: buffer, keys: keys, userInfo: userInfo.mapValues { $0 as Any })
    return try withExtendedLifetime(context) { try CompactDecoding(context: context, at: 8).value(T.self) }
  }
}

/// A position in the bytes being decoded, and the reading of varints, strings and skipped values.
struct CompactReader {
  let bytes: UnsafeBufferPointer<UInt8>
  var offset = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
  }

  static func corrupt(_ reason: String) -> DecodingError {
    DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "compact encoding: \(reason)"))
  }

  mutating func byte() throws -> UInt8 {
    guard offset < bytes.count else { throw Self.corrupt("truncated") }
    defer { offset += 1 }
    return bytes[offset]
  }

  /// A 4-byte little-endian number (a container's length or count, the key table's offset).
  mutating func fixed() throws -> UInt32 {
    guard bytes.count - offset >= 4 else { throw Self.corrupt("truncated") }
    defer { offset += 4 }
    return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
      | UInt32(bytes[offset + 3]) << 24
  }

  /// A container's byte length, which must fit in what is left of the bytes.
  mutating func length() throws -> Int {
    let value = Int(try fixed())
    guard value <= bytes.count - offset else { throw Self.corrupt("length beyond the end") }
    return value
  }

  mutating func varint() throws -> UInt64 {
    var (value, shift): (UInt64, UInt64) = (0, 0)
    while true {
      let byte = try byte()
      guard shift < 64 else { throw Self.corrupt("varint too long") }
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  /// A count or length that must fit in what is left of the bytes.
  mutating func count() throws -> Int {
    let value = try varint()
    guard value <= UInt64(bytes.count - offset) else { throw Self.corrupt("length beyond the end") }
    return Int(value)
  }

  mutating func text() throws -> String {
    let length = try count()
    defer { offset += length }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
  }

  /// Moves past the value that starts here.
  mutating func skip() throws {
    switch try byte() {
    case Compact.null, Compact.no, Compact.yes: break
    case Compact.int, Compact.uint: _ = try varint()
    case Compact.double:
      guard bytes.count - offset >= 8 else { throw Self.corrupt("truncated") }
      offset += 8
    case Compact.string: offset += try count()
    case Compact.list, Compact.keyed: offset += try length()
    default: throw Self.corrupt("unknown tag")
    }
  }
}

/// The `Decoder` a value decodes itself from: the value at one offset.
struct CompactDecoding: Decoder {
  /// What every decoder of one decoding shares.
  final class Context {
    let buffer: UnsafeBufferPointer<UInt8>
    let keys: [String]
    let userInfo: [CodingUserInfoKey: Any]
    /// The file every location names, when locations are stored without it
    /// (``SourceLocation/withoutFile``): they are then read here, without their `init(from:)`.
    let locationFile: String?
    /// How each type met is read (see ``CompactDecoding/value(_:)``): asking the runtime whether
    /// a type is a list or a dictionary, for every value, was a tenth of decoding a file.
    var ways: [ObjectIdentifier: Way] = [:]

    enum Way { case list(any CompactDecodableList.Type), dictionary(any CompactDecodableDictionary.Type), itself }

    init(buffer: UnsafeBufferPointer<UInt8>, keys: [String], userInfo: [CodingUserInfoKey: Any]) {
      self.buffer = buffer
      self.keys = keys
      self.userInfo = userInfo
      locationFile = userInfo[SourceLocation.withoutFile] as? Bool == true
        ? userInfo[SourceLocation.fileOverride] as? String : nil
    }
  }

  /// Unowned and unsafe: ``CompactDecoder/decode(_:from:)`` holds the context for the whole
  /// decoding, and a decoder does not outlive it; without the reference counting a value's decoder
  /// costs nothing to make.
  unowned(unsafe) let context: Context
  let offset: Int
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

  init(context: Context, at offset: Int) {
    self.context = context
    self.offset = offset
  }

  var tag: UInt8? { offset < context.buffer.count ? context.buffer[offset] : nil }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(try Keyed<Key>(self))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try Unkeyed(self) }

  func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoding: self) }

  /// The header of the container here: where its values start and how many there are.
  func containerStart(_ expected: UInt8) throws -> (start: Int, end: Int, count: Int) {
    var reader = CompactReader(context.buffer, at: offset)
    guard try reader.byte() == expected else { throw CompactReader.corrupt("expected a \(expected == Compact.list ? "list" : "keyed container")") }
    let length = try reader.length()
    let end = reader.offset + length
    let count = Int(try reader.fixed())
    guard count <= length else { throw CompactReader.corrupt("count beyond the length") }
    return (reader.offset, end, count)
  }

  /// The value here, as `T`.
  func value<T: Decodable>(_ type: T.Type) throws -> T {
    if T.self == String.self { return try string() as! T }
    if T.self == Int.self { return Int(try signed()) as! T }
    if T.self == Bool.self { return try bool() as! T }
    if T.self == Double.self { return try double() as! T }
    if T.self == Int64.self { return try signed() as! T }
    if T.self == SourceLocation.self, let file = context.locationFile {
      return SourceLocation(file: file, packed: try signed()) as! T
    }
    // Every entity's key locations, and lists of ids, read without generic code per entry.
    if T.self == [String: SourceLocation].self, let file = context.locationFile { return try locations(in: file) as! T }
    if T.self == [String].self { return try strings() as! T }
    // Lists and string-keyed dictionaries are read here, without their containers' boxes.
    switch way(of: T.self) {
    case .list(let list): return try list.init(compact: self) as! T
    case .dictionary(let dictionary): return try dictionary.init(compact: self) as! T
    case .itself: return try T(from: self)
    }
  }

  /// Whether `type` is a list, a dictionary or neither, asked of the runtime once per decoding.
  private func way<T>(of type: T.Type) -> Context.Way {
    let id = ObjectIdentifier(type)
    if let known = context.ways[id] { return known }
    let way: Context.Way =
      if let list = type as? any CompactDecodableList.Type { .list(list) }
      else if let dictionary = type as? any CompactDecodableDictionary.Type { .dictionary(dictionary) }
      else { .itself }
    context.ways[id] = way
    return way
  }

  /// Locations by key, each stored without its file, which is `file` (``Context/locationFile``).
  private func locations(in file: String) throws -> [String: SourceLocation] {
    var locations: [String: SourceLocation] = [:]
    try forEachEntry(reserving: { locations.reserveCapacity($0) }) { key, value in
      locations[context.keys[key]] = SourceLocation(file: file, packed: try value.signed())
    }
    return locations
  }

  private func strings() throws -> [String] {
    var strings: [String] = []
    try forEachElement(reserving: { strings.reserveCapacity($0) }) { strings.append(try $0.string()) }
    return strings
  }

  /// Each value of the list here, in order.
  func forEachElement(reserving: (Int) -> Void, _ body: (CompactDecoding) throws -> Void) throws {
    let (start, end, count) = try containerStart(Compact.list)
    reserving(count)
    var reader = CompactReader(context.buffer, at: start)
    for _ in 0..<count {
      guard reader.offset < end else { throw CompactReader.corrupt("list length") }
      try body(CompactDecoding(context: context, at: reader.offset))
      try reader.skip()
    }
    guard reader.offset == end else { throw CompactReader.corrupt("list length") }
  }

  /// Each key (its index in the key table) and value of the keyed container here, in order.
  func forEachEntry(reserving: (Int) -> Void, _ body: (Int, CompactDecoding) throws -> Void) throws {
    let (start, end, count) = try containerStart(Compact.keyed)
    reserving(count)
    var reader = CompactReader(context.buffer, at: start)
    for _ in 0..<count {
      let key = Int(try reader.varint())
      guard key < context.keys.count, reader.offset < end else { throw CompactReader.corrupt("keyed container") }
      try body(key, CompactDecoding(context: context, at: reader.offset))
      try reader.skip()
    }
    guard reader.offset == end else { throw CompactReader.corrupt("container length") }
  }

  func isNil() -> Bool { tag == Compact.null }

  func bool() throws -> Bool {
    switch tag {
    case Compact.yes: return true
    case Compact.no: return false
    default: throw CompactReader.corrupt("expected a Boolean")
    }
  }

  func string() throws -> String {
    var reader = CompactReader(context.buffer, at: offset)
    guard try reader.byte() == Compact.string else { throw CompactReader.corrupt("expected a string") }
    return try reader.text()
  }

  func signed() throws -> Int64 {
    var reader = CompactReader(context.buffer, at: offset)
    switch try reader.byte() {
    case Compact.int:
      let raw = try reader.varint()
      return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    case Compact.uint:
      let raw = try reader.varint()
      guard raw <= UInt64(Int64.max) else { throw CompactReader.corrupt("integer out of range") }
      return Int64(raw)
    default: throw CompactReader.corrupt("expected an integer")
    }
  }

  func unsigned() throws -> UInt64 {
    var reader = CompactReader(context.buffer, at: offset)
    switch try reader.byte() {
    case Compact.uint: return try reader.varint()
    case Compact.int:
      let value = try signed()
      guard value >= 0 else { throw CompactReader.corrupt("integer out of range") }
      return UInt64(value)
    default: throw CompactReader.corrupt("expected an integer")
    }
  }

  func double() throws -> Double {
    var reader = CompactReader(context.buffer, at: offset)
    guard try reader.byte() == Compact.double, context.buffer.count - reader.offset >= 8 else {
      throw CompactReader.corrupt("expected a number")
    }
    var bits: UInt64 = 0
    for index in 0..<8 { bits |= UInt64(context.buffer[reader.offset + index]) << (8 * UInt64(index)) }
    return Double(bitPattern: bits)
  }

  func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
    let value: T? = T.isSigned ? T(exactly: try signed()) : T(exactly: try unsigned())
    guard let value else { throw CompactReader.corrupt("integer out of range for \(T.self)") }
    return value
  }

  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoding: CompactDecoding
    let entries: KeyedEntries
    var codingPath: [any CodingKey] { [] }

    init(_ decoding: CompactDecoding) throws {
      self.decoding = decoding
      var entries: KeyedEntries?
      try decoding.forEachEntry(reserving: { entries = KeyedEntries.make(capacity: $0) }) {
        entries?.append(key: $0, offset: $1.offset)
      }
      self.entries = entries ?? KeyedEntries.make(capacity: 0)
    }

    var allKeys: [Key] { entries.keys.compactMap { Key(stringValue: decoding.context.keys[$0]) } }

    /// The value under `key`, or `nil` when there is none.
    func find(_ key: Key) -> CompactDecoding? {
      entries.offset(of: key.stringValue, in: decoding.context.keys).map {
        CompactDecoding(context: decoding.context, at: $0)
      }
    }

    func at(_ key: Key) throws -> CompactDecoding {
      guard let found = find(key) else {
        throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "compact encoding: no value for \(key.stringValue)"))
      }
      return found
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { try at(key).isNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try at(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try at(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try at(key).double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try at(key).double()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try at(key).integer(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try at(key).integer(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try at(key).integer(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try at(key).integer(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try at(key).integer(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try at(key).integer(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try at(key).integer(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try at(key).integer(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try at(key).integer(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try at(key).integer(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try at(key).value(type) }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
      guard let found = find(key), !found.isNil() else { return nil }
      return try found.string()
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
      guard let found = find(key), !found.isNil() else { return nil }
      return try found.integer(type)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
      guard let found = find(key), !found.isNil() else { return nil }
      return try found.bool()
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
      guard let found = find(key), !found.isNil() else { return nil }
      return try found.double()
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
      guard let found = find(key), !found.isNil() else { return nil }
      return try found.value(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
      try at(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try at(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder { try at(Key(stringValue: "super")!) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try at(key) }
  }

  struct Unkeyed: UnkeyedDecodingContainer {
    let decoding: CompactDecoding
    let end: Int
    var reader: CompactReader
    var count: Int?
    var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= count ?? 0 }

    init(_ decoding: CompactDecoding) throws {
      self.decoding = decoding
      let (start, end, count) = try decoding.containerStart(Compact.list)
      self.end = end
      self.count = count
      self.reader = CompactReader(decoding.context.buffer, at: start)
    }

    /// The next value, moving past it.
    mutating func next() throws -> CompactDecoding {
      guard !isAtEnd, reader.offset < end else {
        throw DecodingError.valueNotFound(Any.self, .init(codingPath: [], debugDescription: "compact encoding: the list has ended"))
      }
      let value = CompactDecoding(context: decoding.context, at: reader.offset)
      try reader.skip()
      guard reader.offset <= end else { throw CompactReader.corrupt("list length") }
      currentIndex += 1
      return value
    }

    mutating func decodeNil() throws -> Bool {
      guard !isAtEnd, CompactDecoding(context: decoding.context, at: reader.offset).isNil() else { return false }
      _ = try next()
      return true
    }

    mutating func decode(_ type: String.Type) throws -> String { try next().string() }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().bool() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().double() }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().value(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
      try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
  }

  struct Single: SingleValueDecodingContainer {
    let decoding: CompactDecoding
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { decoding.isNil() }
    func decode(_ type: Bool.Type) throws -> Bool { try decoding.bool() }
    func decode(_ type: String.Type) throws -> String { try decoding.string() }
    func decode(_ type: Double.Type) throws -> Double { try decoding.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoding.double()) }
    func decode(_ type: Int.Type) throws -> Int { try decoding.integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoding.integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoding.integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoding.integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoding.integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoding.integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoding.integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoding.integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoding.integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoding.integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoding.value(type) }
  }
}

/// A list the compact decoder reads directly.
protocol CompactDecodableList { init(compact: CompactDecoding) throws }

extension Array: CompactDecodableList where Element: Decodable {
  init(compact decoding: CompactDecoding) throws {
    self.init()
    try decoding.forEachElement(reserving: { reserveCapacity($0) }) { append(try $0.value(Element.self)) }
  }
}

/// A string-keyed dictionary the compact decoder reads directly.
protocol CompactDecodableDictionary { init(compact: CompactDecoding) throws }

extension Dictionary: CompactDecodableDictionary where Key == String, Value: Decodable {
  init(compact decoding: CompactDecoding) throws {
    self.init()
    try decoding.forEachEntry(reserving: { reserveCapacity($0) }) { key, value in
      self[decoding.context.keys[key]] = try value.value(Value.self)
    }
  }
}

/// A keyed container's entries (each value's key, as its index in the key table, and offset, in
/// the encoded order) in one block, with the entry after the last one found.
///
/// A type's `init(from:)` asks for its keys in the order its `encode(to:)` wrote them, so the
/// next key asked for is almost always the next entry: a lookup starts there and compares one
/// key, where scanning from the first entry compared half of them on average (a sixth of the time
/// to decode a catalogue file). Any order is still found, by going round once.
final class KeyedEntries: ManagedBuffer<KeyedEntries.Header, KeyedEntries.Entry> {
  struct Header {
    var count: Int
    var capacity: Int
    var next: Int
  }

  struct Entry {
    var key: Int
    var offset: Int
  }

  static func make(capacity: Int) -> KeyedEntries {
    unsafeDowncast(
      create(minimumCapacity: capacity) { _ in Header(count: 0, capacity: capacity, next: 0) }, to: KeyedEntries.self)
  }

  /// Adds an entry; one beyond the capacity made is dropped (the container's count bounds its
  /// entries, and the reader checks the count).
  func append(key: Int, offset: Int) {
    withUnsafeMutablePointers { header, entries in
      guard header.pointee.count < header.pointee.capacity else { return }
      (entries + header.pointee.count).initialize(to: Entry(key: key, offset: offset))
      header.pointee.count += 1
    }
  }

  var keys: [Int] {
    withUnsafeMutablePointers { header, entries in (0..<header.pointee.count).map { entries[$0].key } }
  }

  /// The offset of the value whose key is `name` (`names` being the key table), or `nil`.
  func offset(of name: String, in names: [String]) -> Int? {
    withUnsafeMutablePointers { header, entries in
      let count = header.pointee.count
      var index = header.pointee.next
      for _ in 0..<count {
        if index >= count { index = 0 }
        if names[entries[index].key] == name {
          header.pointee.next = index + 1
          return entries[index].offset
        }
        index += 1
      }
      return nil
    }
  }
}
