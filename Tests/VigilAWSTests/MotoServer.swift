import Foundation
import VigilTestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A real moto server (`python3 -m moto.server`) on 127.0.0.1 and a free port, for tests that run the AWS CLI and
/// `vigil` against it. Nothing is faked: moto implements the CloudWatch and CloudWatch Logs APIs itself.
///
/// moto's limits, measured: its Logs Insights runs only `fields`, `sort` and `limit`; GetMetricData answers HTTP 500
/// for percentile statistics; `put-composite-alarm` and `describe-alarm-history` are not implemented; PutMetricData
/// bodies over 10 KB need `AWS_DISABLE_REQUEST_COMPRESSION=true`. The tests stay inside them.
final class MotoServer: @unchecked Sendable {
  let port: Int
  let process: Process
  var endpoint: String { "http://127.0.0.1:\(port)" }

  /// Why the servers cannot run here (no `aws`, no moto), or nil when they can.
  static let unavailableReason: String? = {
    guard let aws = executable("aws") else { return "the AWS CLI (`aws`) is not on PATH; run scripts/setup.sh" }
    _ = aws
    guard let python = executable("python3"),
      let result = try? runProcess(URL(fileURLWithPath: python), ["-c", "import moto.server, werkzeug"]), result.status == 0
    else { return "moto[server] is not installed for python3; run scripts/setup.sh" }
    return nil
  }()

  static var available: Bool { unavailableReason == nil }

  /// The server every test of a run shares (each test uses its own names); stopped when the test process exits.
  static let shared: MotoServer? = {
    guard available, let server = try? MotoServer() else { return nil }
    sharedPID = server.process.processIdentifier
    atexit { if sharedPID > 0 { kill(sharedPID, SIGKILL) } }
    return server
  }()

  /// Starts a server and waits until it answers (at most 60 s: the machine may be busy); `environment` adds
  /// moto settings (`INITIAL_NO_AUTH_ACTION_COUNT` turns IAM checks on after that many calls).
  init(environment extra: [String: String] = [:]) throws {
    port = try Self.freePort()
    process = Process()
    process.executableURL = Self.executable("python3").map { URL(fileURLWithPath: $0) }
    process.arguments = ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      if Self.accepts(port) { return }
      Thread.sleep(forTimeInterval: 0.1)
    }
    stop()
    throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "moto did not start on port \(port)"])
  }

  /// Stops the server and waits for it. SIGKILL: a child of the test runner inherits its blocked signal mask,
  /// with SIGTERM blocked, so `terminate()` would never arrive.
  func stop() {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// What `aws` and `vigil` need to reach this server: test credentials, a region, and the endpoint.
  var environment: [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["AWS_ACCESS_KEY_ID"] = "testing"
    env["AWS_SECRET_ACCESS_KEY"] = "testing"
    env["AWS_DEFAULT_REGION"] = "us-east-1"
    env["AWS_CONFIG_FILE"] = "/dev/null"
    env["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
    env["AWS_DISABLE_REQUEST_COMPRESSION"] = "true"
    env["AWS_PAGER"] = ""
    env["VIGIL_AWS_ENDPOINT_URL"] = endpoint
    env.removeValue(forKey: "AWS_PROFILE")
    env.removeValue(forKey: "AWS_SESSION_TOKEN")
    return env
  }

  /// Runs `aws ARGUMENTS --endpoint-url …` and returns its output; throws when it fails.
  @discardableResult
  func aws(_ arguments: [String]) throws -> String {
    let result = try runProcess(
      URL(fileURLWithPath: Self.executable("aws") ?? "/usr/bin/aws"), ["--endpoint-url", endpoint, "--output", "json"] + arguments,
      environment: environment)
    guard result.status == 0 else {
      throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "aws \(arguments.joined(separator: " ")): \(result.stderr)"])
    }
    return result.stdout
  }

  /// Runs the built `vigil` against this server.
  func vigil(_ arguments: [String], in directory: URL = TestPaths.packageRoot) throws -> ProcessOutput {
    try VigilBinary.run(arguments, in: directory, environment: environment)
  }

  static func executable(_ name: String) -> String? {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// A port the kernel just handed out for 127.0.0.1 (bound to port 0, then released).
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no free port"]) }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  static func accepts(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
  }
}

nonisolated(unsafe) private var sharedPID: Int32 = 0
