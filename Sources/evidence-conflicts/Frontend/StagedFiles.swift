import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Output files written all or nothing: each to a hidden temporary file beside its final name,
/// then put in place together. Existing files are moved aside first and put back if any rename
/// fails, so a failed or killed run never leaves a mix of old and new files. Hidden files left by
/// a killed run are removed by the next run once that process is gone.
struct StagedFiles {
  struct File {
    static let marker = ".tmp-"
    var final: String
    var temporary: String
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

  struct Failure: Error {
    var path: String
    var reason: String
  }

  let files: [File]

  init(_ paths: [String]) {
    files = paths.map(File.init)
    Self.removeAbandoned(files)
  }

  /// Writes a file's text to its temporary file.
  func write(_ text: String, to file: File) throws {
    try stream(to: file) { $0.write(text) }
  }

  /// Writes a file's text to its temporary file as it is produced, through a buffer.
  func stream(to file: File, _ produce: (inout FileTextStream) throws -> Void) throws {
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
  func discard() {
    for file in files { unlink(file.temporary) }
  }

  /// Puts every temporary file in place, or none.
  func install() throws {
    for file in files {
      var status = stat()
      if lstat(file.final, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
        throw Failure(path: file.final, reason: "it exists and is not a regular file; move it away")
      }
    }
    var movedAside: [File] = []
    var installed: [File] = []
    func rollBack() {
      for file in installed { unlink(file.final) }
      for file in movedAside { rename(file.backup, file.final) }
    }
    for file in files where access(file.final, F_OK) == 0 {
      guard rename(file.final, file.backup) == 0 else {
        let reason = String(cString: strerror(errno))
        rollBack()
        throw Failure(path: file.final, reason: reason)
      }
      movedAside.append(file)
    }
    for file in files {
      guard rename(file.temporary, file.final) == 0 else {
        let reason = String(cString: strerror(errno))
        rollBack()
        throw Failure(path: file.final, reason: reason)
      }
      installed.append(file)
    }
    for file in movedAside { unlink(file.backup) }
  }

  /// Removes the temporary and set-aside copies of these files left by processes that no longer
  /// exist; a set-aside file goes back in place when its place is empty.
  private static func removeAbandoned(_ files: [File]) {
    for file in files {
      let url = URL(fileURLWithPath: file.final)
      let directory = url.deletingLastPathComponent().path
      let name = url.lastPathComponent
      guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
      for entry in entries.sorted() where entry.hasPrefix(".\(name).") {
        guard let range = entry.range(of: File.marker, options: .backwards),
          let pid = pid_t(entry[range.upperBound...]), pid > 0, kill(pid, 0) != 0, errno == ESRCH
        else { continue }
        let path = (directory as NSString).appendingPathComponent(entry)
        if entry[..<range.lowerBound].hasSuffix(".previous"), access(file.final, F_OK) != 0 {
          rename(path, file.final)
        } else {
          unlink(path)
        }
      }
    }
  }
}

/// A text stream into an open file descriptor, buffered; the first write error is kept
/// (`failure`) and later writes are skipped, since `TextOutputStream` cannot throw.
struct FileTextStream: TextOutputStream {
  let descriptor: Int32
  private(set) var failure: Int32?
  private var buffer: [UInt8] = []
  private static let capacity = 1 << 20

  init(descriptor: Int32) {
    self.descriptor = descriptor
    buffer.reserveCapacity(Self.capacity)
  }

  mutating func write(_ text: String) {
    guard failure == nil else { return }
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= Self.capacity { flush() }
  }

  /// Writes out the buffer (the whole of it, however many calls that takes).
  mutating func flush() {
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
