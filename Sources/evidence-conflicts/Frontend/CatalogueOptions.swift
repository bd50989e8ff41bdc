import ArgumentParser
import EvidenceCatalogue
import EvidenceModel

/// The catalogue path argument shared by the subcommands that read YAML.
struct CatalogueArgument: ParsableArguments {
  @Argument(help: "The catalogue directory or file.")
  var path: String = "Evidence"
}
