import EvidenceModel
import Foundation
import Yams

/// Collects the diagnostics of one file while it is read.
final class DiagnosticSink {
  let file: String
  private(set) var diagnostics: [Diagnostic] = []

  init(file: String) { self.file = file }

  func location(_ node: Node) -> SourceLocation { location(node.mark) }

  func location(_ mark: Mark?) -> SourceLocation {
    SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  func report(
    _ rule: RuleID, _ message: String, at location: SourceLocation,
    severity: Diagnostic.Severity = .error
  ) {
    diagnostics.append(
      Diagnostic(rule: rule.rawValue, severity: severity, message: message, location: location))
  }
}

/// Reads one YAML mapping into typed values, reporting every problem with its location.
///
/// Strings are taken exactly as written (so `no` and `0123` stay strings), numbers and booleans
/// only in their plain YAML 1.2 forms, and every key not read by the time ``finish()`` is called
/// is reported as unknown. Reading never throws: a bad value is reported and read as `nil`, so one
/// pass finds every problem in a file.
struct MappingReader {
  let sink: DiagnosticSink
  /// What the mapping is, for messages (for example "recommendation 'aaos-2010-r1'").
  private(set) var context: String
  let location: SourceLocation
  private let pairs: [(key: String, keyNode: Node, value: Node)]
  /// The first pair of each key, so that lookups do not scan the mapping (files may hold
  /// mappings with thousands of keys).
  private let index: [String: Int]
  private var known: Set<String> = []
  private(set) var keyLocations: [String: SourceLocation] = [:]

  /// Creates a reader, or reports `wrong-type` and returns `nil` when the node is not a mapping.
  init?(_ node: Node, context: String, sink: DiagnosticSink) {
    guard case .mapping(let mapping) = node else {
      sink.report(
        .wrongType, "\(context) must be a mapping of keys to values; found \(describe(node))",
        at: sink.location(node))
      return nil
    }
    self.sink = sink
    self.context = context
    self.location = sink.location(node)
    var pairs: [(String, Node, Node)] = []
    for (key, value) in mapping {
      guard case .scalar(let scalar) = key else {
        sink.report(
          .wrongType, "keys in \(context) must be plain words; found \(describe(key))",
          at: sink.location(key))
        continue
      }
      pairs.append((scalar.string, key, value))
    }
    self.pairs = pairs
    var index: [String: Int] = [:]
    for (offset, pair) in pairs.enumerated() where index[pair.0] == nil { index[pair.0] = offset }
    self.index = index
  }

  /// The raw node for a key, marking the key as known.
  mutating func node(_ key: String) -> Node? {
    known.insert(key)
    guard let offset = index[key] else { return nil }
    let pair = pairs[offset]
    keyLocations[key] = sink.location(pair.value)
    if isNull(pair.value) { return nil }
    return pair.value
  }

  /// Marks keys as allowed without reading them (for alternatives such as `intervention` and
  /// `interventions`).
  mutating func declare(_ keys: String...) { known.formUnion(keys) }

  /// Whether the mapping has a key with a value (`key:` and `key: null` count as absent).
  func has(_ key: String) -> Bool {
    guard let offset = index[key] else { return false }
    return !isNull(pairs[offset].value)
  }

  /// Reports a required key that is missing.
  func reportMissing(_ key: String, hint: String) {
    sink.report(.missingKey, "\(context) has no '\(key)'; \(hint)", at: location)
  }

  // MARK: Scalars

  mutating func string(_ key: String, required hint: String? = nil) -> String? {
    guard let node = node(key) else {
      if let hint { reportMissing(key, hint: hint) }
      return nil
    }
    return text(node, key: key)
  }

  /// The text of a scalar node, or `nil` with a `wrong-type` diagnostic.
  func text(_ node: Node, key: String) -> String? {
    guard case .scalar(let scalar) = node else {
      sink.report(
        .wrongType, "'\(key)' in \(context) must be text; found \(describe(node))",
        at: sink.location(node))
      return nil
    }
    let value = scalar.string
    // Blank: nothing but the scalars of Foundation's `whitespacesAndNewlines` (Unicode white
    // space and U+200B), tested without building a trimmed string (a tenth of reading a file).
    if value.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0 == "\u{200B}" }) {
      sink.report(
        .invalidValue, "'\(key)' in \(context) is blank; write a value or remove the key",
        at: sink.location(node))
      return nil
    }
    return value
  }

  /// An identifier: lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit.
  mutating func id(_ key: String, required hint: String? = nil) -> String? {
    guard let value = string(key, required: hint) else { return nil }
    guard isValidID(value) else {
      sink.report(
        .invalidID,
        "'\(key)' in \(context) is '\(value)', which is not an id; use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit",
        at: keyLocations[key] ?? location)
      return nil
    }
    return value
  }

  mutating func int(_ key: String, in range: ClosedRange<Int>, required hint: String? = nil)
    -> Int?
  {
    guard let node = node(key) else {
      if let hint { reportMissing(key, hint: hint) }
      return nil
    }
    guard case .scalar(let scalar) = node, scalar.style == .plain,
      let value = parseInteger(scalar.string)
    else {
      sink.report(
        .wrongType,
        "'\(key)' in \(context) must be a whole number written without quotes or leading zeros; found \(describe(node))",
        at: sink.location(node))
      return nil
    }
    guard range.contains(value) else {
      sink.report(
        .invalidValue,
        "'\(key)' in \(context) is \(value); it must be between \(range.lowerBound) and \(range.upperBound)",
        at: sink.location(node))
      return nil
    }
    return value
  }

  mutating func number(_ key: String, in range: ClosedRange<Double>, required hint: String? = nil)
    -> Double?
  {
    guard let node = node(key) else {
      if let hint { reportMissing(key, hint: hint) }
      return nil
    }
    return number(node, key: key, in: range)
  }

  func number(_ node: Node, key: String, in range: ClosedRange<Double>) -> Double? {
    guard case .scalar(let scalar) = node, scalar.style == .plain,
      let value = parseDecimal(scalar.string)
    else {
      sink.report(
        .wrongType,
        "'\(key)' in \(context) must be a number written without quotes (such as 0.75); found \(describe(node))",
        at: sink.location(node))
      return nil
    }
    guard range.contains(value) else {
      sink.report(
        .invalidValue,
        "'\(key)' in \(context) is \(scalar.string); it must be between \(format(range.lowerBound)) and \(format(range.upperBound))",
        at: sink.location(node))
      return nil
    }
    return value
  }

  mutating func bool(_ key: String) -> Bool? {
    guard let node = node(key) else { return nil }
    guard case .scalar(let scalar) = node, scalar.style == .plain,
      scalar.string == "true" || scalar.string == "false"
    else {
      sink.report(
        .wrongType,
        "'\(key)' in \(context) must be true or false (yes, no, on and off are not booleans in this format); found \(describe(node))",
        at: sink.location(node))
      return nil
    }
    return scalar.string == "true"
  }

  /// A value from a closed set, such as a direction or a study design.
  mutating func choice<T: RawRepresentable & CaseIterable>(
    _ key: String, _ type: T.Type, required hint: String? = nil
  ) -> T? where T.RawValue == String {
    guard let value = string(key, required: hint) else { return nil }
    guard let choice = T(rawValue: value) else {
      let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
      sink.report(
        .invalidValue, "'\(key)' in \(context) is '\(value)'; use one of: \(allowed)",
        at: keyLocations[key] ?? location)
      return nil
    }
    return choice
  }

  mutating func duration(_ key: String) -> TimelineDuration? {
    guard let value = string(key) else { return nil }
    guard let duration = TimelineDuration(parsing: value) else {
      sink.report(
        .malformedDuration,
        "'\(key)' in \(context) is '\(value)', which is not a duration; write a whole number and a unit: d, w, mo or y (for example 6w or 3mo)",
        at: keyLocations[key] ?? location)
      return nil
    }
    return duration
  }

  mutating func date(_ key: String) -> CalendarDate? {
    guard let value = string(key) else { return nil }
    guard let date = CalendarDate(parsing: value) else {
      sink.report(
        .malformedDate,
        "'\(key)' in \(context) is '\(value)', which is not a calendar date; write YYYY-MM-DD",
        at: keyLocations[key] ?? location)
      return nil
    }
    return date
  }

  /// A date known to the year, month or day (`2013`, `2021-03`, `2021-03-09`).
  mutating func publicationDate(_ key: String) -> PublicationDate? {
    guard let node = node(key) else { return nil }
    return publicationDate(node, key: key)
  }

  func publicationDate(_ node: Node, key: String) -> PublicationDate? {
    guard case .scalar(let scalar) = node, let date = PublicationDate(parsing: scalar.string) else {
      sink.report(
        .malformedDate,
        "'\(key)' in \(context) is \(describe(node)), which is not a date; write YYYY-MM-DD, YYYY-MM or YYYY",
        at: sink.location(node))
      return nil
    }
    return date
  }

  /// A list of dates known to the year, month or day.
  mutating func publicationDates(_ key: String) -> [PublicationDate] {
    list(key).compactMap { publicationDate($0, key: key) }
  }

  // MARK: Collections

  /// The elements of a sequence; a missing key reads as an empty list.
  mutating func list(_ key: String, required hint: String? = nil) -> [Node] {
    guard let node = node(key) else {
      if let hint { reportMissing(key, hint: hint) }
      return []
    }
    guard case .sequence(let sequence) = node else {
      sink.report(
        .wrongType,
        "'\(key)' in \(context) must be a list (one '- item' per line, or [a, b]); found \(describe(node))",
        at: sink.location(node))
      return []
    }
    return Array(sequence)
  }

  /// A list of texts; a missing key reads as an empty list.
  mutating func strings(_ key: String) -> [String] {
    list(key).compactMap { text($0, key: key) }
  }

  /// A list of ids, each checked for the id form.
  mutating func ids(_ key: String, required hint: String? = nil) -> [String] {
    var seen: Set<String> = []
    return list(key, required: hint).enumerated().compactMap { offset, node in
      keyLocations["\(key).\(offset)"] = sink.location(node)
      guard let value = text(node, key: key) else { return nil }
      guard seen.insert(value).inserted else {
        sink.report(
          .invalidValue, "'\(value)' appears twice in '\(key)' of \(context); list it once",
          at: sink.location(node))
        return nil
      }
      guard isValidID(value) else {
        sink.report(
          .invalidID, "'\(value)' in '\(key)' of \(context) is not an id",
          at: sink.location(node))
        return nil
      }
      return value
    }
  }

  /// Records locations of parts of a value read by hand (list items), keyed like `key.N`.
  mutating func addKeyLocations(_ locations: [String: SourceLocation]) {
    keyLocations.merge(locations) { old, _ in old }
  }

  /// Replaces the description used in messages.
  mutating func setContext(_ context: String) { self.context = context }

  /// Nested mapping reader for a key, or `nil` when absent or of the wrong type.
  mutating func mapping(_ key: String, context nested: String) -> MappingReader? {
    guard let node = node(key) else { return nil }
    return MappingReader(node, context: nested, sink: sink)
  }

  /// The keys present, in file order.
  var keys: [(String, Node)] { pairs.map { ($0.key, $0.keyNode) } }

  /// Reports every key that was never read as `unknown-key`.
  func finish() {
    for pair in pairs where !known.contains(pair.key) {
      let allowed = known.sorted().joined(separator: ", ")
      sink.report(
        .unknownKey,
        "'\(pair.key)' is not a key of \(context); allowed keys are: \(allowed)",
        at: sink.location(pair.keyNode))
    }
  }
}

func isValidID(_ value: String) -> Bool {
  guard let first = value.unicodeScalars.first, value.unicodeScalars.count <= 120,
    isIDScalar(first), first != ".", first != "-", first != "_"
  else { return false }
  return value.unicodeScalars.allSatisfy(isIDScalar)
}

private func isIDScalar(_ scalar: Unicode.Scalar) -> Bool {
  ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "."
    || scalar == "_"
}

private func isNull(_ node: Node) -> Bool {
  guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
  return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
}

/// A short description of a node for messages: "a list", "a mapping", or the text in quotes.
func describe(_ node: Node) -> String {
  switch node {
  case .mapping: return "a mapping"
  case .sequence: return "a list"
  case .alias: return "an alias"
  case .scalar(let scalar):
    let text = scalar.string
    let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
    return "'\(shown)'"
  }
}

private func parseInteger(_ text: String) -> Int? {
  var digits = Substring(text)
  if digits.first == "-" { digits = digits.dropFirst() }
  guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
    digits == "0" || digits.first != "0"
  else { return nil }
  return Int(text)
}

private func parseDecimal(_ text: String) -> Double? {
  let parts = text.split(separator: ".", omittingEmptySubsequences: false)
  guard parts.count <= 2, let whole = parts.first, parseInteger(String(whole)) != nil,
    parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && $0.isNumber })
  else { return nil }
  return Double(text)
}

private func format(_ value: Double) -> String {
  value == value.rounded() ? String(Int(value)) : String(value)
}
