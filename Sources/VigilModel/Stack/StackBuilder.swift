import VigilCore

/// Applies stack-defining commands to a stack, validating every argument and reference (embedded filter
/// patterns, composite rules, Insights queries and metric math with the engines' own parsers).
/// A command that defines a name again replaces the earlier definition ("updated ...").
public struct StackBuilder: Sendable {
  public private(set) var stack = Stack()
  /// Whether a command that would give two resources one Terraform address or AWS name is refused (the default).
  /// Off, the stack keeps the clash and `export` and `vigil check` report it: for tests of those defences, and
  /// for importers that must keep whatever a source defines and report it.
  public var checksNameCollisions: Bool

  public init(checksNameCollisions: Bool = true) {
    self.checksNameCollisions = checksNameCollisions
  }

  /// The undo steps of every command applied so far, oldest first: `undo` in the shell takes the last ones back
  /// without replaying the session (and without reloading its data).
  private var appliedUndoLogs: [UndoLog] = []

  /// How many commands have been applied (a mark for ``undo(downTo:)``).
  public var appliedCount: Int { appliedUndoLogs.count }

  /// Takes back the commands applied after the first `count`, newest first; the stack is then exactly as it was
  /// when `appliedCount` was `count`.
  public mutating func undo(downTo count: Int) {
    guard count < appliedUndoLogs.count else { return }
    while appliedUndoLogs.count > max(count, 0) {
      stack.undoLog = appliedUndoLogs.removeLast()
      stack.rollBack()
    }
    // The collision index followed the commands forward only; the next command rebuilds it from the stack.
    collisionIndex = nil
  }

  /// Applies one parsed command; returns a one-line confirmation. The stack is unchanged on error.
  public mutating func apply(_ command: ParsedCommand) throws(Diagnostic) -> String {
    if command.spec.name != ResourceKind.stack.spec?.name && stack.environment == nil {
      throw command.head.error("no stack yet", suggestion: "start with 'stack NAME --suffix SUFFIX'")
    }
    guard let kind = ResourceKind.defined(by: command.spec.name) else {
      throw command.head.error("'\(command.spec.name)' does not change the stack")
    }
    // The command changes the stack in place (a copy per command made replay quadratic); on error its undo log
    // puts the stack back.
    stack.beginCommand()
    do throws(Diagnostic) {
      let message = try apply(command, kind)
      appliedUndoLogs.append(stack.undoLog)
      return message
    } catch {
      stack.rollBack()
      throw error
    }
  }

  private mutating func apply(_ command: ParsedCommand, _ kind: ResourceKind) throws(Diagnostic) -> String {
    let message = try kind.apply(command, &stack)
    let origin = kind.originKey(command)
    if !origin.isEmpty { stack.setOrigin(origin, command.line.location) }
    try PhysicalNames.record(command, key: kind.originKey(command), in: &stack)
    // A name given with --physical-name, or a derived name equal to one, must stay unique in its AWS namespace.
    if checksNameCollisions, let environment = stack.environment, PhysicalNames.commands.contains(command.spec.name),
      let clash = PhysicalNames.collisions(
        in: stack, environment: environment, only: command.spec.name,
        sourceLine: { _ in command.line.text.split(separator: "\n").first.map(String.init) ?? "" }
      ).first(where: { $0.location == command.line.location })
    {
      throw clash
    }
    // Two resources that would need the same Terraform address or AWS name cannot both be deployed: refuse the
    // command that introduces the clash here, rather than letting `export` fail later.
    guard checksNameCollisions, let environment = stack.environment else {
      collisionIndex = nil
      return message
    }
    // A command that changes none of what the shared names derive from (services, log groups, topics, canaries,
    // flow logs, network, environment) leaves every slot as it was: nothing to compare (most commands of a session).
    if let index = collisionIndex, index.isCurrent(for: stack), !NameCollisionIndex.slotCommands.contains(command.spec.name) {
      return message
    }
    // Only the names this command touches are compared against the index; the whole stack is checked only when
    // one of them is already taken, or when the environment, network or flow logs (which every slot depends on) change.
    var changed: [(String, [DerivedResource])]?
    var mightClash = true
    if let index = collisionIndex, index.isCurrent(for: stack), let slots = index.slots(changedBy: command, in: stack) {
      changed = slots
      mightClash = index.mightClash(slots)
    }
    if mightClash, let clash = Self.collision(introducedBy: command, in: stack, environment: environment) { throw clash }
    if let changed {
      collisionIndex?.replace(changed)
    } else {
      collisionIndex = NameCollisionIndex(stack, environment: environment)
    }
    return message
  }

  /// Replaces the stack after an edit that is not a defining command (`remove`, `rename`), as one applied command:
  /// `undo` puts the stack back as it was.
  mutating func commitEdit(_ edited: Stack) {
    let before = stack
    stack = edited
    stack.beginCommand()
    stack.undoLog.record { $0 = before }
    appliedUndoLogs.append(stack.undoLog)
    stack.undoLog = UndoLog()
    collisionIndex = nil
  }

  /// The names of the stack so far, for the collision check of the next command (nil until a check needs them).
  private var collisionIndex: NameCollisionIndex?

  /// A clash reported at this command's line by the whole-stack check.
  private static func collision(introducedBy command: ParsedCommand, in stack: Stack, environment: Environment) -> Diagnostic? {
    ResourceNames(environment).collisions(in: stack, sourceLine: { _ in command.line.text.split(separator: "\n").first.map(String.init) ?? "" })
      .first(where: { $0.location == command.line.location })
  }
}
