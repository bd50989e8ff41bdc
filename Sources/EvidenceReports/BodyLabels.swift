import EvidenceModel

/// How reports name issuing bodies: by abbreviation, or by full name where two bodies of the
/// catalogue share an abbreviation (ACR is both the American College of Radiology and the
/// American College of Rheumatology), so that a reader never takes one body for another.
public struct BodyLabels: Sendable {
  private let labels: [String: String]

  public init(_ catalogue: Catalogue) {
    var count: [String: Int] = [:]
    for body in catalogue.bodies { count[body.abbreviation, default: 0] += 1 }
    var labels: [String: String] = [:]
    for body in catalogue.bodies where labels[body.id] == nil {
      labels[body.id] = count[body.abbreviation, default: 0] > 1 ? body.name : body.abbreviation
    }
    self.labels = labels
  }

  /// A body's label; its id when the catalogue does not define it.
  public func label(_ id: String) -> String { labels[id] ?? id }

  /// The bodies of a joint statement, `SIR/AANS/CNS`; `fallback` when there are none.
  public func joined(_ ids: [String], fallback: String = "") -> String {
    ids.isEmpty ? fallback : ids.map(label).joined(separator: "/")
  }
}
