import ArgumentParser
import EvidenceCatalogue
import EvidenceModel

/// The catalogue path argument shared by the subcommands that read YAML.
struct CatalogueArgument: ParsableArguments {
  @Argument(help: ArgumentHelp("The catalogue directory or file.", valueName: "catalogue"))
  var path: String = "Evidence"
}
