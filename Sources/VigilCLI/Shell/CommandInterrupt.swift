import Foundation
import VigilCore

/// Ctrl-C while a shell command runs: the first asks the command to stop (`Cancellation`, checked by the read
/// loops between chunks), so the shell returns to its prompt with the session as it was; a second one, for a
/// command that does not stop, ends the process as Ctrl-C normally does (the journal already holds every command).
enum CommandInterrupt {
  static func begin() {
    Cancellation.reset()
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      if Cancellation.isRequested {
        signal(SIGINT, SIG_DFL)
        raise(SIGINT)
      } else {
        Cancellation.request()
      }
    }
    sigemptyset(&action.sa_mask)
    // Restart interrupted reads: the command notices the request at its next check, not as a failed read.
    action.sa_flags = SA_RESTART
    sigaction(SIGINT, &action, nil)
  }

  static func end() {
    signal(SIGINT, SIG_DFL)
    Cancellation.reset()
  }
}
