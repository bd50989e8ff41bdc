// Yams vendors libyaml as its `CYaml` module; it is not a product of the Yams package, so this
// import relies on SwiftPM exposing the dependency's modules. It is kept to this one file.
import CYaml

/// The 1-based line and column of the first anchor (`&a`) or alias (`*a`) in a YAML text, found
/// with libyaml's event parser before any node tree is built; `nil` when there is none or when the
/// text does not parse (the full parse then reports the syntax error).
///
/// Why not check the node tree: Yams resolves aliases while composing, keeps anchors only weakly
/// (they are gone after parsing), and hashes alias-expanded mapping keys to find duplicates. An
/// alias bomb ("billion laughs") would therefore cost exponential time inside Yams or in any walk
/// of its tree. One pass over libyaml's events costs time linear in the text.
func firstAnchorOrAlias(in text: String) -> (line: Int, column: Int)? {
  var bytes = Array(text.utf8)
  guard !bytes.isEmpty else { return nil }
  var parser = yaml_parser_t()
  guard yaml_parser_initialize(&parser) == 1 else { return nil }
  defer { yaml_parser_delete(&parser) }
  return bytes.withUnsafeMutableBufferPointer { buffer -> (Int, Int)? in
    yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    var event = yaml_event_t()
    while yaml_parser_parse(&parser, &event) == 1 {
      defer { yaml_event_delete(&event) }
      let found: Bool
      switch event.type {
      case YAML_ALIAS_EVENT: found = true
      case YAML_SCALAR_EVENT: found = event.data.scalar.anchor != nil
      case YAML_SEQUENCE_START_EVENT: found = event.data.sequence_start.anchor != nil
      case YAML_MAPPING_START_EVENT: found = event.data.mapping_start.anchor != nil
      case YAML_STREAM_END_EVENT: return nil
      default: found = false
      }
      if found {
        return (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1)
      }
    }
    return nil
  }
}
