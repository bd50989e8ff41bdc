import EvidenceModel
import Foundation

/// A catalogue file found on disk, before it is read.
public struct CatalogueFileReference: Hashable, Sendable {
  /// The path relative to the catalogue root, with `/` separators (the key in the store).
  public var relativePath: String
  /// The path as the user should see it: the root they named joined with the relative path.
  public var displayPath: String

  public init(relativePath: String, displayPath: String) {
    self.relativePath = relativePath
    self.displayPath = displayPath
  }
}

/// The outcome of reading a catalogue: the catalogue and every diagnostic, in a stable order.
public struct CatalogueLoadResult: Sendable {
  public var catalogue: Catalogue
  public var diagnostics: [Diagnostic]
  /// Every catalogue file found, in path order.
  public var references: [CatalogueFileReference]
  /// How each file was read, in path order (empty for a catalogue not read from files).
  public var readings: [FileReading]

  /// The relative paths of the files that were parsed (an import parses only changed ones).
  public var parsedPaths: [String] { readings.filter { $0.way == .parsed }.map(\.path) }

  public var hasErrors: Bool { diagnostics.containsErrors }

  public init(catalogue: Catalogue, diagnostics: [Diagnostic], references: [CatalogueFileReference], readings: [FileReading]) {
    self.catalogue = catalogue
    self.diagnostics = diagnostics
    self.references = references
    self.readings = readings
  }
}

/// How a load read one file: taken as decoded before (by its stamp, unread, or by its content
/// hash) or parsed.
public struct FileReading: Sendable {
  public enum Way: Sendable, Equatable {
    /// Taken from ``DecodedFileSource/decoded(_:stamp:)`` without reading the file.
    case sameStamp
    /// Read, and taken from ``DecodedFileSource/decoded(_:contentHash:)``.
    case sameContent
    case parsed
  }

  public var path: String
  public var way: Way
  /// The file's stamp when it was read (`nil` when it could not be taken).
  public var stamp: FileStamp?
  /// A parsed file's content and diagnostics; `nil` when it was taken as decoded before, or did
  /// not decode.
  public var decoded: DecodedFile?
}

/// Files decoded before, which a load takes instead of parsing them again: the store's files (an
/// import) or a check's cache.
public protocol DecodedFileSource: Sendable {
  /// The file as decoded when its stamp was `stamp`: asked before reading it. `nil` when unknown.
  func decoded(_ reference: CatalogueFileReference, stamp: FileStamp) -> DecodedFile?
  /// The file as decoded when its bytes hashed to `contentHash`. `nil` when unknown.
  ///
  /// - Throws: when the source cannot be read (the load stops with the error).
  func decoded(_ reference: CatalogueFileReference, contentHash: String) throws -> DecodedFile?
}

/// Finds and reads catalogue files: `*.yaml` and `*.yml` below a directory (hidden files and
/// folders skipped), or one named file.
public struct CatalogueLoader: Sendable {
  public init() {}

  /// The catalogue files under `root`, sorted by relative path.
  ///
  /// - Throws: ``CatalogueError`` when the path does not exist or holds no catalogue file.
  public func fileReferences(at root: String) throws -> [CatalogueFileReference] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
      throw CatalogueError.pathNotFound(root)
    }
    guard isDirectory.boolValue else {
      let name = (root as NSString).lastPathComponent
      return [CatalogueFileReference(relativePath: name, displayPath: root)]
    }
    let base = URL(fileURLWithPath: root, isDirectory: true).resolvingSymlinksInPath()
      .standardizedFileURL
    guard FileManager.default.isReadableFile(atPath: base.path) else {
      throw CatalogueError.unreadable(root)
    }
    var references: [CatalogueFileReference] = []
    var unreadable: String?
    Self.walk(base.path, relative: "", into: &references, unreadable: &unreadable, root: root)
    if let unreadable { throw CatalogueError.unreadable(Self.display(unreadable, under: root)) }
    guard !references.isEmpty else { throw CatalogueError.noCatalogueFiles(root) }
    return references.sorted { $0.relativePath < $1.relativePath }
  }

  /// Adds the catalogue files below `directory` (its path relative to the root is `relative`),
  /// walking the directory entries as the system lists them: hidden entries are skipped, folders
  /// are walked, and a symbolic link counts as the file it points to (one that points to a folder
  /// is left out, one that points nowhere is kept so that reading it fails loudly instead of its
  /// entries silently leaving the catalogue). The first folder that cannot be listed is noted in
  /// `unreadable`.
  private static func walk(
    _ directory: String, relative: String, into references: inout [CatalogueFileReference], unreadable: inout String?,
    root: String
  ) {
    guard let handle = opendir(directory) else {
      unreadable = unreadable ?? relative
      return
    }
    defer { closedir(handle) }
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      guard !name.hasPrefix(".") else { continue }
      let path = directory + "/" + name
      let child = relative.isEmpty ? name : relative + "/" + name
      var type = Int32(entry.pointee.d_type)
      if type == Int32(DT_UNKNOWN) {
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        type = info.st_mode & S_IFMT == S_IFDIR ? Int32(DT_DIR) : info.st_mode & S_IFMT == S_IFLNK ? Int32(DT_LNK) : Int32(DT_REG)
      }
      if type == Int32(DT_DIR) {
        walk(path, relative: child, into: &references, unreadable: &unreadable, root: root)
        continue
      }
      let ext = (name as NSString).pathExtension.lowercased()
      guard ext == "yaml" || ext == "yml" else { continue }
      if type == Int32(DT_LNK) {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
      }
      references.append(CatalogueFileReference(relativePath: child, displayPath: display(child, under: root)))
    }
  }

  /// A path below the root as the user named the root.
  private static func display(_ relative: String, under root: String) -> String {
    relative.isEmpty ? root : root.hasSuffix("/") ? root + relative : root + "/" + relative
  }

  /// Reads a file's bytes.
  ///
  /// - Throws: ``CatalogueError/notARegularFile(_:)`` for a named pipe, device or socket (checked
  ///   before opening, since opening a pipe blocks), ``CatalogueError/unreadable(_:)`` otherwise.
  public func readBytes(of reference: CatalogueFileReference) throws -> [UInt8] {
    var info = stat()
    if stat(reference.displayPath, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
      throw CatalogueError.notARegularFile(reference.displayPath)
    }
    guard let handle = FileHandle(forReadingAtPath: reference.displayPath) else {
      throw CatalogueError.unreadable(reference.displayPath)
    }
    defer { try? handle.close() }
    let limit = CatalogueFileDecoder.maximumFileSize + 1
    let data = try handle.read(upToCount: limit) ?? Data()
    return [UInt8](data)
  }

  /// Reads, decodes and validates every file under `root`.
  public func load(_ root: String) throws -> CatalogueLoadResult {
    try load(root, reusing: nil)
  }

  /// Reads and validates the catalogue under `root`, taking from `source` each file it has
  /// decoded before (by the file's stamp before reading it, then by its content hash) instead of
  /// parsing it again.
  ///
  /// The files are read, hashed and decoded on every core, a chunk at a time; their results are
  /// taken in path order, so nothing depends on which core finished first. `progress` is told,
  /// after each chunk, how many of how many are read; `validating` is called when reading ends and
  /// the validation of the whole catalogue begins.
  ///
  /// - Throws: ``CatalogueError`` when `root` is no catalogue; what `source` throws.
  public func load(
    _ root: String,
    reusing source: (any DecodedFileSource)?,
    progress: (_ done: Int, _ total: Int) -> Void = { _, _ in },
    validating: () -> Void = {}
  ) throws -> CatalogueLoadResult {
    var result = try read(root, reusing: source, progress: progress)
    validating()
    result.diagnostics = (result.diagnostics + CatalogueValidator().validate(result.catalogue)).sortedByLocation()
    return result
  }

  /// Reads the catalogue under `root` as ``load(_:reusing:progress:validating:)`` does, without
  /// validating it: the diagnostics are those of reading each file (those `source` gives for the
  /// files it gives).
  public func read(
    _ root: String,
    reusing source: (any DecodedFileSource)?,
    progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
  ) throws -> CatalogueLoadResult {
    let references = try fileReferences(at: root)
    let decoder = CatalogueFileDecoder()
    var files: [CatalogueFile] = []
    var diagnostics: [Diagnostic] = []
    var readings: [FileReading] = []
    readings.reserveCapacity(references.count)
    let chunk = 256
    for start in stride(from: 0, to: references.count, by: chunk) {
      progress(start, references.count)
      let slice = Array(references[start..<min(start + chunk, references.count)])
      for outcome in Parallel.map(slice, { read($0, decoder: decoder, reusing: source) }) {
        switch outcome {
        case .read(let reading, let decoded):
          readings.append(reading)
          if let decoded {
            files.append(decoded.file)
            diagnostics += decoded.diagnostics
          }
        case .parseFailed(let reading, let fileDiagnostics):
          readings.append(reading)
          diagnostics += fileDiagnostics
        case .failed(let diagnostic): diagnostics.append(diagnostic)
        case .reuseFailed(let error): throw error
        }
      }
    }
    progress(references.count, references.count)
    return CatalogueLoadResult(
      catalogue: Catalogue(files: files), diagnostics: diagnostics.sortedByLocation(), references: references,
      readings: readings)
  }

  /// What reading one file came to.
  private enum FileOutcome {
    case read(FileReading, DecodedFile?)
    case parseFailed(FileReading, [Diagnostic])
    case failed(Diagnostic)
    case reuseFailed(any Error)
  }

  /// Takes one file from `source` by its stamp, or reads it and takes it by its content hash, or
  /// decodes it.
  private func read(
    _ reference: CatalogueFileReference, decoder: CatalogueFileDecoder, reusing source: (any DecodedFileSource)?
  ) -> FileOutcome {
    let stamp = Self.stamp(of: reference.displayPath)
    if let source, let stamp, let decoded = source.decoded(reference, stamp: stamp) {
      return .read(FileReading(path: reference.relativePath, way: .sameStamp, stamp: stamp), decoded)
    }
    let bytes: [UInt8]
    do {
      bytes = try readBytes(of: reference)
    } catch let error as CatalogueError {
      return .failed(error.diagnostic)
    } catch {
      return .failed(CatalogueError.unreadable(reference.displayPath).diagnostic)
    }
    let hash = sha256Hex(bytes)
    do {
      if let source, let decoded = try source.decoded(reference, contentHash: hash) {
        return .read(FileReading(path: reference.relativePath, way: .sameContent, stamp: stamp), decoded)
      }
    } catch {
      return .reuseFailed(error)
    }
    let (file, fileDiagnostics) = decoder.decode(
      bytes, path: reference.relativePath, displayPath: reference.displayPath, contentHash: hash)
    let decoded = file.map { DecodedFile(file: $0, diagnostics: fileDiagnostics) }
    let reading = FileReading(path: reference.relativePath, way: .parsed, stamp: stamp, decoded: decoded)
    return decoded.map { .read(reading, $0) } ?? .parseFailed(reading, fileDiagnostics)
  }

  /// The file's stamp, following symbolic links; `nil` when it cannot be taken or the path is no
  /// regular file.
  static func stamp(of path: String) -> FileStamp? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    #if canImport(Darwin)
      let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
    #else
      let (modified, changed) = (info.st_mtim, info.st_ctim)
    #endif
    return FileStamp(
      size: Int64(info.st_size), modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
      changed: Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec), inode: Int64(bitPattern: UInt64(info.st_ino)),
      device: Int64(bitPattern: UInt64(info.st_dev)))
  }
}

/// A catalogue path that cannot be used at all.
public enum CatalogueError: Error, LocalizedError, Equatable {
  case pathNotFound(String)
  case noCatalogueFiles(String)
  case unreadable(String)
  /// A named pipe, device or socket where a catalogue file was expected.
  case notARegularFile(String)

  /// The rule id under which the problem is reported.
  public var rule: RuleID {
    switch self {
    case .pathNotFound, .noCatalogueFiles: .noCatalogue
    case .unreadable: .unreadableFile
    case .notARegularFile: .notARegularFile
    }
  }

  public var errorDescription: String? {
    switch self {
    case .pathNotFound(let path):
      "'\(path)' does not exist; name the catalogue directory (for example Evidence) or a catalogue file"
    case .noCatalogueFiles(let path):
      "'\(path)' holds no catalogue files (*.yaml or *.yml); name the directory that holds the catalogue"
    case .unreadable(let path):
      "'\(path)' could not be read; check that it exists and is readable"
    case .notARegularFile(let path):
      "'\(path)' is not a regular file (a named pipe, device or socket); remove it from the catalogue or replace it with a file"
    }
  }

  /// The problem as a diagnostic at the path itself.
  public var diagnostic: Diagnostic {
    let path: String
    switch self {
    case .pathNotFound(let p), .noCatalogueFiles(let p), .unreadable(let p), .notARegularFile(let p): path = p
    }
    return Diagnostic(
      rule: rule.rawValue, severity: .error, message: errorDescription ?? "",
      location: SourceLocation(file: path, line: 1, column: 1))
  }
}
