import VigilCore
import VigilModel

extension CloudFormationExporter {
  mutating func buildQueryDefinitions() throws(CloudFormationExportError) {
    for query in stack.queryDefinitions {
      doc.owner = SessionResource("query-definition", query.name)
      try doc.resource(
        "AWS::Logs::QueryDefinition", ResourceNames.cloudFormationID(.query, query.name),
        [
          "Name": .string(names.queryDefinitionName(query.name)), "QueryString": .string(query.query),
          "LogGroupNames": .array(query.services.map { CloudFormation.ref(ResourceNames.cloudFormationID(.logs, $0)) }),
        ])
    }
  }
}
