// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "evidence-conflicts",
  products: [
    .executable(name: "evidence-conflicts", targets: ["evidence-conflicts"]),
    .library(name: "EvidenceModel", targets: ["EvidenceModel"]),
    .library(name: "EvidenceCatalogue", targets: ["EvidenceCatalogue"]),
    .library(name: "EvidenceStore", targets: ["EvidenceStore"]),
    .library(name: "ConflictAnalysis", targets: ["ConflictAnalysis"]),
    .library(name: "EvidenceReports", targets: ["EvidenceReports"]),
    .library(name: "EvidenceWorkflows", targets: ["EvidenceWorkflows"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .target(name: "EvidenceModel"),
    .target(
      name: "EvidenceCatalogue",
      dependencies: ["EvidenceModel", .product(name: "Yams", package: "Yams")]),
    .target(
      name: "EvidenceStore",
      dependencies: ["EvidenceModel", .product(name: "GRDB", package: "GRDB.swift")]),
    .target(name: "ConflictAnalysis", dependencies: ["EvidenceModel"]),
    .target(name: "SyntheticCatalogue", dependencies: ["EvidenceModel"]),
    .systemLibrary(
      name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
    .target(
      name: "EvidenceReports", dependencies: ["EvidenceModel", "ConflictAnalysis", "CXlsxWriter"]),
    // The application layer: every run of the tool (import, check, report), the output
    // staging and the check's file formats, callable and testable from Swift.
    .target(
      name: "EvidenceWorkflows",
      dependencies: ["EvidenceModel", "EvidenceCatalogue", "EvidenceStore", "ConflictAnalysis", "EvidenceReports"]),
    .executableTarget(
      name: "evidence-conflicts",
      dependencies: [
        "EvidenceModel", "EvidenceCatalogue", "EvidenceStore", "ConflictAnalysis",
        "EvidenceReports", "EvidenceWorkflows", "SyntheticCatalogue",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // On Linux the tool allocates through jemalloc instead of glibc's malloc: after an
      // analysis has built and freed a large heap, glibc's malloc searched its bins on every
      // allocation of the XLSX writer (libxlsxwriter allocates per cell), which made the XLSX
      // phase take half as long again as the C yardstick. See the README's "Scale and benchmarks".
      linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]),
    .target(
      name: "EvidenceTestSupport", dependencies: ["EvidenceModel"],
      path: "Tests/EvidenceTestSupport"),
    .testTarget(name: "EvidenceModelTests", dependencies: ["EvidenceModel", "EvidenceTestSupport"]),
    .testTarget(
      name: "EvidenceCatalogueTests",
      dependencies: ["EvidenceCatalogue", "EvidenceTestSupport"]),
    .testTarget(
      name: "EvidenceStoreTests",
      dependencies: ["EvidenceStore", "EvidenceCatalogue", "EvidenceTestSupport"]),
    .testTarget(
      name: "ConflictAnalysisTests",
      dependencies: ["ConflictAnalysis", "EvidenceCatalogue", "EvidenceTestSupport"]),
    .testTarget(
      name: "EvidenceReportsTests",
      dependencies: ["EvidenceReports", "ConflictAnalysis", "EvidenceCatalogue", "EvidenceTestSupport"]),
    .testTarget(
      name: "EvidenceWorkflowsTests",
      dependencies: ["EvidenceWorkflows", "EvidenceStore", "EvidenceCatalogue", "EvidenceTestSupport"]),
    .testTarget(
      name: "EvidenceConflictsCLITests",
      dependencies: ["evidence-conflicts", "EvidenceStore", "EvidenceTestSupport"]),
  ]
)
