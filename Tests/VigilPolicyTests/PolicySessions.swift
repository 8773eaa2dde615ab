import VigilCore
import VigilModel
import VigilTestSupport

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

  /// The session's stack; resources that would share a name are kept, so the export's own defence can be tested.
  static func stack(_ text: String, file: String = "shop.vigil") throws -> Stack {
    try SessionStack.build(text, file: file, checksNameCollisions: false)
  }
}
