import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildVariables() throws(ExportError) {
    for variable in stack.variables {
      doc.variable(
        variable.name, type: "string", description: variable.description.isEmpty ? "Set by the deployer." : variable.description,
        sensitive: variable.sensitive, default: variable.defaultValue.map { .string($0) })
    }
  }
}
