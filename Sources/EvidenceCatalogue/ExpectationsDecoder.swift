import EvidenceModel
import Yams

/// Reads an expectations file (`ExpectationsFormat.md`) and checks its references against a
/// catalogue, reporting every problem with its file, line and column.
public struct ExpectationsDecoder: Sendable {
  public init() {}

  /// The expectations in a file, or `nil` when it cannot be read; with its diagnostics.
  ///
  /// References are checked against `catalogue`: the topic, every statement, intervention,
  /// measure and qualifier dimension must exist (`dangling-reference`). Measure values are read
  /// in the measure's canonical unit.
  public func decode(
    _ bytes: [UInt8], displayPath: String, catalogue: Catalogue
  ) -> (expectations: TopicExpectations?, diagnostics: [Diagnostic]) {
    let sink = DiagnosticSink(file: displayPath)
    guard let root = CatalogueFileDecoder.root(of: bytes, sink: sink),
      var r = MappingReader(root, context: "an expectations file", sink: sink)
    else { return (nil, sink.diagnostics) }
    let topic = r.id("topic", required: "name the topic the expectations are for")
    let source = r.string("source")
    let relations = r.list("relations").compactMap { relation($0, sink: sink, catalogue) }
    let pathway = r.list("pathway").compactMap { line($0, sink: sink, catalogue) }
    r.finish()
    if let topic, catalogue.topic(topic) == nil {
      sink.report(
        .danglingReference, "topic '\(topic)' is not in the catalogue; use a topic id the catalogue defines",
        at: r.keyLocations["topic"] ?? r.location)
    }
    var seen: Set<String> = []
    for id in relations.map(\.id) + pathway.map(\.id) where !seen.insert(id).inserted {
      sink.report(.duplicateID, "the label '\(id)' is used twice in this file; give each expectation its own", at: r.location)
    }
    let diagnostics = sink.diagnostics.sorted {
      ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
    }
    guard let topic, diagnostics.isEmpty else { return (nil, diagnostics) }
    return (
      TopicExpectations(topic: topic, source: source, relations: relations, pathway: pathway, location: r.location),
      sink.diagnostics
    )
  }

  private func relation(_ node: Node, sink: DiagnosticSink, _ catalogue: Catalogue) -> TopicExpectations.Relation? {
    guard var r = MappingReader(node, context: "an expected relation", sink: sink) else { return nil }
    let id = r.id("id", required: "give the expectation a label")
    if let id { r.setContext("expected relation '\(id)'") }
    let between = r.ids("between", required: "name the two statements (recommendation ids)")
    let implied = r.id("implied")
    let aspect = r.string("aspect") ?? "position"
    let at = r.duration("at")
    let severity = r.string("severity", required: "give the severity band a methodologist expects")
    let accept = r.strings("accept")
    let control = r.bool("control") ?? false
    let why = r.string("why")
    r.finish()
    if between.count != 2 {
      sink.report(.invalidValue, "'between' in \(r.context) must name exactly two statements", at: r.keyLocations["between"] ?? r.location)
    }
    for (offset, statement) in between.enumerated() where catalogue.recommendation(statement) == nil {
      sink.report(
        .danglingReference, "'\(statement)' in \(r.context) is not a recommendation of the catalogue",
        at: r.keyLocations["between.\(offset)"] ?? r.location)
    }
    if let implied, !between.contains(implied) {
      sink.report(.invalidValue, "'implied' in \(r.context) must be one of the two statements in 'between'", at: r.keyLocations["implied"] ?? r.location)
    }
    check(aspect, among: TopicExpectations.aspects, "aspect", r, sink)
    for value in [severity].compactMap({ $0 }) + accept {
      check(value, among: TopicExpectations.severities, "severity", r, sink)
    }
    guard let id, let severity, between.count == 2 else { return nil }
    return .init(
      id: id, between: between, implied: implied, aspect: aspect, at: at,
      severities: [severity] + accept.filter { $0 != severity }, control: control, why: why,
      location: r.location)
  }

  private func line(_ node: Node, sink: DiagnosticSink, _ catalogue: Catalogue) -> TopicExpectations.Line? {
    guard var r = MappingReader(node, context: "an expected pathway line", sink: sink) else { return nil }
    let id = r.id("id", required: "give the expectation a label")
    if let id { r.setContext("expected pathway line '\(id)'") }
    let intervention = r.id("intervention", required: "name the intervention of the line")
    let positions = r.strings("position")
    if positions.isEmpty { r.reportMissing("position", hint: "list the accepted pathway positions") }
    for value in positions { check(value, among: TopicExpectations.positions, "position", r, sink) }
    let context = "the patient of \(r.context)"
    var patient: TopicExpectations.Patient?
    if let reader = r.mapping("patient", context: context) { patient = self.patient(reader, sink, catalogue) }
    if !r.has("patient") { r.reportMissing("patient", hint: "describe a patient: at (a point on the timeline), measure values, qualifier values") }
    let why = r.string("why")
    r.finish()
    if let intervention, catalogue.intervention(intervention) == nil {
      sink.report(
        .danglingReference, "intervention '\(intervention)' in \(r.context) is not in the catalogue",
        at: r.keyLocations["intervention"] ?? r.location)
    }
    guard let id, let intervention, let patient, !positions.isEmpty else { return nil }
    return .init(id: id, intervention: intervention, patient: patient, positions: positions, why: why, location: r.location)
  }

  private func patient(_ reader: MappingReader, _ sink: DiagnosticSink, _ catalogue: Catalogue) -> TopicExpectations.Patient? {
    var r = reader
    let at = r.duration("at")
    if !r.has("at") { r.reportMissing("at", hint: "give the patient's point on the topic's timeline (an age such as 60y, or a time such as 6w)") }
    let dimensions = Set(catalogue.populations.flatMap { $0.qualifiers.map(\.dimension) })
    var values: [String: Double] = [:]
    var qualifiers: [String: String] = [:]
    for (key, _) in r.keys where key != "at" {
      if catalogue.measure(key) != nil {
        guard let value = r.number(key, in: -1e12...1e12) else { continue }
        values[key] = value
      } else if dimensions.contains(key) {
        if let value = r.string(key) { qualifiers[key] = value }
      } else {
        r.declare(key)
        sink.report(
          .danglingReference,
          "'\(key)' in \(r.context) is neither a measure nor a qualifier dimension of the catalogue",
          at: r.keyLocations[key] ?? r.location)
      }
    }
    r.finish()
    guard let at else { return nil }
    return .init(at: at, values: values, qualifiers: qualifiers)
  }

  private func check(_ value: String, among allowed: [String], _ key: String, _ r: MappingReader, _ sink: DiagnosticSink) {
    guard !allowed.contains(value) else { return }
    sink.report(
      .invalidValue, "'\(key)' in \(r.context) is '\(value)'; use one of: \(allowed.joined(separator: ", "))",
      at: r.keyLocations[key] ?? r.location)
  }
}
