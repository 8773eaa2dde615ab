import VigilCore
import VigilModel

extension TerraformExporter {
  // MARK: IAM

  /// A role with an assume-role policy for a service and one inline policy; returns its id.
  @discardableResult
  mutating func role(_ base: String, service: String, inline: [TerraformValue], managed: [String] = []) throws(ExportError) -> String {
    let id = ResourceNames.logicalID(.role, base)
    try doc.resource(
      "aws_iam_role", id,
      ["name": .string(names.physical(base, .role)), "assume_role_policy": PolicyDocument.assumeRole(service, sourceAccount: Self.account)])
    try doc.resource(
      "aws_iam_role_policy", ResourceNames.logicalID(.policy, base),
      ["name": .string(names.physical(base, .policy)), "role": .template("${aws_iam_role.\(id).id}"), "policy": PolicyDocument.render(inline)])
    for (index, arn) in managed.enumerated() {
      try doc.resource(
        "aws_iam_role_policy_attachment", ResourceNames.logicalID(.attach, base, String(index)),
        ["role": .template("${aws_iam_role.\(id).name}"), "policy_arn": .string(arn)])
    }
    return id
  }
}
