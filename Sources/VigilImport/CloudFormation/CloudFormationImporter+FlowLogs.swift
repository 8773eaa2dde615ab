import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// The log groups the template's flow logs deliver to (`LogDestination: !GetAtt GROUP.Arn`).
  var flowLogGroups: Set<String> {
    Set(of("AWS::EC2::FlowLog").compactMap { target(properties($0)["LogDestination"]) })
  }

  /// A template Vigil wrote: AWS::EC2::FlowLog of the stack's VPC into a log group of the template → `flow-logs
  /// [--key KEY] --retention DAYS [--traffic TYPE]`; the group comes back with it (`FlowLogs+CloudFormation.swift`).
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-flowlog.html
  mutating func importFlowLog(_ entry: TemplateEntry, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard let group = resource(target(p["LogDestination"])), type(of: group) == "AWS::Logs::LogGroup" else {
      return skip(entry, "flow logs are imported when they go to a log group of this template")
    }
    guard session.stack.network != .none else { return skip(entry, "flow logs need the stack's network, which this template does not declare") }
    let g = properties(group)
    var notes: [String] = []
    var words = ["flow-logs"] + keyWords(g["KmsKeyId"], notes: &notes).filter { $0 != "--no-key" }
    words += ["--retention", word(stringValue(g["RetentionInDays"])?.literal ?? "30")]
    if let traffic = stringValue(p["TrafficType"])?.literal, traffic != "ALL" { words += ["--traffic", word(traffic)] }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
    folded(group, into: entry.key, "the flow logs' log group")
  }
}
