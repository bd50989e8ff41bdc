import EvidenceModel

/// Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::…`),
/// which the Actions runner turns into annotations on the files of a pull request.
///
/// Property values escape `%`, CR, LF, `:` and `,`; messages escape `%`, CR and LF, as the
/// runner's command parser expects. Notes become `::notice`.
public enum GitHubAnnotations {
  /// One line per diagnostic, then one `::error` per reason the check failed.
  public static func render(_ diagnostics: [Diagnostic], failures: [String] = []) -> String {
    var lines: [String] = []
    for d in diagnostics {
      let command = switch d.severity {
      case .error: "error"
      case .warning: "warning"
      case .note: "notice"
      }
      var properties: [String] = []
      if let location = d.location {
        properties.append("file=" + property(location.file))
        if location.line > 0 {
          properties.append("line=\(location.line)")
          properties.append("col=\(max(1, location.column))")
        }
      }
      properties.append("title=" + property(d.rule))
      lines.append("::\(command) \(properties.joined(separator: ","))::\(message(d.message))")
    }
    for reason in failures {
      lines.append("::error title=" + property("evidence-conflicts check failed") + "::" + message(reason))
    }
    return lines.map { $0 + "\n" }.joined()
  }

  static func message(_ text: String) -> String {
    text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  static func property(_ text: String) -> String {
    message(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
  }
}
