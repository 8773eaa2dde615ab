/// The Lambda runtimes AWS has deprecated, with the dates of the two blocks that follow a deprecation, in one place:
/// the session's refusal of `service --runtime`, the policy rule VIGIL-LMB-002 and the importers read it.
///
/// After the deprecation date AWS no longer patches the runtime; from the block-create date `CreateFunction` with it
/// fails, and from the block-update date `UpdateFunctionConfiguration` and `UpdateFunctionCode` fail too, while
/// existing functions keep running. Dates and identifiers as the "Deprecated runtimes" table of the Lambda runtimes
/// page lists them (cross-checked with cfn-lint's copy of that table); the replacement is a runtime of the same
/// language the page lists as supported. Only rows whose three dates could be confirmed are here: runtimes deprecated
/// more recently (nodejs18.x, python3.9, nodejs20.x, …) are still refused or accepted by the rules that held before.
/// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
/// https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html
public enum LambdaRuntimes {
  /// One deprecated runtime: dates are UTC days (`YYYY-MM-DD`).
  public struct Deprecation: Equatable, Sendable {
    public var runtime: String
    public var deprecated: String
    public var blockCreate: String
    public var blockUpdate: String
    public var replacement: String

    /// `python3.8 was deprecated by AWS on 2024-10-14; Lambda blocks creating functions with it from 2025-10-01 and
    /// updating them from 2025-11-01; move to python3.13`.
    public var message: String {
      "\(runtime) was deprecated by AWS on \(deprecated); Lambda blocks creating functions with it from \(blockCreate) and "
        + "updating them from \(blockUpdate); move to \(replacement)"
    }
  }

  /// The runtime `service NAME --lambda` gets without `--runtime` (see ``Service/defaultRuntime``).
  static let nodeReplacement = Service.defaultRuntime
  static let pythonReplacement = "python3.13"

  /// Deprecated runtimes, oldest language versions first.
  public static let deprecated: [Deprecation] = [
    Deprecation(runtime: "nodejs", deprecated: "2016-10-31", blockCreate: "2016-10-31", blockUpdate: "2016-10-31", replacement: nodeReplacement),
    Deprecation(runtime: "nodejs4.3", deprecated: "2020-03-05", blockCreate: "2020-03-05", blockUpdate: "2020-03-05", replacement: nodeReplacement),
    Deprecation(runtime: "nodejs6.10", deprecated: "2019-08-12", blockCreate: "2019-08-12", blockUpdate: "2019-08-12", replacement: nodeReplacement),
    Deprecation(runtime: "nodejs8.10", deprecated: "2020-03-06", blockCreate: "2020-03-06", blockUpdate: "2020-03-06", replacement: nodeReplacement),
    Deprecation(runtime: "nodejs10.x", deprecated: "2021-07-30", blockCreate: "2021-07-30", blockUpdate: "2022-02-14", replacement: nodeReplacement),
    Deprecation(runtime: "nodejs12.x", deprecated: "2023-03-31", blockCreate: "2023-03-31", blockUpdate: "2023-04-30", replacement: nodeReplacement),
    Deprecation(runtime: "nodejs14.x", deprecated: "2023-12-04", blockCreate: "2024-07-09", blockUpdate: "2025-11-01", replacement: nodeReplacement),
    Deprecation(runtime: "nodejs16.x", deprecated: "2024-06-12", blockCreate: "2025-10-01", blockUpdate: "2025-11-01", replacement: nodeReplacement),
    Deprecation(runtime: "python2.7", deprecated: "2021-07-15", blockCreate: "2021-07-15", blockUpdate: "2022-05-30", replacement: pythonReplacement),
    Deprecation(runtime: "python3.6", deprecated: "2022-07-18", blockCreate: "2022-07-18", blockUpdate: "2022-08-29", replacement: pythonReplacement),
    Deprecation(runtime: "python3.7", deprecated: "2023-12-04", blockCreate: "2024-01-09", blockUpdate: "2025-11-01", replacement: pythonReplacement),
    Deprecation(runtime: "python3.8", deprecated: "2024-10-14", blockCreate: "2025-10-01", blockUpdate: "2025-11-01", replacement: pythonReplacement),
    Deprecation(runtime: "ruby2.5", deprecated: "2021-07-30", blockCreate: "2021-07-30", blockUpdate: "2022-03-31", replacement: "ruby3.2"),
    Deprecation(runtime: "ruby2.7", deprecated: "2023-12-07", blockCreate: "2024-01-09", blockUpdate: "2025-11-01", replacement: "ruby3.2"),
    Deprecation(runtime: "java8", deprecated: "2024-01-08", blockCreate: "2024-02-08", blockUpdate: "2025-11-01", replacement: "java21"),
    Deprecation(runtime: "go1.x", deprecated: "2024-01-08", blockCreate: "2024-02-08", blockUpdate: "2025-11-01", replacement: "provided.al2023"),
    Deprecation(runtime: "provided", deprecated: "2024-01-08", blockCreate: "2024-02-08", blockUpdate: "2025-11-01", replacement: "provided.al2023"),
    Deprecation(runtime: "dotnetcore1.0", deprecated: "2019-06-27", blockCreate: "2019-07-30", blockUpdate: "2019-07-30", replacement: "dotnet8"),
    Deprecation(runtime: "dotnetcore2.0", deprecated: "2019-05-30", blockCreate: "2019-05-30", blockUpdate: "2019-05-30", replacement: "dotnet8"),
    Deprecation(runtime: "dotnetcore2.1", deprecated: "2022-01-05", blockCreate: "2022-01-05", blockUpdate: "2022-04-13", replacement: "dotnet8"),
    Deprecation(runtime: "dotnetcore3.1", deprecated: "2023-04-03", blockCreate: "2023-04-03", blockUpdate: "2023-05-03", replacement: "dotnet8"),
    Deprecation(runtime: "dotnet6", deprecated: "2024-11-12", blockCreate: "2025-10-01", blockUpdate: "2025-11-01", replacement: "dotnet8"),
    Deprecation(runtime: "dotnet7", deprecated: "2024-05-14", blockCreate: "2024-05-14", blockUpdate: "2024-05-14", replacement: "dotnet8"),
  ]

  /// The deprecation of `runtime`, nil for a runtime AWS still supports (or one it never had).
  public static func deprecation(of runtime: String) -> Deprecation? { deprecated.first { $0.runtime == runtime } }
}
