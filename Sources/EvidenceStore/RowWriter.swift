import EvidenceModel
import Foundation
import GRDB

/// Inserts one file's entities with cached prepared statements.
struct RowWriter {
  let db: Database

  func insert(_ file: CatalogueFile, content: Data, catalogue: Catalogue) throws {
    try run(
      "INSERT INTO catalogueFile (path, contentHash, content) VALUES (?, ?, ?)",
      [file.path, file.contentHash, content])
    for scheme in file.schemes {
      try run("INSERT INTO gradingScheme (id, filePath, name) VALUES (?, ?, ?)", [scheme.id, file.path, scheme.name])
    }
    for body in file.bodies {
      try run(
        "INSERT INTO body (id, filePath, abbreviation, name, schemeId) VALUES (?, ?, ?, ?, ?)",
        [body.id, file.path, body.abbreviation, body.name, body.scheme])
    }
    for measure in file.measures {
      try run("INSERT INTO measure (id, filePath, name) VALUES (?, ?, ?)", [measure.id, file.path, measure.name])
    }
    for concept in file.interventions {
      try run(
        "INSERT INTO intervention (id, filePath, name, parentId, adjustsTherapy) VALUES (?, ?, ?, ?, ?)",
        [concept.id, file.path, concept.name, concept.parent, concept.adjusts?.therapy])
    }
    for population in file.populations {
      try run(
        "INSERT INTO population (id, filePath, name, condition) VALUES (?, ?, ?, ?)",
        [population.id, file.path, population.name, population.condition])
    }
    for topic in file.topics {
      try run(
        "INSERT INTO topic (id, filePath, title, populationId) VALUES (?, ?, ?, ?)",
        [topic.id, file.path, topic.title, topic.population])
    }
    for study in file.studies {
      try run(
        "INSERT INTO study (id, filePath, name, year, design, unverified) VALUES (?, ?, ?, ?, ?, ?)",
        [study.id, file.path, study.name, study.year, study.design.rawValue, study.verification.isUnverified])
    }
    for decision in file.decisions {
      try run(
        "INSERT INTO decision (id, filePath, topicId, interventionId, position, date, committee) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
          decision.id, file.path, decision.topic, decision.intervention, decision.position.rawValue,
          decision.date.description, decision.committee,
        ])
    }
    for source in file.sources {
      try run(
        """
        INSERT INTO source (id, filePath, kind, title, year, published, status, supersededBy, unverified)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          source.id, file.path, source.kind.rawValue, source.title, source.year,
          source.published?.description,
          source.status.rawValue, source.supersededBy, source.verification.isUnverified,
        ])
      for (position, body) in source.bodies.enumerated() {
        try run("INSERT INTO sourceBody (sourceId, bodyId, position) VALUES (?, ?, ?)", [source.id, body, position])
      }
    }
    for (position, rec) in file.recommendations.enumerated() {
      guard let normalized = catalogue.normalizedPosition(of: rec) else {
        throw StoreError.inconsistentData(
          "recommendation '\(rec.id)' has a grade outside its scheme; validate the catalogue before importing")
      }
      try run(
        """
        INSERT INTO recommendation (
          id, filePath, position, sourceId, topicId, populationId, schemeId, direction, strength,
          evidenceLevel, normalizedDirection, normalizedStrength, normalizedCertainty,
          windowStart, windowEnd, statement, locator, unverified, impliedPositions)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          rec.id, file.path, position, rec.source, rec.topic, rec.population, rec.scheme,
          rec.direction.rawValue, rec.strength, rec.evidenceLevel, normalized.direction.rawValue,
          normalized.strength, normalized.certainty, rec.window.start?.description,
          rec.window.end?.description, rec.statement, rec.locator, rec.verification.isUnverified,
          try Self.impliedJSON(rec, catalogue),
        ])
      for (index, intervention) in rec.interventions.enumerated() {
        try run(
          "INSERT INTO recommendationIntervention (recommendationId, interventionId, position) VALUES (?, ?, ?)",
          [rec.id, intervention, index])
      }
      for (index, prerequisite) in rec.window.after.enumerated() {
        try run(
          "INSERT INTO recommendationPrerequisite (recommendationId, prerequisiteId, position) VALUES (?, ?, ?)",
          [rec.id, prerequisite, index])
      }
      for (index, study) in rec.studies.enumerated() {
        try run(
          "INSERT INTO recommendationStudy (recommendationId, studyId, position) VALUES (?, ?, ?)",
          [rec.id, study, index])
      }
    }
  }

  /// The positions a recommendation's exclusive scope implies, as a JSON array (sorted keys).
  static func impliedJSON(_ rec: Recommendation, _ catalogue: Catalogue) throws -> String {
    guard !rec.exclusive.isEmpty else { return "[]" }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(catalogue.impliedPositions(of: rec)), as: UTF8.self)
  }

  /// Recomputes the normalised and implied positions of every recommendation from the whole
  /// catalogue.
  func refreshNormalizedPositions(_ catalogue: Catalogue, skipping written: Set<String> = []) throws {
    for rec in catalogue.recommendations where !written.contains(rec.id) {
      guard let normalized = catalogue.normalizedPosition(of: rec) else {
        throw StoreError.inconsistentData(
          "recommendation '\(rec.id)' has a grade outside its scheme; validate the catalogue before importing")
      }
      try run(
        """
        UPDATE recommendation SET normalizedDirection = ?, normalizedStrength = ?,
          normalizedCertainty = ?, impliedPositions = ? WHERE id = ?
        """,
        [
          normalized.direction.rawValue, normalized.strength, normalized.certainty,
          try Self.impliedJSON(rec, catalogue), rec.id,
        ])
    }
  }

  private func run(_ sql: String, _ arguments: StatementArguments) throws {
    try db.cachedStatement(sql: sql).execute(arguments: arguments)
  }
}
