import Synchronization

/// Cooperative cancellation of the command being run: the shell's SIGINT handler requests it, and the read loops
/// (one check per chunk read, where progress is counted) stop with `CancellationError`. A flag, not a task, because
/// the interpreter runs synchronously and a signal handler may only store to an atomic.
public enum Cancellation {
  private static let flag = Atomic<Bool>(false)

  /// Whether a stop was asked for since the last ``reset()``. Async-signal-safe to set, cheap to read.
  public static var isRequested: Bool { flag.load(ordering: .relaxed) }

  /// Asks the running command to stop (called from a signal handler: only an atomic store).
  public static func request() { flag.store(true, ordering: .relaxed) }

  /// Clears the request before the next command runs.
  public static func reset() { flag.store(false, ordering: .relaxed) }

  /// Throws `CancellationError` when a stop was asked for: the read loops call it once per chunk.
  public static func check() throws(CancellationError) {
    if flag.load(ordering: .relaxed) { throw CancellationError() }
  }
}
