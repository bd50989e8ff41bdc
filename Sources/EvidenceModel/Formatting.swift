/// A number with two decimals (`0.75`, `-1.00`), independent of the locale.
public func fixed(_ value: Double) -> String {
  let hundredths = Int((value * 100).rounded())
  let sign = hundredths < 0 ? "-" : ""
  let magnitude = abs(hundredths)
  let fraction = magnitude % 100
  return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// A normalised strength with two decimals, or `unknown` for an ungraded statement.
public func fixed(_ value: Double?) -> String { value.map { fixed($0) } ?? "unknown" }
