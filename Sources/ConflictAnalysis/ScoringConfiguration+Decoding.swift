import Foundation

/// Decoding that keeps defaults for absent keys and rejects unknown ones, so a misspelt weight in
/// an override file is an error instead of a silently ignored line.
extension ScoringConfiguration {
  public init(from decoder: any Decoder) throws {
    self.init()
    let c = try decoder.container(keyedBy: OverrideKey.self)
    try c.rejectUnknownKeys([
      "weights", "opposition", "bands", "certaintyLevels", "strengthLevels", "sourceQuality",
      "unverifiedQualityFactor", "recencyHorizonYears", "crossRestrictionFactor", "doStrength",
      "strongRecommendationStrength", "lowCertaintyBelow", "consensusCertaintyAtMost",
      "staleAfterYears", "magnitudeFloor",
    ])
    weights = try c.decodeIfPresent(Weights.self, forKey: "weights") ?? weights
    opposition = try c.decodeIfPresent(Opposition.self, forKey: "opposition") ?? opposition
    bands = try c.decodeIfPresent(Bands.self, forKey: "bands") ?? bands
    certaintyLevels = try c.decodeIfPresent([Double].self, forKey: "certaintyLevels") ?? certaintyLevels
    strengthLevels = try c.decodeIfPresent([Double].self, forKey: "strengthLevels") ?? strengthLevels
    if let overrides = try c.decodeIfPresent([String: Double].self, forKey: "sourceQuality") {
      sourceQuality.merge(overrides) { _, new in new }
    }
    unverifiedQualityFactor = try c.value("unverifiedQualityFactor", unverifiedQualityFactor)
    recencyHorizonYears = try c.value("recencyHorizonYears", recencyHorizonYears)
    crossRestrictionFactor = try c.value("crossRestrictionFactor", crossRestrictionFactor)
    doStrength = try c.value("doStrength", doStrength)
    strongRecommendationStrength = try c.value(
      "strongRecommendationStrength", strongRecommendationStrength)
    lowCertaintyBelow = try c.value("lowCertaintyBelow", lowCertaintyBelow)
    consensusCertaintyAtMost = try c.value("consensusCertaintyAtMost", consensusCertaintyAtMost)
    staleAfterYears = try c.decodeIfPresent(Int.self, forKey: "staleAfterYears") ?? staleAfterYears
    magnitudeFloor = try c.value("magnitudeFloor", magnitudeFloor)
  }
}

extension ScoringConfiguration.Weights {
  public init(from decoder: any Decoder) throws {
    self.init()
    let c = try decoder.container(keyedBy: OverrideKey.self)
    try c.rejectUnknownKeys(["strength", "certainty", "sourceQuality", "recency"])
    strength = try c.value("strength", strength)
    certainty = try c.value("certainty", certainty)
    sourceQuality = try c.value("sourceQuality", sourceQuality)
    recency = try c.value("recency", recency)
  }
}

extension ScoringConfiguration.Opposition {
  public init(from decoder: any Decoder) throws {
    self.init()
    let c = try decoder.container(keyedBy: OverrideKey.self)
    try c.rejectUnknownKeys([
      "strongContradiction", "contradiction", "evidenceInterpretation", "conditionalVersusStrong",
      "sizeableTarget", "sameDirection",
    ])
    strongContradiction = try c.value("strongContradiction", strongContradiction)
    contradiction = try c.value("contradiction", contradiction)
    evidenceInterpretation = try c.value("evidenceInterpretation", evidenceInterpretation)
    conditionalVersusStrong = try c.value("conditionalVersusStrong", conditionalVersusStrong)
    sizeableTarget = try c.value("sizeableTarget", sizeableTarget)
    sameDirection = try c.value("sameDirection", sameDirection)
  }
}

extension ScoringConfiguration.Bands {
  public init(from decoder: any Decoder) throws {
    self.init()
    let c = try decoder.container(keyedBy: OverrideKey.self)
    try c.rejectUnknownKeys(["major", "moderate", "minor"])
    major = try c.value("major", major)
    moderate = try c.value("moderate", moderate)
    minor = try c.value("minor", minor)
  }
}

/// A coding key for any string, so that unknown keys can be listed.
struct OverrideKey: CodingKey, ExpressibleByStringLiteral {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
  init(stringLiteral value: String) { stringValue = value }
}

extension KeyedDecodingContainer where Key == OverrideKey {
  func rejectUnknownKeys(_ allowed: [String]) throws {
    for key in allKeys where !allowed.contains(key.stringValue) {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self,
        debugDescription: "unknown key '\(key.stringValue)'; expected one of: "
          + allowed.joined(separator: ", "))
    }
  }

  func value(_ key: String, _ fallback: Double) throws -> Double {
    try decodeIfPresent(Double.self, forKey: OverrideKey(stringValue: key)) ?? fallback
  }
}
