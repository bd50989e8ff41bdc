import Foundation

/// An input file named on the command line: a path, or `-` for standard input.
public enum InputFile {
  /// The bytes of the file, or of standard input for `-`; `nil` when it cannot be read.
  public static func contents(_ path: String) -> Data? {
    path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
  }
}
