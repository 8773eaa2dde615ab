import Foundation
import VigilCore
import VigilModel

extension CloudFormationImporter {
  /// AWS::Logs::LogGroup → `logs NAME --physical-name …` without a key or archive when the template has none.
  /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
  mutating func importLogGroup(_ entry: TemplateEntry, archive: TemplateEntry?, into session: inout SessionAssembler) {
    let p = properties(entry)
    guard let value = stringValue(p["LogGroupName"]) else {
      skip(entry, "no LogGroupName: CloudFormation generates the name, and a log group without a service needs one in Vigil")
      return
    }
    guard let groupName = value.literal else {
      skip(entry, "LogGroupName \(value.string ?? "") is known only after deployment")
      return
    }
    guard let retention = stringValue(p["RetentionInDays"])?.literal else {
      skip(entry, "no RetentionInDays (logs never expire): Vigil log groups always have a retention")
      return
    }
    let name = name(for: entry, kind: "logs", preferred: vigil?.logGroupName(groupName, logicalID: entry.key), in: &session)
    var notes: [String] = []
    var words = ["logs", name]
    // A service's log group under the name Vigil gives it is written again without --physical-name.
    let conventional = session.stack.service(name).flatMap { service in vigil.map { $0.names.logGroup(ofService: name, lambda: service.isLambda) } }
    if groupName != conventional { words += ["--physical-name", word(groupName)] }
    words += ["--retention", word(retention)]
    words += keyWords(p["KmsKeyId"], notes: &notes)
    if archive != nil {
      words += ["--archive", "glacier"]
      if let days = archiveAfterDays(), days != 30 { words += ["--archive-after", String(days)] }
    } else {
      words += ["--archive", "none"]
    }
    for key in ["LogGroupClass", "DataProtectionPolicy", "FieldIndexPolicies"] where p[key] != nil { notes.append("\(key) not kept") }
    emit(words, for: entry, outcome: .imported, notes: notes, into: &session)
    if let archive, let line = outcomes[entry.key]?.sessionLine {
      outcomes[archive.key] = ImportedResource(
        logicalID: archive.key, type: type(of: archive), outcome: .imported, sessionLine: line,
        reason: "the archive subscription Vigil writes for --archive glacier", location: archive.keyLocation)
    }
  }

  /// The resources Vigil's export derives from archived log groups (`Archive+CloudFormation.swift`).
  static let archiveResources: Set<String> = [
    "LogArchiveBucket", "LogArchiveStream", ResourceNames.cloudFormationID(.role, "firehose"),
    ResourceNames.cloudFormationID(.role, "logs_to_firehose"),
  ]

  /// Log group logical id → the subscription filter Vigil's export writes for its archive (`Archive<Id>`, to the
  /// `LogArchiveStream` delivery stream).
  func archiveFilters(_ entries: [TemplateEntry]) -> [String: TemplateEntry] {
    var filters: [String: TemplateEntry] = [:]
    for entry in entries where type(of: entry) == "AWS::Logs::SubscriptionFilter" && entry.key.hasPrefix("Archive") {
      let p = properties(entry)
      guard case .intrinsic("Ref", let group, _)? = p["LogGroupName"], let groupID = group.text,
        case .intrinsic("Fn::GetAtt", let destination, _)? = p["DestinationArn"],
        destination.items?.first?.text == "LogArchiveStream" || destination.text == "LogArchiveStream.Arn",
        groupID.hasPrefix("Logs"), entry.key == "Archive" + groupID.dropFirst(4)
      else { continue }
      filters[groupID] = entry
    }
    return filters
  }

  /// The days after which Vigil's archive bucket moves objects to Glacier (its `archive-to-glacier` rule).
  mutating func archiveAfterDays() -> Int? {
    let rules = root["Resources"]?["LogArchiveBucket"]?["Properties"]?["LifecycleConfiguration"]?["Rules"]?.items ?? []
    guard let rule = rules.first(where: { $0["Id"]?.text == "archive-to-glacier" }),
      let days = rule["Transitions"]?.items?.first?["TransitionInDays"]?.text
    else { return nil }
    return Int(days)
  }
}
