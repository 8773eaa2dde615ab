import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// `vigil check` through the real binary: exit codes, text, SARIF, invalid sessions.
@Suite struct CheckCommandTests {
  static func session(_ text: String) throws -> URL {
    let directory = TestPaths.temporaryDirectory()
    let url = directory.appendingPathComponent("shop.vigil")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return directory
  }

  @Test func theSampleIsClean() throws {
    let result = try VigilBinary.run(["check", "samples/payments.vigil"])
    #expect(result.status == 0)
    #expect(result.stdout == "samples/payments.vigil: no findings (38 rules checked)\n")
  }

  @Test func findingsExitOne() throws {
    let directory = try Self.session(
      "stack shop --suffix dev\nkey logs\nservice api --lambda\nlogs api --retention 14\ntracing --sampling 0.1\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try VigilBinary.run(["check", "shop.vigil"], in: directory)
    #expect(result.status == 1)
    #expect(
      result.stdout == """
        shop.vigil:3:1: VIGIL-DSH-001: the dashboard of api shows no alarm: no metric alarm belongs to this service boundary
          why: Each service has its own dashboard; an empty alarm widget there means no alarm watches that service at all.
          fix: alarm api-errors --metric AWS/Lambda/Errors --dimension FunctionName=api --stat Sum --period 1m --when '>= 1' --missing notBreaching --service api
          fix: composite api-errors-alert --rule 'ALARM(api-errors)'
        shop.vigil:4:1: VIGIL-LOG-002: log group /aws/lambda/api-dev keeps logs 14 days; the platform requires exactly 30
          why: The platform keeps 30 days searchable in CloudWatch and everything older in the S3 Glacier archive; longer retention costs more and shorter loses the incident window. [CKV_AWS_66]
          fix: logs api --retention 30 --key logs --archive glacier
        shop.vigil: 2 finding(s): 1 error(s), 1 warning(s)

        """)
    let sarif = try VigilBinary.run(["check", "shop.vigil", "--format", "sarif"], in: directory)
    #expect(sarif.status == 1)
    let document = try JSONValue.parse(sarif.stdout)
    #expect(document["version"] == "2.1.0")
    #expect(document["runs"]?.arrayValue?.first?["results"]?.arrayValue?.count == 2)
  }

  @Test func invalidSessionsExitTwoWithACaret() throws {
    let directory = try Self.session("stack shop --suffix dev\nlogs api --retention 14\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try VigilBinary.run(["check", "shop.vigil"], in: directory)
    #expect(result.status == 2)
    #expect(result.stdout == "")
    #expect(result.stderr == "shop.vigil:2:6: error: unknown service 'api'; none is defined yet\n  logs api --retention 14\n       ^\n")
  }

  @Test func unknownFormatExitsTwo() throws {
    let result = try VigilBinary.run(["check", "samples/payments.vigil", "--format", "xml"])
    #expect(result.status == 2)
    #expect(result.stderr == "vigil: error: --format must be text, json or sarif, got 'xml'\n")
  }
}
