import Foundation

/// Identifiers that let a reader find a publication: DOI, PubMed id, PubMed Central id, URL and
/// trial registrations. Only identifiers seen in a source are recorded; none is ever guessed.
public struct Identifiers: Hashable, Codable, Sendable {
  public var doi: String?
  public var pmid: String?
  public var pmcid: String?
  public var url: String?
  /// Trial registry numbers such as `NCT00232466` or `ACTRN012605000079640`.
  public var registrations: [String]

  public init(
    doi: String? = nil, pmid: String? = nil, pmcid: String? = nil, url: String? = nil,
    registrations: [String] = []
  ) {
    self.doi = doi
    self.pmid = pmid
    self.pmcid = pmcid
    self.url = url
    self.registrations = registrations
  }

  /// Whether no identifier is recorded.
  public var isEmpty: Bool {
    doi == nil && pmid == nil && pmcid == nil && url == nil && registrations.isEmpty
  }

  /// A link for the first identifier that has one (DOI, then PMID, PMCID, URL); identifiers are
  /// percent-encoded, so a `#` or `?` in a DOI stays part of it.
  public var preferredLink: String? {
    func encoded(_ text: String) -> String {
      var allowed = CharacterSet.urlPathAllowed
      allowed.remove(charactersIn: ";")
      return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
    if let doi { return "https://doi.org/" + encoded(doi) }
    if let pmid { return "https://pubmed.ncbi.nlm.nih.gov/" + encoded(pmid) + "/" }
    if let pmcid { return "https://www.ncbi.nlm.nih.gov/pmc/articles/" + encoded(pmcid) + "/" }
    return url
  }
}

/// Where a fact comes from: a citation in words, identifiers where known, and a note on how the
/// fact was derived (for example "nearest source; no society states this").
public struct Provenance: Hashable, Codable, Sendable {
  public var citation: String
  public var identifiers: Identifiers
  public var note: String?

  public init(citation: String, identifiers: Identifiers = Identifiers(), note: String? = nil) {
    self.citation = citation
    self.identifiers = identifiers
    self.note = note
  }
}

/// Whether a fact was confirmed in a source, and if not, what is unconfirmed.
///
/// Unverified facts stay in the catalogue (they are often the best available) but every report
/// shows them as unverified.
public struct Verification: Hashable, Codable, Sendable {
  public var isUnverified: Bool
  /// What is unconfirmed, such as "exact grade not seen in the guideline".
  public var note: String?

  public init(isUnverified: Bool = false, note: String? = nil) {
    self.isUnverified = isUnverified
    self.note = note
  }

  public static let verified = Verification()
}
