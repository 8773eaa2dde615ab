import ArgumentParser
import Foundation
import VigilAWS
import VigilAlarms
import VigilCore
import VigilSession

/// `vigil backtest SESSION --since 14d`: the session's alarms replayed over the account's history.
struct BacktestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backtest",
    abstract: "Replay the session's alarms over metrics pulled from the account: transitions, time in ALARM, notifications.",
    discussion: """
      Pulls (GetMetricData, within the API's limits) every metric the alarms read, at each alarm's statistic and \
      period, then evaluates every alarm and composite minute by minute as CloudWatch does — the same evaluator as \
      `preview alarm` and `vigil preview-alarm`. Answers "how many pages would this threshold have sent?". \
      --format json prints the preview's API-shaped JSON (history and notifications). --data FILE replays a \
      `vigil pull metrics` file instead, without calls, over the file's window. Exit codes: 0 ok, 2 invalid \
      input or a failed call, 130 interrupted.
      """)

  @Argument(help: "A session file (.vigil) or describe-alarms output (.json).") var source: String
  @Option(help: "How far back from --until, e.g. 14d.") var since: String = "14d"
  @Option(help: "End of the window (ISO-8601 or epoch seconds; default now).") var until: String?
  @Option(help: "table or json.") var format: String = "table"
  @Option(help: "Replay a file `vigil pull metrics` wrote instead of calling the account (its window is used).") var data: String?
  @OptionGroup var account: AWSAccountOptions

  func run() throws {
    guard let format = AlarmReplay.Format(rawValue: format) else {
      printError("error: --format must be table or json, not \(format)")
      throw ExitCode.invalidInput
    }
    // With --data nothing is called: one pull, replayed as often as thresholds are tried.
    let client = data == nil ? try account.client() : nil
    let text = try AccountRun.attempt(reporting: client) {
      let (alarms, _) = try AccountRun.alarms(source)
      // A pull just made goes through the same reading as a pulled file, so `--data` replays it exactly.
      let text: String, file: String
      if let data {
        guard let bytes = FileManager.default.contents(atPath: data) else { throw AWSError.invalidRequest("cannot read \(data)") }
        (text, file) = (String(decoding: bytes, as: UTF8.self), data)
      } else {
        let (from, end) = try AccountRun.window(since: since, until: until)
        let requests = MetricRequests.forAlarms(alarms)
        guard !requests.isEmpty, let client else { throw AWSError.invalidRequest("\(source) has no alarm that reads a metric") }
        let pull = MetricPull(requests: requests, from: from, until: end)
        for warning in pull.retentionWarnings(now: EpochMillis(Date().timeIntervalSince1970 * 1000)) { printError(warning) }
        (text, file) = (try pull.run(client).document.serialized(), "GetMetricData")
      }
      let (store, from, end) = try PulledMetrics.replayable(text, file: file, alarms: alarms)
      let replay = AlarmReplay(alarms: alarms, store: store)
      let result = try replay.run(from: from - from % 60_000, until: end - end % 60_000)
      return format == .table ? BacktestReport.render(result) : replay.render(result, format: .json)
    }
    print(text, terminator: "")
  }
}
