import ArgumentParser
import Foundation
import VigilAWS
import VigilCore
import VigilImport

/// `vigil import --from-account [--prefix P] [--save-alarms FILE]`: the session form of `vigil pull alarms`.
///
/// DescribeAlarms goes through VigilAWS (`AlarmPull`, the same pull as `vigil pull alarms`), and the pulled
/// describe-alarms output goes to the one describe-alarms importer of `VigilImport` (`vigil import FILE --format
/// describe-alarms`) through `StackImporter.run`; there is no second importer here. With `--save-alarms FILE` the
/// pulled output is kept and is the import's source name, so the session equals `vigil import FILE`'s.
enum AccountImport {
  /// The importer's format, when this build has it (`nil` until the describe-alarms importer is merged).
  static var describeAlarmsFormat: ImportFormat? { ImportFormat(rawValue: "describe-alarms") }

  /// Pulls the account's alarms and imports them; exits 2 with the reason on any failure (130 when interrupted).
  static func pull(files: [String], format: String?, prefix: String?, saveAlarms: String?, account: AWSAccountOptions) throws -> StackImport {
    func refuse(_ message: String) -> ExitCode {
      printError("vigil import: \(message)")
      return ExitCode.invalidInput
    }
    guard files.isEmpty else { throw refuse("--from-account reads the account's alarms; give no files with it (got \(files.joined(separator: " ")))") }
    guard format == nil || format == "describe-alarms" else { throw refuse("--from-account imports describe-alarms output, not --format \(format ?? "")") }
    let importable = describeAlarmsFormat
    // Without the importer and without a file to keep them in, a pull would be thrown away: refuse before calling.
    if importable == nil, saveAlarms == nil {
      throw refuse(
        "--from-account is not available yet: this build has no describe-alarms importer; `vigil pull alarms --out FILE` (or --save-alarms FILE here) keeps the account's alarms for later"
      )
    }
    let client = try account.client()
    let text = try AccountRun.attempt(reporting: client) {
      let text = try AlarmPull(prefix: prefix).run(client).serialized() + "\n"
      if let saveAlarms { try AccountRun.write(text, to: saveAlarms) }
      return text
    }
    guard let importable else {
      throw refuse(
        "--from-account is not available yet: this build has no describe-alarms importer; the pulled alarms are in \(saveAlarms ?? "")")
    }
    do {
      return try StackImporter.run([ImportSource(path: saveAlarms ?? "describe-alarms", text: text)], format: importable)
    } catch {
      printError(error.description)
      throw ExitCode.invalidInput
    }
  }
}
