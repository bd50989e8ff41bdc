import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Output files written all or nothing, recoverably.
///
/// Each file is written to a hidden temporary file beside its final name. Installing them takes
/// the output directory's lock (`.evidence-conflicts.lock`, removed when released, so two runs
/// into one directory take turns), writes a manifest of the installation (`.evidence-conflicts-install-PID.json`), moves
/// the existing files aside, renames the new ones into place, marks the manifest committed, and
/// removes the set-aside copies and the manifest. A run killed anywhere in that sequence leaves a
/// manifest: the next run into the directory (``recover(_:)``, before it reads anything) rolls an
/// uncommitted installation back to the earlier files, or finishes a committed one, so the
/// directory always holds one complete set.
public struct StagedFiles {
  public struct File: Sendable {
    static let marker = ".tmp-"
    public var final: String
    public var temporary: String
    var backup: String

    init(_ final: String) {
      let url = URL(fileURLWithPath: final)
      let directory = url.deletingLastPathComponent()
      let name = url.lastPathComponent
      self.final = final
      temporary = directory.appendingPathComponent(".\(name)\(Self.marker)\(getpid())").path
      backup = directory.appendingPathComponent(".\(name).previous\(Self.marker)\(getpid())").path
    }
  }

  public struct Failure: Error {
    public var path: String
    public var reason: String
  }

  /// What an installation records before its first rename.
  private struct Manifest: Codable {
    struct Entry: Codable {
      var final: String
      var temporary: String
      var backup: String
      /// Whether a file was in place before the installation.
      var existed: Bool
    }

    var pid: Int32
    var committed: Bool
    var files: [Entry]
  }

  public let files: [File]

  public init(_ paths: [String]) {
    files = paths.map(File.init)
  }

  /// Writes a file's text to its temporary file.
  public func write(_ text: String, to file: File) throws {
    try stream(to: file) { $0.write(text) }
  }

  /// Writes a file's text to its temporary file as it is produced, through a buffer.
  public func stream(to file: File, _ produce: (inout FileTextStream) throws -> Void) throws {
    let descriptor = open(file.temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw Failure(path: file.final, reason: String(cString: strerror(errno)))
    }
    var stream = FileTextStream(descriptor: descriptor)
    do {
      try produce(&stream)
      stream.flush()
    } catch {
      close(descriptor)
      throw error
    }
    let closed = close(descriptor) == 0 ? nil : errno
    if let failure = stream.failure ?? closed {
      throw Failure(path: file.final, reason: String(cString: strerror(failure)))
    }
  }

  /// Removes the temporary files (after a failure, or after ``install()``).
  public func discard() {
    for file in files { unlink(file.temporary) }
  }

  /// Puts every temporary file in place, or none; see the type's summary.
  public func install() throws {
    for file in files {
      var status = stat()
      if lstat(file.final, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
        throw Failure(path: file.final, reason: "it exists and is not a regular file; move it away")
      }
    }
    // Every report has the same mode whatever made it (libxlsxwriter creates its file 0666).
    let mask = umask(0)
    umask(mask)
    for file in files { chmod(file.temporary, 0o644 & ~mask) }
    let directories = Array(Set(files.map { Self.directory(of: $0.final) })).sorted()
    let locks = try directories.map { try Self.lock($0) }
    defer { for lock in locks { lock.release() } }
    for directory in directories { Self.recoverLocked(directory) }
    var manifest = Manifest(
      pid: getpid(), committed: false,
      files: files.map {
        .init(
          final: URL(fileURLWithPath: $0.final).path, temporary: $0.temporary, backup: $0.backup,
          existed: access($0.final, F_OK) == 0)
      })
    let manifestPaths = directories.map { Self.manifestPath(in: $0, pid: getpid()) }
    try Self.write(manifest, to: manifestPaths)
    var step = 0
    func rename(_ from: String, _ to: String, _ file: File) throws {
      step += 1
      Fault.pause(at: "install-\(step)")
      guard Glibc.rename(from, to) == 0 else { throw Failure(path: file.final, reason: String(cString: strerror(errno))) }
    }
    do {
      for (file, entry) in zip(files, manifest.files) where entry.existed { try rename(file.final, file.backup, file) }
      for file in files { try rename(file.temporary, file.final, file) }
    } catch {
      for path in manifestPaths { Self.rollBack(path) }
      throw error
    }
    manifest.committed = true
    try Self.write(manifest, to: manifestPaths)
    Fault.pause(at: "install-committed")
    for file in files { unlink(file.backup) }
    for path in manifestPaths { unlink(path) }
  }

  /// Finishes or rolls back any installation into the directories of `paths` that a killed run
  /// left behind, and removes the hidden files of dead runs: called before a command reads
  /// anything, so that an interrupted installation is repaired even when the command then fails.
  public static func recover(_ paths: [String]) {
    for directory in Set(paths.map(directory(of:))).sorted() {
      guard FileManager.default.fileExists(atPath: directory), let lock = try? lock(directory) else { continue }
      recoverLocked(directory)
      lock.release()
    }
  }

  // MARK: - Lock, manifest, recovery

  /// The absolute directory of a path (the current directory for a bare file name).
  private static func directory(of path: String) -> String {
    URL(fileURLWithPath: path).deletingLastPathComponent().path
  }

  /// A held lock on a directory.
  struct Lock {
    let path: String
    let descriptor: Int32

    /// Removes the lock file and releases the lock (removing it while held is safe: a waiting
    /// run finds the file gone and takes a new one).
    func release() {
      unlink(path)
      close(descriptor)
    }
  }

  /// Takes the directory's lock, waiting for another run to finish its installation. The lock
  /// file is removed when released, so that a directory holds only the outputs; a lock taken on a
  /// file another run has meanwhile removed is given up and taken again.
  private static func lock(_ directory: String) throws -> Lock {
    let path = (directory as NSString).appendingPathComponent(".evidence-conflicts.lock")
    while true {
      let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
      guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
      while flock(descriptor, LOCK_EX) != 0 {
        guard errno == EINTR else {
          let reason = String(cString: strerror(errno))
          close(descriptor)
          throw Failure(path: path, reason: reason)
        }
      }
      var held = stat()
      var named = stat()
      if fstat(descriptor, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
        return Lock(path: path, descriptor: descriptor)
      }
      close(descriptor)
    }
  }

  private static func manifestPath(in directory: String, pid: pid_t) -> String {
    (directory as NSString).appendingPathComponent(".evidence-conflicts-install-\(pid).json")
  }

  /// Writes the manifest to each path atomically (a temporary file renamed over it). The
  /// temporary file is written here, not by Foundation (whose atomic writes use a temporary file
  /// of its own naming, which a killed run would leave behind), so recovery knows its name.
  private static func write(_ manifest: Manifest, to paths: [String]) throws {
    let data = Array(try JSONEncoder().encode(manifest))
    for path in paths {
      let temporary = path + ".new"
      guard writeAll(data, to: temporary), Glibc.rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw Failure(path: path, reason: "cannot write the installation manifest: \(reason)")
      }
    }
  }

  /// Writes bytes to a new file (replacing one of the same name) and flushes them to disk.
  private static func writeAll(_ bytes: [UInt8], to path: String) -> Bool {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += written
    }
    return fsync(descriptor) == 0
  }

  /// With the directory locked: repairs the installations of dead runs and removes their hidden
  /// files.
  private static func recoverLocked(_ directory: String) {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    let prefix = ".evidence-conflicts-install-"
    for entry in entries.sorted() where entry.hasPrefix(prefix) {
      let rest = entry.dropFirst(prefix.count)
      let unfinished = rest.hasSuffix(".json.new")
      guard unfinished || rest.hasSuffix(".json"),
        let pid = pid_t(rest.prefix { $0.isNumber }), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
      else { continue }
      let path = (directory as NSString).appendingPathComponent(entry)
      // A manifest being written when its run was killed: the installation had not begun.
      if unfinished { unlink(path) } else { rollBack(path) }
    }
    removeAbandoned(in: directory)
  }

  /// Completes a committed installation, or puts back the files an uncommitted one moved aside
  /// and removes those it put in place; then removes the manifest.
  private static func rollBack(_ manifestPath: String) {
    guard let data = FileManager.default.contents(atPath: manifestPath),
      let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
    else {
      unlink(manifestPath)
      return
    }
    for entry in manifest.files {
      if manifest.committed {
        unlink(entry.backup)
      } else if entry.existed {
        if access(entry.backup, F_OK) == 0 { Glibc.rename(entry.backup, entry.final) }
      } else if access(entry.temporary, F_OK) != 0 {
        // Put in place by the interrupted installation: it was not there before.
        unlink(entry.final)
      }
      unlink(entry.temporary)
    }
    unlink(manifestPath)
  }

  /// Removes the temporary and set-aside copies left by processes that no longer exist (a
  /// set-aside file goes back in place when its place is empty).
  private static func removeAbandoned(in directory: String) {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for entry in entries.sorted() where entry.hasPrefix(".") {
      guard let range = entry.range(of: File.marker, options: .backwards),
        let pid = pid_t(entry[range.upperBound...]), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
      else { continue }
      let path = (directory as NSString).appendingPathComponent(entry)
      let stem = entry[entry.index(after: entry.startIndex)..<range.lowerBound]
      if stem.hasSuffix(".previous") {
        let final = (directory as NSString).appendingPathComponent(String(stem.dropLast(".previous".count)))
        if access(final, F_OK) != 0 {
          Glibc.rename(path, final)
          continue
        }
      }
      unlink(path)
    }
  }
}

/// A text stream into an open file descriptor, buffered; the first write error is kept
/// (`failure`) and later writes are skipped, since `TextOutputStream` cannot throw.
public struct FileTextStream: TextOutputStream {
  let descriptor: Int32
  public private(set) var failure: Int32?
  private var buffer: [UInt8] = []
  private static let capacity = 1 << 20

  public init(descriptor: Int32) {
    self.descriptor = descriptor
    buffer.reserveCapacity(Self.capacity)
  }

  public mutating func write(_ text: String) {
    guard failure == nil else { return }
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= Self.capacity { flush() }
  }

  /// Writes out the buffer (the whole of it, however many calls that takes).
  public mutating func flush() {
    guard failure == nil, !buffer.isEmpty else { return }
    let descriptor = self.descriptor
    failure = buffer.withUnsafeBytes { bytes -> Int32? in
      var offset = 0
      while offset < bytes.count {
        let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return nil
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
