import VigilCore
import VigilModel

extension CloudFormationExporter {
  /// A `String` parameter; its value from a variable is a `Ref` to the template parameter. CloudFormation cannot create
  /// a `SecureString` parameter (`AWS::SSM::Parameter` takes `String` or `StringList`), so a `--secure` parameter is
  /// refused rather than written as plain text.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ssm-parameter.html
  mutating func buildParameters() throws(CloudFormationExportError) {
    for parameter in stack.parameters {
      doc.owner = SessionResource("parameter", parameter.name)
      guard !parameter.secure else {
        throw .notInCloudFormation(
          doc.owner,
          "CloudFormation cannot create a SecureString parameter (AWS::SSM::Parameter takes String or StringList); "
            + "create it outside the stack (aws ssm put-parameter --type SecureString) or export with --format terraform")
      }
      var properties: [String: JSONValue] = ["Name": .string(names.parameterPath(parameter.name)), "Type": "String"]
      switch parameter.value {
      case .literal(let text): properties["Value"] = .string(text)
      case .variable(let name): properties["Value"] = CloudFormation.ref(ResourceNames.cloudFormationID(terraformID: name))
      }
      if let d = parameter.description { properties["Description"] = .string(d) }
      try doc.resource("AWS::SSM::Parameter", ResourceNames.cloudFormationID(.parameter, parameter.name), properties)
    }
  }
}
