import VigilCore
import VigilModel

extension CloudFormationExporter {
  mutating func buildClusters() throws(CloudFormationExportError) {
    for cluster in stack.clusters {
      doc.owner = SessionResource("cluster", cluster.name)
      try doc.resource(
        "AWS::ECS::Cluster", ResourceNames.cloudFormationID(.cluster, cluster.name),
        [
          "ClusterName": .string(names.physical(cluster.name, .cluster)),
          "ClusterSettings": [["Name": "containerInsights", "Value": .string(cluster.containerInsights)]],
        ])
    }
  }
}
