import ConflictAnalysis
import EvidenceModel

/// The table sheets of the XLSX report (see ``XlsxReport``).
extension XlsxTables {
  mutating func disputes(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    let catalogue = report.catalogue
    let disputes = report.disputes
    let stances = ["for", "for selectively", "against", "no recommendation"]
    let columns: [(String, Double)] = [
      ("Topic", 16), ("Question", 20), ("Severity", 9), ("Relations", 8), ("For", 34), ("For selectively", 24),
      ("Against", 34), ("No recommendation", 24), ("It turns on", 50), ("Where the strongest holds", 28),
      ("Strongest relation", 20), ("Id", 20),
    ]
    let written = try table(sheet, columns, rows: disputes.count, pagesWide: 1) { index in
      let d = disputes[index]
      let camps = stances.map { stance -> XlsxCell in
        guard let camp = d.camps.first(where: { $0.stance == stance }) else { return .empty }
        return .wrapped(camp.members.map { member in
          return "\(report.bodies.joined(member.bodies, fallback: member.source)) \(member.year.map(String.init) ?? "(year unknown)") (\(member.grade))"
            + (member.impliedBy.map { ", implied by \($0)" } ?? "") + " [\(member.position)]"
        }.joined(separator: "\n"))
      }
      return [
        .text(d.topic), .wrapped(TopicSummary.name(d.intervention, catalogue)), .text(d.severity.rawValue),
        .number(Double(d.relations.count), .number),
      ] + camps + [
        .wrapped(d.turnsOn.prefix(4).map { "[\($0.factor)] \($0.text)" }.joined(separator: "\n")), .wrapped(d.segment),
        .text(d.strongest), .text(d.id),
      ]
    }
    try colour(sheet, column: 2, rows: written, Self.severityStyles)
  }

  mutating func conflicts(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    // Live relations first, then the historical ones (with the period both were in force).
    let conflicts = report.pairwise + report.pairwiseHistorical
    let catalogue = report.catalogue
    let disputeOf = report.disputeOf
    var columns: [(String, Double)] = [
      ("Severity", 10), ("Score", 7), ("Type", 20), ("Aspect", 9), ("Era", 16), ("Question", 20), ("Dispute", 21),
    ]
    for side in ["A", "B"] {
      columns += [
        ("Recommendation \(side)", 24), ("Bodies \(side)", 14), ("Direction \(side)", 9), ("Grade \(side)", 18),
        ("Strength \(side)", 8), ("Certainty \(side)", 8), ("Window start \(side) (days)", 8),
        ("Window end \(side) (days)", 8), ("Implied by \(side)", 18),
      ]
    }
    columns += [
      ("Where: timeline", 20), ("Where: population", 32), ("Opposition", 9), ("Strength", 8), ("Certainty", 8),
      ("Source quality", 8), ("Recency", 8), ("Extent: population", 9), ("Extent: window", 9), ("Explanations", 70),
      ("Id", 21), ("Unverified", 10),
    ]
    let written = try table(sheet, columns, rows: conflicts.count, pagesWide: 2) { index in
      let c = conflicts[index]
      var cells: [XlsxCell] = [
        .text(c.severity.rawValue), .number(c.score, .decimal), .text(c.type.rawValue), .text(c.aspect.rawValue),
        .wrapped(c.era.map { "historical \($0.summary)" } ?? "live"), .wrapped(TopicSummary.name(c.intervention, catalogue)),
        disputeOf[c.id].map { .text($0) } ?? .empty,
      ]
      for side in [c.first, c.second] {
        cells += [
          .text(side.id), .wrapped(report.bodies.joined(side.source.bodies)),
          .text(side.position.direction.rawValue), .wrapped(side.grade), .decimal(side.position.strength),
          .number(side.position.certainty, .decimal), .number(side.window.startDays), .number(side.window.endDays),
          side.implied.map { .text($0.statement) } ?? .empty,
        ]
      }
      let k = c.components
      let extent = c.extent
      cells += [
        .wrapped(c.window ?? "never"), .wrapped(([c.population] + [c.band].compactMap { $0 }).joined(separator: "; ")),
        .number(k.opposition, .decimal), .decimal(k.strength), .number(k.certainty, .decimal),
        .number(k.sourceQuality, .decimal), .number(k.recency, .decimal), .number(extent.population, .decimal),
        .number(extent.window, .decimal), .wrapped(c.explanations.map { "[\($0.factor)] \($0.text)" }.joined(separator: "\n")),
        .text(c.id), .text(c.first.isUnverified || c.second.isUnverified ? "UNVERIFIED" : ""),
      ]
      return cells
    }
    try colour(sheet, column: 0, rows: written, Self.severityStyles)
  }

  mutating func recommendations(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    let rows = report.analysis.recommendations
    let columns: [(String, Double)] = [
      ("Id", 26), ("Source", 24), ("Source status", 11), ("Bodies", 16), ("Year", 6), ("Topic", 18),
      ("Interventions", 22), ("Population", 26), ("Direction", 9), ("Grade", 18), ("Evidence level", 11),
      ("Strength (0-1)", 8), ("Certainty (0-1)", 8), ("Window start (days)", 8), ("Window end (days)", 8),
      ("Window", 22), ("Statement", 60), ("Locator", 30), ("Studies", 22), ("Unverified", 10), ("Source link", 34),
    ]
    try table(sheet, columns, rows: rows.count, pagesWide: 2) { index in
      let r = rows[index]
      let rec = r.recommendation
      return [
        .text(rec.id), .text(rec.source), .text(r.source.status.rawValue),
        .wrapped(report.bodies.joined(r.source.bodies)),
        .number(r.year.map(Double.init)), .text(rec.topic), .wrapped(rec.interventions.joined(separator: ", ")),
        .wrapped(rec.population), .text(r.position.direction.rawValue), .wrapped(rec.strength ?? ""),
        .text(rec.evidenceLevel ?? ""), .decimal(r.position.strength), .number(r.position.certainty, .decimal),
        .number(r.window.startDays), .number(r.window.endDays), .wrapped(r.window.summary), .wrapped(rec.statement),
        .wrapped(rec.locator), .wrapped(rec.studies.joined(separator: ", ")), .text(r.isUnverified ? "UNVERIFIED" : ""),
        r.source.identifiers.preferredLink.map { .link(url: $0, text: $0) } ?? .empty,
      ]
    }
  }

  mutating func pathway(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    let disputeOf = report.disputeOf
    var lines: [[XlsxCell]] = []
    for pathway in report.pathways {
      for flag in pathway.topic.redFlags {
        lines.append([
          .text(pathway.topic.id), .text("any time (red flag)"), .number(0, .number), .empty, .empty, .text(flag.id),
          .text("red flag"), .text("overrides the pathway"), .wrapped(flag.recommendations.joined(separator: ", ")), .empty,
          .empty, .empty, .text(flag.verification.isUnverified ? "UNVERIFIED" : ""),
          .wrapped("\(flag.description) → \(flag.action)" + (flag.verification.note.map { "\nUnverified: \($0)" } ?? "")),
        ])
      }
      for phase in pathway.phases {
        for item in phase.items {
          let disputes = Array(Set(item.conflicts.compactMap { disputeOf[$0] })).sorted()
          lines.append([
            .text(pathway.topic.id), .wrapped(phase.name), .number(phase.start.days, .number), .number(phase.end?.days),
            .wrapped(phase.bandsSummary), .wrapped(item.name), .text(item.position.rawValue),
            .text(item.basis.rawValue), .wrapped(item.recommendations.joined(separator: ", ")),
            .wrapped(disputes.joined(separator: ", ") + (item.conflicts.isEmpty ? "" : (disputes.isEmpty ? "" : "; ") + Counting.noun(item.conflicts.count, "relation"))),
            .wrapped(item.decisions.joined(separator: ", ")), .wrapped(item.assumptions.joined(separator: ", ")),
            .text(item.unverified ? "UNVERIFIED" : ""),
            .wrapped(item.rationale + item.exceptions.map { "\nExcept \($0.name): \($0.position.rawValue) [\($0.recommendations.joined(separator: ", "))]" }.joined()),
          ])
        }
      }
    }
    let columns: [(String, Double)] = [
      ("Topic", 18), ("Phase", 22), ("Start (days)", 8), ("End (days)", 8), ("Bands", 22), ("Intervention", 24),
      ("Position", 14), ("Basis", 16), ("Recommendations", 32), ("Disputes and relations", 24), ("Decisions", 20),
      ("Assumptions", 20), ("Unverified", 10), ("Rationale", 70),
    ]
    let written = try table(sheet, columns, rows: lines.count, pagesWide: 1) { lines[$0] }
    try colour(sheet, column: 6, rows: written, Self.positionStyles)
  }

  mutating func decisions(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    let decisions = report.decisions
    let columns: [(String, Double)] = [
      ("Id", 24), ("Topic", 18), ("Question", 22), ("Population", 20), ("Window", 18), ("Position", 12),
      ("Committee", 24), ("Date", 11), ("Status", 10), ("Why re-opened", 40), ("Rationale", 50), ("Settles", 22),
      ("Considered", 30),
    ]
    let written = try table(sheet, columns, rows: decisions.count) { index in
      let d = decisions[index]
      return [
        .text(d.id), .text(d.topic), .wrapped(TopicSummary.name(d.intervention, report.catalogue)),
        .wrapped(d.population ?? "all of the topic's"), .wrapped(d.window), .text(d.position), .wrapped(d.committee),
        .text(d.date), .text(d.status), .wrapped(d.reasons.joined(separator: "\n")), .wrapped(d.rationale),
        .wrapped(d.settles.joined(separator: ", ")), .wrapped(d.considered.joined(separator: ", ")),
      ]
    }
    try colour(sheet, column: 5, rows: written, Self.positionStyles)
  }

  mutating func sources(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    let sources = report.sources
    let columns: [(String, Double)] = [
      ("Id", 28), ("Year", 6), ("Kind", 16), ("Title", 44), ("Bodies", 18), ("Scheme", 14),
      ("Status", 11), ("Superseded by", 20), ("Review by", 11), ("Citation", 54), ("Link", 36),
      ("Unverified", 10), ("Note", 44),
    ]
    try table(sheet, columns, rows: sources.count, pagesWide: 2) { index in
      let s = sources[index]
      return [
        .text(s.id), .number(s.year.map(Double.init)), .text(s.kind.rawValue), .wrapped(s.title),
        .wrapped(s.bodies.joined(separator: ", ")), .text(report.catalogue.scheme(of: s)?.id ?? ""), .text(s.status.rawValue),
        .text(s.supersededBy ?? ""), .text(s.reviewBy?.description ?? ""), .wrapped(s.citation),
        s.identifiers.preferredLink.map { .link(url: $0, text: $0) } ?? .empty,
        .text(s.verification.isUnverified ? "UNVERIFIED" : ""), .wrapped(s.verification.note ?? ""),
      ]
    }
  }

  mutating func bodies(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    let bodies = report.catalogue.bodies
    try table(sheet, [("Id", 22), ("Abbreviation", 14), ("Name", 50), ("Grading scheme", 18), ("Address", 40)], rows: bodies.count) { index in
      let b = bodies[index]
      return [.text(b.id), .text(b.abbreviation), .wrapped(b.name), .text(b.scheme ?? ""), b.url.map { .link(url: $0, text: $0) } ?? .empty]
    }
  }

  mutating func interventions(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    let concepts = report.catalogue.interventions
    try table(sheet, [("Id", 30), ("Name", 44), ("Broader concept", 26), ("Description", 60)], rows: concepts.count) { index in
      let c = concepts[index]
      return [.text(c.id), .wrapped(c.name), .text(c.parent ?? ""), .wrapped(c.description ?? "")]
    }
  }

  mutating func populations(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    let populations = report.catalogue.populations
    let columns: [(String, Double)] = [("Id", 30), ("Name", 44), ("Condition", 22), ("Qualifiers", 40), ("Ranges", 30), ("Description", 50)]
    try table(sheet, columns, rows: populations.count) { index in
      let p = populations[index]
      return [
        .text(p.id), .wrapped(p.name), .text(p.condition),
        .wrapped(p.qualifiers.map { "\($0.dimension): \($0.values.joined(separator: ", "))" }.joined(separator: "\n")),
        .wrapped(p.ranges.map(\.summary).joined(separator: "\n") + (p.anyOf.isEmpty ? "" : "any of: " + p.anyOf.joined(separator: ", "))),
        .wrapped(p.description ?? ""),
      ]
    }
  }

  mutating func findings(_ report: ConflictReport, _ sheet: XlsxSheet) throws {
    let findings = report.diagnostics + truncated
    let columns: [(String, Double)] = [("Severity", 9), ("Rule", 24), ("File", 40), ("Line", 6), ("Column", 7), ("Message", 90)]
    try table(sheet, columns, rows: findings.count) { index in
      let d = findings[index]
      return [
        .text(d.severity.rawValue), .text(d.rule), .text(d.location?.file ?? ""),
        .number(d.location.map { Double($0.line) }), .number(d.location.map { Double($0.column) }), .wrapped(d.message),
      ]
    }
  }
}
