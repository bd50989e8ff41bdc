import EvidenceModel

/// A group's result as the run history stores it.
extension GroupResult {
  /// The result as compact lines (a tab-separated row per finding, relation and pathway line,
  /// findings first), many times faster to write and read than JSON for the hundreds of thousands
  /// of rows of a national catalogue.
  public func encoded() -> [UInt8] {
    var out = Self.header + "\n"
    for f in findings {
      let at = f.location
      out += Self.row(
        ["F", f.rule, f.severity.rawValue, at?.file ?? "", at.map { String($0.line) } ?? "", at.map { String($0.column) } ?? "", f.message]
          + f.notes.flatMap { [$0.message, $0.location?.file ?? "", $0.location.map { String($0.line) } ?? "", $0.location.map { String($0.column) } ?? ""] })
    }
    for c in conflicts {
      out += Self.row([
        "C", c.id, c.type.rawValue, c.severity.rawValue, String(c.score), c.recommendations.first ?? "",
        c.recommendations.last ?? "", c.intervention,
      ])
    }
    for topic in pathwayLines.keys.sorted() {
      for l in pathwayLines[topic]! {
        out += Self.row(["L", l.topic, l.phase, l.start.description, l.end?.description ?? "", l.intervention, l.position.rawValue])
      }
    }
    return Array(out.utf8)
  }

  /// The first line of ``encoded()``. Version 1 wrote the findings last; it is still read.
  private static let header = "group-result 2"

  /// Reads ``encoded()``; `nil` for anything else (the group is analysed again).
  public init?(encoded bytes: [UInt8]) {
    self.init(encoded: bytes, findingsOnly: false)
  }

  /// Only the findings of ``encoded()`` (what a check needs of a group it reuses, unless it
  /// writes the whole snapshot), read without the relations and lines that follow them; `nil`
  /// for anything else.
  public static func findings(encoded bytes: [UInt8]) -> [Diagnostic]? {
    GroupResult(encoded: bytes, findingsOnly: true)?.findings
  }

  private init?(encoded bytes: [UInt8], findingsOnly: Bool) {
    // In version 2 the findings come first: for them alone, the text ends at the first other row.
    let findingsFirst = bytes.starts(with: Self.header.utf8) && bytes.dropFirst(Self.header.utf8.count).first == 0x0A
    var end = bytes.endIndex
    if findingsOnly && findingsFirst {
      var index = Self.header.utf8.count + 1
      while index < bytes.endIndex, bytes[index] == UInt8(ascii: "F") {
        index = (bytes[index...].firstIndex(of: 0x0A) ?? bytes.endIndex - 1) + 1
      }
      end = min(index, bytes.endIndex)
    }
    // Lines and fields are split on their bytes (a tab or newline never occurs inside a UTF-8
    // sequence), without Unicode-aware string searching.
    var conflicts: [RunSnapshot.ConflictState] = []
    var pathwayLines: [String: [RunSnapshot.PathwayLine]] = [:]
    var findings: [Diagnostic] = []
    var versionRead = false
    for line in bytes[..<end].split(separator: 0x0A, omittingEmptySubsequences: true) {
      guard versionRead else {
        guard line.elementsEqual(Self.header.utf8) || line.elementsEqual("group-result 1".utf8) else { return nil }
        versionRead = true
        continue
      }
      let isFinding = line.starts(with: [UInt8(ascii: "F"), 0x09])
      if findingsOnly && findingsFirst && !isFinding { break }
      if findingsOnly && !findingsFirst && !isFinding { continue }
      let f = line.split(separator: 0x09, omittingEmptySubsequences: false).map(Self.unescape)
      switch f.first {
      case "C":
        guard f.count == 8, let type = ConflictType(rawValue: f[2]), let severity = ConflictSeverity(rawValue: f[3]),
          let score = Double(f[4])
        else { return nil }
        conflicts.append(.init(id: f[1], type: type, severity: severity, score: score, recommendations: [f[5], f[6]], intervention: f[7]))
      case "L":
        guard f.count == 7, let start = TimelineDuration(parsing: f[3]), let position = PathwayPosition(rawValue: f[6]) else { return nil }
        let end = f[4].isEmpty ? nil : TimelineDuration(parsing: f[4])
        if !f[4].isEmpty, end == nil { return nil }
        pathwayLines[f[1], default: []].append(
          .init(topic: f[1], phase: f[2], start: start, end: end, intervention: f[5], position: position))
      case "F":
        guard f.count >= 7, (f.count - 7) % 4 == 0, let severity = Diagnostic.Severity(rawValue: f[2]) else { return nil }
        func location(_ file: String, _ line: String, _ column: String) -> SourceLocation? {
          guard let l = Int(line), let c = Int(column) else { return nil }
          return SourceLocation(file: file, line: l, column: c)
        }
        var notes: [Diagnostic.Note] = []
        var index = 7
        while index < f.count {
          notes.append(.init(f[index], at: location(f[index + 1], f[index + 2], f[index + 3])))
          index += 4
        }
        findings.append(Diagnostic(rule: f[1], severity: severity, message: f[6], location: location(f[3], f[4], f[5]), notes: notes))
      default: return nil
      }
    }
    guard versionRead else { return nil }
    self.init(conflicts: conflicts, pathwayLines: pathwayLines, findings: findings)
  }

  private static func row(_ fields: [String]) -> String {
    fields.map(escape).joined(separator: "\t") + "\n"
  }

  /// The text with backslash, tab, newline and carriage return escaped (on its bytes, so a
  /// carriage return before a newline is escaped too).
  private static func escape(_ text: String) -> String {
    let special: (UInt8) -> Bool = { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    guard text.utf8.contains(where: special) else { return text }
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 8)
    for byte in text.utf8 {
      switch byte {
      case 0x5C: out += [0x5C, 0x5C]
      case 0x09: out += [0x5C, UInt8(ascii: "t")]
      case 0x0A: out += [0x5C, UInt8(ascii: "n")]
      case 0x0D: out += [0x5C, UInt8(ascii: "r")]
      default: out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func unescape(_ field: ArraySlice<UInt8>) -> String {
    guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(field.count)
    var escaped = false
    for byte in field {
      if escaped {
        switch byte {
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        default: out.append(byte)
        }
        escaped = false
      } else if byte == 0x5C {
        escaped = true
      } else {
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
