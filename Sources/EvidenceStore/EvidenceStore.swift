import EvidenceModel
import Foundation
import GRDB

/// The catalogue in SQLite: files with their content hashes, and every entity in tables that can
/// be queried.
///
/// The database changes only inside committed transactions: ``apply(_:)`` writes a whole import
/// in one `IMMEDIATE` transaction, so a failed import leaves the database exactly as it was and a
/// concurrent writer waits (up to ``busyTimeout``) instead of failing.
public final class EvidenceStore: Sendable {
  /// How long a writer waits for another process's transaction before giving up.
  public static let busyTimeout: TimeInterval = 30

  let queue: DatabaseQueue
  /// The database file's path.
  public let path: String

  /// Opens the database at `path`, creating it (and its directory) when missing and migrating it
  /// to the current schema.
  public init(path: String) throws {
    self.path = path
    do {
      let directory = (path as NSString).deletingLastPathComponent
      if !directory.isEmpty {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
          throw StoreError.failed(path, "its folder '\(directory)' is a file, not a directory")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      }
      try Self.refuseIrregularFile(path)
      queue = try DatabaseQueue(path: path, configuration: Self.configuration(readonly: false))
      try Self.refuseForeignDatabase(queue, path: path)
      try Self.refuseNewerSchema(queue, path: path)
      try Self.migrate(queue)
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(path: path, underlying: error)
    }
  }

  /// Opens an existing database for reading only.
  ///
  /// - Throws: ``StoreError/missing(_:)`` when there is no database at `path`, or when its schema
  ///   is older than this version of the tool (run `import` to upgrade it).
  public init(readingExisting path: String) throws {
    self.path = path
    guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(path) }
    do {
      try Self.refuseIrregularFile(path)
      Self.rollBackHotJournal(path)
      queue = try DatabaseQueue(path: path, configuration: Self.configuration(readonly: true))
      // Another application's database: `import` would refuse it too, so do not suggest it.
      try Self.refuseForeignDatabase(queue, path: path)
      try Self.refuseNewerSchema(queue, path: path)
      let complete = try queue.read { try Schema.migrator.hasCompletedMigrations($0) }
      guard complete else { throw StoreError.outdatedSchema(path) }
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(path: path, underlying: error)
    }
  }

  /// Rolls back the transaction a killed run left in a hot journal, so that a reader sees the
  /// last committed catalogue: only a connection that may write can do that, and a read-only one
  /// would fail with "attempt to write a readonly database". Without write access the journal
  /// stays, and reading reports the database error.
  private static func rollBackHotJournal(_ path: String) {
    let journal = path + "-journal"
    guard let size = (try? FileManager.default.attributesOfItem(atPath: journal))?[.size] as? Int, size > 0,
      let writer = try? DatabaseQueue(path: path, configuration: configuration(readonly: false))
    else { return }
    // The first read takes the shared lock, which rolls the hot journal back.
    _ = try? writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
    try? writer.close()
  }

  /// Refuses a path that exists and is not a regular file after following symbolic links (a
  /// named pipe would block every read), before opening it.
  private static func refuseIrregularFile(_ path: String) throws {
    var info = stat()
    guard stat(path, &info) == 0 else { return }
    if info.st_mode & S_IFMT != S_IFREG { throw StoreError.notARegularFile(path) }
  }

  /// Refuses a database migrated by a newer version of the tool (migrations this one does not
  /// know), naming them.
  private static func refuseNewerSchema(_ queue: DatabaseQueue, path: String) throws {
    let applied = try queue.read { db in
      try db.tableExists("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
    }
    let known = Set(Schema.migrator.migrations)
    let unknown = applied.filter { !known.contains($0) }.sorted()
    if !unknown.isEmpty { throw StoreError.newerSchema(path, unknown) }
  }

  /// Migrates to the current schema. Several processes may open a new database at once: one
  /// migrates, and the others, whose migration then collides with it (a table already made, a
  /// migration already recorded), wait and find nothing left to do.
  private static func migrate(_ queue: DatabaseQueue) throws {
    var attempt = 0
    while true {
      do {
        try Schema.migrator.migrate(queue)
        return
      } catch let error as DatabaseError where attempt < 10 {
        attempt += 1
        usleep(UInt32(20_000 * attempt))
        if (try? queue.read({ try Schema.migrator.hasCompletedMigrations($0) })) == true { return }
        if attempt == 10 { throw error }
      }
    }
  }

  /// Closes the database (a store is closed when released; this closes it now).
  public func close() throws { try queue.close() }

  /// Refuses a SQLite database that some other program made (tables, but none of ours), so that
  /// a mistyped `--database` never adds tables to another application's file.
  private static func refuseForeignDatabase(_ queue: DatabaseQueue, path: String) throws {
    let foreign = try queue.read { db -> Bool in
      let tables = try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      return !tables.isEmpty && !tables.contains("grdb_migrations")
    }
    if foreign { throw StoreError.notADatabase(path) }
  }

  private static func configuration(readonly: Bool) -> Configuration {
    var configuration = Configuration()
    configuration.readonly = readonly
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(busyTimeout)
    // Keep clinical text out of error messages and traces (GRDB's default, made explicit).
    configuration.publicStatementArguments = false
    return configuration
  }

  // MARK: Files

  /// The content hash of every stored file, keyed by relative path.
  public func contentHashes() throws -> [String: String] {
    try wrap {
      try queue.read { db in
        var hashes: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT path, contentHash FROM catalogueFile")
        while let row = try rows.next() { hashes[row["path"]] = row["contentHash"] }
        return hashes
      }
    }
  }

  /// The stored content of one file, decoded, its locations naming `displayPath`: the file as
  /// the user names it now, not as it was named when it was imported (a catalogue copied
  /// elsewhere reuses the stored content).
  ///
  /// The content is decoded outside the database's queue, so that callers on several cores decode
  /// at once.
  public func storedFile(at path: String, displayPath: String) throws -> CatalogueFile? {
    let content = try wrap {
      try queue.read { db in
        try Data.fetchOne(db, sql: "SELECT content FROM catalogueFile WHERE path = ?", arguments: [path])
      }
    }
    guard let content else { return nil }
    // The content is in the compact form since v13, locations without their file. Content written
    // by another version of the tool reads as absent: the file is parsed again.
    return try? CompactDecoder(locationsIn: displayPath).decode(CatalogueFile.self, from: content)
  }

  /// The paths of the stored files an analysis of `topic` needs (every file when `topic` is
  /// `nil`), in path order: the files that define no source (schemes, bodies, concepts,
  /// populations, topics, studies, decisions), the files of the sources with recommendations on
  /// the topic, and the files of the editions those sources supersede or are superseded by.
  public func filePaths(forTopic topic: String?) throws -> [String] {
    try wrap {
      try queue.read { db in
        guard let topic else {
          return try String.fetchAll(db, sql: "SELECT path FROM catalogueFile ORDER BY path")
        }
        return try String.fetchAll(
          db,
          sql: """
            WITH RECURSIVE editions(id) AS (
              SELECT DISTINCT sourceId FROM recommendation WHERE topicId = ?
              UNION
              SELECT s.id FROM source s JOIN editions e ON s.supersededBy = e.id
              UNION
              SELECT s.supersededBy FROM source s JOIN editions e ON s.id = e.id WHERE s.supersededBy IS NOT NULL
            )
            SELECT path FROM catalogueFile WHERE path NOT IN (SELECT filePath FROM source)
            UNION
            SELECT filePath FROM source WHERE id IN (SELECT id FROM editions)
            ORDER BY 1
            """, arguments: [topic])
      }
    }
  }

  /// The stored files that another topic's analysis may leave out unless it links into them: the
  /// files that define a topic other than `topic` and neither define `topic` nor a source nor a
  /// decision on `topic` (in the usual layout, the other topics' `topic.yaml`); none when the
  /// store has no such topic (so that the reader lists every topic it has).
  public func otherTopicFiles(besides topic: String) throws -> Set<String> {
    try wrap {
      try queue.read { db in
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM topic WHERE id = ?)", arguments: [topic]) == true
        else { return [] }
        return Set(
          try String.fetchAll(
            db,
            sql: """
              SELECT DISTINCT filePath FROM topic WHERE id <> ?
              EXCEPT SELECT filePath FROM topic WHERE id = ?
              EXCEPT SELECT filePath FROM source
              EXCEPT SELECT filePath FROM decision WHERE topicId = ?
              """, arguments: [topic, topic, topic]))
      }
    }
  }

  /// The files among `candidates` that a topic's files link into or that link into them: those
  /// defining any of `ids` (an intervention, population, study, body, grading scheme or measure),
  /// defining a concept whose parent is one of `concepts`, or (a topic's file) defining a concept
  /// that adjusts one of `concepts`.
  public func linkedFiles(among candidates: Set<String>, defining ids: Set<String>, concepts: Set<String>) throws -> Set<String> {
    guard !candidates.isEmpty, !(ids.isEmpty && concepts.isEmpty) else { return [] }
    return try wrap {
      try queue.read { db in
        var found: Set<String> = []
        for table in ["intervention", "population", "study", "body", "gradingScheme", "measure"] {
          for chunk in Self.chunks(ids) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            found.formUnion(
              try String.fetchAll(
                db, sql: "SELECT DISTINCT filePath FROM \(table) WHERE id IN (\(marks))", arguments: StatementArguments(chunk)))
          }
        }
        for chunk in Self.chunks(concepts) {
          let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
          found.formUnion(
            try String.fetchAll(
              db, sql: "SELECT DISTINCT filePath FROM intervention WHERE parentId IN (\(marks))",
              arguments: StatementArguments(chunk)))
          found.formUnion(
            try String.fetchAll(
              db,
              sql: """
                SELECT DISTINCT filePath FROM intervention
                WHERE adjustsTherapy IN (\(marks)) AND filePath IN (SELECT filePath FROM topic)
                """,
              arguments: StatementArguments(chunk)))
        }
        return found.intersection(candidates)
      }
    }
  }

  /// A set of ids in sorted chunks small enough for one statement's parameters.
  private static func chunks(_ ids: Set<String>) -> [[String]] {
    let sorted = ids.sorted()
    return stride(from: 0, to: sorted.count, by: 500).map { Array(sorted[$0..<min($0 + 500, sorted.count)]) }
  }

  /// The newest year of any stored source or decision (the default as-of date is 31 December
  /// of it, whatever part of the catalogue is read), or `nil` for an empty store.
  public func newestYear() throws -> Int? {
    try wrap {
      try queue.read { db in
        try Int.fetchOne(
          db,
          sql: "SELECT max(y) FROM (SELECT max(year) AS y FROM source UNION ALL SELECT max(CAST(substr(date, 1, 4) AS INTEGER)) FROM decision)")
      }
    }
  }

  // MARK: Import

  /// Writes an import: replaces the rows of every changed file and deletes removed files, in one
  /// transaction. The catalogue must already be valid (references resolve, grades exist).
  ///
  /// `expecting` is the stored content hashes the plan was made from: when the stored files
  /// differ from them inside the write transaction (another import wrote meanwhile), nothing is
  /// written and ``StoreError/changedConcurrently(_:)`` is thrown, so that the database never holds
  /// a mix of two catalogues that neither import validated.
  public func apply(_ plan: ImportPlan, expecting: [String: String]? = nil) throws {
    // The files' content is encoded on every core before the write transaction begins.
    let contents = Parallel.map(plan.changedFiles) { file in Result { Data(try CompactEncoder.locationsWithoutFile().encode(file)) } }
    try wrap {
      try queue.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          if let expecting {
            var current: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, contentHash FROM catalogueFile")
            while let row = try rows.next() { current[row["path"]] = row["contentHash"] }
            if current != expecting { throw StoreError.changedConcurrently(path) }
          }
          let delete = try db.cachedStatement(sql: "DELETE FROM catalogueFile WHERE path = ?")
          for path in plan.removedPaths + plan.changedFiles.map(\.path) {
            try delete.execute(arguments: [path])
          }
          let writer = RowWriter(db: db)
          for (file, content) in zip(plan.changedFiles, contents) {
            try writer.insert(file, content: content.get(), catalogue: plan.catalogue)
          }
          // A scheme, body or source in one file decides the normalised grade of recommendations
          // in others (and a population or topic their implied positions), so when one of those
          // changed (or a file went away), every stored
          // recommendation not just written is brought up to date.
          let gradingChanged = !plan.removedPaths.isEmpty
            || plan.changedFiles.contains {
              !$0.schemes.isEmpty || !$0.bodies.isEmpty || !$0.sources.isEmpty
                || !$0.populations.isEmpty || !$0.topics.isEmpty || !$0.measures.isEmpty
            }
          if gradingChanged {
            let written = Set(plan.changedFiles.flatMap { $0.recommendations.map(\.id) })
            try writer.refreshNormalizedPositions(plan.catalogue, skipping: written)
          }
          return .commit
        }
      }
    }
  }

  // MARK: Queries

  /// The stored recommendations that match `filter`, in catalogue order (file path, then position
  /// in the file).
  public func recommendations(matching filter: RecommendationFilter = RecommendationFilter())
    throws -> [RecommendationSummary]
  {
    try wrap { try queue.read { try RecommendationQuery(filter: filter).fetch($0) } }
  }

  /// Whether an entity id exists, for checking a filter before running it.
  public func contains(_ kind: EntityKind, id: String) throws -> Bool {
    try wrap {
      try queue.read { db in
        try Bool.fetchOne(
          db, sql: "SELECT EXISTS (SELECT 1 FROM \(kind.table) WHERE id = ?)", arguments: [id])
          ?? false
      }
    }
  }

  /// Counts of stored rows per table, for summaries and tests.
  public func counts() throws -> [String: Int] {
    try wrap {
      try queue.read { db in
        var counts: [String: Int] = [:]
        for table in ["catalogueFile"] + EntityKind.allCases.map(\.table) {
          counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
        }
        return counts
      }
    }
  }

  /// The problems `PRAGMA integrity_check` and `PRAGMA foreign_key_check` report; empty when the
  /// database is sound.
  public func consistencyProblems() throws -> [String] {
    try wrap {
      try queue.read { db in
        var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        let rows = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
        problems += rows.map { "foreign key violation: \($0)" }
        return problems
      }
    }
  }

  func wrapStoreError<T>(_ body: () throws -> T) throws -> T { try wrap(body) }

  private func wrap<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(path: path, underlying: error)
    }
  }
}

/// The kinds of entity that have their own table.
public enum EntityKind: String, CaseIterable, Sendable {
  case scheme, body, intervention, population, topic, study, source, recommendation

  var table: String {
    switch self {
    case .scheme: "gradingScheme"
    default: rawValue
    }
  }
}

/// What an import writes: the files whose content changed (or are new), the files that are gone,
/// and the whole validated catalogue (for values derived across files, such as normalised grades).
public struct ImportPlan: Sendable {
  public var changedFiles: [CatalogueFile]
  public var removedPaths: [String]
  public var catalogue: Catalogue

  public init(changedFiles: [CatalogueFile], removedPaths: [String], catalogue: Catalogue) {
    self.changedFiles = changedFiles
    self.removedPaths = removedPaths
    self.catalogue = catalogue
  }

  /// Whether the import would change nothing.
  public var isEmpty: Bool { changedFiles.isEmpty && removedPaths.isEmpty }
}

/// A database problem, with what to do about it.
public enum StoreError: Error, LocalizedError {
  case missing(String)
  case outdatedSchema(String)
  case notADatabase(String)
  case busy(String)
  case failed(String, String)
  /// The catalogue handed to the store was not validated (a grade outside its scheme), or a
  /// stored value is not one the schema allows.
  case inconsistentData(String)
  /// The path is a named pipe, device, socket or directory.
  case notARegularFile(String)
  /// The database was migrated by a newer version of the tool.
  case newerSchema(String, [String])
  /// Another process wrote the database while this import planned its changes.
  case changedConcurrently(String)

  init(path: String, underlying: any Error) {
    if let error = underlying as? DatabaseError {
      switch error.resultCode {
      case .SQLITE_NOTADB, .SQLITE_CORRUPT: self = .notADatabase(path)
      case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path)
      default: self = .failed(path, error.message ?? "\(error.resultCode)")
      }
    } else {
      self = .failed(path, "\(underlying)")
    }
  }

  public var errorDescription: String? {
    switch self {
    case .missing(let path):
      "there is no database at '\(path)'; run 'evidence-conflicts import' first, or name the database with --database"
    case .outdatedSchema(let path):
      "the database at '\(path)' was written by an older version; run 'evidence-conflicts import' to upgrade it"
    case .notADatabase(let path):
      "'\(path)' is not an evidence-conflicts database (or it is damaged); name another file with --database, or move this one away"
    case .busy(let path):
      "the database at '\(path)' stayed locked by another process for \(Int(EvidenceStore.busyTimeout)) s; try again when it has finished"
    case .failed(let path, let message):
      "the database at '\(path)' could not be updated: \(message); nothing was changed"
    case .inconsistentData(let message):
      "\(message); nothing was changed"
    case .notARegularFile(let path):
      "'\(path)' is not a regular file (a named pipe, device, socket or folder); name a database file with --database"
    case .newerSchema(let path, let migrations):
      "the database at '\(path)' was written by a newer version of evidence-conflicts (schema \(migrations.joined(separator: ", "))), which this version (schema \(Schema.migrator.migrations.last ?? "none")) cannot read; use the newer version, or name another database with --database"
    case .changedConcurrently(let path):
      "another process changed the database at '\(path)' while this import was reading the catalogue; nothing was written: run the import again"
    }
  }
}
