import ConflictAnalysis
import EvidenceModel

/// The index of a per-topic report (`report --per-topic`): each topic's title, question, answer
/// and disputes by severity, with links to its files, as Markdown and as HTML.
public enum TopicIndex {
  /// One topic of the index.
  public struct Entry: Sendable {
    public var topic: String
    public var title: String
    public var question: String
    public var answer: [String]
    public var disputes: String
    /// The topic's files, relative to the index.
    public var files: [String]

    /// The entry of a topic's report, written into `folder` as the files named `fileNames`.
    public init(report: ConflictReport, folder: String, fileNames: [String]) {
      let pathway = report.pathways.first
      let summary = pathway.map(report.summary(of:))
      topic = pathway?.topic.id ?? folder
      title = pathway?.topic.title ?? folder
      question = pathway?.topic.question ?? ""
      answer = summary?.answer ?? []
      disputes = Counting.bySeverity(report.disputes.map(\.severity))
      files = fileNames.map { "\(folder)/\($0)" }
    }
  }

  public static func markdown(_ entries: [Entry], catalogueName: String, asOf: CalendarDate) -> String {
    var out = ["# Evidence-conflict reports by topic", "", "Catalogue **\(MarkdownReport.md(catalogueName))**, as of \(asOf); \(Counting.noun(entries.count, "topic")).", ""]
    out += ["| Topic | Question | Disputes | Files |", "|---|---|---|---|"]
    for e in entries {
      out.append(
        "| **\(MarkdownReport.cell(e.title))** `\(MarkdownReport.code(e.topic))` | \(MarkdownReport.cell(e.question)) | \(e.disputes) | "
          + e.files.map { "[\(MarkdownReport.md(($0 as String).split(separator: ".").last.map(String.init) ?? $0))](\(link($0)))" }.joined(separator: " ") + " |")
    }
    out.append("")
    return out.joined(separator: "\n") + "\n"
  }

  public static func html(_ entries: [Entry], catalogueName: String, asOf: CalendarDate) -> String {
    let h = HTMLReport.h
    var out = [
      "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
      "<title>Evidence-conflict reports by topic: \(h(catalogueName))</title>", "<style>\(HTMLReport.style)</style></head><body>",
      "<h1>Evidence-conflict reports by topic</h1>",
      "<p class=\"meta\">Catalogue <b>\(h(catalogueName))</b>, as of \(h(asOf.description)); \(h(Counting.noun(entries.count, "topic"))).</p>",
      "<table><thead><tr><th style=\"width:24%\">Topic</th><th>Question and answer</th><th style=\"width:14%\">Disputes</th><th style=\"width:16%\">Files</th></tr></thead><tbody>",
    ]
    for e in entries {
      out.append(
        "<tr><td><b>\(h(e.title))</b><div class=\"id\">\(h(e.topic))</div></td><td>\(h(e.question))<ul>"
          + e.answer.map { "<li>\(h($0))</li>" }.joined() + "</ul></td><td>\(h(e.disputes))</td><td>"
          + e.files.map { "<a href=\"\(h(link($0)))\">\(h(($0 as String).split(separator: ".").last.map(String.init) ?? $0))</a>" }.joined(separator: " ")
          + "</td></tr>")
    }
    out.append("</tbody></table></body></html>")
    return out.joined(separator: "\n") + "\n"
  }

  /// A relative link to a file of the index: each path segment percent-encoded where a topic id
  /// could hold a character a URL cannot.
  static func link(_ path: String) -> String {
    path.split(separator: "/").map { segment in
      segment.utf8.map { byte -> String in
        let unreserved = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
          || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
        let hex = String(byte, radix: 16, uppercase: true)
        return unreserved ? String(UnicodeScalar(byte)) : "%" + (hex.count == 1 ? "0" + hex : hex)
      }.joined()
    }.joined(separator: "/")
  }
}
