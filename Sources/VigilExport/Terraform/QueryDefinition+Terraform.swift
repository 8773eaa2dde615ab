import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildQueryDefinitions() throws(ExportError) {
    for query in stack.queryDefinitions {
      doc.owner = SessionResource("query-definition", query.name)
      try doc.resource(
        "aws_cloudwatch_query_definition", ResourceNames.logicalID(.query, query.name),
        [
          "name": .string(names.queryDefinitionName(query.name)), "query_string": .string(query.query),
          "log_group_names": .array(query.services.map { .template("${aws_cloudwatch_log_group.\(ResourceNames.logicalID(.logs, $0)).name}") }),
        ])
    }
  }
}
