import Foundation
import VigilCharts
import VigilCore
import VigilModel
import VigilPolicy

/// The result of executing one command.
public struct CommandOutcome: Sendable {
  public enum Status: Sendable, Equatable {
    case ok
    /// An `expect` did not hold (exit 1 in `vigil run`).
    case expectationFailed
    /// The command was rejected (exit 2 in `vigil run`); the session is unchanged.
    case invalid
    case quit
  }
  public var status: Status
  public var output: String
  /// The error behind an `.invalid` outcome (its `description` is the output), so notebooks can
  /// re-locate it into the cell; nil for other outcomes and for a failed nested `load`.
  public var diagnostic: Diagnostic?
  public init(_ status: Status, _ output: String) {
    self.status = status
    self.output = output
  }
  /// A rejected command.
  public init(invalid diagnostic: Diagnostic) {
    self.init(.invalid, diagnostic.description)
    self.diagnostic = diagnostic
  }
}

/// One accepted command as written, kept so the session can be saved, undone and replayed.
public struct SessionEntry: Equatable, Sendable {
  public var text: String
  public var location: SourceLocation
  /// The folder the entry's relative paths resolve against: the current directory for a typed command, the file's
  /// folder for a command read from a session file or notebook (nil: the session's base directory).
  public var directory: URL?
  /// An entry as `history` lists it and `save` writes it.
  public init(text: String, location: SourceLocation, directory: URL? = nil) {
    self.text = text
    self.location = location
    self.directory = directory
  }
}

/// Executes command lines against a session: the stack, the accepted commands and the loaded data.
/// The shell, `vigil run`, notebooks and tests all go through it.
public final class Interpreter {
  public private(set) var builder: StackBuilder
  public private(set) var entries: [SessionEntry] = []
  public let parser: CommandParser
  /// Called with each accepted command's text (the shell's journal).
  public var onAccept: ((SessionEntry) -> Void)?
  /// Called after `undo` rebuilt the session, with the commands it kept (the shell rewrites its journal).
  public var onRebuild: (([SessionEntry]) -> Void)?
  /// Called after `save` wrote every accepted command to a file, with their count and the file's path (the shell's
  /// journal records it, so a restart does not offer saved commands as unsaved).
  public var onSave: ((Int, String) -> Void)?
  /// Directory relative paths in commands are resolved against (the session file's directory).
  public var baseDirectory: URL
  /// How many entries the last `save` wrote (the journal can go once everything is saved).
  public private(set) var savedCount = -1
  /// The last query run in this session (for `save-query`): its text and services.
  var lastQuery: (String, [String])?
  /// Loaded data: metrics, incidents.
  var workspace = Workspace()
  /// Rules that flag something still to be defined (a composite, an alarm, tracing, a key): noise while typing.
  static let notYetRules: Set<String> = ["VIGIL-ALM-001", "VIGIL-DSH-001", "VIGIL-TRC-001", "VIGIL-KMS-001"]
  /// Called while a large log file loads (the interactive shell draws a progress bar); nil reports nothing.
  public var onLoadProgress: ((LoadProgress) -> Void)?
  /// Whether accepting a stack command reports the platform rules it breaks (the interactive shell).
  public var policyWarnings = false
  /// The findings of the last stack checked, so each accepted command costs one policy check, not two.
  var policyWatch = PolicyWatch()
  /// Chart size and colour.
  public var display = DisplayOptions()
  /// The usage of each `vigil` subcommand by name, so `help query` also shows the command-line form when one exists
  /// (the command line sets it; the session library does not know its subcommands).
  public var commandLineForms: [String: String] = [:]
  /// Runs `query SERVICE --remote | …` where the logs are (the command line sets it: the session library makes no
  /// calls); nil refuses `--remote`.
  public var remoteQuery: RemoteQueryRunner?
  /// Nesting guard for `load SESSION`.
  private(set) var loadDepth = 0
  /// The session just before each entry, one per entry: `undo` goes back to one without replaying the commands
  /// before it or reloading their data, and a rejected or interrupted command goes back to the one taken before it.
  private var undoPoints: [UndoPoint] = []

  /// What `undo` restores: the stack by its builder's undo steps, the loaded data as it was (copy-on-write).
  private struct UndoPoint {
    var appliedCount: Int
    var workspace: Workspace
    var lastQuery: (String, [String])?
  }

  /// The message of a command stopped with Ctrl-C.
  public static let interruptedMessage = "interrupted: the command was stopped; the session is as it was before it"

  /// The commands this session understands, with how each is recorded.
  public let registry: CommandRegistry
  /// Every command's spec, in `help` order.
  public static var allSpecs: [CommandSpec] { CommandRegistry.standard.specs }

  /// An empty session; relative paths in its commands resolve against `baseDirectory`.
  public init(baseDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
    self.builder = StackBuilder()
    self.registry = .standard
    self.parser = CommandParser(specs: registry.specs)
    self.baseDirectory = baseDirectory
  }

  public var stack: Stack { builder.stack }

  /// Executes every command of a text (a session file or a shell line), stopping at the first rejection.
  public func execute(_ text: String, file: String? = nil, firstLine: Int = 1) -> [CommandOutcome] {
    var outcomes: [CommandOutcome] = []
    for item in CommandLexer.split(text, file: file, firstLine: firstLine) {
      switch item {
      case .failure(let diagnostic):
        outcomes.append(CommandOutcome(invalid: diagnostic))
        return outcomes
      case .success(let command):
        let outcome = execute(command)
        outcomes.append(outcome)
        if outcome.status == .invalid || outcome.status == .quit { return outcomes }
      }
    }
    return outcomes
  }

  /// Executes the commands of a session file or notebook: relative paths inside it resolve against `directory` (the
  /// file's folder), while commands typed afterwards keep resolving against the session's base directory.
  public func execute(_ text: String, file: String?, relativeTo directory: URL) -> [CommandOutcome] {
    let outer = baseDirectory
    baseDirectory = directory
    defer { baseDirectory = outer }
    return execute(text, file: file)
  }

  /// Executes one command through the registry; records it in the session when accepted and its kind is recorded.
  public func execute(_ command: CommandSource) -> CommandOutcome {
    // A top-level command is all or nothing: rejected or interrupted, the session goes back to this point.
    guard loadDepth == 0 else { return run(command) }
    let point = currentPoint()
    // A command that runs another at the top level (`save-query` defines a query definition) keeps its own point.
    let outer = pendingPoint
    pendingPoint = point
    defer { pendingPoint = outer }
    let outcome = run(command)
    guard outcome.status == .invalid else { return outcome }
    restore(point)
    // A read stopped by Ctrl-C fails with `CancellationError`: said as an interruption, not as a broken file.
    return Cancellation.isRequested ? CommandOutcome(.invalid, Interpreter.interruptedMessage) : outcome
  }

  /// The point taken before the top-level command being run; `accept` keeps it for `undo`.
  private var pendingPoint: UndoPoint?

  private func run(_ command: CommandSource) -> CommandOutcome {
    if let help = helpRequest(command) { return help }
    let outcome: CommandOutcome
    let recording: CommandRecording
    if let head = command.tokens.first, !head.quoted, let entry = registry.command(named: head.text),
      case .line(let run) = entry.handler
    {
      outcome = run(self, command)
      recording = entry.recording
    } else {
      do throws(Diagnostic) {
        let parsed = try parser.parse(command)
        guard let entry = registry.command(named: parsed.spec.name), case .parsed(let run) = entry.handler else {
          throw parsed.head.error("'\(parsed.spec.name)' is not available here")
        }
        outcome = try run(self, parsed)
        recording = entry.recording
      } catch {
        return CommandOutcome(invalid: error)
      }
    }
    // Ctrl-C while it ran: whatever it did is put back (see `execute(_:)`) and nothing is recorded.
    if loadDepth == 0 && outcome.status != .quit && Cancellation.isRequested {
      return CommandOutcome(.invalid, Interpreter.interruptedMessage)
    }
    // A query run on CloudWatch is not part of the session: replaying it would call the account again.
    if outcome.status != .invalid && recording != .unrecorded && !Self.isRemoteQuery(command) { accept(command) }
    return outcome
  }

  /// A stack command: `StackBuilder` applies it; in the shell, the platform rules it breaks follow as warnings.
  func applyStackCommand(_ parsed: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    // A copy of the stack only when it is compared: holding one makes the builder copy what the command changes.
    let before = policyWarnings ? stack : nil
    let message = try builder.apply(parsed)
    guard let before else { return CommandOutcome(.ok, message) }
    // Only what this very command broke; rules about something not defined yet wait for `vigil check`.
    // A rule across resources (a metric and its publisher, a topic and the composite notifying it) is broken by this
    // command wherever the resource at fault was defined.
    let broken = policyWatch.newFindings(before: before, after: stack, loaded: loadedMetricIdentities).filter {
      ($0.location == parsed.line.location || Interpreter.wiringRules.contains($0.rule.id))
        && !Interpreter.notYetRules.contains($0.rule.id)
    }
    let warnings = Interpreter.warningLines(broken)
    return CommandOutcome(.ok, ([message] + warnings).joined(separator: "\n"))
  }

  /// Runs an edit of the stack that is not a defining command (`remove`) on the builder.
  func editStack(_ edit: (inout StackBuilder) throws(Diagnostic) -> String) throws(Diagnostic) -> String {
    try edit(&builder)
  }

  func accept(_ command: CommandSource) {
    // Inside `load SESSION` the load itself is the recorded command.
    guard loadDepth == 0 else { return }
    let entry = SessionEntry(text: command.text, location: command.location, directory: baseDirectory)
    entries.append(entry)
    if let pendingPoint { undoPoints.append(pendingPoint) }
    onAccept?(entry)
  }

  /// `help` and `help COMMAND`.
  func help(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    CommandOutcome(.ok, try HelpText.render(c.positionals, commands: registry.commands, commandLineForms: commandLineForms))
  }

  /// `COMMAND ... --help`: the command's help instead of running it (as `vigil SUBCOMMAND --help` does); nil when
  /// the line asks for no help. Only an unquoted `--help` counts, so a quoted value may still be the text "--help".
  func helpRequest(_ command: CommandSource) -> CommandOutcome? {
    guard command.tokens.dropFirst().contains(where: { $0.text == "--help" && !$0.quoted }),
      let entry = registry.command(startingLine: command.text)
    else { return nil }
    return CommandOutcome(.ok, HelpText.usage(of: entry.spec, commandLineForms: commandLineForms))
  }

  /// `show` and `show NAME`.
  func show(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    CommandOutcome(.ok, try StackDescription.describe(stack, name: c.positional(0)))
  }

  /// `show dashboard NAME`: the dashboard preview stage drawn in the terminal.
  func showDashboard(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    let name = try c.positionals[0].reference(.dashboard, in: stack.names(of: .dashboard))
    guard let dashboard = previewDashboards().first(where: { $0.name == name }) else {
      throw c.positionals[0].error("no dashboards: define services first")
    }
    return CommandOutcome(
      .ok, TerminalDashboard(width: display.width, height: display.chartHeight * 2, color: display.color).render(dashboard))
  }

  /// `history`.
  func history() -> CommandOutcome {
    CommandOutcome(.ok, entries.enumerated().map { "\($0.offset + 1)  \($0.element.text)" }.joined(separator: "\n"))
  }

  /// `undo`: undoes the last command that changed something; views (previews, queries) after it go with it.
  /// The session goes back to the point taken before that command: no replay, loaded data kept.
  func undo() -> CommandOutcome {
    guard let index = entries.lastIndex(where: { registry.recording(ofLine: $0.text) != .view }) else {
      return CommandOutcome(.ok, "nothing to undo")
    }
    let undone = entries[index]
    let views = entries.count - index - 1
    if index < undoPoints.count {
      restore(undoPoints[index])
      entries.removeSubrange(index...)
      undoPoints.removeSubrange(index...)
    } else {
      rebuild(from: Array(entries[..<index]))
    }
    onRebuild?(entries)
    let also = views == 0 ? "" : " (and the \(views) view command(s) after it)"
    return CommandOutcome(.ok, "undid: \(undone.text)\(also)")
  }

  /// `save FILE`, `save --compact FILE` and `save --notebook FILE.md`. Relative paths in the commands are rewritten
  /// against the saved file's folder, so it replays from wherever it is (`vigil run` resolves them there).
  func save(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    var saved = entries
    if c.has("compact") {
      do throws(SessionCompaction.Failure) {
        saved = try SessionCompaction.compact(entries, registry: registry)
      } catch {
        throw (c.optionWords["compact"] ?? c.head).error(error.description)
      }
    }
    if let notebook = c.value("notebook") {
      let outcome = try saveNotebook(c, to: notebook, entries: saved)
      savedCount = entries.count
      onSave?(entries.count, resolve(notebook.text).path)
      return outcome
    }
    guard let target = c.positional(0) else { throw c.missing("FILE") }
    let url = resolve(target.text)
    let folder = url.deletingLastPathComponent()
    let relocated = saved.map { SessionEntry(text: SessionPaths.relocate($0, to: folder, parser: parser), location: $0.location) }
    do throws(AtomicFile.WriteError) {
      try AtomicFile.write(SessionFile.render(relocated), to: url)
    } catch {
      throw target.error("cannot write \(target.text): \(error)")
    }
    savedCount = entries.count
    onSave?(entries.count, url.path)
    let dropped = entries.count - saved.count
    let compacted = c.has("compact") ? " (compact: \(dropped) view or superseded command(s) left out)" : ""
    return CommandOutcome(.ok, "saved \(saved.count) command(s) to \(target.text)\(compacted)")
  }

  /// `load SESSION.vigil` and `load FILE... into SERVICE`.
  func load(_ c: ParsedCommand) throws(Diagnostic) -> CommandOutcome {
    guard let first = c.positionals.first else { throw c.missing("FILE") }
    if let into = c.positionals.firstIndex(where: { $0.text == "into" && !$0.quoted }) {
      guard into > 0 else { throw first.error("name the log files before 'into'") }
      guard into == c.positionals.count - 2 else {
        throw (into + 2 < c.positionals.count ? c.positionals[into + 2] : c.positionals[into]).error(
          "expected exactly one service after 'into'", suggestion: "usage: load FILE... into SERVICE")
      }
      return try loadLogs(c, files: Array(c.positionals[..<into]), into: c.positionals[into + 1])
    }
    guard c.positionals.count == 1, first.text.hasSuffix(".vigil") else {
      throw first.error(
        "'load' takes one .vigil session, or log files followed by 'into SERVICE'", suggestion: "usage: load FILE... into SERVICE")
    }
    let url = resolve(first.text)
    let text: String
    switch readSessionText(atPath: url.path, file: first.text) {
    case .success(let read): text = read
    case .failure(.unreadable): throw unreadable(first)
    case .failure(.notUTF8(let diagnostic)):
      return CommandOutcome(.invalid, "\(diagnostic)\nnothing loaded from \(first.text): fix the error and load it again")
    }
    guard loadDepth < 8 else { throw first.error("sessions load each other too deeply") }
    // Paths inside the loaded session are relative to its own folder.
    let outerBase = baseDirectory
    baseDirectory = url.deletingLastPathComponent()
    loadDepth += 1
    let outcomes = execute(text, file: first.text)
    loadDepth -= 1
    baseDirectory = outerBase
    if let failure = outcomes.first(where: { $0.status == .invalid }) {
      // A session loads whole or not at all: the top-level command's rejection puts back what its first commands
      // changed (see `execute(_:)`).
      return CommandOutcome(.invalid, "\(failure.output)\nnothing loaded from \(first.text): fix the error and load it again")
    }
    let expectationFailures = outcomes.filter { $0.status == .expectationFailed }
    if !expectationFailures.isEmpty {
      return CommandOutcome(.expectationFailed, expectationFailures.map(\.output).joined(separator: "\n"))
    }
    return CommandOutcome(.ok, "loaded \(outcomes.count) command(s) from \(first.text)")
  }

  /// Replaces the session with these commands, re-executing them quietly.
  public func rebuild(from kept: [SessionEntry]) {
    builder = StackBuilder()
    entries = []
    undoPoints = []
    workspace = Workspace()
    lastQuery = nil
    let callback = onAccept
    onAccept = nil
    let outer = baseDirectory
    for entry in kept {
      baseDirectory = entry.directory ?? outer
      _ = execute(entry.text, file: entry.location.file, firstLine: entry.location.line)
    }
    baseDirectory = outer
    onAccept = callback
  }

  private func currentPoint() -> UndoPoint {
    UndoPoint(appliedCount: builder.appliedCount, workspace: workspace, lastQuery: lastQuery)
  }

  private func restore(_ point: UndoPoint) {
    builder.undo(downTo: point.appliedCount)
    workspace = point.workspace
    lastQuery = point.lastQuery
  }

  func resolve(_ path: String) -> URL {
    if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
    if path.hasPrefix("~/") { return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(String(path.dropFirst(2))) }
    return baseDirectory.appendingPathComponent(path)
  }

  /// "cannot read PATH: REASON", naming the folder searched when a relative path names no file (the one path rule:
  /// typed paths resolve against the current directory, paths in a file against the file's folder).
  func unreadable(_ token: Token, verb: String = "read") -> Diagnostic {
    let url = resolve(token.text)
    let reason = unreadableReason(url.path)
    let relative = !token.text.hasPrefix("/") && !token.text.hasPrefix("~/")
    let searched = relative && reason == "no such file" ? " (looked in \(url.deletingLastPathComponent().standardizedFileURL.path))" : ""
    return token.error("cannot \(verb) \(token.text): \(reason)\(searched)")
  }
}
