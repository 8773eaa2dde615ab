import VigilCore

/// A simulated delivery of alarm notifications to subscribers of SNS topics.
///
/// What is modelled, exactly:
/// - **HTTP/S subscription** (a webhook): SNS tries once, then retries per the subscription's delivery
///   policy. The default policy is "up to three retries with a delay between failed attempts set at
///   20 seconds" (https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.retry.html): attempts at
///   t, t+20 s, t+40 s, t+60 s. `retries` and `delay` can be changed; the backoff phases and SNS's jitter
///   are not modelled (attempts are evenly spaced). When the policy is exhausted the message goes to the
///   subscription's dead-letter queue if it has one, else it is discarded
///   (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html).
/// - **SQS subscription consumed by a webhook worker**: SNS delivers to the queue at once; the worker
///   receives the message, calls the webhook, and on failure lets it reappear after the visibility
///   timeout (default 30 s). When a message's receive count exceeds `maxReceiveCount` (default 3), SQS
///   moves it to the dead-letter queue: receives at t, t+30 s, t+60 s, then to the DLQ at t+90 s
///   (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
/// A failing endpoint fails every attempt; a healthy one succeeds on the first.
public struct NotificationDelivery {
  public enum Subscription: Equatable, Sendable {
    case https(topic: String, endpoint: String, failing: Bool, retries: Int = 3, delaySeconds: Int = 20, deadLetterQueue: String?)
    case sqsWorker(
      topic: String, queue: String, endpoint: String, failing: Bool, visibilityTimeoutSeconds: Int = 30, maxReceiveCount: Int = 3,
      deadLetterQueue: String?)

    var topic: String {
      switch self {
      case .https(let t, _, _, _, _, _), .sqsWorker(let t, _, _, _, _, _, _): return t
      }
    }
  }

  /// One step of a delivery.
  public struct Event: Equatable, Sendable {
    public enum Kind: String, Sendable { case attemptFailed, delivered, movedToDeadLetterQueue, discarded }
    public var time: EpochMillis
    public var kind: Kind
    public var alarmName: String
    public var topic: String
    public var endpoint: String
    /// 1-based attempt (HTTP) or receive count (SQS).
    public var attempt: Int
    public var deadLetterQueue: String?
  }

  public var subscriptions: [Subscription]
  public init(subscriptions: [Subscription]) { self.subscriptions = subscriptions }

  /// Every delivery event for the notifications, in time order.
  public func simulate(_ notifications: [AlarmNotification]) -> [Event] {
    var events: [Event] = []
    for n in notifications {
      for sub in subscriptions where sub.topic == n.action || sub.topic == n.topic {
        switch sub {
        case .https(let topic, let endpoint, let failing, let retries, let delay, let dlq):
          if !failing {
            events.append(Event(time: n.timestamp, kind: .delivered, alarmName: n.alarmName, topic: topic, endpoint: endpoint, attempt: 1))
            continue
          }
          for attempt in 1...(retries + 1) {
            events.append(
              Event(
                time: n.timestamp + EpochMillis((attempt - 1) * delay) * 1000, kind: .attemptFailed, alarmName: n.alarmName, topic: topic,
                endpoint: endpoint, attempt: attempt))
          }
          let last = n.timestamp + EpochMillis(retries * delay) * 1000
          events.append(
            Event(
              time: last, kind: dlq == nil ? .discarded : .movedToDeadLetterQueue, alarmName: n.alarmName, topic: topic, endpoint: endpoint,
              attempt: retries + 1, deadLetterQueue: dlq))
        case .sqsWorker(let topic, _, let endpoint, let failing, let visibility, let maxReceive, let dlq):
          if !failing {
            events.append(Event(time: n.timestamp, kind: .delivered, alarmName: n.alarmName, topic: topic, endpoint: endpoint, attempt: 1))
            continue
          }
          for receive in 1...maxReceive {
            events.append(
              Event(
                time: n.timestamp + EpochMillis((receive - 1) * visibility) * 1000, kind: .attemptFailed, alarmName: n.alarmName,
                topic: topic, endpoint: endpoint, attempt: receive))
          }
          // Without a redrive policy the message stays in the queue; it is reported as discarded here after maxReceiveCount.
          events.append(
            Event(
              time: n.timestamp + EpochMillis(maxReceive * visibility) * 1000, kind: dlq == nil ? .discarded : .movedToDeadLetterQueue,
              alarmName: n.alarmName, topic: topic, endpoint: endpoint, attempt: maxReceive, deadLetterQueue: dlq))
        }
      }
    }
    return events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
  }
}
