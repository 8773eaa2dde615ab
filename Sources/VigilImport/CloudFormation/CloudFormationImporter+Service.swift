import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// The image an ECS service gets without `--image` (the default of its `Image<Service>` parameter).
  static let defaultImage = "public.ecr.aws/docker/library/node:20-alpine"

  /// A template Vigil wrote: the parameters `VpcId` and `PrivateSubnetIds` → `network existing`; its `Vpc` and
  /// `PrivateSubnet<N>` resources → `network create --cidr CIDR --zones N` (`Network+CloudFormation.swift`).
  mutating func importNetwork(into session: inout SessionAssembler) {
    if let vpc = resource("Vpc"), type(of: vpc) == "AWS::EC2::VPC" {
      let zones = active.filter { $0.key.hasPrefix("PrivateSubnet") && type(of: $0) == "AWS::EC2::Subnet" }.count
      var words = ["network", "create"]
      if let cidr = stringValue(properties(vpc)["CidrBlock"])?.literal { words += ["--cidr", word(cidr)] }
      if zones > 0 { words += ["--zones", String(zones)] }
      emit(words, for: vpc, outcome: .imported, notes: [], into: &session)
    } else if declaredParameters.contains("VpcId"), declaredParameters.contains("PrivateSubnetIds") {
      let location = root["Parameters"]?.entry("VpcId")?.keyLocation ?? root.location
      _ = session.add("network existing", source: location, label: "parameters VpcId, PrivateSubnetIds")
    }
  }

  /// AWS::ECS::Cluster of a template Vigil wrote → `cluster NAME --container-insights MODE`.
  mutating func importCluster(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    let actual = stringValue(p["ClusterName"])?.literal
    let adopted = actual.flatMap { vigil?.sessionName(physical: $0, role: .cluster, logicalID: entry.key, prefix: .cluster) }
    let name = name(for: entry, kind: "cluster", preferred: adopted, in: &session)
    var insights = "disabled"
    for setting in p["ClusterSettings"]?.items ?? [] where setting["Name"]?.text == "containerInsights" {
      insights = setting["Value"]?.text ?? "disabled"
    }
    var words = ["cluster", name, "--container-insights", word(insights)]
    if let actual, adopted != name { words += ["--physical-name", word(actual)] }
    emit(words, for: entry, outcome: .imported, notes: [], into: &session)
  }

  /// The parameters Vigil's export declares for itself (the network's, the Lambda bundles' bucket, the Insights layer,
  /// the images, the Parameter Store endpoints); the others are the session's variables.
  func isGeneratedParameter(_ entry: TemplateEntry) -> Bool {
    let generated: Set<String> = ["VpcId", "PrivateSubnetIds", "VpcCidr", "LambdaInsightsLayerArn", "LambdaArtifactBucket"]
    if generated.contains(entry.key) { return true }
    if entry.value["Type"]?.text == "AWS::SSM::Parameter::Value<String>" { return true }
    return entry.key.hasPrefix("Image") && of("AWS::ECS::TaskDefinition").contains { task in
      properties(task)["ContainerDefinitions"]?.items?.contains { target($0["Image"]) == entry.key } == true
    }
  }

  /// The variable a template parameter of Vigil's export stands for (`OncallWebhookUrl` → `oncall_webhook_url`).
  static func variableName(_ parameter: String) -> String {
    var out = ""
    for scalar in parameter.unicodeScalars {
      if ("A"..."Z").contains(scalar) {
        if !out.isEmpty { out += "_" }
        out += String(scalar).lowercased()
      } else {
        out += String(scalar)
      }
    }
    return out
  }

  /// A template Vigil wrote: each parameter that is a session variable → `variable NAME [--sensitive]
  /// [--description TEXT] [--default VALUE]` (`Variable+CloudFormation.swift`).
  mutating func importVariables(into session: inout SessionAssembler) {
    for entry in root["Parameters"]?.entries ?? [] where !isGeneratedParameter(entry) {
      let name = Self.variableName(entry.key)
      guard ResourceNames.cloudFormationID(terraformID: name) == entry.key else { continue }
      var words = ["variable", word(name)]
      if entry.value["NoEcho"]?.text == "true" { words.append("--sensitive") }
      if let description = entry.value["Description"]?.text, description != "Set by the deployer." { words += ["--description", word(description)] }
      if let value = entry.value["Default"]?.text { words += ["--default", word(value)] }
      _ = session.add(words.joined(separator: " "), source: entry.keyLocation, label: "parameter \(entry.key)")
    }
  }

  /// A template Vigil wrote: AWS::Lambda::Function → `service NAME --lambda …`; AWS::ECS::Service → `service NAME
  /// --ecs …` with its task definition's CPU, memory, port and image (`Service+CloudFormation.swift`). What the
  /// export derives from a service (roles, queue, security group, task definition, X-Ray group, dashboard) is
  /// recognised afterwards by `recogniseGenerated`.
  mutating func importService(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    guard let vigil else { return }
    let p = properties(entry)
    if type(of: entry) == "AWS::Lambda::Function" {
      let actual = stringValue(p["FunctionName"])?.literal
      let adopted = actual.flatMap { vigil.sessionName(physical: $0, role: nil, logicalID: entry.key, prefix: .function) }
      let name = name(for: entry, kind: "service", preferred: adopted, in: &session)
      var words = ["service", name, "--lambda"]
      if let runtime = stringValue(p["Runtime"])?.literal { words += ["--runtime", word(runtime)] }
      words += ["--memory", stringValue(p["MemorySize"])?.literal ?? "128", "--timeout", stringValue(p["Timeout"])?.literal ?? "3"]
      if let handler = stringValue(p["Handler"])?.literal, handler != "index.handler" { words += ["--handler", word(handler)] }
      if p["Layers"] == nil { words += ["--insights", "off"] }
      if p["TracingConfig"]?["Mode"]?.text != "Active" { words += ["--tracing", "off"] }
      if p["LoggingConfig"]?["LogFormat"]?.text == "JSON" { words += ["--log-format", "json"] }
      if let actual, adopted != name { words += ["--physical-name", word(actual)] }
      emit(
        words, for: entry, outcome: .imported, notes: ["the function's code is Vigil's bundle: Code and Role are what the export writes"],
        into: &session)
      return
    }
    let actual = stringValue(p["ServiceName"])?.literal
    let adopted = actual.flatMap { vigil.sessionName(physical: $0, role: nil, logicalID: entry.key, prefix: .service) }
    guard let clusterID = target(p["Cluster"]), let cluster = sessionNames[clusterID] else {
      return skip(entry, "its Cluster is not an AWS::ECS::Cluster of this template")
    }
    guard let task = resource(target(p["TaskDefinition"])), type(of: task) == "AWS::ECS::TaskDefinition" else {
      return skip(entry, "its TaskDefinition is not an AWS::ECS::TaskDefinition of this template")
    }
    let name = name(for: entry, kind: "service", preferred: adopted, in: &session)
    let t = properties(task)
    var words = ["service", name, "--ecs", "--cluster", cluster]
    if let cpu = stringValue(t["Cpu"])?.literal { words += ["--cpu", word(cpu)] }
    if let memory = stringValue(t["Memory"])?.literal { words += ["--memory", word(memory)] }
    let containers = t["ContainerDefinitions"]?.items ?? []
    if let main = containers.first {
      if let port = main["PortMappings"]?.items?.first?["ContainerPort"]?.text { words += ["--port", word(port)] }
      var image = main["Image"]?.text
      if let parameter = target(main["Image"]) { image = root["Parameters"]?[parameter]?["Default"]?.text }
      if let image, image != Self.defaultImage { words += ["--image", word(image)] }
    }
    if !containers.contains(where: { $0["Name"]?.text == "xray-daemon" }) { words += ["--tracing", "off"] }
    words += ["--desired", stringValue(p["DesiredCount"])?.literal ?? "1"]
    if let actual, adopted != name { words += ["--physical-name", word(actual)] }
    emit(words, for: entry, outcome: .imported, notes: [], into: &session)
    folded(task, into: entry.key, "the task definition of service \(name)")
  }

  /// A dimension value in session terms: a service's or cluster's physical name becomes its session name, as the
  /// export writes it again (`Stack.physicalDimensionValue`).
  func dimensionValue(_ value: String, in session: SessionAssembler) -> String {
    guard let vigil else { return value }
    for service in session.stack.services where vigil.names.physical(service.name) == value { return service.name }
    for cluster in session.stack.clusters where vigil.names.physical(cluster.name, .cluster) == value { return cluster.name }
    return value
  }
}
