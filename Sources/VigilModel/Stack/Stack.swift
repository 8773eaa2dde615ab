import VigilCore

/// The whole observability stack a session describes. Value type: commands produce a new stack,
/// `undo` rebuilds it by replaying the accepted commands.
public struct Stack: Equatable, Sendable {
  public var environment: Environment?
  public var network = Network.none
  public var keys: [KMSKey] = []
  public var clusters: [ECSCluster] = []
  public var services: [Service] = []
  public var logGroups: [LogGroup] = []
  public var metricFilters: [MetricFilter] = []
  public var alarms: [MetricAlarm] = []
  public var composites: [CompositeAlarm] = []
  public var topics: [Topic] = []
  public var tracing: Tracing?
  public var flowLogs: FlowLogs?
  public var remediations: [Remediation] = []
  public var canaries: [Canary] = []
  public var parameters: [Parameter] = []
  public var queryDefinitions: [QueryDefinition] = []
  public var variables: [Variable] = []
  public var dashboardWidgets: [DashboardWidgetSpec] = []
  /// Metrics published outside the stack (`metric NS/NAME --published-by WHO`); not exported.
  public var externalMetrics: [ExternalMetric] = []
  /// Resources watched but not owned (`reference NAME --type ...`); never exported.
  public var references: [Reference] = []
  /// Where each resource was last defined: key `"<command> <name>"` (e.g. `"alarm api-p99"`, `"logs payment-api"`,
  /// `"tracing"`), so findings can point at the session line that fixes them.
  public var origins: [String: SourceLocation] = [:]
  /// Where each name sits in its list, so defining, replacing and looking up a resource does not scan the list
  /// (replaying a session of n commands stays linear in n). Not part of the stack's value.
  var index = StackIndex()
  /// How to undo the changes of the command being applied, newest last, so `StackBuilder` can change the stack in
  /// place (no copy per command) and still leave it unchanged when the command fails. Not part of the value.
  var undoLog = UndoLog()

  public init() {}

  /// The session location that defined a resource, by command and name.
  public func origin(_ command: String, _ name: String? = nil) -> SourceLocation? {
    origins[name.map { "\(command) \($0)" } ?? command]
  }

  /// Names defined for each resource kind (for references, `show` and tab completion).
  public func names(of kind: ResourceKind) -> [String] { kind.names(self) }

  /// Whether the stack defines `name` as a resource of `kind`; by index for the kinds commands reference.
  public func defines(_ kind: ResourceKind, _ name: String) -> Bool {
    switch kind {
    case .service: service(name) != nil
    case .alarm: alarm(name) != nil
    case .composite: composite(name) != nil
    case .topic: topic(name) != nil
    case .key: key(name) != nil
    default: names(of: kind).contains(name)
    }
  }

  public func service(_ name: String) -> Service? { element(name, in: services, name: \.name) }
  public func alarm(_ name: String) -> MetricAlarm? { element(name, in: alarms, name: \.name) }
  public func composite(_ name: String) -> CompositeAlarm? { element(name, in: composites, name: \.name) }
  public func topic(_ name: String) -> Topic? { element(name, in: topics, name: \.name) }
  public func logGroup(for service: String) -> LogGroup? { element(service, in: logGroups, name: \.service) }
  public func key(_ name: String) -> KMSKey? { element(name, in: keys, name: \.name) }

  /// The value CloudWatch sees for a metric dimension written in the session: a service name becomes
  /// its physical name (`payment-authorizer` → `payment-authorizer-dev`), a cluster name the cluster's;
  /// `environment` overrides the stack's own (an export with `--suffix`).
  public func physicalDimensionValue(_ value: String, in environment: Environment? = nil) -> String {
    guard let env = environment ?? self.environment else { return value }
    return ResourceNames(env).dimensionValue(value, in: self)
  }

  /// The service boundary an alarm belongs to (the service its metric filter reads, or its `--service`).
  public func boundary(ofAlarm alarm: MetricAlarm) -> String? { alarm.service }

  /// The first element of `list` called `name`, through the index when it is current.
  func element<T>(_ name: String, in list: [T], name key: KeyPath<T, String>) -> T? {
    index.position(of: name, in: list, name: key).map { list[$0] }
  }

  /// Replaces the element with the same name or appends it; returns whether it replaced one.
  @discardableResult
  mutating func upsert<T: Sendable>(_ item: T, into list: WritableKeyPath<Stack, [T]> & Sendable, name key: KeyPath<T, String>) -> Bool {
    let name = item[keyPath: key]
    if let position = index.updatedPosition(of: name, in: self[keyPath: list], name: key) {
      let old = self[keyPath: list][position]
      undoLog.record { $0[keyPath: list][position] = old }
      self[keyPath: list][position] = item
      return true
    }
    undoLog.record {
      $0[keyPath: list].removeLast()
      $0.index.removedLast(name, at: $0[keyPath: list].count, for: T.self)
    }
    self[keyPath: list].append(item)
    index.appended(name, at: self[keyPath: list].count - 1, for: T.self)
    return false
  }

  /// Sets one field (a singleton resource, the network) so that a failed command can undo it.
  mutating func set<Value: Sendable>(_ field: WritableKeyPath<Stack, Value> & Sendable, to value: Value) {
    let old = self[keyPath: field]
    undoLog.record { $0[keyPath: field] = old }
    self[keyPath: field] = value
  }

  /// Appends to a list without a name (dashboard widgets) so that a failed command can undo it.
  mutating func append<Element: Sendable>(_ element: Element, to list: WritableKeyPath<Stack, [Element]> & Sendable) {
    undoLog.record { $0[keyPath: list].removeLast() }
    self[keyPath: list].append(element)
  }

  /// Records where a resource was defined (see ``origins``) so that a failed command can undo it.
  mutating func setOrigin(_ key: String, _ location: SourceLocation) {
    let old = origins[key]
    undoLog.record { $0.origins[key] = old }
    origins[key] = location
  }

  /// Starts a command: what it changes from here on can be undone by ``rollBack()``.
  mutating func beginCommand() { undoLog = UndoLog() }

  /// Undoes every change since ``beginCommand()``, newest first (the index's own changes included).
  mutating func rollBack() {
    let log = undoLog
    undoLog = UndoLog()
    for undo in log.steps.reversed() { undo(&self) }
  }

  /// Defines or replaces a metric filter, keeping the per-log-group counts and the metric → filter map current.
  @discardableResult
  mutating func upsert(_ filter: MetricFilter) -> Bool {
    let old = index.updatedPosition(of: filter.name, in: metricFilters, name: \.name).map { metricFilters[$0] }
    index.refreshFilters(metricFilters)
    let replaced = upsert(filter, into: \.metricFilters, name: \.name)
    let position = index.updatedPosition(of: filter.name, in: metricFilters, name: \.name) ?? metricFilters.count - 1
    index.filterMoved(old, to: filter, at: position, count: metricFilters.count)
    let count = metricFilters.count
    undoLog.record { $0.index.filterMoved(filter, to: old, at: position, count: replaced ? count : count - 1) }
    return replaced
  }

  /// How many metric filters other than `name` read `service`'s log group.
  func metricFilterCount(on service: String, excluding name: String) -> Int {
    guard index.filtersCurrent(metricFilters) else {
      return metricFilters.filter { $0.service == service && $0.name != name }.count
    }
    let same = element(name, in: metricFilters, name: \.name).map { $0.service == service } ?? false
    return (index.filtersPerService[service] ?? 0) - (same ? 1 : 0)
  }

  /// The first metric filter that publishes `namespace`/`metric`.
  func metricFilter(publishing metric: String, in namespace: String) -> MetricFilter? {
    guard index.filtersCurrent(metricFilters) else {
      return metricFilters.first { $0.metricName == metric && $0.namespace == namespace }
    }
    return index.filtersByMetric[StackIndex.metricKey(metric, namespace)]?.first.map { metricFilters[$0] }
  }
}

/// The undo steps of the command being applied (see `Stack.undoLog`). Equal for every pair: not the stack's value.
struct UndoLog: Equatable, Sendable {
  private(set) var steps: [@Sendable (inout Stack) -> Void] = []
  mutating func record(_ step: @escaping @Sendable (inout Stack) -> Void) { steps.append(step) }
  static func == (a: UndoLog, b: UndoLog) -> Bool { true }
}

/// Name → position maps for the stack's lists, and the metric filters' per-log-group counts. The lists stay
/// public and append-only (nothing removes a resource; `undo` replays), so a map that has seen `count` elements
/// catches up by indexing the tail. Equal for every pair: it only speeds up lookups, it is not the stack's value.
struct StackIndex: Equatable, Sendable {
  struct Positions: Sendable {
    var count = 0
    var byName: [String: Int] = [:]
  }
  private var lists: [ObjectIdentifier: Positions] = [:]
  /// How many elements of `metricFilters` the two filter maps below reflect.
  private(set) var filterCount = 0
  private(set) var filtersPerService: [String: Int] = [:]
  /// `namespace NUL metric` → positions of the filters publishing it, ascending (the first is `first(where:)`'s).
  private(set) var filtersByMetric: [String: [Int]] = [:]

  static func == (a: StackIndex, b: StackIndex) -> Bool { true }

  static func metricKey(_ metric: String, _ namespace: String) -> String { namespace + "\u{0}" + metric }

  /// The position of `name` without updating the map: linear when the map is behind the list.
  func position<T>(of name: String, in list: [T], name key: KeyPath<T, String>) -> Int? {
    if let positions = lists[ObjectIdentifier(T.self)], positions.count == list.count {
      return positions.byName[name]
    }
    return list.firstIndex { $0[keyPath: key] == name }
  }

  /// The position of `name`, first bringing the map up to date with elements appended since.
  mutating func updatedPosition<T>(of name: String, in list: [T], name key: KeyPath<T, String>) -> Int? {
    let id = ObjectIdentifier(T.self)
    var positions = lists.removeValue(forKey: id) ?? Positions()
    if positions.count > list.count { positions = Positions() }
    for i in positions.count..<list.count where positions.byName[list[i][keyPath: key]] == nil {
      positions.byName[list[i][keyPath: key]] = i
    }
    positions.count = list.count
    let found = positions.byName[name]
    lists[id] = positions
    return found
  }

  mutating func appended<T>(_ name: String, at position: Int, for type: T.Type) {
    let id = ObjectIdentifier(type)
    lists[id, default: Positions()].count = position + 1
    if lists[id]?.byName[name] == nil { lists[id]?.byName[name] = position }
  }

  /// Undoes ``appended(_:at:for:)``: the list is back to `position` elements.
  mutating func removedLast<T>(_ name: String, at position: Int, for type: T.Type) {
    let id = ObjectIdentifier(type)
    guard lists[id]?.count == position + 1 else { lists[id] = nil; return }
    lists[id]?.count = position
    if lists[id]?.byName[name] == position { lists[id]?.byName[name] = nil }
  }

  func filtersCurrent(_ filters: [MetricFilter]) -> Bool { filterCount == filters.count }

  /// Counts filters appended to the list since the maps last saw it.
  mutating func refreshFilters(_ filters: [MetricFilter]) {
    if filterCount > filters.count { filterCount = 0; filtersPerService = [:]; filtersByMetric = [:] }
    for i in filterCount..<filters.count { add(filters[i], at: i) }
    filterCount = filters.count
  }

  /// The filter at `position` changed from `old` to `new` (nil: none, an append or its undo).
  mutating func filterMoved(_ old: MetricFilter?, to new: MetricFilter?, at position: Int, count: Int) {
    if let old {
      filtersPerService[old.service, default: 0] -= 1
      filtersByMetric[Self.metricKey(old.metricName, old.namespace)]?.removeAll { $0 == position }
    }
    if let new { add(new, at: position) }
    filterCount = count
  }

  private mutating func add(_ filter: MetricFilter, at position: Int) {
    filtersPerService[filter.service, default: 0] += 1
    let key = Self.metricKey(filter.metricName, filter.namespace)
    var positions = filtersByMetric.removeValue(forKey: key) ?? []
    positions.insert(position, at: positions.firstIndex { $0 > position } ?? positions.endIndex)
    filtersByMetric[key] = positions
  }
}
