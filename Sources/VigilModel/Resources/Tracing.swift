import VigilCore

/// X-Ray sampling rule (fixed rate) and one X-Ray group per service boundary.
public struct Tracing: Equatable, Sendable {
  public var samplingRate: Double
  public var reservoir: Int
}

extension ResourceKind {
  /// `tracing --sampling RATE`: the stack's X-Ray sampling.
  public static let tracing = ResourceKind("tracing", Tracing.self)
}

extension Tracing: StackResource {
  static let spec: CommandSpec? = CommandSpec(
    "tracing", summary: "X-Ray sampling rule (fixed rate) and one X-Ray group per service.",
    options: [
      OptionSpec("sampling", value: "RATE", .number, help: "fixed rate between 0 and 1 (platform rule 0.1)"),
      OptionSpec("reservoir", value: "N", .number, help: "reservoir size per second (default 1)"),
      PhysicalNames.option,
    ], example: "tracing --sampling 0.1")

  static func apply(_ c: ParsedCommand, to stack: inout Stack) throws(Diagnostic) -> String {
    guard let token = c.value("sampling") else { throw c.missing("--sampling") }
    let rate = try token.number("--sampling")
    guard rate >= 0 && rate <= 1 else { throw token.error("--sampling must be between 0 and 1, got \(token.text)") }
    let reservoir = try c.value("reservoir")?.integer("--reservoir", in: 0...1000) ?? 1
    let replaced = stack.tracing != nil
    stack.set(\.tracing, to: Tracing(samplingRate: rate, reservoir: reservoir))
    return "\(verb(replaced)) X-Ray sampling at fixed rate \(token.text) with one group per service"
  }

  static func overview(of stack: Stack, in env: Environment) -> [String] {
    guard let t = stack.tracing else { return [] }
    return ["tracing: X-Ray fixed rate \(JSONValue.format(t.samplingRate)), one group per service"]
  }
}
