import Testing
import VigilCore
import VigilImport

/// Input that is not a sound template stops the import with a positioned diagnostic (file:line:column, the line, a
/// caret) instead of a partial session.
@Suite struct MalformedTemplateTests {
  static func failure(_ text: String, path: String = "t.yaml") -> String? {
    do throws(Diagnostic) {
      _ = try StackImporter.run([ImportSource(path: path, text: text)])
      return nil
    } catch {
      return error.description
    }
  }

  @Test(arguments: [
    (
      "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: [1, 2\n",
      "t.yaml:5:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at 4:17)\n  \n  ^"
    ),
    (
      "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Reff Name\n",
      "t.yaml:5:18: error: unknown tag '!Reff': not a CloudFormation intrinsic function; did you mean '!Ref'?\n        TopicName: !Reff Name\n                   ^"
    ),
    (
      "name: my-app\nversion: 3\n",
      "t.yaml:1:1: error: cannot tell the format of t.yaml: not a CloudFormation template (no Resources section), Terraform JSON or describe-alarms output; give --format cloudformation, terraform or describe-alarms if it is one\n  name: my-app\n  ^"
    ),
    (
      "Resources:\n  - Type: AWS::SNS::Topic\n",
      "t.yaml:2:3: error: Resources must be a mapping of logical ids to resources, got a list\n    - Type: AWS::SNS::Topic\n    ^"
    ),
    (
      "Resources:\n  Topic:\n    Properties: {}\n",
      "t.yaml:2:3: error: resource Topic has no Type; add e.g. 'Type: AWS::SNS::Topic'\n    Topic:\n    ^"
    ),
    (
      "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties: oops\n",
      "t.yaml:4:17: error: resource Topic: Properties must be a mapping, got a string\n      Properties: oops\n                  ^"
    ),
    (
      "Resources:\n  Topic:\n    Type: 42\n",
      "t.yaml:3:11: error: resource Topic: Type must be a resource type such as AWS::SNS::Topic\n      Type: 42\n            ^"
    ),
    (
      "Resources:\n  A: {Type: AWS::SNS::Topic}\n  A: {Type: AWS::SNS::Topic}\n",
      "t.yaml:3:3: error: key 'A' appears twice in this mapping\n    A: {Type: AWS::SNS::Topic}\n    ^"
    ),
  ])
  func yamlErrors(_ text: String, _ expected: String) {
    #expect(Self.failure(text) == expected)
  }

  /// The YAML library builds its tree recursively; deeper input would exhaust the stack instead of being refused.
  @Test func nestingDeeperThanATemplateIsRefused() {
    let brackets = "Resources: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
    #expect(Self.failure(brackets)?.hasPrefix("t.yaml:1:211: error: the template nests deeper than 200 levels\n") == true)
    let dashes = "Resources:\n" + String(repeating: "- ", count: 50_000) + "x\n"
    #expect(Self.failure(dashes)?.hasPrefix("t.yaml:2:100001: error: the template nests deeper than 200 levels\n") == true)
    let json = "{\"Resources\": " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "}"
    #expect(Self.failure(json, path: "t.json")?.hasPrefix("t.json:1:213: error: the template nests deeper than 200 levels\n") == true)
  }

  @Test func aJSONTemplateMustBeJSON() {
    #expect(
      Self.failure("{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\",}}}", path: "t.json")
        == "t.json:1:48: error: invalid JSON: expected a string key\n  {\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\",}}}\n" + String(repeating: " ", count: 49) + "^")
  }

  @Test func aTopLevelThatIsNotAMapping() {
    let failure = try? StackImporter.run([ImportSource(path: "t.yaml", text: "- a\n- b\n")], format: .cloudformation)
    #expect(failure == nil)
    var message = ""
    do throws(Diagnostic) {
      _ = try StackImporter.run([ImportSource(path: "t.yaml", text: "- a\n- b\n")], format: .cloudformation)
    } catch {
      message = error.description
    }
    #expect(message == "t.yaml:1:1: error: not a CloudFormation template: the top level is a list, not a mapping\n  - a\n  ^")
  }

  @Test func anUnknownParameter() {
    var message = ""
    do throws(Diagnostic) {
      _ = try StackImporter.run([ImportSource(path: "t.yaml", text: "Parameters:\n  Stage: {Type: String}\nResources: {}\n")], parameters: [("Stag", "x")])
    } catch {
      message = error.headline
    }
    #expect(message == "1:1: error: --parameter Stag: no template declares a parameter Stag; did you mean Stage?")
  }
}

/// What a template with sound structure but unsound values imports, and what it reports.
@Suite struct TemplateValueTests {
  static func run(_ text: String, path: String = "t.yaml", parameters: [(String, String)] = []) throws -> StackImport {
    try StackImporter.run([ImportSource(path: path, text: text)], parameters: parameters)
  }

  @Test func conditionsMappingsAndFunctionsInJSON() throws {
    let text = """
      {"Parameters": {"Env": {"Type": "String", "Default": "qa"}},
       "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}, "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]}},
       "Mappings": {"Sizes": {"qa": {"Retention": "7"}, "prod": {"Retention": "30"}}},
       "Resources": {
        "Pager": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::Join": ["-", [{"Ref": "Env"}, "pager"]]}}},
        "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": {"Fn::Sub": "/app/${Env}"},
          "RetentionInDays": {"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Retention"]}}},
        "ProdOnly": {"Type": "AWS::SNS::Topic", "Condition": "IsProd", "Properties": {"TopicName": "prod-only"}},
        "Errors": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"AlarmName": {"Fn::If": ["NotProd", "qa-errors", "prod-errors"]},
          "Namespace": "App", "MetricName": "Errors", "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 3, "DatapointsToAlarm": 2,
          "Threshold": 5, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching",
          "AlarmActions": [{"Ref": "Pager"}], "Dimensions": [{"Name": "Stage", "Value": {"Fn::Select": [1, {"Fn::Split": [",", "a,b,c"]}]}}]}}
       }}
      """
    let imported = try Self.run(text, path: "app.json")
    let commands = imported.commands.map(\.text)
    #expect(
      commands == [
        "stack app --suffix qa",
        "topic pager --physical-name qa-pager --no-key",
        "logs logs --physical-name /app/qa --retention 7 --no-key --archive none",
        "alarm errors --metric App/Errors --dimension Stage=b --stat Sum --period 1m --threshold 5 --comparison GreaterThanOrEqualToThreshold --datapoints 2/3 --missing notBreaching --notify pager --physical-name qa-errors",
      ])
    #expect(imported.report.resources.map { "\($0.logicalID) \($0.outcome.rawValue) \($0.reason)" } == [
      "Pager imported ", "Logs imported ", "ProdOnly skipped its condition IsProd is false for these parameters", "Errors imported ",
    ])
    let prod = try Self.run(text, path: "app.json", parameters: [("Env", "prod")])
    #expect(prod.commands.map(\.text).contains("topic prod-only --physical-name prod-only --no-key"))
  }

  @Test func unresolvedFunctionsAreFindingsAndTheRestImports() throws {
    let text = """
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            DBInstanceIdentifier: !ImportValue shared-db
        Alarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            Namespace: AWS/RDS
            MetricName: CPUUtilization
            Statistic: Average
            Period: 60
            EvaluationPeriods: 1
            Threshold: 90
            ComparisonOperator: GreaterThanThreshold
            Dimensions:
              - Name: DBInstanceIdentifier
                Value: !Ref Missing
      """
    let imported = try Self.run(text)
    #expect(imported.commands.map(\.text) == [
      "stack t --suffix cfn",
      "reference db --type AWS::RDS::DBInstance",
      "alarm alarm --metric AWS/RDS/CPUUtilization --dimension DBInstanceIdentifier=${Missing} --stat Average --period 1m --threshold 90 --comparison GreaterThanThreshold --datapoints 1/1",
    ])
    #expect(imported.report.findings.map { "\($0.location.description) \($0.message)" } == [
      "t.yaml:5:29 Db: Fn::ImportValue reads another stack's export, which only the deployed account knows",
      "t.yaml:18:18 Alarm: Ref to 'Missing', which is neither a parameter nor a resource of this template",
    ])
    #expect(imported.report.resources.map(\.reason) == ["known only after deployment: DBInstanceIdentifier", ""])
  }

  @Test func aResourceTheSessionRefusesIsSkippedWithTheReason() throws {
    let text = """
      Resources:
        Slow:
          Type: AWS::CloudWatch::Alarm
          Properties: {Namespace: App, MetricName: Latency, Statistic: Average, Period: 45, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold}
        Fifo:
          Type: AWS::SNS::Topic
          Properties: {TopicName: orders.fifo, FifoTopic: true}
      """
    let imported = try Self.run(text)
    #expect(imported.commands.map(\.text) == ["stack t --suffix cfn"])
    #expect(imported.report.resources.map { "\($0.logicalID) \($0.outcome.rawValue): \($0.reason)" } == [
      "Slow skipped: the session refuses it: --period must be 10s, 20s, 30s or a multiple of 1m, got 45s",
      "Fifo skipped: the session refuses it: a SNS topic name may contain only letters, digits and '-' '_'",
    ])
  }
}

/// Templates that use what deployment decides: transforms, custom resources, conditions on pseudo parameters.
@Suite struct DeploymentTimeTemplateTests {
  @Test func transformsCustomResourcesAndUndecidedConditionsAreReported() throws {
    let text = """
      Transform: AWS::Serverless-2016-10-31
      Conditions:
        InUsEast: !Equals [!Ref 'AWS::Region', us-east-1]
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties: {Handler: index.handler}
        Pager:
          Type: AWS::SNS::Topic
          Condition: InUsEast
        Custom:
          Type: Custom::Thing
          Properties:
            ServiceToken: !GetAtt Fn.Arn
        Dash:
          Type: AWS::CloudWatch::Dashboard
          Properties:
            DashboardBody: '{"widgets":[{"type":"text","properties":{"markdown":"hi"}},{"type":"alarm","properties":{"alarms":[]}}]}'
      """
    let imported = try StackImporter.run([ImportSource(path: "sam.yaml", text: text)])
    #expect(imported.commands.map(\.text) == ["stack sam --suffix cfn", "topic pager --no-key", "dashboard overview add --text hi"])
    #expect(imported.report.findings.map { "\($0.location.description) \($0.kind)" } == [
      "sam.yaml:1:1 transform", "sam.yaml:10:16 condition-undecided",
    ])
    #expect(imported.report.resources.map { "\($0.logicalID) \($0.outcome.rawValue): \($0.reason)" } == [
      "Fn skipped: Vigil does not model AWS::Serverless::Function, and it is not a monitored resource the importer knows",
      "Pager imported: no TopicName: CloudFormation generates one, Vigil names it pager-topic-SUFFIX",
      "Custom skipped: Vigil does not model Custom::Thing, and it is not a monitored resource the importer knows",
      "Dash imported: 1 widget; a widget of type alarm not kept",
    ])
    // With the region given, the condition is decided.
    let west = try StackImporter.run([ImportSource(path: "sam.yaml", text: text)], parameters: [("AWS::Region", "eu-west-1")])
    #expect(west.report.resources.first { $0.logicalID == "Pager" }?.reason == "its condition InUsEast is false for these parameters")
  }
}

/// Subscriptions a Vigil topic holds (e-mail, HTTPS) move onto the topic's line; the others are reported.
@Suite struct SubscriptionImportTests {
  @Test func emailAndHTTPSSubscriptionsGoOnTheTopicLine() throws {
    let text = """
      Resources:
        Ops:
          Type: AWS::SNS::Topic
          Properties:
            TopicName: ops
            Subscription:
              - {Protocol: email, Endpoint: oncall@example.com}
              - {Protocol: sms, Endpoint: '+15555550100'}
        Hook:
          Type: AWS::SNS::Subscription
          Properties: {Protocol: https, Endpoint: 'https://hooks.example.com/alarms', TopicArn: !Ref Ops}
        Queue:
          Type: AWS::SNS::Subscription
          Properties: {Protocol: sqs, Endpoint: 'arn:aws:sqs:us-east-1:111122223333:q', TopicArn: !Ref Ops}
        Leaky:
          Type: AWS::SNS::Topic
          Properties:
            Subscription:
              - {Protocol: https, Endpoint: 'https://hooks.example.com/x?token=abcdef0123456789abcdef0123456789'}
      """
    let imported = try StackImporter.run([ImportSource(path: "t.yaml", text: text)])
    #expect(
      imported.commands.map(\.text) == [
        "stack t --suffix cfn",
        "topic ops --physical-name ops --no-key --email oncall@example.com --webhook https://hooks.example.com/alarms",
        "topic leaky --no-key",
      ])
    let outcomes = imported.report.resources.map { "\($0.logicalID) \($0.outcome.rawValue) \($0.sessionLine.map(String.init) ?? "-")" }
    #expect(outcomes == ["Ops imported 6", "Hook imported 6", "Queue skipped -", "Leaky imported 8"])
    #expect(imported.report.resources[0].reason == "an inline subscription (sms) not kept")
    #expect(imported.report.resources[1].reason == "on the line of topic Ops")
    #expect(imported.report.resources[3].reason.hasPrefix("no TopicName: CloudFormation generates one, Vigil names it leaky-topic-SUFFIX; subscriptions not kept: the session refuses it: webhook "))
  }
}
