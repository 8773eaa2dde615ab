import Foundation
import VigilAWS
import VigilCore
import VigilInsights
import VigilSession

/// The shell's `query SERVICE --remote | QUERY`: StartQuery and GetQueryResults through the AWS CLI, with the
/// profile, region and endpoint of the environment (`AWS_PROFILE`, `AWS_REGION`, `VIGIL_AWS_ENDPOINT_URL`), as
/// `vigil query --remote` runs them. The number of API calls goes to standard error, as for the command line.
enum ShellRemoteQuery {
  /// The runner the shell gives its interpreter; `progress` shows the polling on a terminal.
  static func runner(progress: Bool) -> RemoteQueryRunner {
    { request in
      // Its own cancellation: the shell keeps Ctrl-C for itself and stops the command through VigilCore's flag.
      let client = try AWSClient(options: AWSOptions(), cancellation: VigilAWS.Cancellation())
      if progress { client.progress = { printError("… " + $0) } }
      defer { if !client.calls.isEmpty { printError("vigil: \(client.callSummary)") } }
      let now = EpochMillis((Date().timeIntervalSince1970 * 1000).rounded(.down))
      return try RemoteQuery(text: request.query, logGroups: request.logGroups, from: now - request.since, until: now).run(client)
    }
  }
}
