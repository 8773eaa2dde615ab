import Testing
import VigilModel

@testable import VigilExport

/// The naming conventions, spelt in one place.
@Suite struct ResourceNamesTests {
  let names: ResourceNames

  init() throws {
    names = ResourceNames(try #require(try ExportSessions.stack("stack shop --suffix dev --region eu-west-1").environment))
  }

  @Test func physicalNamesCarryTheRoleAndTheSuffix() {
    #expect(names.physical("oncall", .topic) == "oncall-topic-dev")
    #expect(names.physical("oncall", .dlq) == "oncall-dlq-dev")
    #expect(names.physical("oncall", .notifications) == "oncall-notifications-dev")
    #expect(names.physical("api", .securityGroup) == "api-sg-dev")
    #expect(names.physical("api") == "api-dev")
    #expect(names.flowLogGroup == "/vpc/shop-flow-logs-dev")
    #expect(names.tail(.cluster) == "-cluster-dev")
    #expect(names.parameterPath("db/host") == "/shop/dev/db/host")
    #expect(names.queryDefinitionName("errors") == "shop-dev/errors")
  }

  @Test func arnsAndTheirInverse() {
    #expect(names.topicARN("oncall", account: "123456789012") == "arn:aws:sns:eu-west-1:123456789012:oncall-topic-dev")
    let alarm = names.alarmARN("api-p99", .alarm, account: "ACCOUNT_ID")
    #expect(alarm == "arn:aws:cloudwatch:eu-west-1:ACCOUNT_ID:alarm:api-p99-alarm-dev")
    #expect(names.alarmName(fromARN: alarm) == "api-p99")
    #expect(names.alarmName(fromARN: names.alarmARN("shop-down", .composite, account: "1")) == "shop-down")
    #expect(names.alarmName(fromARN: "arn:aws:cloudwatch:eu-west-1:1:alarm:hand-made") == "hand-made")
  }

  @Test func logicalIDsKeepTheCharactersTerraformAllows() {
    #expect(ResourceNames.logicalID(.dlq, "oncall") == "dlq_oncall")
    #expect(ResourceNames.logicalID(.parameter, "db/host") == "param_db_host")
    #expect(ResourceNames.logicalID(.subscription, "oncall", "email", "0") == "sub_oncall_email_0")
    #expect(ResourceNames.logicalID(.securityGroup, "web", "https_out") == "sg_web_https_out")
  }
}

/// The backstop under `ResourceNames.collisions`: the document refuses a second resource at one address.
@Suite struct TerraformDocumentTests {
  @Test func aSecondResourceAtOneAddressIsAnErrorNamingBothOwners() throws {
    var document = TerraformDocument()
    document.owner = SessionResource("service", "oncall")
    try document.resource("aws_sqs_queue", "dlq_oncall", [:])
    document.owner = SessionResource("topic", "oncall")
    #expect(throws: ExportError.duplicateResource("aws_sqs_queue.dlq_oncall", first: SessionResource("service", "oncall"), second: SessionResource("topic", "oncall"))) {
      try document.resource("aws_sqs_queue", "dlq_oncall", [:])
    }
    #expect(
      ExportError.duplicateResource("aws_sqs_queue.dlq_oncall", first: SessionResource("service", "oncall"), second: SessionResource("topic", "oncall"))
        .description == "topic oncall and service oncall both need the Terraform resource aws_sqs_queue.dlq_oncall; rename one of them")
    #expect(document.provenance == ["aws_sqs_queue.dlq_oncall": SessionResource("service", "oncall")])
  }
}
