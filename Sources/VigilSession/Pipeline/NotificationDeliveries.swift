import VigilAlarms
import VigilCore
import VigilModel

/// The notification stage: what the alarms sent, delivered to each topic's subscribers, with failing
/// webhooks retried and dead-lettered as SNS does.
extension Interpreter {
  /// How each notification reached the topic's subscribers (e-mail, webhooks, the relay queue), with webhooks
  /// that `simulate webhook-failure` made fail retried and dead-lettered.
  public func deliveries(of notifications: [AlarmNotification]) -> [NotificationDelivery.Event] {
    guard let env = stack.environment, !notifications.isEmpty else { return [] }
    var subscriptions: [NotificationDelivery.Subscription] = []
    for topic in stack.topics {
      let physical = ResourceNames(env).physical(topic.name, .topic)
      let failing = workspace.failingWebhooks.contains(topic.name)
      let dlq = topic.deadLetterQueue ? ResourceNames(env).physical(topic.name, .dlq) : nil
      for email in topic.emails {
        subscriptions.append(.https(topic: physical, endpoint: "email \(email.display)", failing: false, deadLetterQueue: dlq))
      }
      for hook in topic.webhooks {
        subscriptions.append(.https(topic: physical, endpoint: "webhook \(redacted(hook))", failing: failing, deadLetterQueue: dlq))
      }
      if topic.deadLetterQueue {
        subscriptions.append(
          .sqsWorker(
            topic: physical, queue: ResourceNames(env).physical(topic.name, .notifications),
            endpoint: "relay queue \(ResourceNames(env).physical(topic.name, .notifications))",
            failing: failing && !topic.webhooks.isEmpty, maxReceiveCount: topic.maxReceiveCount, deadLetterQueue: dlq))
      }
    }
    return NotificationDelivery(subscriptions: subscriptions).simulate(notifications)
  }

  /// The deliveries as the `preview composite` report lists them.
  func deliveryReport(_ notifications: [AlarmNotification]) -> String {
    let events = deliveries(of: notifications)
    guard !events.isEmpty else { return "" }
    var out = "\nDeliveries:\n"
    for e in events {
      let what: String
      switch e.kind {
      case .delivered: what = "delivered"
      case .attemptFailed: what = "attempt \(e.attempt) failed"
      case .movedToDeadLetterQueue: what = "moved to dead-letter queue \(e.deadLetterQueue ?? "")"
      case .discarded: what = "discarded (no dead-letter queue)"
      }
      out += "  \(TimeFormat.iso8601(e.time, fraction: false))  \(e.topic)  \(e.endpoint): \(what)\n"
    }
    let dead = events.filter { $0.kind == .movedToDeadLetterQueue }
    if !dead.isEmpty {
      out +=
        "\(dead.count) message(s) in dead-letter queues: "
        + Dictionary(grouping: dead, by: { $0.deadLetterQueue ?? "" }).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.count)" }
        .joined(separator: ", ") + "\n"
    }
    return out
  }

  /// A webhook endpoint for display: variables and parameters by name, URLs without path or query (they may hold tokens).
  func redacted(_ endpoint: Endpoint) -> String {
    guard case .literal(let url) = endpoint else { return endpoint.display }
    let afterScheme = url.dropFirst("https://".count)
    return "https://" + (afterScheme.split(separator: "/").first.map(String.init) ?? "") + "/…"
  }
}
