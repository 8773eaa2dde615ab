import VigilCore
import VigilLogs
import VigilModel

/// VIGIL-LMB-001: a filter pattern written for one Lambda log format on a function that logs in the other.
///
/// A function whose log format is JSON writes `platform.start`/`platform.report` records and JSON console lines
/// instead of `START`/`REPORT` lines and `timestamp<TAB>requestId<TAB>LEVEL<TAB>message` text
/// (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html). So:
/// - a space-delimited pattern on a JSON-format function splits JSON text at its spaces: never the fields it names;
/// - a term or regular-expression pattern is flagged when it matches one of Lambda's text-format lines below and none of
///   the same events in the JSON format (`REPORT` is flagged, `ERROR` is not: `"level":"ERROR"` still contains it);
/// - a JSON pattern on a text-format function matches nothing: no text-format event is a JSON object.
extension StackRules {
  /// One event as Lambda writes it in each format, and the JSON pattern that finds it in the JSON format.
  struct LambdaSampleEvent {
    var text: String
    var json: String?
    var jsonPattern: String?
  }

  /// Lambda's events in both formats (the record shapes of https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html).
  static let lambdaSampleEvents: [LambdaSampleEvent] = {
    let id = "8f5e5c8a-3b7e-4c55-9d4b-0e1f2a3b4c5d"
    let time = "2026-03-02T10:20:05.198Z"
    return [
      LambdaSampleEvent(
        text: "START RequestId: \(id) Version: $LATEST",
        json: #"{"time":"\#(time)","type":"platform.start","record":{"requestId":"\#(id)","version":"$LATEST"}}"#,
        jsonPattern: #"{ $.type = "platform.start" }"#),
      LambdaSampleEvent(
        text:
          "REPORT RequestId: \(id)\tDuration: 41.13 ms\tBilled Duration: 42 ms\tMemory Size: 512 MB\tMax Memory Used: 100 MB\tInit Duration: 312.87 ms\t",
        json:
          #"{"time":"\#(time)","type":"platform.report","record":{"requestId":"\#(id)","metrics":{"durationMs":41.13,"billedDurationMs":42,"memorySizeMB":512,"maxMemoryUsedMB":100,"initDurationMs":312.87},"status":"success"}}"#,
        jsonPattern: #"{ $.type = "platform.report" }"#),
      LambdaSampleEvent(text: "END RequestId: \(id)", json: nil, jsonPattern: nil),
      LambdaSampleEvent(
        text: "\(time)\t\(id)\tINFO\tauthorizing payment pay-493581 amount=87.07 USD",
        json: #"{"timestamp":"\#(time)","level":"INFO","requestId":"\#(id)","message":"authorizing payment pay-493581 amount=87.07 USD"}"#,
        jsonPattern: #"{ $.level = "INFO" }"#),
      LambdaSampleEvent(
        text: "\(time)\t\(id)\tERROR\tInvoke Error \t{\"errorType\":\"TimeoutError\",\"errorMessage\":\"issuer gateway timed out\"}",
        json:
          #"{"timestamp":"\#(time)","level":"ERROR","requestId":"\#(id)","message":"Invoke Error","errorType":"TimeoutError","errorMessage":"issuer gateway timed out"}"#,
        jsonPattern: #"{ $.level = "ERROR" }"#),
    ]
  }()

  mutating func checkLambdaLogFormats() {
    for filter in stack.metricFilters {
      guard let service = stack.service(filter.service), service.isLambda,
        let pattern = try? FilterPattern(filter.pattern)
      else { continue }
      let resource = "metric-filter \(filter.name)"
      let head = "metric filter \(filter.name) on \(service.name)"
      switch (service.logFormat, pattern.kind) {
      case (.json, .spaceDelimited), (.json, .terms), (.json, .regex):
        let matched = Self.lambdaSampleEvents.filter { pattern.matches($0.text) }
        if pattern.kind != .spaceDelimited {
          // Terms and regexes search the text: flagged only when they find a text-format event and no JSON one.
          guard !matched.isEmpty, !Self.lambdaSampleEvents.contains(where: { $0.json.map(pattern.matches) ?? false }) else {
            continue
          }
        }
        let kind = pattern.kind == .spaceDelimited ? "a space-delimited pattern" : "a text pattern"
        let instead = matched.compactMap(\.jsonPattern).first.map { "a JSON pattern such as \($0)" } ?? "a JSON pattern ({ $.field … })"
        addLogFormatFinding(
          resource, filter: filter, service: service,
          "\(head) uses \(kind) written for Lambda's text format, but \(service.name) logs in JSON (--log-format json), "
            + "where REPORT lines are platform.report records and console lines are JSON objects, so it matches nothing; "
            + "set --log-format text or write \(instead)",
          fix: FixCommand.service(service, logFormat: .text))
      case (.text, .json):
        addLogFormatFinding(
          resource, filter: filter, service: service,
          "\(head) uses a JSON pattern, but \(service.name) logs in Lambda's text format (the default), where every event "
            + "is a START/END/REPORT line or a timestamp<TAB>requestId<TAB>LEVEL<TAB>message line, never a JSON object, so it "
            + "matches nothing; set --log-format json or write a text pattern",
          fix: FixCommand.service(service, logFormat: .json))
      default:
        continue
      }
    }
  }

  /// The finding points at whichever came last, the filter or the function's format: that command made the mismatch
  /// (so the shell says it right after `service … --log-format json` as well as after `metric-filter …`).
  private mutating func addLogFormatFinding(
    _ resource: String, filter: VigilModel.MetricFilter, service: Service, _ message: String, fix: String
  ) {
    let filterLine = stack.origins[resource]
    let serviceLine = stack.origins["service \(service.name)"]
    let location = [filterLine, serviceLine].compactMap { $0 }.max { ($0.line, $0.column) < ($1.line, $1.column) }
    findings.append(PolicyFinding(rule: PolicyRules.lambdaLogFormat, resource: resource, location: location, message: message, fix: [fix]))
  }
}
