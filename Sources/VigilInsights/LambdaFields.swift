import VigilLogSource

/// The fields Logs Insights discovers in Lambda lines
/// ([discovered fields](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html)):
/// platform lines (`START`, `END`, `REPORT RequestId: ...`, parsed by VigilLogSource's `LambdaPlatformLine`, so a
/// leading timestamp is allowed) and the request id of application lines in the Lambda text format
/// (`timestamp<TAB>requestId<TAB>LEVEL<TAB>message`). A function whose log format is JSON writes the same facts as
/// JSON records (`platform.start`, `platform.report` with `record.metrics`) and application lines with a
/// `requestId` member: they give the same fields, `@type` being the record's `type`. Memory sizes are in bytes:
/// Insights queries divide `@maxMemoryUsed` by 1000 twice to get MB.
struct LambdaFields {
  var type: InsightsValue = .null
  var requestId: InsightsValue = .null
  var duration: InsightsValue = .null
  var billedDuration: InsightsValue = .null
  var memorySize: InsightsValue = .null
  var maxMemoryUsed: InsightsValue = .null
  var initDuration: InsightsValue = .null

  /// `lambdaLogGroup`: the event is in a Lambda function's log group (`/aws/lambda/…`), the only place a JSON line's
  /// `requestId` is Lambda's (an ECS service's JSON lines often have one too, and Insights gives them no `@requestId`).
  init(message b: UnsafeBufferPointer<UInt8>, lambdaLogGroup: Bool) {
    if let line = LambdaPlatformLine.parse(bytes: b) {
      func number(_ d: Double?, scale: Double = 1) -> InsightsValue { d.map { .number($0 * scale) } ?? .null }
      type = .string(line.type)
      requestId = .string(line.requestId)
      duration = number(line.duration)
      billedDuration = number(line.billedDuration)
      memorySize = number(line.memorySize, scale: 1_000_000)
      maxMemoryUsed = number(line.maxMemoryUsed, scale: 1_000_000)
      initDuration = number(line.initDuration)
      return
    }
    if lambdaLogGroup, let id = LambdaPlatformLine.applicationRequestId(b) {
      requestId = .string(id)
      return
    }
    guard b.contains(0x09) else { return }
    let parts = String(decoding: b, as: UTF8.self).split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
    if parts.count >= 3, parts[1].count == 36, parts[1].filter({ $0 == "-" }).count == 4 {
      requestId = .string(String(parts[1]))
    }
  }
}
