import VigilCore
import VigilLogSource

/// The rules Logs Insights enforces on a whole query before it runs
/// ([stats](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html),
/// [dedup](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Dedup.html)).
struct QueryChecker {
  let source: QueryText
  let query: InsightsQuery

  func check() throws(Diagnostic) {
    var statsSeen = 0
    var firstStatsNames: Set<String> = []
    var sortOrLimitBeforeSecondStats: Int?
    var dedupOffset: Int?
    for (index, command) in query.commands.enumerated() {
      let offset = query.commandOffsets[index]
      if dedupOffset != nil, !isLimit(command) {
        // "The only query command that you can use in a query after the dedup command is limit."
        throw source.diagnostic("only limit can follow dedup", at: offset)
      }
      switch command {
      case .stats(let stats):
        statsSeen += 1
        if statsSeen > 2 { throw source.diagnostic("a query can have at most two stats commands", at: offset) }
        if statsSeen == 2 {
          if let bad = sortOrLimitBeforeSecondStats {
            throw source.diagnostic("sort and limit must come after the second stats command", at: bad)
          }
          try checkSecondStats(stats, defined: firstStatsNames)
        }
        try checkStats(stats)
        if statsSeen == 1 { firstStatsNames = Set(stats.groups.map(\.name) + stats.aggregates.map(\.name)) }
      case .sort, .limit:
        if sortOrLimitBeforeSecondStats == nil { sortOrLimitBeforeSecondStats = offset }
      case .dedup:
        dedupOffset = offset
      case .fields(let items), .display(let items):
        for item in items { try checkNoAggregate(item.expression) }
      case .filter(let e), .pattern(let e):
        try checkNoAggregate(e)
      case .parse(let p):
        try checkNoAggregate(p.source)
      case .unnest:
        break
      }
    }
    // `sort`/`limit` before a single stats is fine: the rule is only about a second stats.
  }

  private func isLimit(_ command: QueryCommand) -> Bool {
    if case .limit = command { return true }
    return false
  }

  private func checkStats(_ stats: StatsCommand) throws(Diagnostic) {
    for group in stats.groups { try checkNoAggregate(group.expression) }
    var aliases: Set<String> = []
    for item in stats.aggregates {
      let hasAggregate = try checkAggregateItem(item.expression, insideAggregate: false)
      // `count(*) + latency_ms`: a per-event field beside an aggregate has no single value once the events are
      // aggregated (CloudWatch refuses the query; evaluating it read whichever event came last).
      for field in fieldsOutsideAggregates(item.expression) where hasAggregate && !aliases.contains(field.0) {
        throw source.diagnostic(
          "'\(field.0)' is outside an aggregate function: in stats, use it inside one, such as avg(\(field.0)) or max(\(field.0))",
          at: field.1)
      }
      if !hasAggregate {
        // An item without an aggregate may only combine aliases of earlier aggregates of this stats.
        for field in fields(in: item.expression) where !aliases.contains(field.0) {
          throw source.diagnostic(
            "'\(field.0)' is not an aggregate: stats items need a function such as count(), avg() or sum()",
            at: field.1)
        }
        if fields(in: item.expression).isEmpty, calls(in: item.expression).isEmpty {
          throw source.diagnostic("stats needs an aggregate function such as count(*)", at: item.expression.range.lowerBound)
        }
      }
      aliases.insert(item.name)
    }
  }

  /// The second stats may only use the fields the first one defined; `bin` implicitly uses @timestamp.
  private func checkSecondStats(_ stats: StatsCommand, defined: Set<String>) throws(Diagnostic) {
    var aliases: Set<String> = []
    for item in stats.groups + stats.aggregates {
      for (name, offset) in calls(in: item.expression) where name == "bin" {
        throw source.diagnostic(
          "bin() cannot be used in the second stats command: it always uses @timestamp; group by dateceil() or datefloor() of a time field from the first stats",
          at: offset)
      }
      for (name, offset) in fields(in: item.expression) where !defined.contains(name) && !aliases.contains(name) {
        throw source.diagnostic(
          "the second stats command can only use fields defined by the first stats command; '\(name)' is not one of them",
          at: offset)
      }
      aliases.insert(item.name)
    }
  }

  /// Returns whether the expression contains an aggregate; rejects nested aggregates.
  private func checkAggregateItem(_ e: QueryExpression, insideAggregate: Bool) throws(Diagnostic) -> Bool {
    if case .call(let name, let arguments) = e.kind, FunctionCatalog.signature(name)?.kind == .aggregate {
      if insideAggregate {
        throw source.diagnostic("aggregate functions cannot be nested", at: e.range.lowerBound)
      }
      for argument in arguments { _ = try checkAggregateItem(argument, insideAggregate: true) }
      if name == "pct" {
        guard case .number(let p) = arguments[1].kind, p >= 0, p <= 100 else {
          throw source.diagnostic("pct() needs a percentile between 0 and 100 as its second argument", at: arguments[1].range.lowerBound)
        }
      }
      return true
    }
    var found = false
    for child in children(e) where try checkAggregateItem(child, insideAggregate: insideAggregate) { found = true }
    try checkScalarCall(e)
    return found
  }

  private func checkNoAggregate(_ e: QueryExpression) throws(Diagnostic) {
    if case .call(let name, _) = e.kind, let signature = FunctionCatalog.signature(name), signature.kind == .aggregate {
      throw source.diagnostic("\(signature.name)() is an aggregate function and can only be used in stats", at: e.range.lowerBound)
    }
    try checkScalarCall(e)
    for child in children(e) { try checkNoAggregate(child) }
  }

  /// Argument rules of individual functions that the grammar cannot express.
  private func checkScalarCall(_ e: QueryExpression) throws(Diagnostic) {
    guard case .call(let name, let arguments) = e.kind else { return }
    switch name {
    case "bin":
      try checkPeriod(arguments[0], function: "bin")
    case "datefloor", "dateceil":
      try checkPeriod(arguments[1], function: name)
    default:
      break
    }
  }

  private func checkPeriod(_ e: QueryExpression, function: String) throws(Diagnostic) {
    guard case .period(let period) = e.kind else {
      throw source.diagnostic("\(function)() needs a time period such as 5m, 1h or 30s", at: e.range.lowerBound)
    }
    guard period.count > 0 else { throw source.diagnostic("the time period must be positive", at: e.range.lowerBound) }
    if period.fixedMillis == nil || period.unit == .week, period.count != 1 {
      throw source.diagnostic(
        "Vigil supports calendar periods (w, mo, q, y) only with a count of 1", at: e.range.lowerBound)
    }
  }

  private func children(_ e: QueryExpression) -> [QueryExpression] {
    switch e.kind {
    case .field, .string, .number, .period, .regex, .star: return []
    case .list(let items): return items
    case .unary(_, let a): return [a]
    case .binary(_, let a, let b): return [a, b]
    case .like(let a, let b, _): return [a, b]
    case .inList(let a, let items, _): return [a] + items
    case .call(_, let arguments): return arguments
    }
  }

  private func fields(in e: QueryExpression) -> [(String, Int)] {
    if case .field(let name) = e.kind { return [(name, e.range.lowerBound)] }
    return children(e).flatMap { fields(in: $0) }
  }

  /// Fields of `e` that are not inside an aggregate call's arguments.
  private func fieldsOutsideAggregates(_ e: QueryExpression) -> [(String, Int)] {
    if case .call(let name, _) = e.kind, FunctionCatalog.signature(name)?.kind == .aggregate { return [] }
    if case .field(let name) = e.kind { return [(name, e.range.lowerBound)] }
    return children(e).flatMap { fieldsOutsideAggregates($0) }
  }

  private func calls(in e: QueryExpression) -> [(String, Int)] {
    var result: [(String, Int)] = []
    if case .call(let name, _) = e.kind { result.append((name, e.range.lowerBound)) }
    return result + children(e).flatMap { calls(in: $0) }
  }
}
