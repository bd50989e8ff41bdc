import EvidenceModel
import Yams

/// Reads each kind of catalogue entity from its YAML mapping.
///
/// Each function reads every key the format allows for that entity, then calls
/// ``MappingReader/finish()`` so that any other key is reported. Local rules that need nothing
/// outside the entity (inverted windows, malformed identifiers, inconsistent status) are checked
/// here; rules across entities are in ``CatalogueValidator``.
struct EntityDecoder {
  let sink: DiagnosticSink

  // MARK: Shared parts

  func identifiers(_ reader: inout MappingReader) -> Identifiers {
    var ids = Identifiers()
    if let doi = reader.string("doi") {
      if doi.hasPrefix("10."), doi.contains("/"), !doi.contains(where: \.isWhitespace) {
        ids.doi = doi
      } else {
        reportIdentifier(reader, "doi", doi, "a DOI starts with '10.' and contains '/', with no 'doi:' or URL prefix")
      }
    }
    if let pmid = reader.string("pmid") {
      if pmid.count <= 9, pmid.allSatisfy({ $0.isASCII && $0.isNumber }), pmid.first != "0" {
        ids.pmid = pmid
      } else {
        reportIdentifier(reader, "pmid", pmid, "a PubMed id is digits only")
      }
    }
    if let pmcid = reader.string("pmcid") {
      if pmcid.hasPrefix("PMC"), pmcid.count > 3, pmcid.dropFirst(3).allSatisfy({ $0.isASCII && $0.isNumber }) {
        ids.pmcid = pmcid
      } else {
        reportIdentifier(reader, "pmcid", pmcid, "a PubMed Central id is 'PMC' followed by digits")
      }
    }
    if let url = reader.string("url") {
      if isAddress(url) {
        ids.url = url
      } else {
        reportIdentifier(reader, "url", url, "write a full http:// or https:// address with no spaces")
      }
    }
    ids.registrations = reader.strings("registrations")
    return ids
  }

  private func reportIdentifier(
    _ reader: MappingReader, _ key: String, _ value: String, _ hint: String, key location: String? = nil
  ) {
    sink.report(
      .malformedIdentifier, "'\(key)' in \(reader.context) is '\(value)', which is malformed; \(hint)",
      at: reader.keyLocations[location ?? key] ?? reader.location)
  }

  /// Whether a text is a web address a reader can follow.
  private func isAddress(_ text: String) -> Bool {
    (text.hasPrefix("https://") || text.hasPrefix("http://")) && text.count > 10
      && !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "…" })
  }

  func verification(_ reader: inout MappingReader) -> Verification {
    let unverified = reader.bool("unverified") ?? false
    let note = reader.string("unverified-note")
    if note != nil, !unverified {
      sink.report(
        .invalidValue,
        "\(reader.context) has an 'unverified-note' but is not marked 'unverified: true'; mark it unverified or remove the note",
        at: reader.keyLocations["unverified-note"] ?? reader.location)
    }
    return Verification(isUnverified: unverified, note: note)
  }

  func provenance(_ reader: inout MappingReader, key: String = "provenance") -> Provenance? {
    guard var nested = reader.mapping(key, context: "the provenance of \(reader.context)") else {
      if !reader.has(key) {
        reader.reportMissing(key, hint: "say where this comes from with a citation and, where known, a doi, pmid or url")
      }
      return nil
    }
    let citation = nested.string("citation", required: "write the citation in words")
    let ids = identifiers(&nested)
    let note = nested.string("note")
    nested.finish()
    return citation.map { Provenance(citation: $0, identifiers: ids, note: note) }
  }

  func window(_ reader: inout MappingReader, key: String) -> TimingWindow? {
    let name = key == "window" ? "the window" : "the \(key) window"
    guard var nested = reader.mapping(key, context: "\(name) of \(reader.context)") else {
      return nil
    }
    let start = nested.duration("start")
    let end = nested.duration("end")
    let after = nested.ids("after")
    let note = nested.string("note")
    nested.finish()
    let window = TimingWindow(start: start, end: end, after: after, note: note)
    if window.isEmptyOrInverted, let start, let end {
      sink.report(
        .invertedWindow,
        "\(name) of \(reader.context) runs from \(start) to \(end), which is empty or backwards; the end must come after the start",
        at: nested.keyLocations["end"] ?? nested.location)
    }
    return window
  }

  // MARK: Entities

  func scheme(_ node: Node) -> GradingScheme? {
    guard var r = MappingReader(node, context: "a grading scheme", sink: sink) else { return nil }
    let id = r.id("id", required: "give the scheme an id such as 'grade'")
    let context = "grading scheme '\(id ?? "?")'"
    r = r.renamed(context)
    let name = r.string("name", required: "give the scheme's full name")
    let rationale = r.string(
      "mapping-rationale", required: "explain why the tiers sit where they do on the normalised scale")
    let provenance = provenance(&r)
    let strengths = r.list("strengths").compactMap { strengthTier($0, scheme: context) }
    let evidence = r.list("evidence-levels").compactMap { evidenceTier($0, scheme: context) }
    let verification = verification(&r)
    r.finish()
    if !r.has("strengths"), !r.has("evidence-levels") {
      r.reportMissing(
        "strengths", hint: "list the scheme's strength tiers, or its evidence levels for a scheme that grades evidence only")
    }
    guard let id, let name, let rationale, let provenance else { return nil }
    return GradingScheme(
      id: id, name: name, mappingRationale: rationale, provenance: provenance,
      strengths: strengths, evidenceLevels: evidence, verification: verification,
      location: r.location)
  }

  private func strengthTier(_ node: Node, scheme: String) -> GradingScheme.StrengthTier? {
    guard var r = MappingReader(node, context: "a strength tier of \(scheme)", sink: sink) else {
      return nil
    }
    let label = r.string("label", required: "write the tier's label as the scheme writes it")
    let aliases = r.strings("aliases")
    let meaning = r.string("meaning")
    // `strength: unknown` marks an ungraded tier: its strength is unknown, never a number.
    var strength: Double??
    if case .scalar(let scalar)? = r.has("strength") ? r.node("strength") : nil, scalar.string == "unknown" {
      strength = .some(nil)
    } else if let number = r.number(
      "strength", in: 0...1,
      required: "place the tier on the 0–1 strength scale, or write 'unknown' for an ungraded tier")
    {
      strength = .some(number)
    }
    let certainty = r.number(
      "certainty", in: 0...1, required: "give the certainty (0–1) to use when no evidence level is stated")
    let direction = r.choice("direction", Direction.self)
    let from = r.publicationDate("from")
    let until = r.publicationDate("until")
    let strongEquivalent = r.bool("strong-equivalent")
    r.finish()
    if let from, let until, until.firstDay <= from.firstDay {
      sink.report(
        .inconsistentDates,
        "tier '\(label ?? "?")' of \(scheme) is in use from \(from) until \(until), which is empty or backwards; 'until' must come after 'from'",
        at: r.keyLocations["until"] ?? r.location)
    }
    guard let label, let strength, let certainty else { return nil }
    return .init(
      label: label, aliases: aliases, meaning: meaning, strength: strength, certainty: certainty,
      direction: direction, from: from, until: until, strongEquivalent: strongEquivalent)
  }

  private func evidenceTier(_ node: Node, scheme: String) -> GradingScheme.EvidenceTier? {
    guard var r = MappingReader(node, context: "an evidence level of \(scheme)", sink: sink) else {
      return nil
    }
    let label = r.string("label", required: "write the level's label as the scheme writes it")
    let aliases = r.strings("aliases")
    let meaning = r.string("meaning")
    let certainty = r.number("certainty", in: 0...1, required: "place the level on the 0–1 certainty scale")
    r.finish()
    guard let label, let certainty else { return nil }
    return .init(label: label, aliases: aliases, meaning: meaning, certainty: certainty)
  }

  func body(_ node: Node) -> IssuingBody? {
    guard var r = MappingReader(node, context: "an issuing body", sink: sink) else { return nil }
    let id = r.id("id", required: "give the body an id such as 'acr-radiology'")
    r = r.renamed("body '\(id ?? "?")'")
    let abbreviation = r.string("abbreviation", required: "write the body's usual abbreviation")
    let name = r.string("name", required: "write the body's full name")
    let scheme = r.id("scheme")
    let url = r.string("url")
    r.finish()
    guard let id, let abbreviation, let name else { return nil }
    return IssuingBody(
      id: id, abbreviation: abbreviation, name: name, scheme: scheme, url: url,
      location: r.location, keyLocations: r.keyLocations)
  }

  func measure(_ node: Node) -> Measure? {
    guard var r = MappingReader(node, context: "a measure", sink: sink) else { return nil }
    let id = r.id("id", required: "give the measure an id such as 'pack-years'")
    let context = "measure '\(id ?? "?")'"
    r = r.renamed(context)
    let name = r.string("name", required: "write the measure's name")
    let description = r.string("description")
    let units = r.list("units", required: "list its units, the canonical one first").compactMap {
      node -> Measure.Unit? in
      guard var u = MappingReader(node, context: "a unit of \(context)", sink: sink) else { return nil }
      let unit = u.string("unit", required: "write the unit as recommendations write it, such as 'years' or '%'")
      let factor = u.number("factor", in: 1e-12...1e12)
      let offset = u.number("offset", in: -1e12...1e12)
      u.finish()
      return unit.map { Measure.Unit(unit: $0, factor: factor ?? 1, offset: offset ?? 0) }
    }
    let targetMargin = r.number("target-margin", in: 0...1e12)
    r.finish()
    if let first = units.first, first.factor != 1 || first.offset != 0 {
      sink.report(
        .invalidValue,
        "the first unit of \(context), '\(first.unit)', is the canonical one and takes no 'factor' or 'offset'; list the canonical unit first",
        at: r.location)
    }
    var seen: Set<String> = []
    for unit in units where !seen.insert(unit.unit).inserted {
      sink.report(.invalidValue, "\(context) lists the unit '\(unit.unit)' twice; list it once", at: r.location)
    }
    guard let id, let name, !units.isEmpty else { return nil }
    return Measure(
      id: id, name: name, description: description, units: units, targetMargin: targetMargin, location: r.location)
  }

  func intervention(_ node: Node) -> InterventionConcept? {
    guard var r = MappingReader(node, context: "an intervention", sink: sink) else { return nil }
    let id = r.id("id", required: "give the intervention an id such as 'vertebroplasty'")
    r = r.renamed("intervention '\(id ?? "?")'")
    let name = r.string("name", required: "write the intervention's name")
    let parent = r.id("parent")
    let description = r.string("description")
    var adjusts: InterventionConcept.Adjustment?
    if var a = r.mapping("adjusts", context: "the adjustment of intervention '\(id ?? "?")'") {
      let therapy = a.id("therapy", required: "name the therapy this concept steps up or down")
      let toward = a.choice(
        "toward", InterventionConcept.Adjustment.Toward.self, required: "say whether it steps the therapy up (intensify) or down (de-intensify)")
      a.finish()
      if let therapy, let toward { adjusts = .init(therapy: therapy, toward: toward) }
      if therapy != nil { r.addKeyLocations(["adjusts.therapy": a.keyLocations["therapy"] ?? a.location]) }
    }
    let variants = r.bool("variants") ?? false
    r.finish()
    guard let id, let name else { return nil }
    return InterventionConcept(
      id: id, name: name, parent: parent, description: description, adjusts: adjusts,
      variants: variants, location: r.location, keyLocations: r.keyLocations)
  }

  func population(_ node: Node) -> Population? {
    guard var r = MappingReader(node, context: "a population", sink: sink) else { return nil }
    let id = r.id("id", required: "give the population an id")
    r = r.renamed("population '\(id ?? "?")'")
    let name = r.string("name", required: "describe the population in a few words")
    let condition = r.id("condition", required: "name the condition, such as 'vertebral-compression-fracture'")
    let description = r.string("description")
    var qualifiers: [Population.Qualifier] = []
    if var q = r.mapping("qualifiers", context: "the qualifiers of population '\(id ?? "?")'") {
      for (dimension, keyNode) in q.keys {
        guard isValidID(dimension) else {
          sink.report(.invalidID, "qualifier '\(dimension)' is not an id", at: sink.location(keyNode))
          _ = q.node(dimension)
          continue
        }
        guard let value = q.node(dimension) else { continue }
        if case .sequence(let items) = value {
          qualifiers.append(.init(dimension: dimension, values: items.compactMap { q.text($0, key: dimension) }))
        } else if let single = q.text(value, key: dimension) {
          qualifiers.append(.init(dimension: dimension, values: [single]))
        }
      }
      q.finish()
    }
    var keyLocations: [String: SourceLocation] = [:]
    var ranges: [Population.MeasureRange] = []
    for node in r.list("ranges") {
      guard let range = measureRange(node, context: "a range of population '\(id ?? "?")'") else { continue }
      keyLocations["ranges.\(ranges.count)"] = sink.location(node)
      ranges.append(range)
    }
    let anyOf = r.ids("any-of")
    r.finish()
    guard let id, let name, let condition else { return nil }
    return Population(
      id: id, name: name, condition: condition, qualifiers: qualifiers, ranges: ranges,
      anyOf: anyOf, description: description, location: r.location,
      keyLocations: r.keyLocations.merging(keyLocations) { a, _ in a })
  }

  /// A range on a measure: `min` (≥) or `above` (>) for the lower bound, `max` (≤) or `below`
  /// (<) for the upper, at least one of them.
  func measureRange(_ node: Node, context: String) -> Population.MeasureRange? {
    guard var r = MappingReader(node, context: context, sink: sink) else { return nil }
    let measure = r.id("measure", required: "name the measure, such as 'age' or 'hba1c'")
    let unit = r.string("unit", required: "give the unit, such as 'years' or '%'")
    let bounds = ["min", "above", "max", "below"]
    var values: [String: Double] = [:]
    for key in bounds {
      if let value = r.number(key, in: -1e9...1e9) { values[key] = value }
    }
    r.finish()
    let name = "the range of '\(measure ?? "?")' in \(context.replacingOccurrences(of: "a range of ", with: ""))"
    for (inclusive, exclusive) in [("min", "above"), ("max", "below")] where r.has(inclusive) && r.has(exclusive) {
      sink.report(
        .inconsistentRange,
        "\(name) has both '\(inclusive)' and '\(exclusive)'; give one \(inclusive == "min" ? "lower" : "upper") bound: '\(inclusive)' includes the value, '\(exclusive)' leaves it out",
        at: r.keyLocations[exclusive] ?? r.location)
    }
    if r.has("measure"), !bounds.contains(where: r.has) {
      r.reportMissing("min", hint: "give a bound: 'min' (≥), 'above' (>), 'max' (≤) or 'below' (<)")
    }
    let range = Population.MeasureRange(
      measure: measure ?? "?", unit: unit ?? "?", min: values["min"] ?? values["above"],
      max: values["max"] ?? values["below"], minExclusive: values["min"] == nil && values["above"] != nil,
      maxExclusive: values["max"] == nil && values["below"] != nil)
    if range.isEmpty {
      sink.report(
        .inconsistentRange,
        "\(name) (\(range.summary)) holds no value: its lower bound is not below its upper bound; correct or swap the bounds",
        at: r.keyLocations["max"] ?? r.keyLocations["below"] ?? r.location)
    }
    guard measure != nil, unit != nil else { return nil }
    return range
  }

  func topic(_ node: Node) -> Topic? {
    guard var r = MappingReader(node, context: "a topic", sink: sink) else { return nil }
    let id = r.id("id", required: "give the topic an id")
    let context = "topic '\(id ?? "?")'"
    r = r.renamed(context)
    let title = r.string("title", required: "give the topic a title")
    let question = r.string("question", required: "write the clinical question the topic answers")
    let population = r.id("population", required: "name the population the topic is about")
    let anchor = r.choice("anchor", Topic.Anchor.self, required: "name the event the timeline is measured from")
    let anchorNote = r.string("anchor-note")
    let phases = r.list("phases").compactMap { phase($0, topic: context) }
    let prerequisites = r.list("prerequisites").compactMap { node -> Topic.Prerequisite? in
      guard var p = MappingReader(node, context: "a prerequisite of \(context)", sink: sink) else { return nil }
      let pid = p.id("id", required: "give the prerequisite an id")
      let description = p.string("description", required: "describe the prerequisite")
      p.finish()
      guard let pid, let description else { return nil }
      return .init(id: pid, description: description)
    }
    let assumptions = r.list("assumptions").compactMap { assumption($0, topic: context) }
    let redFlags = r.list("red-flags").compactMap { redFlag($0, topic: context) }
    r.finish()
    guard let id, let title, let question, let population, let anchor else { return nil }
    return Topic(
      id: id, title: title, question: question, population: population, anchor: anchor,
      anchorNote: anchorNote, phases: phases, prerequisites: prerequisites,
      assumptions: assumptions, redFlags: redFlags, location: r.location,
      keyLocations: r.keyLocations)
  }

  private func phase(_ node: Node, topic: String) -> Topic.Phase? {
    guard var r = MappingReader(node, context: "a phase of \(topic)", sink: sink) else { return nil }
    let name = r.string("name", required: "name the phase, such as 'First 2 weeks'")
    let start = r.duration("start")
    if !r.has("start") { r.reportMissing("start", hint: "give the phase's start, such as 0d") }
    let end = r.duration("end")
    r.finish()
    if let start, let end, end <= start {
      sink.report(
        .invertedWindow, "phase '\(name ?? "?")' of \(topic) runs from \(start) to \(end); the end must come after the start",
        at: r.keyLocations["end"] ?? r.location)
    }
    guard let name, let start else { return nil }
    return .init(name: name, start: start, end: end)
  }

  private func assumption(_ node: Node, topic: String) -> Topic.Assumption? {
    guard var r = MappingReader(node, context: "an assumption of \(topic)", sink: sink) else { return nil }
    let id = r.id("id", required: "give the assumption an id")
    r = r.renamed("assumption '\(id ?? "?")' of \(topic)")
    let statement = r.string("statement", required: "state the assumption")
    let prerequisite = r.id("prerequisite")
    let duration = r.duration("duration")
    let provenance = provenance(&r)
    let verification = verification(&r)
    r.finish()
    guard let id, let statement, let provenance else { return nil }
    return .init(
      id: id, statement: statement, prerequisite: prerequisite, duration: duration,
      provenance: provenance, verification: verification)
  }

  private func redFlag(_ node: Node, topic: String) -> Topic.RedFlag? {
    guard var r = MappingReader(node, context: "a red flag of \(topic)", sink: sink) else { return nil }
    let id = r.id("id", required: "give the red flag an id")
    r = r.renamed("red flag '\(id ?? "?")' of \(topic)")
    let description = r.string("description", required: "describe the finding")
    let action = r.string("action", required: "say what the red flag calls for")
    let recommendations = r.ids("recommendations")
    let provenance = provenance(&r)
    let verification = verification(&r)
    r.finish()
    guard let id, let description, let action, let provenance else { return nil }
    return .init(
      id: id, description: description, action: action, recommendations: recommendations,
      provenance: provenance, verification: verification)
  }

  func study(_ node: Node) -> Study? {
    guard var r = MappingReader(node, context: "a study", sink: sink) else { return nil }
    let id = r.id("id", required: "give the study an id such as 'vertos-ii-2010'")
    r = r.renamed("study '\(id ?? "?")'")
    let name = r.string("name", required: "give the study's short name, such as 'VERTOS II'")
    let citation = r.string("citation", required: "write the citation in words")
    let year = r.int("year", in: 1900...2100)
    let design = r.choice("design", Study.Design.self, required: "name the design")
    let size = r.int("size", in: 1...100_000_000)
    let intervention = r.id("intervention")
    let comparator = r.string("comparator")
    let enrolment = window(&r, key: "enrolment")
    let result = r.choice("result", Study.Result.self, required: "say what the study found")
    let summary = r.string("result-summary")
    let funding = r.string("funding")
    let ids = identifiers(&r)
    let verification = verification(&r)
    r.finish()
    if !r.has("year"), !verification.isUnverified {
      r.reportMissing("year", hint: "give the year, or mark the study 'unverified: true' with a note if no source states it")
    }
    guard let id, let name, let citation, let design, let result else { return nil }
    return Study(
      id: id, name: name, citation: citation, year: year, design: design, size: size,
      intervention: intervention, comparator: comparator, enrolment: enrolment, result: result,
      resultSummary: summary, funding: funding, identifiers: ids, verification: verification,
      location: r.location, keyLocations: r.keyLocations)
  }

  func source(_ node: Node) -> Source? {
    guard var r = MappingReader(node, context: "the source", sink: sink) else { return nil }
    let id = r.id("id", required: "give the source an id such as 'aaos-2010-oscf'")
    r = r.renamed("source '\(id ?? "?")'")
    let kind = r.choice("kind", Source.Kind.self, required: "say what kind of publication it is")
    let title = r.string("title", required: "write the source's title")
    let year = r.int("year", in: 1900...2100)
    let published = r.publicationDate("published")
    let bodiesNode = r.has("bodies") ? r.node("bodies") : nil
    let bodies = r.ids("bodies", required: "list the issuing bodies' ids")
    let scheme = r.id("scheme")
    let topic = r.id("topic")
    let citation = r.string("citation", required: "write the citation in words")
    let ids = identifiers(&r)
    let seenAt = r.strings("seen-at")
    for (offset, address) in seenAt.enumerated() where !isAddress(address) {
      reportIdentifier(r, "seen-at", address, "write a full http:// or https:// address with no spaces", key: "seen-at.\(offset)")
    }
    if r.has("status") {
      _ = r.node("status")
      sink.report(
        .invalidValue,
        "source '\(id ?? "?")' has 'status', which is no longer written: a source is in force from its publication until its successor's; remove 'status' and keep 'superseded-by' (or write 'withdrawn: DATE')",
        at: r.keyLocations["status"] ?? r.location)
    }
    let supersededBy = r.id("superseded-by")
    let withdrawn = r.publicationDate("withdrawn")
    let reaffirmed = r.publicationDates("reaffirmed")
    let endorses = r.ids("endorses")
    let doesNotEndorse = r.ids("does-not-endorse")
    let reviewBy = r.date("review-by")
    let appraisal = appraisal(&r)
    let verification = verification(&r)
    let notes = r.string("notes")
    r.finish()
    if case .sequence(let items)? = bodiesNode, items.isEmpty {
      r.reportMissing("bodies", hint: "list at least one issuing body")
    }
    if let year, let published, published.year != year {
      sink.report(
        .inconsistentDates,
        "source '\(id ?? "?")' was published \(published) but its year is \(year); make them agree",
        at: r.keyLocations["published"] ?? r.location)
    }
    let publication = published ?? year.flatMap { PublicationDate(year: $0) }
    if let publication {
      if let withdrawn, withdrawn.isCertainlyBefore(publication) {
        sink.report(
          .inconsistentDates,
          "source '\(id ?? "?")' is withdrawn \(withdrawn), before its publication (\(publication)); correct one of the dates",
          at: r.keyLocations["withdrawn"] ?? r.location)
      }
      for date in reaffirmed where date.isCertainlyBefore(publication) {
        sink.report(
          .inconsistentDates,
          "source '\(id ?? "?")' is reaffirmed \(date), before its publication (\(publication)); correct the date",
          at: r.keyLocations["reaffirmed"] ?? r.location)
      }
    }
    if supersededBy != nil, withdrawn != nil {
      sink.report(
        .inconsistentStatus,
        "source '\(id ?? "?")' has both 'superseded-by' and 'withdrawn'; a superseded source ends with its successor, so keep one",
        at: r.keyLocations["withdrawn"] ?? r.location)
    }
    if year == nil, !r.has("year"), !verification.isUnverified {
      r.reportMissing("year", hint: "give the year, or mark the source 'unverified: true' with a note if no source states it")
    }
    guard let id, let kind, let title, let citation else { return nil }
    return Source(
      id: id, kind: kind, title: title, year: year, published: published, bodies: bodies,
      scheme: scheme, topic: topic, citation: citation, identifiers: ids, seenAt: seenAt,
      supersededBy: supersededBy, withdrawn: withdrawn, reaffirmed: reaffirmed,
      endorses: endorses, doesNotEndorse: doesNotEndorse, reviewBy: reviewBy,
      appraisal: appraisal, verification: verification, notes: notes, location: r.location,
      keyLocations: r.keyLocations)
  }

  private func appraisal(_ reader: inout MappingReader) -> Source.Appraisal? {
    guard var r = reader.mapping("appraisal", context: "the appraisal of \(reader.context)") else {
      return nil
    }
    let instrument = r.string("instrument", required: "name the instrument, such as 'AGREE II'")
    let overall = r.number("overall", in: 0...100)
    let note = r.string("note")
    var domains: [Source.Appraisal.Domain] = []
    if var d = r.mapping("domains", context: "the appraisal domains of \(reader.context)") {
      for (name, _) in d.keys {
        if let node = d.node(name), let score = d.number(node, key: name, in: 0...100) {
          domains.append(.init(name: name, score: score))
        }
      }
      d.finish()
    }
    r.finish()
    return instrument.map { .init(instrument: $0, domains: domains, overall: overall, note: note) }
  }

  func recommendation(_ node: Node, source: Source?) -> Recommendation? {
    guard var r = MappingReader(node, context: "a recommendation", sink: sink) else { return nil }
    let id = r.id("id", required: "give the recommendation an id such as 'aaos-2010-r1'")
    r = r.renamed("recommendation '\(id ?? "?")'")
    var topic = r.id("topic")
    if topic == nil, !r.has("topic") {
      topic = source?.topic
      if topic == nil, source != nil {
        r.reportMissing("topic", hint: "name its topic here or give the source a 'topic'")
      }
    }
    var interventions: [String] = []
    r.declare("intervention", "interventions")
    if r.has("intervention"), r.has("interventions") {
      sink.report(
        .invalidValue, "\(r.context) has both 'intervention' and 'interventions'; keep one",
        at: r.location)
    }
    if let single = r.id("intervention") {
      interventions = [single]
    } else if r.has("interventions") {
      interventions = r.ids("interventions")
      if interventions.isEmpty, case .sequence(let items)? = r.node("interventions"), items.isEmpty {
        r.reportMissing("interventions", hint: "list at least one intervention concept")
      }
    } else {
      r.reportMissing("intervention", hint: "name the intervention concept it is about")
    }
    let population = r.id("population", required: "name the population it applies to")
    let direction = r.choice("direction", Direction.self, required: "say whether it is for, against or neutral")
    let strength = r.string("strength")
    let evidenceLevel = r.string("evidence-level")
    let scheme = r.id("scheme")
    let statement = r.string("statement", required: "paraphrase the recommendation briefly")
    let locator = r.string("locator", required: "say where in the source it stands (section, page or URL)")
    let window = window(&r, key: "window") ?? .always
    let exclusive = r.ids("exclusive").map(Recommendation.ScopeItem.init)
    let use = r.choice("use", Recommendation.Use.self)
    let preferred = r.bool("preferred") ?? false
    let exceptions = exceptions(&r)
    let interval = interval(&r)
    var target: Population.MeasureRange?
    if let node = r.node("target") { target = measureRange(node, context: "the target of \(r.context)") }
    let conditions = r.strings("conditions")
    let exclusions = r.strings("exclusions")
    let studies = r.ids("studies")
    let verification = verification(&r)
    r.finish()
    if let statement, statement.count > 1000 {
      sink.report(
        .textTooLong,
        "the statement of \(r.context) is \(statement.count) characters; paraphrase it in under 1,000 characters rather than copying the guideline",
        at: r.keyLocations["statement"] ?? r.location, severity: .warning)
    }
    if strength == nil, evidenceLevel == nil, r.has("id") {
      r.reportMissing(
        "strength", hint: "give the strength label in the source's own scheme (or, for a scheme that grades evidence only, an 'evidence-level')")
    }
    guard let id, let source, let topic, !interventions.isEmpty, let population, let direction,
      strength != nil || evidenceLevel != nil, let statement, let locator
    else { return nil }
    return Recommendation(
      id: id, source: source.id, topic: topic, interventions: interventions,
      population: population, direction: direction, strength: strength,
      evidenceLevel: evidenceLevel, scheme: scheme, statement: statement, locator: locator,
      window: window, exclusive: exclusive, use: use, preferred: preferred, exceptions: exceptions,
      interval: interval, target: target, conditions: conditions, exclusions: exclusions,
      studies: studies, verification: verification, location: r.location,
      keyLocations: r.keyLocations)
  }

  /// A committee decision (``Decision``).
  func decision(_ node: Node) -> Decision? {
    guard var r = MappingReader(node, context: "a decision", sink: sink) else { return nil }
    let id = r.id("id", required: "give the decision an id such as 'spine-committee-2026-vertebroplasty'")
    r = r.renamed("decision '\(id ?? "?")'")
    let topic = r.id("topic", required: "name the topic the decision belongs to")
    let intervention = r.id("intervention", required: "name the clinical question: the intervention concept decided on")
    let population = r.id("population")
    let window = window(&r, key: "window") ?? .always
    let position = r.choice("position", Decision.Adopted.self, required: "say which position the committee adopted")
    let rationale = r.string("rationale", required: "say briefly why the committee decided so")
    let date = r.date("date")
    let committee = r.string("committee", required: "name the committee that decided")
    let settles = r.ids("settles")
    let considered = r.ids("considered")
    r.finish()
    if !r.has("date") {
      r.reportMissing("date", hint: "give the day of the decision as YYYY-MM-DD; the evidence it weighed is the catalogue as of that day")
    }
    if let rationale, rationale.count > 1000 {
      sink.report(
        .textTooLong, "the rationale of \(r.context) is \(rationale.count) characters; keep it under 1,000 and link the minutes instead",
        at: r.keyLocations["rationale"] ?? r.location, severity: .warning)
    }
    guard let id, let topic, let intervention, let position, let rationale, let date, let committee else { return nil }
    return Decision(
      id: id, topic: topic, intervention: intervention, population: population, window: window,
      position: position, rationale: rationale, date: date, committee: committee, settles: settles,
      considered: considered, location: r.location, keyLocations: r.keyLocations)
  }

  /// Excepted subgroups: a population id, or `{population: id, window: {...}}` where the
  /// exception holds only at some ages or times.
  private func exceptions(_ r: inout MappingReader) -> [Recommendation.Exception] {
    var result: [Recommendation.Exception] = []
    var locations: [String: SourceLocation] = [:]
    for (offset, node) in r.list("exceptions").enumerated() {
      locations["exceptions.\(offset)"] = sink.location(node)
      if case .scalar = node {
        guard let id = r.text(node, key: "exceptions") else { continue }
        guard isValidID(id) else {
          sink.report(.invalidID, "'\(id)' in 'exceptions' of \(r.context) is not a population id", at: sink.location(node))
          continue
        }
        result.append(.init(population: id))
      } else if var m = MappingReader(node, context: "an exception of \(r.context)", sink: sink) {
        let population = m.id("population", required: "name the excepted population")
        let window = window(&m, key: "window")
        m.finish()
        if let population { result.append(.init(population: population, window: window)) }
      }
    }
    r.addKeyLocations(locations)
    return result
  }

  /// How often: `once`, a duration (`3y`), or `{min: 1y, max: 2y}`.
  private func interval(_ r: inout MappingReader) -> RecurrenceInterval? {
    guard let node = r.node("interval") else { return nil }
    let location = sink.location(node)
    let hint = "write 'once', a duration such as 1y or 3y, or a range {min: 1y, max: 2y}"
    func duration(_ text: String, _ at: SourceLocation) -> TimelineDuration? {
      guard let d = TimelineDuration(parsing: text) else {
        sink.report(
          .malformedDuration,
          "the interval of \(r.context) is '\(text)', which is not a duration (intervals cannot be negative); \(hint)",
          at: at)
        return nil
      }
      guard d.amount > 0 else {
        sink.report(
          .invalidInterval, "the interval of \(r.context) is \(d), which never repeats; \(hint)", at: at)
        return nil
      }
      return d
    }
    switch node {
    case .scalar(let scalar):
      if scalar.string == "once" { return .once }
      return duration(scalar.string, location).map { RecurrenceInterval(every: $0) }
    case .mapping:
      guard var m = MappingReader(node, context: "the interval of \(r.context)", sink: sink) else {
        return nil
      }
      let low = m.string("min", required: "give the shortest interval, such as 1y")
        .flatMap { duration($0, m.keyLocations["min"] ?? location) }
      let high = m.string("max", required: "give the longest interval, such as 2y")
        .flatMap { duration($0, m.keyLocations["max"] ?? location) }
      m.finish()
      guard let low, let high else { return nil }
      guard low <= high else {
        sink.report(
          .invalidInterval,
          "the interval of \(r.context) runs from \(low) to \(high), which is backwards; swap them",
          at: m.keyLocations["max"] ?? location)
        return nil
      }
      return RecurrenceInterval(minimum: low, maximum: high)
    default:
      sink.report(.wrongType, "'interval' in \(r.context) must be text or a mapping; \(hint)", at: location)
      return nil
    }
  }
}

extension MappingReader {
  /// The same reader with a more specific context, once the entity's id is known.
  func renamed(_ context: String) -> MappingReader {
    var copy = self
    copy.setContext(context)
    return copy
  }
}

extension Double {
  /// The number as written in a catalogue: `69` rather than `69.0`.
  var formatted: String {
    self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
  }
}
