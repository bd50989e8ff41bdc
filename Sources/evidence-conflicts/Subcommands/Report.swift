import ArgumentParser
import ConflictAnalysis
import EvidenceModel
import EvidenceReports
import Foundation

/// `report [PATH] --out DIR`: writes the text, JSON, XLSX and HTML reports of one analysis.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the conflict report as text, JSON, XLSX and HTML.",
    discussion: """
      Writes conflict-report.txt, conflict-report.json, conflict-report.xlsx and \
      conflict-report.html (or those chosen with --format) into DIR, creating DIR if needed. \
      Every report renders the same analysis. Each file is written to a temporary file in DIR \
      and renamed into place only when all of them are written, so an interrupted or failed run \
      leaves the earlier reports as they were. Exit status: 0 success; 1 when the catalogue has \
      errors or a report cannot be written; 64 for a usage error.
      """)

  enum Format: String, CaseIterable {
    case text, json, xlsx, html

    var fileName: String {
      switch self {
      case .text: "conflict-report.txt"
      case .json: "conflict-report.json"
      case .xlsx: "conflict-report.xlsx"
      case .html: "conflict-report.html"
      }
    }
  }

  @OptionGroup var analysis: AnalysisArguments

  @Option(help: "The directory to write the reports into.")
  var out: String

  @Option(help: "Only this topic (an id); all topics when omitted.")
  var topic: String?

  @Option(
    name: .customLong("format"),
    help: "The reports to write, separated by commas: text, json, xlsx, html.")
  var formatList = "text,json,xlsx,html"

  var formats: [Format] {
    let names = Set(formatList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    return Format.allCases.filter { names.contains($0.rawValue) }
  }

  func validate() throws {
    let names = formatList.split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    for name in names where Format(rawValue: name) == nil {
      throw ValidationError("--format '\(name)' is not a report; choose from text, json, xlsx, html, separated by commas")
    }
    if out.isEmpty { throw ValidationError("--out must name a directory") }
  }

  func run() throws {
    let load = try analysis.loadCatalogue()
    let options = try analysis.options(for: load.catalogue, topic: topic)
    let result = Analysis(load.catalogue, options: options)
    let report = ConflictReport(
      catalogue: load.catalogue, catalogueName: analysis.path, analysis: result,
      catalogueDiagnostics: load.diagnostics, toolVersion: toolVersion)
    DiagnosticPrinter.print(result.findings.filter { $0.severity >= .warning })
    do {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    } catch {
      writeError("\(out): error: [report-output] cannot create the directory: \(error.localizedDescription)")
      throw ExitCode.failure
    }
    removeAbandonedFiles()
    var staged: [StagedFile] = []
    defer { for file in staged { unlink(file.temporary) } }
    do {
      for format in formats {
        let file = StagedFile(directory: out, name: format.fileName)
        staged.append(file)
        switch format {
        case .text: try write(TextReport.render(report), to: file.temporary)
        case .json: try write(jsonText(ReportDocument(report)), to: file.temporary)
        case .html: try write(HTMLReport.render(report), to: file.temporary)
        case .xlsx:
          let cut = try XlsxReport.write(report, to: file.temporary)
          DiagnosticPrinter.print(cut.map { finding in
            var finding = finding
            finding.message = "\(file.final): " + finding.message
            return finding
          })
        }
      }
      try install(staged)
    } catch let error as ReportError {
      writeError("\(error.path): error: [report-output] cannot write the report: \(error.reason)")
      throw ExitCode.failure
    } catch {
      writeError("\(out): error: [report-output] cannot write the reports: \(error.localizedDescription)")
      throw ExitCode.failure
    }
    for file in staged { writeOutput("wrote \(file.final)\n") }
  }

  /// A report written to a hidden temporary file next to its final name.
  struct StagedFile {
    static let marker = ".tmp-"
    var temporary: String
    var backup: String
    var final: String

    init(directory: String, name: String) {
      final = (directory as NSString).appendingPathComponent(name)
      temporary = (directory as NSString).appendingPathComponent(".\(name)\(Self.marker)\(getpid())")
      backup = (directory as NSString).appendingPathComponent(".\(name).previous\(Self.marker)\(getpid())")
    }
  }

  /// Renames the staged files into place, all or none: existing reports are first moved aside,
  /// and put back if any rename fails.
  private func install(_ staged: [StagedFile]) throws {
    for file in staged {
      var status = stat()
      if lstat(file.final, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
        throw ReportError(path: file.final, reason: "it exists and is not a regular file; move it away")
      }
    }
    var movedAside: [StagedFile] = []
    var installed: [StagedFile] = []
    func rollBack() {
      for file in installed { unlink(file.final) }
      for file in movedAside { rename(file.backup, file.final) }
    }
    for file in staged where access(file.final, F_OK) == 0 {
      guard rename(file.final, file.backup) == 0 else {
        let reason = String(cString: strerror(errno))
        rollBack()
        throw ReportError(path: file.final, reason: reason)
      }
      movedAside.append(file)
    }
    for file in staged {
      guard rename(file.temporary, file.final) == 0 else {
        let reason = String(cString: strerror(errno))
        rollBack()
        throw ReportError(path: file.final, reason: reason)
      }
      installed.append(file)
    }
    for file in movedAside { unlink(file.backup) }
  }

  /// Removes temporary and set-aside reports left in the output directory by runs that were
  /// killed (their process no longer exists); a previous report set aside by a killed run is put
  /// back if its place is empty.
  private func removeAbandonedFiles() {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: out) else { return }
    for name in names.sorted() where name.hasPrefix(".conflict-report.") {
      guard let range = name.range(of: StagedFile.marker, options: .backwards),
        let pid = pid_t(name[range.upperBound...]), pid > 0, kill(pid, 0) != 0, errno == ESRCH
      else { continue }
      let path = (out as NSString).appendingPathComponent(name)
      let stem = String(name[name.index(after: name.startIndex)..<range.lowerBound])
      if stem.hasSuffix(".previous") {
        let final = (out as NSString).appendingPathComponent(String(stem.dropLast(".previous".count)))
        if access(final, F_OK) != 0 { rename(path, final) } else { unlink(path) }
      } else {
        unlink(path)
      }
    }
  }

  private struct ReportError: Error {
    var path: String
    var reason: String
  }

  private func write(_ text: String, to path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
      throw ReportError(path: path, reason: String(cString: strerror(errno)))
    }
  }
}
