import VigilCore
import VigilModel

/// What a template written by Vigil's own CloudFormation export tells the importer: the stack's name and suffix (its
/// `Description`, `NAME observability stack (SUFFIX), written by vigil-VERSION`) and region (its `StackRegion` rule),
/// and so the session name behind each resource whose logical id and physical name both follow `ResourceNames`.
/// Such a resource gets its session name back and no `--physical-name`, so export → import → export writes it again
/// as it was.
struct VigilTemplate: Sendable {
  let environment: Environment
  var names: ResourceNames { ResourceNames(environment) }

  /// Nil for a template Vigil did not write (or whose description or region rule was edited).
  init?(_ root: TemplateNode) {
    guard let description = root["Description"]?.text, let marker = description.range(of: " observability stack ("),
      let close = description.range(of: "), written by vigil-", range: marker.upperBound..<description.endIndex),
      case .intrinsic("Fn::Equals", let operands, _)? = root["Rules"]?["StackRegion"]?["Assertions"]?.items?.first?["Assert"],
      let region = operands.items?.last?.text
    else { return nil }
    environment = Environment(
      stackName: String(description[..<marker.lowerBound]), suffix: String(description[marker.upperBound..<close.lowerBound]),
      region: region)
  }

  /// The session name whose physical name (`role`) is `physical` and whose logical id (`prefix`) is `logicalID`:
  /// `api-p99-alarm-dev` with `AlarmApiP99` → `api-p99`. Nil when either does not follow Vigil's conventions.
  func sessionName(physical: String, role: PhysicalRole?, logicalID: String, prefix: LogicalPrefix) -> String? {
    let tail = names.tail(role)
    guard physical.hasSuffix(tail), physical.count > tail.count else { return nil }
    let name = String(physical.dropLast(tail.count))
    return ResourceNames.cloudFormationID(prefix, name) == logicalID ? name : nil
  }

  /// The session name of a log group Vigil wrote for a service (`LogsPaymentApi` → `payment-api`), from its logical id
  /// and its CloudWatch name (`/ecs/payment-api-dev`, `/aws/lambda/payment-authorizer-dev`).
  func logGroupName(_ groupName: String, logicalID: String) -> String? {
    for prefix in ["/aws/lambda/", "/ecs/"] where groupName.hasPrefix(prefix) {
      if let name = sessionName(physical: String(groupName.dropFirst(prefix.count)), role: nil, logicalID: logicalID, prefix: .logs) {
        return name
      }
    }
    return nil
  }
}
