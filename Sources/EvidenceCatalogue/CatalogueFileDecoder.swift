import EvidenceModel
import Yams

/// Decodes the bytes of one catalogue file into a ``CatalogueFile``, reporting every problem with
/// its location.
///
/// Before YAML parsing the bytes are checked for size, UTF-8 and control characters, so that
/// these problems get precise messages. Anchors and aliases are refused before the node tree is
/// built: a reviewed catalogue should read the same in a diff as in the tool, and refusing them
/// early disarms alias bombs (see ``firstAnchorOrAlias(in:)``). Nesting is bounded by the YAML
/// parser (1,000 levels).
public struct CatalogueFileDecoder: Sendable {
  /// The largest file accepted, in bytes. Split larger catalogues into several files.
  public static let maximumFileSize = 16 * 1024 * 1024

  /// The version of what a file decodes to: raise it whenever a change to the decoder gives
  /// different content or diagnostics for the same bytes, so that decoded files kept by an
  /// earlier build (a check's cache) are parsed again.
  public static let version = 1

  public init() {}

  /// Decodes one file.
  ///
  /// - Parameters:
  ///   - bytes: The file's content.
  ///   - path: The path relative to the catalogue root, stored with the file.
  ///   - displayPath: The path as the user should see it in diagnostics.
  ///   - contentHash: The SHA-256 of `bytes` when the caller has it already (worked out otherwise).
  /// - Returns: The decoded entities (absent when the file could not be parsed at all) and the
  ///   diagnostics of this file.
  public func decode(_ bytes: [UInt8], path: String, displayPath: String, contentHash: String? = nil) -> (
    file: CatalogueFile?, diagnostics: [Diagnostic]
  ) {
    let sink = DiagnosticSink(file: displayPath)
    let file = Self.root(of: bytes, sink: sink).flatMap {
      decodeRoot($0, path: path, contentHash: contentHash ?? sha256Hex(bytes), sink: sink)
    }
    return (file, sink.diagnostics)
  }

  /// The YAML root of a file, after the checks every catalogue-format file passes (size, UTF-8,
  /// control characters, no anchors, YAML syntax, not empty), or `nil` with the problem reported.
  static func root(of bytes: [UInt8], sink: DiagnosticSink) -> Node? {
    guard bytes.count <= Self.maximumFileSize else {
      sink.report(
        .fileTooLarge,
        "the file is \(bytes.count) bytes; the limit is \(Self.maximumFileSize) bytes: split it into several files",
        at: sink.location(nil))
      return nil
    }
    var content = bytes[...]
    if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
    if let offset = firstInvalidUTF8Offset(content) {
      sink.report(
        .invalidUTF8,
        "the file is not valid UTF-8 (byte 0x\(hexByte(content[offset]))); save it as UTF-8",
        at: position(of: offset, in: content, file: sink.file))
      return nil
    }
    let text = String(decoding: content, as: UTF8.self)
    if let (line, column, scalar) = firstControlCharacter(text) {
      sink.report(
        .controlCharacter,
        "the file contains the control character U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4)); remove it (only tab and line breaks are allowed)",
        at: SourceLocation(file: sink.file, line: line, column: column))
      return nil
    }
    if let (line, column) = firstAnchorOrAlias(in: text) {
      sink.report(
        .yamlAnchor,
        "anchors and aliases (&name, *name) are not allowed in catalogue files; write the value out in full",
        at: SourceLocation(file: sink.file, line: line, column: column))
      return nil
    }
    let root: Node?
    do {
      root = try Parser(yaml: text, resolver: .basic, encoding: .utf8).singleRoot()
    } catch let error as YamlError {
      reportYAML(error, sink: sink)
      return nil
    } catch {
      sink.report(.yamlSyntax, "the file could not be read as YAML: \(error)", at: sink.location(nil))
      return nil
    }
    guard let root else {
      sink.report(
        .emptyFile,
        "the file is empty; add catalogue entries (schemes, bodies, interventions, populations, topics, studies, decisions, or a source with recommendations) or delete it",
        at: sink.location(nil))
      return nil
    }
    return root
  }

  private func decodeRoot(_ root: Node, path: String, contentHash: String, sink: DiagnosticSink)
    -> CatalogueFile?
  {
    guard var reader = MappingReader(root, context: "a catalogue file", sink: sink) else {
      return nil
    }
    let decoder = EntityDecoder(sink: sink)
    var file = CatalogueFile(path: path, contentHash: contentHash)
    file.schemes = reader.list("schemes").compactMap(decoder.scheme)
    file.bodies = reader.list("bodies").compactMap(decoder.body)
    file.measures = reader.list("measures").compactMap(decoder.measure)
    file.interventions = reader.list("interventions").compactMap(decoder.intervention)
    file.populations = reader.list("populations").compactMap(decoder.population)
    file.topics = reader.list("topics").compactMap(decoder.topic)
    file.studies = reader.list("studies").compactMap(decoder.study)
    file.decisions = reader.list("decisions").compactMap(decoder.decision)
    let source = reader.node("source").flatMap(decoder.source)
    let recommendations = reader.list("recommendations")
    if !recommendations.isEmpty, !reader.has("source") {
      reader.reportMissing(
        "source", hint: "recommendations belong to the source described in the same file; add a 'source' mapping")
    }
    if let source {
      file.sources = [source]
      file.recommendations = recommendations.compactMap { decoder.recommendation($0, source: source) }
    } else {
      // Still read the recommendations so that their own problems are reported too.
      _ = recommendations.compactMap { decoder.recommendation($0, source: nil) }
    }
    reader.finish()
    if reader.keys.isEmpty {
      sink.report(
        .emptyFile,
        "the file defines nothing; add catalogue entries or delete it",
        at: reader.location)
    }
    return file
  }

  private static func reportYAML(_ error: YamlError, sink: DiagnosticSink) {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
      if problem.contains("nesting level") {
        sink.report(
          .yamlTooDeep,
          "the YAML is nested more than 1,000 levels deep; catalogue entries need only a few levels",
          at: sink.location(mark))
      } else if problem.contains("single document") || detail.contains("expected a single document") {
        sink.report(
          .yamlMultipleDocuments,
          "the file holds more than one YAML document ('---'); put one document in each file",
          at: sink.location(mark))
      } else if problem.contains("undefined alias") {
        sink.report(
          .yamlAnchor,
          "anchors and aliases (&name, *name) are not allowed in catalogue files; write the value out in full",
          at: sink.location(mark))
      } else {
        // At the end of the file, the place where the unfinished construct began is more useful.
        let at = problem.contains("end of stream") ? (context?.mark ?? mark) : mark
        sink.report(.yamlSyntax, "YAML syntax error: \(detail); check indentation, colons and quotes", at: sink.location(at))
      }
    case .duplicatedKeysInMapping(let duplicates, let context):
      sink.report(
        .yamlDuplicateKey,
        "the key '\(duplicates.joined(separator: "', '"))' appears twice in one mapping; keep one",
        at: sink.location(context.mark))
    case .reader(let problem, let offset, _, _):
      sink.report(
        .yamlSyntax, "the file could not be read: \(problem)\(offset.map { " at byte \($0)" } ?? "")",
        at: sink.location(nil))
    default:
      sink.report(.yamlSyntax, "the file could not be read as YAML: \(error)", at: sink.location(nil))
    }
  }
}

private func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int? {
  var i = bytes.startIndex
  while i < bytes.endIndex {
    let b = bytes[i]
    let length: Int
    var minimum: UInt32 = 0
    switch b {
    case 0x00...0x7F: i += 1; continue
    case 0xC2...0xDF: length = 2; minimum = 0x80
    case 0xE0...0xEF: length = 3; minimum = 0x800
    case 0xF0...0xF4: length = 4; minimum = 0x10000
    default: return i
    }
    guard i + length <= bytes.endIndex else { return i }
    var scalar = UInt32(b) & (0xFF >> (length + 1))
    for j in 1..<length {
      let c = bytes[i + j]
      guard c & 0xC0 == 0x80 else { return i }
      scalar = scalar << 6 | UInt32(c & 0x3F)
    }
    if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
    i += length
  }
  return nil
}

private func position(of offset: Int, in bytes: ArraySlice<UInt8>, file: String) -> SourceLocation {
  let prefix = bytes[bytes.startIndex..<offset]
  let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? bytes.startIndex
  let line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
  let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
  return SourceLocation(file: file, line: line, column: column)
}

/// The first C0 or C1 control character other than tab, line feed and carriage return, or a
/// stray byte-order mark, with its 1-based line and column.
private func firstControlCharacter(_ text: String) -> (Int, Int, Unicode.Scalar)? {
  var line = 1
  var column = 1
  for scalar in text.unicodeScalars {
    let v = scalar.value
    if v == 0x0A {
      line += 1
      column = 1
      continue
    }
    if (v < 0x20 && v != 0x09 && v != 0x0D) || (0x7F...0x9F).contains(v) || v == 0xFEFF
      || v == 0x2028 || v == 0x2029
    {
      return (line, column, scalar)
    }
    column += 1
  }
  return nil
}

private func hexByte(_ byte: UInt8) -> String {
  String(String(byte, radix: 16, uppercase: true).leftPadded(2))
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}

extension CatalogueFileDecoder {
  /// Parses a file's YAML into a node tree and nothing more: the benchmark yardstick for
  /// `import` (what any YAML-based tool pays before it reads a single value). Returns whether the
  /// text parsed.
  public static func parseOnly(_ bytes: [UInt8]) -> Bool {
    guard let text = String(validating: bytes, as: UTF8.self) else { return false }
    return (try? Parser(yaml: text, resolver: .basic, encoding: .utf8).singleRoot()) != nil
  }
}
