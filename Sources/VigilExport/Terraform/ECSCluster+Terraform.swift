import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildClusters() throws(ExportError) {
    for cluster in stack.clusters {
      doc.owner = SessionResource("cluster", cluster.name)
      try doc.resource(
        "aws_ecs_cluster", ResourceNames.logicalID(.cluster, cluster.name),
        [
          "name": .string(names.physical(cluster.name, .cluster)),
          "setting": [["name": "containerInsights", "value": .string(cluster.containerInsights)]],
        ])
    }
  }
}
