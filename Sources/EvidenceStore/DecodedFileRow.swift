import EvidenceModel
import Foundation
import GRDB

/// One catalogue file a check decoded, as the store keeps it for the next check: its stamp when
/// read (`nil` when it had changed too recently to trust the stamp), its content hash, the
/// version of the tool that decoded it, and the decoded file in the compact binary form, its
/// recommendations apart from the rest.
public struct DecodedFileRow: Sendable, Equatable {
  public var path: String
  public var contentHash: String
  public var stamp: FileStamp?
  public var version: String
  /// The decoded file without its recommendations.
  public var content: Data
  /// Whether the file has recommendations (kept apart).
  public var hasRecommendations: Bool
  /// The file's recommendations, when it has some and they were read with the row.
  public var recommendations: Data?

  public init(
    path: String, contentHash: String, stamp: FileStamp?, version: String, content: Data, recommendations: Data?
  ) {
    self.path = path
    self.contentHash = contentHash
    self.stamp = stamp
    self.version = version
    self.content = content
    self.hasRecommendations = recommendations != nil
    self.recommendations = recommendations
  }
}

extension EvidenceStore {
  /// Every kept decoded file, by relative path; with their recommendations only when
  /// `withRecommendations` (without, a row only says whether it has some).
  public func decodedFiles(withRecommendations: Bool = true) throws -> [String: DecodedFileRow] {
    try wrapStoreError {
      try queue.read { db in
        var rows: [String: DecodedFileRow] = [:]
        let cursor = try Row.fetchCursor(
          db,
          sql: withRecommendations
            ? """
            SELECT d.path, d.contentHash, d.size, d.modified, d.changed, d.inode, d.device, d.version, d.content,
              d.hasRecommendations, r.content AS recommendations
            FROM decodedFile d
            LEFT JOIN decodedFileRecommendations r ON r.path = d.path AND r.contentHash = d.contentHash
            """
            : """
            SELECT path, contentHash, size, modified, changed, inode, device, version, content, hasRecommendations,
              NULL AS recommendations
            FROM decodedFile
            """)
        while let row = try cursor.next() {
          var stamp: FileStamp?
          if let size: Int64 = row["size"], let modified: Int64 = row["modified"], let changed: Int64 = row["changed"],
            let inode: Int64 = row["inode"], let device: Int64 = row["device"]
          {
            stamp = FileStamp(size: size, modified: modified, changed: changed, inode: inode, device: device)
          }
          let path: String = row["path"]
          var kept = DecodedFileRow(
            path: path, contentHash: row["contentHash"], stamp: stamp, version: row["version"], content: row["content"],
            recommendations: row["recommendations"])
          kept.hasRecommendations = row["hasRecommendations"]
          rows[path] = kept
        }
        return rows
      }
    }
  }

  /// The kept recommendations of the files at the paths of `files` that have some, by relative
  /// path, each only when kept with the content hash `files` gives for it.
  public func decodedRecommendations(of files: [String: String]) throws -> [String: Data] {
    try wrapStoreError {
      try queue.read { db in
        var found: [String: Data] = [:]
        // Many files are read in one pass over the table; a few, one by one.
        if files.count > 1_000 {
          let rows = try Row.fetchCursor(db, sql: "SELECT path, contentHash, content FROM decodedFileRecommendations")
          while let row = try rows.next() {
            let path: String = row["path"]
            if let contentHash = files[path], contentHash == row["contentHash"] { found[path] = row["content"] }
          }
          return found
        }
        let select = try db.cachedStatement(
          sql: "SELECT content FROM decodedFileRecommendations WHERE path = ? AND contentHash = ?")
        for (path, contentHash) in files {
          if let content = try Data.fetchOne(select, arguments: [path, contentHash]) { found[path] = content }
        }
        return found
      }
    }
  }

  /// Keeps `rows` (replacing what was kept under their paths), sets the stamps of `restamped`
  /// files whose content was unchanged, and forgets every file not in `present`, in one
  /// transaction.
  public func keepDecodedFiles(_ rows: [DecodedFileRow], restamped: [(path: String, stamp: FileStamp?)], present: Set<String>) throws {
    try wrapStoreError {
      try queue.write { db in
        let insert = try db.makeStatement(
          sql: """
            INSERT OR REPLACE INTO decodedFile
              (path, contentHash, size, modified, changed, inode, device, version, content, hasRecommendations)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let keepRecommendations = try db.makeStatement(
          sql: "INSERT OR REPLACE INTO decodedFileRecommendations (path, contentHash, content) VALUES (?, ?, ?)")
        let forgetRecommendations = try db.makeStatement(sql: "DELETE FROM decodedFileRecommendations WHERE path = ?")
        for row in rows {
          let s = row.stamp
          try insert.execute(arguments: [
            row.path, row.contentHash, s?.size, s?.modified, s?.changed, s?.inode, s?.device, row.version, row.content,
            row.recommendations != nil,
          ])
          if let recommendations = row.recommendations {
            try keepRecommendations.execute(arguments: [row.path, row.contentHash, recommendations])
          } else {
            try forgetRecommendations.execute(arguments: [row.path])
          }
        }
        let restamp = try db.makeStatement(
          sql: "UPDATE decodedFile SET size = ?, modified = ?, changed = ?, inode = ?, device = ? WHERE path = ?")
        for (path, s) in restamped {
          try restamp.execute(arguments: [s?.size, s?.modified, s?.changed, s?.inode, s?.device, path])
        }
        let gone = try String.fetchAll(db, sql: "SELECT path FROM decodedFile").filter { !present.contains($0) }
        let forget = try db.makeStatement(sql: "DELETE FROM decodedFile WHERE path = ?")
        for path in gone {
          try forget.execute(arguments: [path])
          try forgetRecommendations.execute(arguments: [path])
        }
      }
    }
  }
}
