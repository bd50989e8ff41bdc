import ConflictAnalysis
import EvidenceModel

/// Writes JSON bytes in the layout of ``PrettyJSONEncoder`` (Foundation's pretty-printed,
/// sorted-keys output), for the rows a report writes by the million: keys are written in the
/// order given, which the caller keeps sorted.
struct JSONBytes {
  var out: [UInt8]
  private var depth: Int
  private var first = [true]

  init(into out: [UInt8], depth: Int) {
    self.out = out
    self.depth = depth
  }

  private mutating func indent() { out.append(contentsOf: repeatElement(0x20, count: 2 * depth)) }

  /// The separator before the next member of the open container, and its indentation.
  private mutating func next() {
    if first[first.count - 1] {
      first[first.count - 1] = false
      out.append(0x0A)
    } else {
      out.append(UInt8(ascii: ","))
      out.append(0x0A)
    }
    indent()
  }

  mutating func key(_ name: StaticString) {
    next()
    out.append(UInt8(ascii: "\""))
    out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    out.append(contentsOf: "\" : ".utf8)
  }

  private mutating func open(_ bracket: UInt8) {
    out.append(bracket)
    depth += 1
    first.append(true)
  }

  private mutating func close(_ bracket: UInt8) {
    let empty = first.removeLast()
    depth -= 1
    out.append(0x0A)
    if empty { out.append(0x0A) }
    indent()
    out.append(bracket)
  }

  mutating func string(_ text: String) { Node.appendQuoted(text, to: &out) }
  mutating func string(_ text: String?) { if let text { string(text) } else { null() } }
  mutating func number(_ value: Double) { out.append(contentsOf: Node.numberText(value).utf8) }
  mutating func number(_ value: Double?) { if let value { number(value) } else { null() } }
  mutating func bool(_ value: Bool) { out.append(contentsOf: (value ? "true" : "false").utf8) }
  mutating func null() { out.append(contentsOf: "null".utf8) }

  mutating func strings(_ values: [String]) {
    array(values) { json, value in json.string(value) }
  }

  /// An object whose members `body` writes (each with ``key(_:)`` first).
  mutating func object(_ body: (inout JSONBytes) throws -> Void) rethrows {
    open(UInt8(ascii: "{"))
    try body(&self)
    close(UInt8(ascii: "}"))
  }

  /// An array of the elements, each written by `element`.
  mutating func array<Element>(_ elements: [Element], _ element: (inout JSONBytes, Element) throws -> Void) rethrows {
    open(UInt8(ascii: "["))
    for value in elements {
      next()
      try element(&self, value)
    }
    close(UInt8(ascii: "]"))
  }

  /// Any other value, through ``PrettyJSONEncoder``.
  mutating func encoded(_ value: some Encodable) throws {
    try PrettyJSONEncoder.write(value, depth: depth, to: &out)
  }
}

extension RelationRow {
  /// The row's JSON, byte for byte what `JSONEncoder` writes for ``encode(to:)``, without the
  /// `Encoder` machinery: the keys of ``Conflict``'s encoding plus `dispute`, in sorted order.
  func write(depth: Int, to out: inout [UInt8]) throws {
    // The buffer moves into the writer and back, so that appending never copies it.
    var json = JSONBytes(into: out, depth: depth)
    out = []
    let r = relation
    try json.object { json in
      json.key("aspect"); json.string(r.aspect.rawValue)
      json.key("band"); json.string(r.band)
      let c = r.components
      json.key("components")
      json.object { json in
        json.key("certainty"); json.number(c.certainty)
        json.key("opposition"); json.number(c.opposition)
        json.key("recency"); json.number(c.recency)
        json.key("sourceQuality"); json.number(c.sourceQuality)
        json.key("strength"); json.number(c.strength)
      }
      json.key("dispute"); json.string(dispute)
      json.key("era")
      if let era = r.era { try json.encoded(era) } else { json.null() }
      json.key("explanations")
      json.array(r.explanations) { json, explanation in
        json.object { json in
          json.key("factor"); json.string(explanation.factor)
          json.key("text"); json.string(explanation.text)
        }
      }
      let extent = r.extent
      json.key("extent")
      json.object { json in
        json.key("population"); json.number(extent.population)
        json.key("window"); json.number(extent.window)
      }
      json.key("id"); json.string(r.id)
      json.key("implied"); json.bool(r.isImplied)
      json.key("intervention"); json.string(r.intervention)
      json.key("population"); json.string(r.population)
      json.key("recommendations"); json.strings(r.recommendations)
      json.key("score"); json.number(r.score)
      json.key("severity"); json.string(r.severity.rawValue)
      json.key("sides")
      json.array(r.sides) { json, side in
        json.object { json in
          json.key("bodies"); json.strings(side.bodies)
          json.key("certainty"); json.number(side.certainty)
          json.key("direction"); json.string(side.direction.rawValue)
          json.key("grade"); json.string(side.grade)
          json.key("impliedBy"); json.string(side.impliedBy)
          json.key("interventions"); json.strings(side.interventions)
          json.key("population"); json.string(side.population)
          json.key("recommendation"); json.string(side.recommendation)
          json.key("source"); json.string(side.source)
          json.key("statement"); json.string(side.statement)
          json.key("strength"); json.number(side.strength)
          json.key("unverified"); json.bool(side.unverified)
          json.key("window"); json.string(side.window)
        }
      }
      json.key("societies"); json.strings(r.societies)
      json.key("statements"); json.strings(r.statements)
      json.key("topic"); json.string(r.topic)
      json.key("type"); json.string(r.type.rawValue)
      json.key("window"); json.string(r.window)
    }
    out = json.out
  }
}
