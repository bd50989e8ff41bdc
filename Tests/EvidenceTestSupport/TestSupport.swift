import Foundation

/// Shared helpers for the test targets: paths into the repository, temporary directories,
/// fixture assembly, and running the built executable.
public enum TestSupport {
  /// A fictional committee decision on the bundled catalogue's compression-fracture topic, for a
  /// copy of the catalogue (`vcf/decisions.yaml`): it considers three recommendations, so that
  /// editing one re-opens it.
  public static let committeeDecision = """
    # A fictional committee, for the test.
    decisions:
      - id: test-committee-vertebroplasty
        topic: vcf-initial-treatment
        intervention: vertebroplasty
        window:
          after: [failed-conservative-care]
        position: consider
        rationale: Only after failed conservative care, within a registry.
        date: 2025-06-01
        committee: Test spine committee
        considered: [aaos-2010-r1, cochrane-2018-vertebroplasty-r1, acr-ac-vcf-2022-r2]
    """

  /// The repository's root directory.
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The bundled catalogue, `Evidence/`.
  public static var bundledCatalogue: URL { repositoryRoot.appendingPathComponent("Evidence") }

  /// `Tests/Fixtures/<name>`.
  public static func fixture(_ name: String) -> URL {
    repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name)
  }

  /// The names of the bad-input fixtures, sorted.
  public static var badCatalogueNames: [String] {
    let directory = fixture("BadCatalogues")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted()
  }

  /// A new empty directory, unique to this call.
  public static func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("evidence-conflicts-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Copies the YAML files of `source` into `destination` (created if needed).
  public static func copyCatalogueFiles(from source: URL, to destination: URL) throws {
    try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: source.path)
    where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
      let target = destination.appendingPathComponent(name)
      try? FileManager.default.removeItem(at: target)
      try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: target)
    }
  }

  /// A bad-input fixture, assembled into `<directory>/catalogue`: the minimal valid catalogue
  /// (unless the fixture has a `NO-BASE` marker) overlaid with the fixture's own files.
  ///
  /// - Returns: The catalogue directory and the expected diagnostic lines (each a
  ///   `file:line:col: severity: [rule]` prefix, with the file relative to the catalogue).
  public static func assembleBadCatalogue(_ name: String, in directory: URL) throws -> (
    catalogue: URL, expected: [String]
  ) {
    let source = fixture("BadCatalogues").appendingPathComponent(name)
    let catalogue = directory.appendingPathComponent("catalogue")
    try FileManager.default.createDirectory(at: catalogue, withIntermediateDirectories: true)
    if !FileManager.default.fileExists(atPath: source.appendingPathComponent("NO-BASE").path) {
      try copyCatalogueFiles(from: fixture("MinimalCatalogue"), to: catalogue)
    }
    for file in try FileManager.default.contentsOfDirectory(atPath: source.path)
    where !["expected.txt", "NO-BASE"].contains(file) {
      let target = catalogue.appendingPathComponent(file)
      try? FileManager.default.removeItem(at: target)
      try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: target)
    }
    let expected = try String(contentsOf: source.appendingPathComponent("expected.txt"), encoding: .utf8)
      .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    return (catalogue, expected)
  }

  /// The result of running a command.
  public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// The built `evidence-conflicts` executable, next to the test bundle.
  public static var executable: URL {
    Bundle.main.bundleURL.appendingPathComponent("evidence-conflicts")
  }

  /// Runs the built executable with `arguments` in `directory`, with standard input closed.
  public static func runTool(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
  ) throws -> CommandResult {
    try run(executable, arguments, in: directory, environment: environment)
  }

  /// Runs the built executable, killed after `seconds` (status 137, or 124 from `timeout`): for
  /// tests of what must never block.
  public static func runTool(
    _ arguments: [String], in directory: URL? = nil, killedAfter seconds: Int
  ) throws -> CommandResult {
    try run(
      URL(fileURLWithPath: "/usr/bin/timeout"), ["--signal=KILL", String(seconds), executable.path] + arguments,
      in: directory)
  }

  /// Runs a shell command line (for limits such as `ulimit -f`) in `directory`.
  public static func shell(_ command: String, in directory: URL? = nil) throws -> CommandResult {
    try run(URL(fileURLWithPath: "/bin/bash"), ["-c", command], in: directory)
  }

  /// Runs a program and captures its output through files (no pipe can fill up).
  public static func run(
    _ program: URL, _ arguments: [String], in directory: URL? = nil,
    environment: [String: String] = [:]
  ) throws -> CommandResult {
    let scratch = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let running = try start(program, arguments, in: directory, environment: environment, outputIn: scratch)
    return try running.wait()
  }

  /// A started process whose output goes to files.
  public final class RunningProcess: @unchecked Sendable {
    public let process: Process
    public let stdoutURL: URL
    public let stderrURL: URL
    private let handles: [FileHandle]

    init(process: Process, stdoutURL: URL, stderrURL: URL, handles: [FileHandle]) {
      self.process = process
      self.stdoutURL = stdoutURL
      self.stderrURL = stderrURL
      self.handles = handles
    }

    /// What the process has written to standard error so far.
    public var stderrSoFar: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Waits for the process and returns its result.
    public func wait() throws -> CommandResult {
      process.waitUntilExit()
      for handle in handles { try handle.close() }
      return CommandResult(
        status: process.terminationStatus,
        stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
        stderr: try String(contentsOf: stderrURL, encoding: .utf8))
    }
  }

  /// Starts a program without waiting, its output going to files in `scratch`.
  public static func start(
    _ program: URL, _ arguments: [String], in directory: URL? = nil,
    environment: [String: String] = [:], outputIn scratch: URL
  ) throws -> RunningProcess {
    let name = UUID().uuidString
    let outURL = scratch.appendingPathComponent("\(name).stdout")
    let errURL = scratch.appendingPathComponent("\(name).stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "EVIDENCE_CONFLICTS_DATABASE")
    env.removeValue(forKey: "EVIDENCE_CONFLICTS_FAULT")
    env.merge(environment) { $1 }
    process.environment = env
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return RunningProcess(process: process, stdoutURL: outURL, stderrURL: errURL, handles: [out, err])
  }

  /// The bytes of a file, or `nil` when it does not exist.
  public static func contents(of url: URL) -> Data? {
    FileManager.default.contents(atPath: url.path)
  }
}

extension TestSupport {
  /// The XML parts of an XLSX (or any zip) file, by name, read with Python's `zipfile` (an
  /// independent reader; `Scripts/setup` installs Python's packages).
  public static func zipParts(_ file: URL) throws -> [String: String] {
    let script = """
      import json, sys, zipfile
      archive = zipfile.ZipFile(sys.argv[1])
      print(json.dumps({name: archive.read(name).decode('utf-8', 'replace') for name in archive.namelist()}))
      """
    let result = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file.path])
    guard result.status == 0,
      let parts = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String]
    else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
    return parts
  }

  /// Runs a Python script with arguments; returns its result.
  public static func python(_ script: String, _ arguments: [String]) throws -> CommandResult {
    try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
  }
}
