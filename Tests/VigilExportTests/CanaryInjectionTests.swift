import Foundation
import Testing
import VigilCore
import VigilModel
import VigilTestSupport

@testable import VigilExport

/// Issue 12 item 3: the canary's `index.js` is built from data; its URL is parsed and validated.
@Suite struct CanaryInjectionTests {
  /// Ways out of a double-quoted string, a template literal and a line comment, each running `touch PROOF`.
  static let breakOuts: [String] = [
    ##"");require("child_process").execSync("touch PROOF");(""##,
    #"${require("child_process").execSync("touch PROOF")}"#,
    #"`+require("child_process").execSync("touch PROOF")+`"#,
    "\nrequire(\"child_process\").execSync(\"touch PROOF\");//",
  ]

  static func node() -> String? {
    ["/usr/bin/node", "/usr/local/bin/node", "/opt/homebrew/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// The stored ZIP entry's bytes (the writer stores entries uncompressed with a 30-byte local header).
  static func entry(_ zip: [UInt8]) -> String {
    let nameLength = Int(zip[26]) | Int(zip[27]) << 8
    let size = Int(zip[18]) | Int(zip[19]) << 8 | Int(zip[20]) << 16 | Int(zip[21]) << 24
    return String(decoding: zip[(30 + nameLength)..<(30 + nameLength + size)], as: UTF8.self)
  }

  @Test(arguments: breakOuts)
  func aHostileURLIsInertWhenNodeRunsTheCanary(breakOut: String) throws {
    guard let node = Self.node() else {
      print("skipped: node is not installed; the canary script was not executed")
      return
    }
    let dir = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let proof = dir.appendingPathComponent("pwned").path
    let url = "https://api.example.com/x" + breakOut.replacingOccurrences(of: "PROOF", with: proof)
    // Synthetics' modules, stubbed: the page records the URL it was asked to open and answers 500, so the
    // handler also builds its error message from the URL.
    for (module, code) in [
      ("Synthetics", #"exports.getPage = async () => ({ goto: async (u) => { globalThis.visited = u; return { status: () => 500 }; } });"#),
      ("SyntheticsLogger", "exports.info = () => {};"),
    ] {
      let folder = dir.appendingPathComponent("node_modules/\(module)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(code.utf8).write(to: folder.appendingPathComponent("index.js"))
    }
    try Data(Self.entry(LambdaBundle.canaryZip(url: url)).utf8).write(to: dir.appendingPathComponent("canary.js"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: node)
    process.currentDirectoryURL = dir
    process.arguments = [
      "-e",
      #"require("./canary.js").handler().then(() => process.exit(4), (e) => process.stdout.write(JSON.stringify([globalThis.visited, e.message])))"#,
    ]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    // The canary opened exactly the string given and reported it as text; the break-out never ran.
    let result = try JSONSerialization.jsonObject(with: data.isEmpty ? Data("null".utf8) : data, options: .fragmentsAllowed) as? [String]
    #expect(result == [url, url + " answered 500"])
    #expect(!FileManager.default.fileExists(atPath: proof), "the break-out ran")
  }

  @Test func theScriptHoldsTheURLOnlyAsAJSONString() {
    let script = LambdaBundle.canaryScript(url: "https://api.example.com/health?a=1&b=<x>")
    #expect(script.contains(#"const url = "https://api.example.com/health?a=1&b=\u003cx\u003e";"#))
    #expect(script.components(separatedBy: "api.example.com").count == 2)
  }

  @Test func exportRefusesACanaryURLTheModelLetThrough() throws {
    var stack = try ExportSessions.stack(ExportSessions.small)
    stack.canaries[0].url = #"https://x.example.com/");require("child_process")//"#
    #expect(throws: ExportError.invalidCanaryURL(canary: "health", .forbiddenCharacter(offset: 22))) {
      try TerraformExporter.export(stack)
    }
  }

  @Test(arguments: [
    ("https://api.example.com/health", "api.example.com"), ("https://api.example.com", "api.example.com"),
    ("https://10.0.0.1:8443/x?y=1#z", "10.0.0.1"), ("https://[2001:db8::1]/h", "[2001:db8::1]"),
    ("https://a-b.example.com/p%20q", "a-b.example.com"),
  ])
  func validURLsParse(text: String, host: String) throws {
    #expect(try HTTPSURL(validating: text).host == host)
  }

  @Test(arguments: [
    ("http://api.example.com", HTTPSURLError.notHTTPS), ("https://", .noHost), ("https:///x", .noHost),
    ("https://user:pw@api.example.com/", .credentials), ("https://api.example.com/a b", .forbiddenCharacter(offset: 25)),
    ("https://api.example.com/\u{7}", .forbiddenCharacter(offset: 24)), ("https://api.example.com/é", .forbiddenCharacter(offset: 24)),
    ("https://api.example.com/\"", .forbiddenCharacter(offset: 24)), ("https://api.example.com/${x}", .forbiddenCharacter(offset: 25)),
    ("https://api.example.com/%zz", .badPercentEscape(offset: 24)), ("https://-bad.example.com", .invalidHost),
    ("https://a..b", .invalidHost), ("https://api.example.com:0/", .invalidPort), ("https://api.example.com:99999", .invalidPort),
    ("https://api.example.com:/", .invalidPort), ("https://api.example.com/" + String(repeating: "a", count: 2048), .tooLong(2072)),
  ])
  func invalidURLsAreRefused(text: String, error: HTTPSURLError) {
    #expect(throws: error) { try HTTPSURL(validating: text) }
  }

  @Test(arguments: [("index.handler", "index"), ("src/api.main", "src/api"), ("a-b_c.$h", "a-b_c")])
  func handlersNameARelativeModule(text: String, module: String) throws {
    #expect(try LambdaHandlerName(validating: text).module == module)
  }

  @Test(arguments: [
    ("/etc/passwd.handler", LambdaHandlerNameError.module), ("../../x.handler", .shape), ("a/../b.handler", .shape),
    ("index", .shape), ("index.handler.x", .shape), ("in dex.handler", .module), ("index.1x", .function), ("index.${x}", .function),
    ("", .length),
  ])
  func badHandlersAreRefused(text: String, error: LambdaHandlerNameError) {
    #expect(throws: error) { try LambdaHandlerName(validating: text) }
  }

  /// The model refuses such a handler when it is typed; the export refuses it too, for stacks built in code.
  @Test func exportRefusesAHandlerThatWouldEscapeTheBundle() throws {
    var stack = try ExportSessions.stack("stack shop --suffix dev\nservice api --lambda")
    stack.services[0].kind = .lambda(runtime: "nodejs20.x", memoryMB: 256, timeoutSeconds: 10, handler: "/tmp/evil.handler")
    #expect(throws: ExportError.invalidHandler(service: "api", .module)) { try TerraformExporter.export(stack) }
  }
}
