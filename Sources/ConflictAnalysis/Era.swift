import EvidenceModel

/// The period in which two sources were in force together: a relation between them held then.
///
/// A source is in force from its publication until its successor's publication or its
/// withdrawal (``Catalogue/status(of:on:)``); an unknown date leaves that end open. A relation
/// between two current sources is live; one involving a superseded or withdrawn edition is
/// historical, for the period the two overlapped.
public struct Era: Hashable, Encodable, Sendable {
  /// The first day both were in force, or `nil` when both were in force before any known date.
  public var from: PublicationDate?
  /// The day one of them stopped being in force (exclusive), or `nil` for still in force.
  public var until: PublicationDate?

  /// Whether both sources are still in force.
  public var isLive: Bool { until == nil }

  /// The period in words, such as `2013 – 2021-03-09` or `since 2021-07-13`.
  public var summary: String {
    switch (from, until) {
    case (nil, nil): "always"
    case (let f?, nil): "since \(f)"
    case (nil, let u?): "until \(u)"
    case (let f?, let u?): "\(f) – \(u)"
    }
  }

  /// The era of a relation between two sources, or `nil` when they were never in force together
  /// or are editions of one body (a change between editions is no conflict).
  static func between(_ a: Source, _ b: Source, in catalogue: Catalogue) -> Era? {
    let live = a.status == .current && b.status == .current
    if live { return Era(from: later(a.publicationDate, b.publicationDate), until: nil) }
    guard Set(a.bodies).isDisjoint(with: b.bodies) else { return nil }
    let (x, y) = (catalogue.inForce(a), catalogue.inForce(b))
    let from = later(x.from, y.from)
    let until = [x.until, y.until].compactMap { $0 }.min()
    // A historical relation ends when one side stopped being in force.
    guard let until else { return nil }
    if let from, until.firstDay <= from.firstDay { return nil }
    return Era(from: from, until: until)
  }

  private static func later(_ x: PublicationDate?, _ y: PublicationDate?) -> PublicationDate? {
    switch (x, y) {
    case let (x?, y?): max(x, y)
    case let (x?, nil): x
    case let (nil, y): y
    }
  }
}

extension Catalogue {
  /// When a source was in force: from its publication to its successor's publication or its
  /// withdrawal, whichever came first (`nil` ends are unknown or open).
  func inForce(_ source: Source) -> (from: PublicationDate?, until: PublicationDate?) {
    let successor = source.supersededBy.flatMap { self.source($0)?.publicationDate }
    let ends = [successor, source.withdrawn].compactMap { $0 }
    return (source.publicationDate, ends.min())
  }
}

// Open ends are written as `null`, with the period in words beside them.
extension Era {
  private enum CodingKeys: String, CodingKey { case from, until, summary }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(from, forKey: .from)
    try c.encode(until, forKey: .until)
    try c.encode(summary, forKey: .summary)
  }
}
