import VigilCore
import VigilLogSource

/// Turns a checked query into event steps, a collector and row steps (see `QueryRun`), resolving every field
/// name to where its value lives.
struct QueryPlanner {
  let query: InsightsQuery
  let source: QueryText
  let options: QueryOptions

  var eventSteps: [QueryRun.EventStep] = []
  var rowSteps: [QueryRun.RowStep] = []
  var collector: QueryRun.Collector?
  var jsonPaths: [String] = []
  var jsonIndex: [String: Int] = [:]
  var computedCount = 0
  var scope: [String: Int] = [:]
  var boundaryColumns: [String] = []
  var boundaryVisible: [String] = []
  var materialize: [Compiled] = []
  var timeBucketColumn: String?

  init(query: InsightsQuery, source: QueryText, options: QueryOptions) {
    self.query = query
    self.source = source
    self.options = options
  }

  enum NameScope {
    case event
    case columns([String])
  }

  // MARK: Planning

  mutating func plan() throws(Diagnostic) {
    let commands = query.commands
    var i = 0
    var fieldsNames: [String] = []
    var sawFields = false
    var extraNames: [String] = []
    var display: [String]?
    eventStage: while i < commands.count {
      switch commands[i] {
      case .fields(let items), .display(let items):
        let isDisplay: Bool
        if case .display = commands[i] { isDisplay = true } else { isDisplay = false }
        var assignments: [(Int, Compiled)] = []
        for item in items {
          if case .field = item.expression.kind, item.alias == nil {
          } else {
            let compiled = try compile(item.expression, in: .event)
            assignments.append((newSlot(item.name), compiled))
          }
        }
        if !assignments.isEmpty { eventSteps.append(.assign(assignments)) }
        if isDisplay {
          display = items.map(\.name)
        } else {
          sawFields = true
          for item in items where !fieldsNames.contains(item.name) { fieldsNames.append(item.name) }
        }
      case .filter(let e):
        eventSteps.append(.filter(try compile(e, in: .event)))
      case .parse(let p):
        let compiledSource = try compile(p.source, in: .event)
        let matcher: ParseMatcher
        do { matcher = try ParseMatcher.make(p) } catch {
          throw source.diagnostic("invalid parse pattern: \(error)", at: query.commandOffsets[i])
        }
        let slots = p.fieldNames.map { newSlot($0) }
        eventSteps.append(.parse(compiledSource, matcher, slots))
        extraNames += p.fieldNames
      case .unnest(let field, let alias):
        // Vigil has no LIST values (jsonParse is not supported), and the docs say any other value is
        // "treated as a list with one item", so unnest gives one row with the value under the new name.
        let compiled = try compile(field, in: .event)
        eventSteps.append(.assign([(newSlot(alias), compiled)]))
        extraNames.append(alias)
      default:
        break eventStage
      }
      i += 1
    }
    var visible = sawFields ? fieldsNames : ["@timestamp", "@message"]
    for name in extraNames where !visible.contains(name) { visible.append(name) }
    if let display { visible = display }

    var columns: [String]
    if i < commands.count, case .stats(let stats) = commands[i] {
      let stage = try makeStats(stats, in: .event)
      collector = .group(stage)
      columns = stage.columns
      visible = stage.columns
      i += 1
    } else if i < commands.count, case .pattern(let e) = commands[i] {
      let stage = PatternStage(expression: try compile(e, in: .event))
      collector = .group(stage)
      columns = PatternStage.columns
      visible = PatternStage.columns
      i += 1
    } else {
      // Keep the columns the result shows, @timestamp for the default order, and every name later commands use.
      var names = visible
      if !names.contains("@timestamp") { names.append("@timestamp") }
      for command in commands[i...] {
        for name in referencedFields(command) where !names.contains(name) { names.append(name) }
      }
      materialize = try names.map { name throws(Diagnostic) in try resolve(name, in: .event) }
      let remaining = commands[i...]
      // How many ordered rows the commands after the ordering need: the first limit, when nothing before it drops,
      // groups or reorders rows; nil means every row.
      func neededRows(_ cs: ArraySlice<QueryCommand>) -> Int? {
        for c in cs {
          switch c {
          case .limit(let n): return min(n, options.defaultLimit)
          case .display, .fields: continue
          default: return nil
          }
        }
        return options.defaultLimit
      }
      var keys: [Int]
      var descending: [Bool]
      var newerFirstOnTies: Bool
      var rest = remaining
      if let first = remaining.first, case .sort(let sortKeys) = first {
        keys = []
        for key in sortKeys {
          keys.append(names.count)
          names.append("\u{0}sort\(keys.count)")
          materialize.append(try compile(key.expression, in: .event))
        }
        descending = sortKeys.map(\.descending)
        newerFirstOnTies = false
        rest = remaining.dropFirst()
        i += 1
      } else {
        // No sort: newest first, as the console's default query and dedup's default order.
        keys = [names.firstIndex(of: "@timestamp")!]
        descending = [true]
        newerFirstOnTies = true
      }
      let order = RowCollector(keys: keys, descending: descending, newerFirstOnTies: newerFirstOnTies, capacity: nil)
      if let first = rest.first, case .dedup(let fields) = first {
        var dedupKeys: [Int] = []
        for field in fields {
          dedupKeys.append(names.count)
          names.append("\u{0}dedup\(dedupKeys.count)")
          materialize.append(try compile(field, in: .event))
        }
        let nullRows = RowCollector(
          keys: keys, descending: descending, newerFirstOnTies: newerFirstOnTies,
          capacity: neededRows(rest.dropFirst()) ?? options.defaultLimit)
        collector = .dedup(DedupCollector(keys: dedupKeys, order: order, nullRows: nullRows))
        i += 1
      } else {
        collector = .rows(
          RowCollector(keys: keys, descending: descending, newerFirstOnTies: newerFirstOnTies, capacity: neededRows(rest)))
      }
      // GetQueryResults gives every event row its @ptr; kept as a hidden column, so row commands keep it with its row.
      if !names.contains(QueryRun.pointerColumn) {
        names.append(QueryRun.pointerColumn)
        materialize.append(.system(.pointer))
      }
      boundaryColumns = names
      boundaryVisible = visible
      columns = names
    }

    // Row stage.
    while i < commands.count {
      let command = commands[i]
      switch command {
      case .filter(let e):
        rowSteps.append(.filter(try compile(e, in: .columns(columns))))
      case .fields(let items), .display(let items):
        let isDisplay: Bool
        if case .display = command { isDisplay = true } else { isDisplay = false }
        var assignments: [(Int, Compiled, String)] = []
        for item in items {
          if case .field = item.expression.kind, item.alias == nil { continue }
          let compiled = try compile(item.expression, in: .columns(columns))
          let index = columns.lastIndex(of: item.name) ?? columns.count
          if index == columns.count { columns.append(item.name) }
          assignments.append((index, compiled, item.name))
        }
        rowSteps.append(.assign(assignments, names: items.map(\.name), display: isDisplay))
        if isDisplay {
          visible = items.map(\.name)
        } else {
          for item in items where !visible.contains(item.name) { visible.append(item.name) }
        }
      case .sort(let keys):
        var compiled: [(Compiled, Bool)] = []
        for key in keys { compiled.append((try compile(key.expression, in: .columns(columns)), key.descending)) }
        rowSteps.append(.sort(compiled))
      case .limit(let n):
        rowSteps.append(.limit(n))
      case .dedup(let fields):
        var compiled: [Compiled] = []
        for f in fields { compiled.append(try compile(f, in: .columns(columns))) }
        rowSteps.append(.dedup(compiled))
      case .stats(let stats):
        let stage = try makeStats(stats, in: .columns(columns))
        rowSteps.append(.group(stage))
        columns = stage.columns
        visible = stage.columns
      case .pattern(let e):
        rowSteps.append(.group(PatternStage(expression: try compile(e, in: .columns(columns)))))
        timeBucketColumn = nil
        columns = PatternStage.columns
        visible = PatternStage.columns
      case .parse, .unnest:
        throw source.diagnostic(
          "Vigil runs parse and unnest only before the first stats, sort, limit or dedup", at: query.commandOffsets[i])
      }
      i += 1
    }
  }

  private mutating func newSlot(_ name: String) -> Int {
    let slot = computedCount
    computedCount += 1
    scope[name] = slot
    return slot
  }

  // MARK: Names

  mutating func resolve(_ name: String, in scope: NameScope) throws(Diagnostic) -> Compiled {
    switch scope {
    case .columns(let columns):
      if let i = columns.lastIndex(of: name) { return .column(i) }
      return .constant(.null)
    case .event:
      if let slot = self.scope[name] { return .computed(slot) }
      if let field = SystemField(name: name) { return .system(field) }
      // "If the name of a discovered log field starts with the @ character, CloudWatch Logs Insights displays it
      // with an additional @": `@@example.com` reads the JSON key `@example.com`.
      let path = name.hasPrefix("@@") ? String(name.dropFirst()) : name
      if path != name { return try resolve(path, in: .event) }
      if let index = jsonIndex[name] { return .json(index) }
      guard jsonPaths.count < JSONFieldScanner.maximumPaths else {
        throw source.diagnostic("Vigil reads at most \(JSONFieldScanner.maximumPaths) different JSON fields in one query", at: 0)
      }
      jsonIndex[name] = jsonPaths.count
      jsonPaths.append(name)
      return .json(jsonPaths.count - 1)
    }
  }

  private func referencedFields(_ command: QueryCommand) -> [String] {
    func walk(_ e: QueryExpression) -> [String] {
      switch e.kind {
      case .field(let name): return [name]
      case .string, .number, .period, .regex, .star: return []
      case .list(let items): return items.flatMap(walk)
      case .unary(_, let a): return walk(a)
      case .binary(_, let a, let b), .like(let a, let b, _): return walk(a) + walk(b)
      case .inList(let a, let items, _): return walk(a) + items.flatMap(walk)
      case .call(_, let arguments): return arguments.flatMap(walk)
      }
    }
    switch command {
    case .fields(let items), .display(let items): return items.flatMap { walk($0.expression) }
    case .filter(let e), .pattern(let e): return walk(e)
    case .stats(let s): return (s.aggregates + s.groups).flatMap { walk($0.expression) }
    case .sort(let keys): return keys.flatMap { walk($0.expression) }
    case .limit: return []
    case .parse(let p): return walk(p.source)
    case .dedup(let fields): return fields.flatMap(walk)
    case .unnest(let e, _): return walk(e)
    }
  }

  // MARK: Expressions

  /// Collects the aggregate calls of one stats item; names outside aggregates refer to earlier items.
  final class AggregateSink {
    var functions: [AggregateFunction] = []
    var arguments: [Compiled] = []
    var itemColumns: [String] = []
  }

  mutating func compile(_ e: QueryExpression, in scope: NameScope, aggregates: AggregateSink? = nil) throws(Diagnostic)
    -> Compiled
  {
    switch e.kind {
    case .field(let name):
      if let aggregates, let i = aggregates.itemColumns.lastIndex(of: name) { return .column(i) }
      return try resolve(name, in: scope)
    case .string(let s): return .constant(.string(s))
    case .number(let d): return .constant(.number(d))
    case .period(let p): return .period(p)
    case .star: return .constant(.null)
    case .regex(let pattern):
      return .likeRegex(.constant(.null), try regex(pattern, at: e), negated: false)
    case .list:
      throw source.diagnostic("a list can only follow 'in'", at: e.range.lowerBound)
    case .unary(let op, let a):
      return .unary(op, try compile(a, in: scope, aggregates: aggregates))
    case .binary(let op, let a, let b):
      return .comparison(op, try compile(a, in: scope, aggregates: aggregates), try compile(b, in: scope, aggregates: aggregates))
    case .like(let a, let pattern, let negated):
      let subject = try compile(a, in: scope, aggregates: aggregates)
      switch pattern.kind {
      case .string(let text): return .likeText(subject, Array(text.utf8), negated: negated)
      case .regex(let re):
        let compiled = try regex(re, at: pattern)
        // A regex without metacharacters (`/Exception/`) is a substring test; skip the regex engine.
        if !re.isEmpty, !re.utf8.contains(where: { #"\^$.|?*+()[]{}"#.utf8.contains($0) }) {
          return .likeText(subject, Array(re.utf8), negated: negated)
        }
        return .likeRegex(subject, compiled, negated: negated)
      default: throw source.diagnostic("like needs a string or a /regex/", at: pattern.range.lowerBound)
      }
    case .inList(let a, let items, let negated):
      var compiled: [Compiled] = []
      for item in items { compiled.append(try compile(item, in: scope, aggregates: aggregates)) }
      return .inList(try compile(a, in: scope, aggregates: aggregates), compiled, negated: negated)
    case .call(let name, let arguments):
      if let signature = FunctionCatalog.signature(name), signature.kind == .aggregate {
        guard let aggregates else {
          throw source.diagnostic("\(signature.name)() can only be used in stats", at: e.range.lowerBound)
        }
        let function: AggregateFunction
        switch name {
        case "count":
          if arguments.isEmpty || arguments[0].kind == .star { function = .count } else { function = .countField }
        case "count_distinct": function = .countDistinct
        case "sum": function = .sum
        case "avg": function = .avg
        case "min": function = .min
        case "max": function = .max
        case "stddev": function = .stddev
        case "earliest": function = .earliest
        case "latest": function = .latest
        case "sortsfirst": function = .sortsFirst
        case "sortslast": function = .sortsLast
        case "pct":
          guard case .number(let p) = arguments[1].kind else {
            throw source.diagnostic("pct() needs a number as its second argument", at: arguments[1].range.lowerBound)
          }
          function = .pct(p)
        default:
          throw source.diagnostic("unknown aggregate \(name)", at: e.range.lowerBound)
        }
        let argument = arguments.isEmpty ? Compiled.constant(.null) : try compile(arguments[0], in: scope)
        aggregates.functions.append(function)
        aggregates.arguments.append(argument)
        return .aggregate(aggregates.functions.count - 1)
      }
      guard let function = ScalarFunction(rawValue: name) else {
        throw source.diagnostic("unknown function '\(name)'", at: e.range.lowerBound)
      }
      var compiled: [Compiled] = []
      for argument in arguments { compiled.append(try compile(argument, in: scope, aggregates: aggregates)) }
      return .call(function, compiled)
    }
  }

  private func regex(_ pattern: String, at e: QueryExpression) throws(Diagnostic) -> CompiledRegex {
    do { return try CompiledRegex(pattern) } catch {
      throw source.diagnostic("invalid regular expression /\(pattern)/: \(error)", at: e.range.lowerBound)
    }
  }

  mutating func makeStats(_ stats: StatsCommand, in scope: NameScope) throws(Diagnostic) -> StatsStage {
    timeBucketColumn =
      stats.groups.first { group in
        if case .call(let name, _) = group.expression.kind { return ["bin", "datefloor", "dateceil"].contains(name) }
        return false
      }?.name
    var groups: [Compiled] = []
    for g in stats.groups { groups.append(try compile(g.expression, in: scope)) }
    let sink = AggregateSink()
    sink.itemColumns = stats.groups.map(\.name)
    var items: [Compiled] = []
    for item in stats.aggregates {
      items.append(try compile(item.expression, in: scope, aggregates: sink))
      sink.itemColumns.append(item.name)
    }
    return StatsStage(
      groups: groups, functions: sink.functions, arguments: sink.arguments, items: items, columns: sink.itemColumns,
      percentileBudget: options.percentileBytesInMemory, temporaryFolder: options.temporaryFolder)
  }
}
