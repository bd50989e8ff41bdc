import EvidenceModel
import Foundation

/// Diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the file
/// code-scanning dashboards read: one run, the tool's rules, one result per diagnostic with its
/// file, line and column.
///
/// File paths are written as URI references relative to the directory the tool ran in
/// (`%SRCROOT%`), percent-encoded; a check that failed under its policy says why in the run's
/// invocation.
public enum SARIFReport {
  /// A rule for the log's `tool.driver.rules`: its id and what kind of rule it is.
  public struct Rule: Sendable {
    public var id: String
    /// "catalogue rule", "analysis finding" or "tool rule".
    public var kind: String

    public init(id: String, kind: String) {
      self.id = id
      self.kind = kind
    }
  }

  public static let schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

  public static func render(
    _ diagnostics: [Diagnostic], rules: [Rule], toolVersion: String, failures: [String] = []
  ) -> JSONTree {
    let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
    let results = diagnostics.map { d -> JSONTree in
      let level = switch d.severity {
      case .error: "error"
      case .warning: "warning"
      case .note: "note"
      }
      var location: JSONTree?
      if let place = d.location {
        let region: JSONTree? = place.line > 0
          ? .object(("startLine", .integer(place.line)), ("startColumn", .integer(max(1, place.column)))) : nil
        location = .object(
          ("physicalLocation", .object(
            ("artifactLocation", .object(("uri", .string(uri(place.file))), ("uriBaseId", .string("%SRCROOT%")))),
            ("region", region))))
      }
      return .object(
        ("ruleId", .string(d.rule)),
        ("ruleIndex", index[d.rule].map { .integer($0) }),
        ("level", .string(level)),
        ("message", .object(("text", .string(d.message)))),
        ("locations", location.map { .array([$0]) }))
    }
    let notifications = failures.map { reason in
      JSONTree.object(("level", .string("error")), ("message", .object(("text", .string("check failed: \(reason)")))))
    }
    let invocation: JSONTree = .object(
      ("executionSuccessful", .bool(failures.isEmpty)),
      ("toolExecutionNotifications", .array(notifications)))
    let driver: JSONTree = .object(
      ("name", .string("evidence-conflicts")),
      ("version", .string(toolVersion)),
      ("rules", .array(rules.map { rule in
        .object(("id", .string(rule.id)), ("shortDescription", .object(("text", .string("\(rule.kind): \(rule.id)")))))
      })))
    return .object(
      ("$schema", .string(schema)),
      ("version", .string("2.1.0")),
      // `results` stays even when empty: an empty list says the run found nothing.
      ("runs", .array([.object([
        .init("tool", .object(("driver", driver))),
        .init("invocations", .array([invocation])),
        .init("results", .array(results)),
      ])])))
  }

  /// A path as a relative URI reference: each segment percent-encoded.
  static func uri(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: ":?#[]@!$&'()*+,;=%")
    allowed.insert(charactersIn: "/")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
  }
}
