import Foundation
import VigilCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Stops a run that talks to the account: Ctrl-C (SIGINT) or SIGTERM kills the running `aws` child and makes
/// the next step throw `AWSError.cancelled`, so callers unwind without writing a half-finished file.
public final class Cancellation: @unchecked Sendable {
  /// The process-wide instance the signal handlers drive.
  public static let shared = Cancellation()

  private let lock = NSLock()
  private var cancelled = false
  private var child: Process?
  private var sources: [DispatchSourceSignal] = []

  public init() {}

  /// Whether the run was stopped, here or by the shell's Ctrl-C (which stops the command it runs through
  /// `VigilCore.Cancellation`; the terminal's SIGINT reaches the `aws` child itself).
  public var isCancelled: Bool {
    lock.lock()
    defer { lock.unlock() }
    return cancelled || VigilCore.Cancellation.isRequested
  }

  /// Routes SIGINT and SIGTERM here instead of ending the process at once (idempotent).
  public func handleInterrupts() {
    lock.lock()
    defer { lock.unlock() }
    guard sources.isEmpty else { return }
    // A parent may have started Vigil with these signals blocked (the mask is inherited); Ctrl-C must still work.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGINT)
    sigaddset(&unblock, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [weak self] in self?.cancel() }
      source.resume()
      sources.append(source)
    }
  }

  /// Stops the run: kills the running child (SIGKILL: it may have inherited an ignored SIGTERM) and marks the run.
  public func cancel() {
    lock.lock()
    cancelled = true
    let running = child
    lock.unlock()
    if let running, running.isRunning { kill(running.processIdentifier, SIGKILL) }
  }

  /// Throws `.cancelled` once the run was stopped.
  public func check() throws(AWSError) {
    if isCancelled { throw .cancelled }
  }

  /// Starts `process` and waits for it; a cancellation while it runs kills it.
  func run(_ process: Process) throws {
    lock.lock()
    guard !cancelled else {
      lock.unlock()
      throw AWSError.cancelled
    }
    do {
      try process.run()
    } catch {
      lock.unlock()
      throw error
    }
    child = process
    lock.unlock()
    process.waitUntilExit()
    lock.lock()
    child = nil
    lock.unlock()
  }

  /// Waits `seconds`, waking early (and throwing) when the run is stopped.
  public func sleep(seconds: Double) throws(AWSError) {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
      try check()
      Thread.sleep(forTimeInterval: min(0.05, max(0, end.timeIntervalSinceNow)))
    }
    try check()
  }
}
