import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildParameters() throws(ExportError) {
    for parameter in stack.parameters {
      doc.owner = SessionResource("parameter", parameter.name)
      var body: [String: TerraformValue] = [
        "name": .string(names.parameterPath(parameter.name)), "type": .string(parameter.secure ? "SecureString" : "String"),
        "value": .string(parameter.value),
      ]
      if let d = parameter.description { body["description"] = .string(d) }
      if parameter.secure, let key = keyARN(defaultKey) { body["key_id"] = .template(key) }
      try doc.resource("aws_ssm_parameter", ResourceNames.logicalID(.parameter, parameter.name), body)
    }
  }
}
