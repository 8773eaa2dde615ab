import ArgumentParser
import Foundation
import VigilSession
import VigilAlarms
import VigilCore
import VigilMetrics
import VigilImport

/// `vigil preview-alarm ALARMS.json --data METRICS.json...`: replays describe-alarms output over
/// PutMetricData-shaped files and prints the state timeline or API-shaped JSON.
struct PreviewAlarmCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "preview-alarm",
    abstract: "Replay CloudWatch alarms over metric data, evaluating once a minute as CloudWatch does.",
    discussion: """
      ALARMS.json is `aws cloudwatch describe-alarms` output (MetricAlarms, CompositeAlarms); each METRICS.json is
      PutMetricData input ({"Namespace","MetricData":[...]}, or an array of them), `aws cloudwatch get-metric-data`
      output (with its MetricDataQueries, or Labels such as `AWS/Lambda Duration{FunctionName=f} p99 60s`; `vigil
      metrics --format json` writes them so), or get-metric-statistics output with its request's Namespace, Period and
      Dimensions. GetMetricData datapoints answer only their own statistic and period. Exit codes: 0 ok, 2 invalid input.
      """)

  @Argument(help: "describe-alarms output.") var alarms: String
  @Option(name: .customLong("data"), parsing: .upToNextOption, help: "Metric data files (PutMetricData, get-metric-data, get-metric-statistics).") var data: [String] = []
  @Option(help: "Start (ISO-8601 or epoch); default: the first datapoint.") var from: String?
  @Option(help: "End (ISO-8601 or epoch); default: the end of the last datapoint's period.") var until: String?
  @Option(help: "table or json.") var format: String = "table"

  func run() throws {
    do {
      printOutput(try render(), terminator: "")
    } catch let error as Diagnostic {
      printError(error.description)
      throw ExitCode.invalidInput
    } catch let error as AlarmPreviewError {
      CommandLineErrors.report(error.message)
      throw ExitCode.invalidInput
    }
  }

  func render() throws -> String {
    guard let format = AlarmReplay.Format(rawValue: format) else {
      throw AlarmPreviewError("--format must be table or json, not \(format)")
    }
    let replay: AlarmReplay
    // A CloudFormation template's or Terraform file's alarms are imported in memory; describe-alarms output is read as it is.
    if TemplateImport.importsAlarms(alarms) {
      let (interpreter, _) = try SessionLoading.replay(alarms)
      replay = try AlarmReplay(stack: interpreter.stack, metricDataFiles: data)
    } else {
      replay = try AlarmReplay(describeAlarmsFile: alarms, metricDataFiles: data)
    }
    func time(_ text: String?, _ flag: String) throws -> EpochMillis? {
      guard let text else { return nil }
      guard let t = TimeFormat.parse(text) else {
        let (offset, reason) = TimeFormat.rejection(of: text) ?? (0, "not a time")
        throw Diagnostic("\(flag) expects an ISO-8601 time or epoch seconds: \(reason)", in: text, offset: offset)
      }
      return t
    }
    return replay.render(try replay.run(from: try time(from, "--from"), until: try time(until, "--until")), format: format)
  }
}
