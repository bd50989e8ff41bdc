import ConflictAnalysis

extension FHIRExport {
  /// The tool's own code systems, each a `CodeSystem` resource in the bundle so that every code
  /// it uses is defined where it is used.
  enum ToolCodes: String, CaseIterable {
    case relationType = "relation-type"
    case severity
    case pathwayPosition = "pathway-position"

    var title: String {
      switch self {
      case .relationType: "Relation types between two recommendations"
      case .severity: "Severity bands of a relation"
      case .pathwayPosition: "Positions of a resolved pathway line"
      }
    }

    var concepts: [(code: String, definition: String)] {
      switch self {
      case .relationType: ConflictType.allCases.map { ($0.rawValue, $0.meaning) }
      case .severity:
        [
          ("none", "agreement, or a difference that does not change management"),
          ("minor", "the same direction with a different strength, interval or a small window edge"),
          ("moderate", "a directional statement against a conditional or insufficient-evidence one, or a threshold or target difference that changes management for a sizeable subgroup"),
          ("major", "for versus against in an overlapping segment with at least one strong, graded statement"),
        ]
      case .pathwayPosition:
        PathwayPosition.allCases.map { position in
          let meaning = switch position {
          case .do: "do: the winning position is for, and strong"
          case .consider: "consider: the winning position is for, not strong"
          case .contested: "contested: positions that point different ways collide; a committee must decide"
          case .insufficientEvidence: "the evidence is found insufficient to recommend either way"
          case .doNot: "do not: the winning position is against"
          }
          return (position.rawValue, meaning)
        }
      }
    }
  }

  func system(_ codes: ToolCodes) -> String { "\(baseURL)/CodeSystem/\(codes.rawValue)" }

  func code(_ codes: ToolCodes, _ value: String) -> JSONTree {
    Self.concept([Self.coding(system(codes), value)])
  }

  func codeSystems() -> [Resource] {
    ToolCodes.allCases.map { codes in
      let key = Key(type: "CodeSystem", id: codes.rawValue)
      var fields = header(key, profile: nil, kind: "code-system", value: codes.rawValue)
      fields += [
        .init("url", .string(system(codes))),
        .init("title", .string(codes.title)),
        .init("status", .string("active")),
        .init("caseSensitive", .bool(true)),
        .init("content", .string("complete")),
        .init("concept", .array(codes.concepts.map { .object(("code", .string($0.code)), ("display", .string($0.code)), ("definition", .string($0.definition))) })),
      ]
      return (key, .object(fields))
    }
  }
}
