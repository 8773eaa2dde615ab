import Foundation
import Testing
import VigilCore
@testable import VigilModel
import VigilTestSupport

/// Issue 12 item 10: replaying a session must be linear in its size. Each command used to scan the lists
/// (upsert, the service an alarm's metric filter belongs to, the 100-filters-per-log-group check, the names
/// for every reference) and copy what it changed, so 10,000 commands took 17 s and 40,000 over 600 s.
@Suite struct StackReplayScaleTests {
  /// A `stack` command and `services` blocks of 20 commands: a service and its log group, 8 metric filters and
  /// their alarms (each alarm's service inferred from its filter), a topic and a composite notifying it.
  static func session(services: Int) -> String {
    var lines = ["stack big --suffix dev --region us-east-1"]
    for i in 0..<services {
      lines.append("service s\(i) --lambda --runtime nodejs20.x --memory 256 --timeout 10")
      lines.append("logs s\(i) --retention 30")
      for j in 0..<8 {
        lines.append(
          "metric-filter s\(i)-f\(j) on s\(i) --pattern '{ $.level = \"ERROR\" }' --namespace Big/s\(i) --metric E\(j) --value 1 --default 0 --unit Count"
        )
        lines.append("alarm s\(i)-a\(j) --metric Big/s\(i)/E\(j) --stat Sum --period 1m --when '>= 10' --datapoints 2/3 --missing notBreaching")
      }
      lines.append("topic s\(i)-t --email ops@example.com")
      lines.append("composite s\(i)-c --rule 'ALARM(s\(i)-a0) OR ALARM(s\(i)-a1)' --notify s\(i)-t")
    }
    return lines.joined(separator: "\n")
  }

  /// 20,001 commands against 5,001: four times the commands must cost about four times as much, not sixteen (the
  /// quadratic replay this replaced). A ratio, not a wall-clock bound, so a busy machine cannot fail it; the best of
  /// three runs of each size keeps a stall (other suites run in parallel) in either from deciding the ratio.
  @Test func twentyThousandCommandsBuildInLinearTime() throws {
    let clock = ContinuousClock()
    let small = Self.session(services: 250)
    var smallest = Duration.seconds(3600)
    for _ in 0..<3 { smallest = min(smallest, try clock.measure { _ = try SessionStack.build(small) }) }
    let text = Self.session(services: 1000)
    var stack = Stack()
    var elapsed = Duration.seconds(3600)
    for _ in 0..<3 { elapsed = min(elapsed, try clock.measure { stack = try SessionStack.build(text) }) }
    #expect(elapsed < smallest * 8, "20,001 commands took \(elapsed), 5,001 took \(smallest)")
    #expect(stack.services.count == 1000)
    #expect(stack.logGroups.count == 1000)
    #expect(stack.metricFilters.count == 8000)
    #expect(stack.alarms.count == 8000)
    #expect(stack.topics.count == 1000)
    #expect(stack.composites.count == 1000)
    #expect(stack.origins.count == 20_001)
    // The service comes from the metric filter that publishes the alarm's metric.
    #expect(stack.alarm("s999-a7")?.service == "s999")
    #expect(stack.alarm("s0-a0")?.service == "s0")
  }

  /// Moving a filter to another log group or metric keeps the per-log-group count and the metric → service map right.
  @Test func redefiningAFilterMovesItsCountAndMetric() throws {
    var builder = StackBuilder()
    try SessionStack.apply(
      """
      stack shop --suffix dev
      service a --lambda
      service b --lambda
      metric-filter f on a --pattern ERROR --namespace Shop --metric Errors
      metric-filter f on b --pattern ERROR --namespace Shop --metric Faults
      alarm errors --metric Shop/Errors --when '> 1'
      alarm faults --metric Shop/Faults --when '> 1'
      """, to: &builder)
    #expect(builder.stack.alarm("errors")?.service == nil)
    #expect(builder.stack.alarm("faults")?.service == "b")
    #expect(builder.stack.metricFilterCount(on: "a", excluding: "x") == 0)
    #expect(builder.stack.metricFilterCount(on: "b", excluding: "x") == 1)
    #expect(builder.stack.metricFilterCount(on: "b", excluding: "f") == 0)
  }

  /// A command refused by the name-collision check after it changed the stack in place is undone, and the
  /// lookups that follow still see the stack as it was.
  @Test func aCommandRefusedAfterItsChangeIsRolledBack() throws {
    let text = """
      stack shop --suffix dev
      service oncall --lambda
      topic oncall --email a@example.com
      topic oncall --email b@example.com --dlq
      topic other --email c@example.com
      """
    // One file, so the clash is reported at the refused line (as `vigil run` sees it).
    let parser = CommandParser(specs: StackCommands.specs)
    let commands = try CommandLexer.split(text, file: "test.vigil").map { item throws(Diagnostic) in try parser.parse(try item.get()) }
    var builder = StackBuilder()
    for command in commands.prefix(3) { _ = try builder.apply(command) }
    let before = builder.stack
    #expect(throws: Diagnostic.self) { try builder.apply(commands[3]) }
    #expect(builder.stack == before)
    #expect(builder.stack.topic("oncall")?.deadLetterQueue == false)
    #expect(builder.stack.origin("topic", "oncall")?.line == 3)
    let message = try builder.apply(commands[4])
    #expect(message == "defined topic other (1 e-mail, 0 webhook subscription(s))")
    #expect(builder.stack.topics.map(\.name) == ["oncall", "other"])
    // The index was rolled back with the stack: lookups after the rollback find what is there.
    #expect(builder.stack.index.position(of: "other", in: builder.stack.topics, name: \.name) == 1)
    #expect(builder.stack.service("oncall")?.name == "oncall")
  }
}
