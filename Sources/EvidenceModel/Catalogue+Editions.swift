/// Editions in time: which sources were published, in force, superseded or withdrawn on a date.
extension Catalogue {
  /// A source's standing on a date, or `nil` when it was not yet published then.
  ///
  /// A source is in force from its publication date until its successor (``Source/supersededBy``)
  /// is published or it is withdrawn; dates known only to the year or month count from their
  /// first day (see ``PublicationDate``). A source whose year is not known counts as published
  /// before any date.
  public func status(of source: Source, on date: CalendarDate) -> Source.Status? {
    if let published = source.publicationDate, date < published.firstDay { return nil }
    if let withdrawn = source.withdrawn, withdrawn.firstDay <= date { return .withdrawn }
    if let id = source.supersededBy, let successor = self.source(id),
      successor.publicationDate.map({ $0.firstDay <= date }) ?? true
    {
      return .superseded
    }
    return .current
  }

  /// The committee decisions taken by a date, in file order: those of ``asOf(_:)``, without
  /// making the catalogue of that date.
  public func decisions(asOf date: CalendarDate) -> [Decision] {
    decisions.filter { $0.date <= date }
  }

  /// The catalogue as it stood on a date: sources published after it (and their
  /// recommendations) left out, and every other source's ``Source/status`` set to its standing
  /// on that date, so that an edition superseded later is current.
  ///
  /// Returns the catalogue itself when nothing differs (the usual case: the date is at or after
  /// every publication, supersession and withdrawal), so that no copy is made.
  public func asOf(_ date: CalendarDate) -> Catalogue {
    // The standing of every source published by the date; a source missing here is left out.
    var standing: [String: Source.Status] = [:]
    for source in sources where standing[source.id] == nil {
      if let status = status(of: source, on: date) { standing[source.id] = status }
    }
    // Decisions taken after the date had not been taken on it.
    guard sources.contains(where: { standing[$0.id] != $0.status }) || decisions.contains(where: { $0.date > date })
    else { return self }
    let files = self.files.map { file -> CatalogueFile in
      var file = file
      file.sources = file.sources.compactMap { source in
        var source = source
        guard let status = standing[source.id] else { return nil }
        source.status = status
        return source
      }
      file.recommendations = file.recommendations.filter { standing[$0.source] != nil }
      file.decisions = file.decisions.filter { $0.date <= date }
      return file
    }
    return Catalogue(files: files)
  }
}
