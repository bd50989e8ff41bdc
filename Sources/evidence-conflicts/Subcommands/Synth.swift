import ArgumentParser
import EvidenceCatalogue
import EvidenceModel
import Foundation
import SyntheticCatalogue

/// `synth`: writes a deterministic synthetic catalogue for benchmarks.
struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a deterministic synthetic catalogue (benchmark data) in the real format.",
    discussion: """
      The same --recommendations, --seed and schemes file give the same files, byte for byte. \
      Bodies grade with the real schemes read from --schemes (the bundled catalogue's by default), \
      which is copied into the output as common/schemes.yaml. --out must be a new or empty directory.
      """)

  @Option(help: ArgumentHelp("How many recommendations to write.", valueName: "count"))
  var recommendations: Int

  @Option(help: ArgumentHelp("The random seed.", valueName: "number"))
  var seed: UInt64 = 1

  @Option(help: ArgumentHelp("The directory to write the catalogue into (new or empty).", valueName: "directory"))
  var out: String

  @Option(help: ArgumentHelp("The grading schemes file to copy and use.", valueName: "file"))
  var schemes = "Evidence/common/schemes.yaml"

  func validate() throws {
    guard (1...10_000_000).contains(recommendations) else {
      throw ValidationError("--recommendations must be between 1 and 10,000,000")
    }
    if let entries = try? FileManager.default.contentsOfDirectory(atPath: out), !entries.isEmpty {
      throw ValidationError("--out \(out) is not empty; name a new or empty directory")
    }
  }

  func run() throws {
    guard let bytes = FileManager.default.contents(atPath: schemes) else {
      DiagnosticPrinter.print([.tool(.synth, at: schemes, "cannot read the grading schemes; pass --schemes FILE")])
      throw ExitCode.failure
    }
    let decoded = CatalogueFileDecoder().decode(Array(bytes), path: "common/schemes.yaml", displayPath: schemes)
    guard let file = decoded.file, !decoded.diagnostics.containsErrors, !file.schemes.isEmpty else {
      DiagnosticPrinter.print(decoded.diagnostics)
      DiagnosticPrinter.print([.tool(.synth, at: schemes, "no usable grading schemes in this file")])
      throw ExitCode.failure
    }
    let generator = SyntheticCatalogue(
      .init(recommendations: recommendations, seed: seed, schemes: file.schemes))
    let manager = FileManager.default
    var directories = Set<String>()
    var files = 0
    let progress = Progress(label: "synth", total: generator.topicCount)
    func write(_ path: String, _ text: String) throws {
      let url = URL(fileURLWithPath: out).appendingPathComponent(path)
      let directory = url.deletingLastPathComponent().path
      if directories.insert(directory).inserted {
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
      }
      guard manager.createFile(atPath: url.path, contents: Data(text.utf8)) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
      }
      files += 1
      if path.hasPrefix("topics/") { progress.advance() }
    }
    do {
      try write("common/schemes.yaml", String(decoding: bytes, as: UTF8.self))
      try generator.generate(write)
    } catch {
      progress.finish()
      DiagnosticPrinter.print([.tool(.synth, at: out, "cannot write the catalogue: \(error.localizedDescription)")])
      throw ExitCode.failure
    }
    progress.finish()
    writeOutput("wrote \(files) files with \(recommendations) recommendations in \(generator.topicCount) topics to \(out)\n")
  }
}
