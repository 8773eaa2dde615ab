import VigilCore
import VigilModel

extension CloudFormationExporter {
  // MARK: IAM

  /// A role a service assumes (limited to this account), with its inline policy and managed policies in the role
  /// itself — what the Terraform export writes as `aws_iam_role`, `aws_iam_role_policy` and attachments. Returns its id.
  /// Roles carry Vigil's physical names (`RoleName`), so deploying the template needs `CAPABILITY_NAMED_IAM`.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html#using-iam-capabilities
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html
  @discardableResult
  mutating func role(_ base: String, service: String, inline: [JSONValue], managed: [String] = []) throws(CloudFormationExportError) -> String {
    let id = ResourceNames.cloudFormationID(.role, base)
    var properties: [String: JSONValue] = [
      "RoleName": .string(names.physical(base, .role)), "AssumeRolePolicyDocument": CloudFormation.assumeRole(.string(service)),
      "Policies": [["PolicyName": .string(names.physical(base, .policy)), "PolicyDocument": CloudFormation.policy(inline)]],
    ]
    if !managed.isEmpty { properties["ManagedPolicyArns"] = .array(managed.map { .string($0) }) }
    try doc.resource("AWS::IAM::Role", id, properties)
    return id
  }
}
