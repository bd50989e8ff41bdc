/// Report text written line by line to an output stream, so that a report of millions of
/// relations never has to be held in memory whole.
///
/// The bytes are those of joining the lines with line feeds and ending with one.
struct LineWriter<Base: TextOutputStream> {
  var base: Base

  mutating func append(_ line: String) {
    base.write(line)
    base.write("\n")
  }

  mutating func append(contentsOf lines: [String]) {
    for line in lines { append(line) }
  }
}

/// An output stream that makes everything written to it safe for a terminal
/// (``TerminalText/escaped(_:)``) before passing it on.
struct TerminalEscaping<Base: TextOutputStream>: TextOutputStream {
  var base: Base

  mutating func write(_ text: String) { base.write(TerminalText.escaped(text)) }
}
