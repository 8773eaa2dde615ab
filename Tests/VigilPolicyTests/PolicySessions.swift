import VigilCore
import VigilModel

/// Builds stacks from session text the way the interpreter does (without the embedded-language validators).
enum PolicySessions {
  /// A small stack that breaks no rule: one function, one ECS service, a key, a topic with DLQs, two alarms in a composite.
  static let clean = """
    stack shop --suffix dev
    key logs
    service api --lambda
    service web --ecs --cluster main
    topic oncall --email oncall@example.com --dlq --max-receive 3
    alarm api-errors --metric AWS/Lambda/Errors --dimension FunctionName=api --stat Sum --when '>= 1' --missing notBreaching
    alarm web-cpu --metric AWS/ECS/CPUUtilization --dimension ClusterName=main --dimension ServiceName=web --stat Average --period 5m --when '> 80' --datapoints 2/3
    composite shop-failing --rule 'ALARM(api-errors) OR ALARM(web-cpu)' --notify oncall
    tracing --sampling 0.1
    """

  static func stack(_ text: String, file: String = "shop.vigil") throws -> Stack {
    var builder = StackBuilder()
    let parser = CommandParser(specs: StackCommands.specs)
    for item in CommandLexer.split(text, file: file) {
      _ = try builder.apply(try parser.parse(try item.get()))
    }
    return builder.stack
  }
}
