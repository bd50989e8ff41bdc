/// A catalogue file as its reader decoded it: its content and the diagnostics reading it gave
/// (warnings such as an overlong statement), so that a file taken from a cache says what parsing
/// it would have said.
public struct DecodedFile: Hashable, Codable, Sendable {
  public var file: CatalogueFile
  public var diagnostics: [Diagnostic]

  public init(file: CatalogueFile, diagnostics: [Diagnostic]) {
    self.file = file
    self.diagnostics = diagnostics
  }
}
