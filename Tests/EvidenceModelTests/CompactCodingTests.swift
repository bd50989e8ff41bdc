import EvidenceModel
import Foundation
import Testing

/// The compact binary form gives back what was encoded, and bad bytes are an error, never a
/// crash.
struct CompactCodingTests {
  struct Inner: Codable, Equatable {
    var name: String
    var note: String?
    var numbers: [Int]
  }

  struct Sample: Codable, Equatable {
    var text: String
    var empty: String
    var unicode: String
    var flag: Bool
    var small: Int8
    var large: Int64
    var negative: Int
    var unsigned: UInt64
    var ratio: Double
    var single: Float
    var missing: Int?
    var present: Double?
    var list: [Inner]
    var nested: [[String]]
    var byName: [String: Inner]
    var byNumber: [Int: String]
    var emptyList: [String]
    var emptyByName: [String: Int]
    var optionals: [String?]
    var location: EvidenceModel.SourceLocation
  }

  static let sample = Sample(
    text: "vertebroplasty", empty: "", unicode: "Zoledronsäure ≥ 65 \u{1F9B4}\ttab\nline", flag: true, small: -128,
    large: .max, negative: -1_234_567, unsigned: .max, ratio: -0.1, single: 1.5, missing: nil, present: .infinity,
    list: [Inner(name: "a", note: nil, numbers: []), Inner(name: "b", note: "n", numbers: [0, -1, .min, .max])],
    nested: [[], ["x", "y"]], byName: ["z": Inner(name: "z", note: "", numbers: [1]), "a": Inner(name: "a", note: nil, numbers: [])],
    byNumber: [3: "three", -1: "minus one"], emptyList: [], emptyByName: [:], optionals: ["a", nil, "c"],
    location: EvidenceModel.SourceLocation(file: "Evidence/vcf/aaos.yaml", line: 12, column: 7))

  @Test func aValueComesBackEqual() throws {
    let bytes = try CompactEncoder().encode(Self.sample)
    #expect(try CompactDecoder().decode(Sample.self, from: bytes) == Self.sample)
    // Equal values give equal bytes, whatever the order a dictionary holds its keys in.
    var again = Self.sample
    again.byName = Dictionary(uniqueKeysWithValues: Self.sample.byName.reversed())
    #expect(try CompactEncoder().encode(again) == bytes)
  }

  @Test func locationsWithoutTheirFileTakeTheFileTheReaderNames() throws {
    var encoder = CompactEncoder()
    encoder.userInfo[EvidenceModel.SourceLocation.withoutFile] = true
    let bytes = try encoder.encode(Self.sample)
    var decoder = CompactDecoder()
    decoder.userInfo[EvidenceModel.SourceLocation.withoutFile] = true
    decoder.userInfo[EvidenceModel.SourceLocation.fileOverride] = "elsewhere/aaos.yaml"
    let decoded = try decoder.decode(Sample.self, from: bytes)
    #expect(decoded.location == EvidenceModel.SourceLocation(file: "elsewhere/aaos.yaml", line: 12, column: 7))
    var expected = Self.sample
    expected.location = decoded.location
    #expect(decoded == expected)
    #expect(!bytes.contains(subsequence: Array("Evidence/vcf".utf8)))
    // Locations by key (every entity's key locations) and lists of text (ids) likewise, with and
    // without their file.
    struct Keyed: Codable, Equatable { var at: [String: EvidenceModel.SourceLocation]; var ids: [String] }
    let keyed = Keyed(
      at: ["id": .init(file: "Evidence/vcf/a.yaml", line: 3, column: 5), "name": .init(file: "Evidence/vcf/a.yaml", line: 4, column: 9)],
      ids: ["a", "", "ß"])
    let moved = try decoder.decode(Keyed.self, from: try encoder.encode(keyed))
    #expect(moved.ids == keyed.ids && moved.at.mapValues(\.file) == ["id": "elsewhere/aaos.yaml", "name": "elsewhere/aaos.yaml"])
    #expect(moved.at.mapValues(\.line) == ["id": 3, "name": 4] && moved.at["name"]?.column == 9)
    #expect(try CompactDecoder().decode(Keyed.self, from: try CompactEncoder().encode(keyed)) == keyed)
  }

  @Test func aWrongTypeOrAMissingKeyIsAnError() throws {
    let bytes = try CompactEncoder().encode(Inner(name: "a", note: nil, numbers: [1]))
    struct Renamed: Decodable { var title: String }
    struct Typed: Decodable { var name: Int }
    #expect(throws: DecodingError.self) { try CompactDecoder().decode(Renamed.self, from: bytes) }
    #expect(throws: DecodingError.self) { try CompactDecoder().decode(Typed.self, from: bytes) }
    #expect(throws: DecodingError.self) { try CompactDecoder().decode([Int8].self, from: try CompactEncoder().encode([300])) }
  }

  /// Keys are found whatever order a type asks for them in (the decoder expects the order they
  /// were written in, and goes round for any other), also when asked twice or not present.
  @Test func keysAreFoundInAnyOrder() throws {
    struct Three: Codable, Equatable { var a: String; var b: Int; var c: [String] }
    struct Backwards: Decodable, Equatable {
      var values: [String]
      enum Keys: String, CodingKey { case a, b, c, d }
      init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        values = [
          try c.decode([String].self, forKey: .c).joined(), String(try c.decode(Int.self, forKey: .b)),
          try c.decode(String.self, forKey: .a), try c.decodeIfPresent(String.self, forKey: .d) ?? "none",
          try c.decode(String.self, forKey: .a), String(try c.decode(Int.self, forKey: .b)),
          c.contains(.c) ? "has c" : "no c", c.allKeys.map(\.stringValue).joined(),
        ]
      }
    }
    let bytes = try CompactEncoder().encode(Three(a: "x", b: 7, c: ["p", "q"]))
    #expect(try CompactDecoder().decode(Backwards.self, from: bytes).values == ["pq", "7", "x", "none", "x", "7", "has c", "abc"])
    #expect(try CompactDecoder().decode(Three.self, from: bytes) == Three(a: "x", b: 7, c: ["p", "q"]))
  }

  @Test func truncatedOrDamagedBytesAreAnErrorNeverACrash() throws {
    let bytes = try CompactEncoder().encode(Self.sample)
    for length in 0..<bytes.count {
      #expect(throws: (any Error).self, "cut at \(length)") { try CompactDecoder().decode(Sample.self, from: Array(bytes[..<length])) }
    }
    // Every byte changed in turn: an error or a value, never a read outside the bytes.
    var damaged = 0
    for index in bytes.indices {
      var copy = bytes
      copy[index] ^= 0xA5
      if (try? CompactDecoder().decode(Sample.self, from: copy)) != Self.sample { damaged += 1 }
    }
    #expect(damaged > bytes.count / 2)
  }

  /// A type that writes into a container after it is done cannot be written in one pass: an
  /// error, not a wrong encoding.
  @Test func aContainerWrittenAfterItIsDoneIsAnError() {
    struct Late: Encodable {
      enum Keys: String, CodingKey { case a, b }
      func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: Keys.self)
        var inner = outer.nestedUnkeyedContainer(forKey: .a)
        try outer.encode(1, forKey: .b)
        try inner.encode(2)
      }
    }
    #expect(throws: EncodingError.self) { try CompactEncoder().encode(Late()) }
  }

  @Test func aStampIsTrustedOnlyWellAfterTheFileLastChanged() {
    let second: Int64 = 1_000_000_000
    let stamp = FileStamp(size: 10, modified: 100 * second, changed: 101 * second, inode: 7, device: 1)
    #expect(stamp.isSettled(before: 104 * second))
    #expect(!stamp.isSettled(before: 102 * second))
    #expect(!stamp.isSettled(before: 103 * second))
  }
}

extension Array where Element: Equatable {
  func contains(subsequence: [Element]) -> Bool {
    guard subsequence.count <= count else { return false }
    return (0...(count - subsequence.count)).contains { Array(self[$0..<$0 + subsequence.count]) == subsequence }
  }
}
