import VigilCore
import VigilModel

extension TerraformExporter {
  mutating func buildClusters() {
    for cluster in stack.clusters {
      doc.resource(
        "aws_ecs_cluster", ResourceNames.logicalID(.cluster, cluster.name),
        [
          "name": .string(names.physical(cluster.name, .cluster)),
          "setting": [["name": "containerInsights", "value": .string(cluster.containerInsights)]],
        ])
    }
  }
}
