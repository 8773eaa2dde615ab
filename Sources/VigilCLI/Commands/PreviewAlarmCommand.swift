import ArgumentParser
import Foundation
import VigilSession
import VigilAlarms
import VigilCore
import VigilMetrics

/// `vigil preview-alarm ALARMS.json --data METRICS.json...`: replays describe-alarms output over
/// PutMetricData-shaped files and prints the state timeline or API-shaped JSON.
struct PreviewAlarmCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "preview-alarm",
    abstract: "Replay CloudWatch alarms over metric data, evaluating once a minute as CloudWatch does.",
    discussion: """
      ALARMS.json is `aws cloudwatch describe-alarms` output (MetricAlarms, CompositeAlarms); each METRICS.json is
      PutMetricData input ({"Namespace","MetricData":[...]}, or an array of them). Exit codes: 0 ok, 2 invalid input.
      """)

  @Argument(help: "describe-alarms output.") var alarms: String
  @Option(name: .customLong("data"), parsing: .upToNextOption, help: "PutMetricData JSON files.") var data: [String] = []
  @Option(help: "Start (ISO-8601 or epoch); default: the first datapoint.") var from: String?
  @Option(help: "End (ISO-8601 or epoch); default: the end of the last datapoint's period.") var until: String?
  @Option(help: "table or json.") var format: String = "table"

  func run() throws {
    do {
      print(try render(), terminator: "")
    } catch let error as Diagnostic {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      throw ExitCode.invalidInput
    } catch let error as AlarmPreviewError {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      throw ExitCode.invalidInput
    }
  }

  func read(_ path: String) throws -> String {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw AlarmPreviewError("cannot read \(path)") }
    return text
  }

  func render() throws -> String {
    guard format == "table" || format == "json" else { throw AlarmPreviewError("--format must be table or json, not \(format)") }
    let set = try DescribeAlarmsReader.read(try read(alarms), file: alarms)
    var store = MetricStore()
    for path in data { try PutMetricDataReader.read(try read(path), file: path, into: &store) }
    store.finishLoading()
    func time(_ text: String?, _ flag: String) throws -> EpochMillis? {
      guard let text else { return nil }
      guard let t = TimeFormat.parse(text) else {
        throw Diagnostic("\(flag) expects an ISO-8601 time or epoch seconds", in: text, offset: 0)
      }
      return t
    }
    let result = try AlarmPreview(alarms: set, store: store).run(from: try time(from, "--from"), until: try time(until, "--until"))
    return format == "json" ? PreviewReport.json(result, alarms: set).serialized() + "\n" : PreviewReport.table(result)
  }
}
