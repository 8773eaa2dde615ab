import VigilCore

/// One CloudWatch metric stream: namespace, name and the exact dimension set. Each unique dimension
/// combination is a separate metric (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension).
public struct MetricIdentity: Hashable, Sendable, CustomStringConvertible, Comparable {
  public var namespace: String
  public var name: String
  /// Dimension name → value; order does not matter to CloudWatch, so a dictionary.
  public var dimensions: [String: String]

  public init(namespace: String, name: String, dimensions: [String: String] = [:]) {
    self.namespace = namespace
    self.name = name
    self.dimensions = dimensions
  }

  /// `Namespace/Name{Dim=Value,...}` with dimensions sorted by name.
  public var description: String {
    let dims = dimensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    return dims.isEmpty ? "\(namespace) \(name)" : "\(namespace) \(name){\(dims)}"
  }

  public static func < (a: MetricIdentity, b: MetricIdentity) -> Bool { a.description < b.description }
}
