import EvidenceModel
import Foundation
import GRDB

/// One catalogue file a check decoded, as the store keeps it for the next check: its stamp when
/// read (`nil` when it had changed too recently to trust the stamp), its content hash, the
/// version of the tool that decoded it, and the decoded file in the compact binary form.
public struct DecodedFileRow: Sendable, Equatable {
  public var path: String
  public var contentHash: String
  public var stamp: FileStamp?
  public var version: String
  public var content: Data

  public init(path: String, contentHash: String, stamp: FileStamp?, version: String, content: Data) {
    self.path = path
    self.contentHash = contentHash
    self.stamp = stamp
    self.version = version
    self.content = content
  }
}

extension EvidenceStore {
  /// Every kept decoded file, by relative path.
  public func decodedFiles() throws -> [String: DecodedFileRow] {
    try wrapStoreError {
      try queue.read { db in
        var rows: [String: DecodedFileRow] = [:]
        let cursor = try Row.fetchCursor(
          db, sql: "SELECT path, contentHash, size, modified, changed, inode, device, version, content FROM decodedFile")
        while let row = try cursor.next() {
          var stamp: FileStamp?
          if let size: Int64 = row["size"], let modified: Int64 = row["modified"], let changed: Int64 = row["changed"],
            let inode: Int64 = row["inode"], let device: Int64 = row["device"]
          {
            stamp = FileStamp(size: size, modified: modified, changed: changed, inode: inode, device: device)
          }
          let path: String = row["path"]
          rows[path] = DecodedFileRow(
            path: path, contentHash: row["contentHash"], stamp: stamp, version: row["version"], content: row["content"])
        }
        return rows
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
            INSERT OR REPLACE INTO decodedFile (path, contentHash, size, modified, changed, inode, device, version, content)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for row in rows {
          let s = row.stamp
          try insert.execute(arguments: [
            row.path, row.contentHash, s?.size, s?.modified, s?.changed, s?.inode, s?.device, row.version, row.content,
          ])
        }
        let restamp = try db.makeStatement(
          sql: "UPDATE decodedFile SET size = ?, modified = ?, changed = ?, inode = ?, device = ? WHERE path = ?")
        for (path, s) in restamped {
          try restamp.execute(arguments: [s?.size, s?.modified, s?.changed, s?.inode, s?.device, path])
        }
        let gone = try String.fetchAll(db, sql: "SELECT path FROM decodedFile").filter { !present.contains($0) }
        let forget = try db.makeStatement(sql: "DELETE FROM decodedFile WHERE path = ?")
        for path in gone { try forget.execute(arguments: [path]) }
      }
    }
  }
}
