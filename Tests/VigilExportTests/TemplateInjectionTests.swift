import Foundation
import Testing
import VigilCore
import VigilExport
import VigilModel
import VigilTestSupport

/// Issue 12 item 2: session text must never become a Terraform interpolation (`${…}`) or directive (`%{…}`).
@Suite struct TemplateInjectionTests {
  /// Every free-text option carries `${…}` and `%{…}` with the marker `PWN` inside the braces.
  static let hostile = #"""
    stack shop --suffix dev
    key logs
    network existing
    service api --lambda
    service web --ecs --cluster main --image 'repo/img:${PWN_image}%{PWN_image}'
    logs api --retention 30 --key logs --archive glacier
    metric-filter api-errors on api --pattern '"${PWN_pattern}%{ if PWN_pattern }"' --namespace Shop/api --metric ErrorCount --value 1 --dimension 'D${PWN_dkey}%{PWN_dkey}=$.who'
    alarm api-latency --metric 'Shop${PWN_ns}%{PWN_ns}/Lat${PWN_mname}%{PWN_mname}' --stat p99 --when '> 800'
    alarm api-errors --metric Shop/api/ErrorCount --stat Sum --when '>= 1' --description 'd ${file("/PWN/passwd")} %{PWN_description}' --dimension 'Route=${PWN_dimension}%{PWN_dimension}'
    topic oncall --email 'a${PWN_email}%{PWN_email}@example.com' --webhook 'ssm:/hooks/${PWN_ssm}%{PWN_ssm}' --dlq
    composite shop-failing --rule 'ALARM(api-errors)' --notify oncall
    canary health --url https://shop.example.com/health
    parameter db/host --value 'v ${PWN_value} %{PWN_value}' --description 'p ${PWN_pdesc} %{PWN_pdesc}'
    query-definition errors --query 'filter msg = "${PWN_query}%{PWN_query}"' --logs api
    variable hook --sensitive --description 'v ${PWN_vdesc}%{PWN_vdesc}' --default 'x${PWN_vdefault}%{PWN_vdefault}'
    dashboard api add --text '# ${nonsensitive(var.hook) PWN_text} %{PWN_text}'
    dashboard api add --title 'T ${PWN_title}%{PWN_title}' --metric Shop/api/ErrorCount --dimension 'K=${PWN_dashdim}%{PWN_dashdim}'
    dashboard overview add --title 'L ${PWN_ltitle}%{PWN_ltitle}' --logs 'filter x = "${PWN_logs}%{PWN_logs}"'
    """#

  @Test(arguments: [
    ("plain", "plain"), ("${x}", "$${x}"), ("%{x}", "%%{x}"), ("$${x}", "$$${x}"), ("%%{x}", "%%%{x}"),
    ("a $ b % c { d }", "a $ b % c { d }"), ("${a}%{b}${", "$${a}%%{b}$${"), ("$", "$"), ("{", "{"),
  ])
  func escapeDoublesTheSigilBeforeEveryBrace(input: String, expected: String) {
    #expect(TerraformTemplate.escape(input) == expected)
  }

  @Test func theWholeExportOfAHostileSessionHasNoLiveUserTemplate() throws {
    let stack = try ExportSessions.stack(Self.hostile)
    for plain in [false, true] {
      let files = try TerraformExporter.export(stack, options: ExportOptions(plain: plain)).files
      var checkedStrings = 0
      for (path, bytes) in files {
        if path.hasSuffix(".tf.json") {
          let json = try JSONSerialization.jsonObject(with: Data(bytes))
          for string in Self.strings(in: json) {
            checkedStrings += 1
            for expression in Self.interpolations(in: string) {
              // The one reference that carries the marker is the SSM data source's logical id, made of identifier
              // characters only (`ResourceNames.logicalID`), so it cannot carry an expression.
              #expect(
                !expression.contains("PWN") || expression.hasPrefix("${data.aws_ssm_parameter."),
                "\(path): live template \(expression) in \(string)")
              #expect(Self.isVigilReference(expression), "\(path): unexpected template \(expression)")
            }
          }
        } else {
          // Bundles, dashboards, manifests: no `${`/`%{` opening user text at all.
          let text = String(decoding: bytes, as: UTF8.self)
          #expect(!text.contains("${PWN") && !text.contains("%{PWN") && !text.contains("${nonsensitive"), "\(path)")
        }
      }
      // The hostile text is there, literally: each marker appears escaped.
      let main = try #require(files.first { $0.path.hasSuffix(".tf.json") })
      let text = String(decoding: main.bytes, as: UTF8.self)
      for marker in [
        "PWN_image", "PWN_pattern", "/PWN/passwd", "PWN_description", "PWN_dimension", "PWN_email", "PWN_ssm", "PWN_value",
        "PWN_pdesc", "PWN_query", "PWN_dkey", "PWN_ns", "PWN_mname", "PWN_vdesc", "PWN_vdefault", "PWN_text", "PWN_title", "PWN_dashdim", "PWN_ltitle", "PWN_logs",
      ] {
        #expect(text.contains(marker), "\(marker) is missing from the export")
      }
      #expect(checkedStrings > 100)
    }
  }

  @Test func escapedValuesReadBackAsTheUserWroteThem() throws {
    let export = try ExportSessions.terraform(Self.hostile)
    guard case .object(let root) = export.document, case .object(let resources)? = root["resource"],
      case .object(let alarms)? = resources["aws_cloudwatch_metric_alarm"], case .object(let alarm)? = alarms["alarm_api-errors"],
      case .object(let parameters)? = resources["aws_ssm_parameter"], case .object(let parameter)? = parameters.values.first
    else {
      Issue.record("no alarm or parameter in \(export.document)")
      return
    }
    #expect(alarm["alarm_description"] == .string(#"d $${file("/PWN/passwd")} %%{PWN_description}"#))
    #expect(alarm["dimensions"] == .object(["Route": .string("$${PWN_dimension}%%{PWN_dimension}")]))
    #expect(parameter["value"] == .string("v $${PWN_value} %%{PWN_value}"))
  }

  @Test func theDashboardFileSpellsUserSigilsAsJSONEscapes() throws {
    let files = try TerraformExporter.export(try ExportSessions.stack(Self.hostile)).files
    let file = try #require(files.first { $0.path == "dashboards/api.json" })
    let text = String(decoding: file.bytes, as: UTF8.self)
    #expect(text.contains(##""markdown": "# \u0024{nonsensitive(var.hook) PWN_text} \u0025{PWN_text}""##))
    // The account placeholder stays the one `${…}` a deployer substitutes.
    #expect(text.contains("${AWS_ACCOUNT_ID}"))
    // CloudWatch reads the same string the user wrote.
    let body = try #require(try JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any])
    let widgets = try #require(body["widgets"] as? [[String: Any]])
    let markdown = widgets.compactMap { ($0["properties"] as? [String: Any])?["markdown"] as? String }
    #expect(markdown.contains("# ${nonsensitive(var.hook) PWN_text} %{PWN_text}"))
  }

  // MARK: Helpers

  static func strings(in json: Any) -> [String] {
    switch json {
    case let s as String: return [s]
    case let a as [Any]: return a.flatMap(strings(in:))
    case let o as [String: Any]: return o.keys.map { $0 } + o.values.flatMap(strings(in:))
    default: return []
    }
  }

  /// The expressions Terraform would evaluate in `template`: `${…}` and `%{…}` not escaped as `$${`/`%%{`,
  /// scanned left to right the way Terraform's template scanner does.
  static func interpolations(in template: String) -> [String] {
    let bytes = Array(template.utf8)
    var found: [String] = []
    var i = 0
    while i < bytes.count {
      let sigil = bytes[i] == UInt8(ascii: "$") || bytes[i] == UInt8(ascii: "%")
      if sigil, i + 2 < bytes.count, bytes[i + 1] == bytes[i], bytes[i + 2] == UInt8(ascii: "{") {
        i += 3
        continue
      }
      if sigil, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
        let end = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) ?? bytes.count
        found.append(String(decoding: bytes[i..<min(end + 1, bytes.count)], as: UTF8.self))
        i = end
        continue
      }
      i += 1
    }
    return found
  }

  /// The references and function calls Vigil itself writes.
  static func isVigilReference(_ expression: String) -> Bool {
    let patterns = [
      #"^\$\{(data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+(\[[0-9]+\])?)*\}$"#,
      #"^\$\{var\.[A-Za-z0-9_-]+\}$"#,
      #"^\$\{cidrsubnet\(aws_vpc\.vpc\.cidr_block, 4, [0-9]+\)\}$"#,
      #"^\$\{filebase64sha256\(\\?"lambda/[a-z0-9-]+\.zip\\?"\)\}$"#,
    ]
    return patterns.contains { expression.range(of: $0, options: .regularExpression) != nil }
  }
}
