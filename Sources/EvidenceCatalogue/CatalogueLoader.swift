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
  /// The relative paths of the files that were parsed (an import parses only changed ones).
  public var parsedPaths: [String]

  public var hasErrors: Bool { diagnostics.containsErrors }

  public init(catalogue: Catalogue, diagnostics: [Diagnostic], references: [CatalogueFileReference], parsedPaths: [String]) {
    self.catalogue = catalogue
    self.diagnostics = diagnostics
    self.references = references
    self.parsedPaths = parsedPaths
  }
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
    nonisolated(unsafe) var unreadable: [URL] = []
    guard
      let enumerator = FileManager.default.enumerator(
        at: base, includingPropertiesForKeys: [.isDirectoryKey],
        options: [.skipsHiddenFiles, .skipsPackageDescendants],
        errorHandler: { url, _ in
          unreadable.append(url)
          return true
        })
    else { throw CatalogueError.pathNotFound(root) }
    var references: [CatalogueFileReference] = []
    let prefix = base.path.hasSuffix("/") ? base.path : base.path + "/"
    for case let url as URL in enumerator {
      let ext = url.pathExtension.lowercased()
      guard ext == "yaml" || ext == "yml" else { continue }
      // Symbolic links count as the files they point to; a dangling one is kept so that reading
      // it fails loudly instead of its entries silently leaving the catalogue.
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.resolvingSymlinksInPath().path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        continue
      }
      let full = url.standardizedFileURL.path
      guard full.hasPrefix(prefix) else { continue }
      let relative = String(full.dropFirst(prefix.count))
      let display = root.hasSuffix("/") ? root + relative : root + "/" + relative
      references.append(CatalogueFileReference(relativePath: relative, displayPath: display))
    }
    if let first = unreadable.first {
      let relative = first.path.hasPrefix(prefix) ? String(first.path.dropFirst(prefix.count)) : first.path
      throw CatalogueError.unreadable(root.hasSuffix("/") ? root + relative : root + "/" + relative)
    }
    guard !references.isEmpty else { throw CatalogueError.noCatalogueFiles(root) }
    return references.sorted { $0.relativePath < $1.relativePath }
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
    try load(root) { _, _ in nil }
  }

  /// Reads and validates the catalogue under `root`, asking `reuse` for the already decoded
  /// content of each file (given its reference and content hash) before parsing it; the store
  /// answers for files whose hash is unchanged, so they are not parsed again.
  ///
  /// The files are read, hashed and decoded on every core, a chunk at a time; their results are
  /// taken in path order, so nothing depends on which core finished first. `progress` is told,
  /// after each chunk, how many of how many are read; `validating` is called when reading ends and
  /// the validation of the whole catalogue begins.
  public func load(
    _ root: String,
    reusing reuse: @Sendable (CatalogueFileReference, _ contentHash: String) throws -> CatalogueFile?,
    progress: (_ done: Int, _ total: Int) -> Void = { _, _ in },
    validating: () -> Void = {}
  ) throws -> CatalogueLoadResult {
    let references = try fileReferences(at: root)
    let decoder = CatalogueFileDecoder()
    var files: [CatalogueFile] = []
    var diagnostics: [Diagnostic] = []
    var parsed: [String] = []
    let chunk = 256
    for start in stride(from: 0, to: references.count, by: chunk) {
      progress(start, references.count)
      let slice = Array(references[start..<min(start + chunk, references.count)])
      for outcome in Parallel.map(slice, { read($0, decoder: decoder, reusing: reuse) }) {
        switch outcome {
        case .reused(let file): files.append(file)
        case .decoded(let path, let file, let fileDiagnostics):
          parsed.append(path)
          diagnostics += fileDiagnostics
          if let file { files.append(file) }
        case .failed(let diagnostic): diagnostics.append(diagnostic)
        case .reuseFailed(let error): throw error
        }
      }
    }
    progress(references.count, references.count)
    validating()
    let catalogue = Catalogue(files: files)
    diagnostics += CatalogueValidator().validate(catalogue)
    return CatalogueLoadResult(
      catalogue: catalogue, diagnostics: diagnostics.sortedByLocation(),
      references: references, parsedPaths: parsed)
  }

  /// What reading one file came to.
  private enum FileOutcome {
    case reused(CatalogueFile)
    case decoded(path: String, CatalogueFile?, [Diagnostic])
    case failed(Diagnostic)
    case reuseFailed(any Error)
  }

  /// Reads one file, then takes its decoded content from `reuse` or decodes it.
  private func read(
    _ reference: CatalogueFileReference, decoder: CatalogueFileDecoder,
    reusing reuse: (CatalogueFileReference, String) throws -> CatalogueFile?
  ) -> FileOutcome {
    let bytes: [UInt8]
    do {
      bytes = try readBytes(of: reference)
    } catch let error as CatalogueError {
      return .failed(error.diagnostic)
    } catch {
      return .failed(CatalogueError.unreadable(reference.displayPath).diagnostic)
    }
    do {
      if let previous = try reuse(reference, sha256Hex(bytes)) { return .reused(previous) }
    } catch {
      return .reuseFailed(error)
    }
    let (file, fileDiagnostics) = decoder.decode(bytes, path: reference.relativePath, displayPath: reference.displayPath)
    return .decoded(path: reference.relativePath, file, fileDiagnostics)
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
