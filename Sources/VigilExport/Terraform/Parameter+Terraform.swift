import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildParameters() throws(ExportError) {
    for parameter in stack.parameters {
      doc.owner = SessionResource("parameter", parameter.name)
      var body: [String: TerraformValue] = [
        "name": .string(names.parameterPath(parameter.name)), "type": .string(parameter.secure ? "SecureString" : "String")
      ]
      switch parameter.value {
      case .literal(let text): body["value"] = .string(text)
      // `value = var.NAME`: the secret stays with the deployer (TF_VAR_NAME), never in this file.
      // https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output
      case .variable(let name): body["value"] = "${var.\(name)}"
      }
      if let d = parameter.description { body["description"] = .string(d) }
      if parameter.secure, let key = keyARN(defaultKey) { body["key_id"] = .template(key) }
      try doc.resource("aws_ssm_parameter", ResourceNames.logicalID(.parameter, parameter.name), body)
    }
  }
}
