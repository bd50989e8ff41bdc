import ArgumentParser
import EvidenceCatalogue

/// `parse-yaml PATH` (hidden): parses every catalogue file into a YAML node tree and nothing
/// more; the yardstick `Scripts/bench` compares `import` with.
struct ParseYAML: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parse-yaml", abstract: "Benchmark yardstick: parse the YAML only.",
    shouldDisplay: false)

  @OptionGroup var catalogue: CatalogueArgument

  func run() throws {
    let loader = CatalogueLoader()
    var parsed = 0
    for reference in try loader.fileReferences(at: catalogue.path) {
      if CatalogueFileDecoder.parseOnly(try loader.readBytes(of: reference)) { parsed += 1 }
    }
    writeOutput("parsed \(parsed) files\n")
  }
}
