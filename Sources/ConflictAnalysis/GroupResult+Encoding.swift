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
    let text = String(decoding: bytes[..<end], as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
    guard let version = lines.first, version == Self.header || version == "group-result 1" else { return nil }
    lines = lines.dropFirst()
    var conflicts: [RunSnapshot.ConflictState] = []
    var pathwayLines: [String: [RunSnapshot.PathwayLine]] = [:]
    var findings: [Diagnostic] = []
    for line in lines {
      if findingsOnly && findingsFirst && !line.hasPrefix("F\t") { break }
      if findingsOnly && !findingsFirst && !line.hasPrefix("F\t") { continue }
      let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(Self.unescape)
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
    self.init(conflicts: conflicts, pathwayLines: pathwayLines, findings: findings)
  }

  private static func row(_ fields: [String]) -> String {
    fields.map(escape).joined(separator: "\t") + "\n"
  }

  private static func escape(_ text: String) -> String {
    guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
    var out = ""
    for c in text {
      switch c {
      case "\\": out += "\\\\"
      case "\t": out += "\\t"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.append(c)
      }
    }
    return out
  }

  private static func unescape(_ field: Substring) -> String {
    guard field.contains("\\") else { return String(field) }
    var out = ""
    var escaped = false
    for c in field {
      if escaped {
        switch c {
        case "t": out.append("\t")
        case "n": out.append("\n")
        case "r": out.append("\r")
        default: out.append(c)
        }
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else {
        out.append(c)
      }
    }
    return out
  }
}
