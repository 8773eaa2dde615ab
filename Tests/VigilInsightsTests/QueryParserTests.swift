import Testing
import VigilCore
import VigilLogSource

@testable import VigilInsights

/// Parses `query` and returns the diagnostic it must produce.
func diagnostic(_ query: String) -> Diagnostic? {
  do {
    _ = try QueryParser.parse(query)
    return nil
  } catch {
    return error
  }
}

@Suite("Query parser")
struct QueryParserTests {
  /// Every query quoted in the Logs Insights documentation (logs-syntax.md §3) parses.
  @Test(arguments: [
    "fields @timestamp, @message | sort @timestamp desc | limit 25",
    "filter @message like /Exception/ | stats count(*) as exceptionCount by bin(1h) | sort exceptionCount desc",
    "fields @message | filter @message not like /Exception/",
    "filter @type = \"REPORT\" | stats avg(@duration), max(@duration), min(@duration) by bin(5m)",
    "stats sum(packets) as packetsTransferred by srcAddr, dstAddr | sort packetsTransferred desc | limit 15",
    "filter protocol=17 | stats count(*) by srcAddr",
    "filter logStatus=\"SKIPDATA\" | stats count(*) by bin(1h) as t | sort t",
    "stats count(*) by queryType, bin(1h)",
    "stats count(*) as numRequests by resolverIp | sort numRequests desc | limit 10",
    "filter responseCode=\"SERVFAIL\" | stats count(*) by queryName",
    "stats count(*) by eventSource, eventName, awsRegion",
    "filter (eventName=\"StartInstances\" or eventName=\"StopInstances\") and awsRegion=\"us-east-2\"",
    "filter eventName=\"CreateUser\" | fields awsRegion, requestParameters.userName, responseElements.user.arn",
    "filter eventName=\"UpdateTrail\" and ispresent(errorCode) | stats count(*) by errorCode, errorMessage",
    "filter (dstAddr like 'x.x.x.x' and srcAddr like 'y.y.') | stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 10",
    "stats count(*) by @logStream | limit 100",
    "fields `foo-bar`, action, abs(f3-f4)",
    "fields concat(Operation, '-', StatusCode) as opStatus",
    "fields f1, f2, f3 | filter (duration>2000)",
    "fields f1, f2 | filter (f1=10 or f3>25)",
    "fields f1 | filter statusCode like /2\\d\\d/",
    "fields @timestamp, @message | filter statusCode in [300,400,500]",
    "fields @timestamp, @message | filter Type not in [\"foo\",\"bar\",1]",
    "fields @timestamp, @message | filter (range>3000 and accountId=123456789012) | sort @timestamp desc | limit 20",
    "stats avg (f1) by f2",
    "stats avg(myfield1), min(myfield2), max(myfield3) by bin(5m)",
    "stats count(*) by bin(30s)",
    "fields abs(myField) as AbsoluteValuemyField, myField2",
    "stats avg(f1) as myAvgF1 | sort myAvgF1 desc",
    "stats count(*) by duration as time | sort time desc",
    "fields @timestamp, @message, accountId as ID | sort @timestamp desc | limit 20",
    "fields @timestamp, @message\n    # | filter @message like /delay/\n    | limit 20",
    "parse @message \"[*] * The error was: *\" as level, config, exception",
    "parse @message /\\[(?<level>\\S+)\\]\\s+(?<config>\\{.*\\})\\s+The error was: (?<exception>\\S+)/",
    "parse @message \"user=*, method:*, latency := *\" as @user, @method, @latency | stats avg(@latency) by @method, @user",
    "parse @message /(?<NetworkInterface>eni-.*?) / | display NetworkInterface, @message",
    "FIELDS @message | PARSE @message \"* [*] *\" as loggingTime, loggingType, loggingMessage | FILTER loggingType IN [\"ERROR\", \"INFO\"] | DISPLAY loggingMessage, loggingType = \"ERROR\" as isError",
    "fields @timestamp, server, severity, message | sort @timestamp desc | dedup server",
    "filter toMillis(@timestamp) >= (now() * 1000 - 7200000)",
    "fields @timestamp, @message | filter @message like /(?i)(error|failure)/ | filter toMillis(@timestamp) >= (now() * 1000 - 18000000)",
    "filter isIpv4InSubnet(srcAddr, \"192.0.2.0/24\") | stats sum(bytes) as bytesTransferred by dstAddr | sort bytesTransferred desc | limit 15",
    "filter @type = \"REPORT\" | stats max(@memorySize / 1000 / 1000) as provisonedMemoryMB, min(@maxMemoryUsed / 1000 / 1000) as smallestMemoryRequestMB, avg(@maxMemoryUsed / 1000 / 1000) as avgMemoryUsedMB, max(@maxMemoryUsed / 1000 / 1000) as maxMemoryUsedMB, provisonedMemoryMB - maxMemoryUsedMB as overProvisionedMB",
    "FIELDS strlen(@message) AS message_length | STATS sum(message_length)/1024/1024 as logs_mb BY bin(5m) | STATS max(logs_mb) AS peak_ingest_mb, min(logs_mb) AS min_ingest_mb, avg(logs_mb) AS avg_ingest_mb",
    "FIELDS strlen(@message) AS message_length | STATS sum(message_length) / 1024 / 1024 AS logs_mb BY BIN(5m) as @t | STATS max(logs_mb) AS peak_ingest_mb, min(logs_mb) AS min_ingest_mb, avg(logs_mb) AS avg_ingest_mb BY dateceil(@t, 10m)",
    "STATS count_distinct(client_ip) AS session_ips, count(*) AS requests BY session_id, client_platform | FILTER session_ips > 1 | STATS count(*) AS multiple_ip_sessions, sum(requests) / count(*) AS avg_session_requests BY client_platform",
    "filter requestParameters.instancesSet.items.0.instanceId=\"i-abcde123\" | sort @timestamp desc",
    "fields @`aws.tag.aws:cloudformation:stack-name`",
    "stats pct(@duration, 95), stddev(@duration), earliest(@requestId), latest(@requestId), sortsFirst(@logStream), sortsLast(@logStream)",
    "filter @message =~ /Exception/ | pattern @message",
    "unnest items into item | display item",
  ])
  func documentedQueriesParse(_ query: String) throws {
    _ = try QueryParser.parse(query)
  }

  @Test func structure() throws {
    let query = try QueryParser.parse(
      "fields a, b as c | filter x > 2 and not y like /z/ | stats count(*) by bin(5m) | sort c desc | limit 3")
    #expect(query.commands.count == 5)
    guard case .fields(let items) = query.commands[0] else { Issue.record("not fields"); return }
    #expect(items.map(\.name) == ["a", "c"])
    guard case .stats(let stats) = query.commands[2] else { Issue.record("not stats"); return }
    #expect(stats.aggregates.map(\.name) == ["count(*)"])
    #expect(stats.groups.map(\.name) == ["bin(5m)"])
    #expect(
      stats.groups[0].expression.kind
        == .call("bin", [QueryExpression(kind: .period(TimePeriod(count: 5, unit: .minute)), range: 75..<77, text: "5m")]))
    #expect(
      query.commands[3] == .sort([SortKey(expression: QueryExpression(kind: .field("c"), range: 86..<87, text: "c"), descending: true)]))
    #expect(query.commands[4] == .limit(3))
  }

  @Test func precedence() throws {
    let query = try QueryParser.parse("fields 1 + 2 * 3 ^ 2 as v")
    guard case .fields(let items) = query.commands[0],
      case .binary(.add, _, let right) = items[0].expression.kind,
      case .binary(.multiply, _, let power) = right.kind,
      case .binary(.power, _, _) = power.kind
    else {
      Issue.record("wrong tree")
      return
    }
  }

  /// A query AWS rejects is rejected with line:column, the source line and a caret.
  @Test(arguments: [
    ("stats count(*) | stats count(*) | stats count(*)", "1:35: error: a query can have at most two stats commands"),
    ("stats count(*) as n by x | sort n | stats max(n) as m", "1:28: error: sort and limit must come after the second stats command"),
    ("stats count(*) as n by x | limit 5 | stats max(n) as m", "1:28: error: sort and limit must come after the second stats command"),
    (
      "FIELDS @message | STATS SUM(Fault) by Operation | STATS MAX(strlen(@message)) AS MaxMessageSize",
      "1:68: error: the second stats command can only use fields defined by the first stats command; '@message' is not one of them"
    ),
    (
      "FIELDS strlen(@message) AS message_length | STATS sum(message_length) AS ingested_bytes BY @logStream | STATS avg(ingested_bytes) BY bin(5m)",
      "1:134: error: bin() cannot be used in the second stats command: it always uses @timestamp; group by dateceil() or datefloor() of a time field from the first stats"
    ),
    ("fields strln(@message)", "1:8: error: unknown function 'strln'; did you mean 'strlen'?"),
    ("filter @message like /(unclosed/", "1:22: error: invalid regular expression /(unclosed/"),
    ("fields @message | filtr x = 1", "1:19: error: unknown command 'filtr'; did you mean 'filter'?"),
    ("filter avg(x) > 1", "1:8: error: avg() is an aggregate function and can only be used in stats"),
    ("stats avg(max(x))", "1:11: error: aggregate functions cannot be nested"),
    ("stats x by y", "1:7: error: 'x' is not an aggregate: stats items need a function such as count(), avg() or sum()"),
    ("parse @message \"[*] *\" as a", "1:24: error: the parse pattern has 2 '*' but 1 field name follow 'as'"),
    ("parse @message /no groups/", "1:16: error: a parse regex needs named capture groups such as (?<name>...)"),
    ("fields @timestamp | dedup a | sort a", "1:31: error: only limit can follow dedup"),
    ("filter x = \"open", "1:12: error: unterminated string literal"),
    ("fields a,", "1:10: error: expected an expression in fields, found end of query"),
    ("fields a |", "1:11: error: expected a command after '|'"),
    ("", "1:1: error: empty query: expected a command such as fields, filter or stats"),
    ("stats count(*) by bin(5x)", "1:23: error: unknown time unit 'x'; use ms, s, m, h, d, w, mo, q or y"),
    ("stats count(*) by bin(x)", "1:23: error: bin() needs a time period such as 5m, 1h or 30s"),
    ("fields substr(a)", "1:8: error: substr() takes 2 to 3 arguments, got 1"),
    ("limit 0", "1:7: error: limit needs a positive whole number, found '0'"),
    ("stats pct(x, 101)", "1:14: error: pct() needs a percentile between 0 and 100 as its second argument"),
    ("fields jsonParse(@message) as j", "1:8: error: map and list values (jsonParse) are not implemented by Vigil"),
    ("fields a | diff", "1:12: error: the 'diff' command is not supported by Vigil"),
    ("filter a ! b", "1:10: error: unexpected '!' in filter"),
  ])
  func rejected(_ query: String, _ expected: String) throws {
    let d = try #require(diagnostic(query))
    #expect(d.headline.hasPrefix(expected), "\(d.headline)")
  }

  @Test func caretOnLaterLine() throws {
    let d = try #require(
      diagnostic("fields @timestamp\n| filter x = 1\n| stats count(*) as n by bin(5m)\n| stats sum(n) as total\n| stats count(*)"))
    #expect(d.description == "5:3: error: a query can have at most two stats commands\n  | stats count(*)\n    ^")
  }

  @Test func commentsAreIgnored() throws {
    let query = try QueryParser.parse("fields @timestamp, @message\n    # | filter @message like /delay/\n    | limit 20")
    #expect(query.commands.count == 2)
    #expect(query.commands[1] == .limit(20))
  }

  @Test func divisionIsNotARegex() throws {
    let query = try QueryParser.parse("fields a / 2 / b as r")
    guard case .fields(let items) = query.commands[0], case .binary(.divide, _, _) = items[0].expression.kind else {
      Issue.record("expected a division")
      return
    }
  }

  @Test func functionNamesForCompletion() {
    #expect(FunctionCatalog.names.contains("count_distinct"))
    #expect(FunctionCatalog.names.contains("sortsFirst"))
    #expect(FunctionCatalog.names.contains("isIpv4InSubnet"))
    #expect(FunctionCatalog.names.count == 59)
  }
}

@Suite("Bad input")
struct BadInputTests {
  /// Deterministic mutations of documented queries (cut, duplicated or replaced characters): each one either
  /// runs or gives a diagnostic that points inside the query — never a crash.
  @Test func mutatedQueriesNeverCrash() throws {
    let seeds = [
      "filter @message like /Exception/ | stats count(*) as exceptionCount by bin(1h) | sort exceptionCount desc",
      "FIELDS @message | PARSE @message \"* [*] *\" as loggingTime, loggingType, loggingMessage | FILTER loggingType IN [\"ERROR\", \"INFO\"] | DISPLAY loggingMessage, loggingType = \"ERROR\" as isError",
      "STATS count_distinct(client_ip) AS session_ips, count(*) AS requests BY session_id | FILTER session_ips > 1 | STATS count(*) AS n",
      "fields `foo-bar`, abs(f3-f4), concat(a, '-', b) as c | filter x in [1, \"2\"] and not y =~ /z+/ | dedup c | limit 5",
    ]
    let alphabet = Array("|()[]/\"'`#*,.=<>!^%+-@ \nabc19")
    var seed: UInt64 = 7
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(n))
    }
    var parsed = 0
    var rejected = 0
    for base in seeds {
      for _ in 0..<400 {
        var chars = Array(base)
        for _ in 0..<(1 + next(3)) {
          let at = next(chars.count)
          switch next(3) {
          case 0: chars.remove(at: at)
          case 1: chars.insert(alphabet[next(alphabet.count)], at: at)
          default: chars[at] = alphabet[next(alphabet.count)]
          }
          if chars.isEmpty { chars = ["x"] }
        }
        let text = String(chars)
        do {
          let query = try QueryParser.parse(text)
          let run = try QueryRun(query: query)
          var message = #"{"f3":1,"f4":"2","x":1,"y":"zz","client_ip":"1.1.1.1","session_id":"s"}"#
          message.withUTF8 { run.consume(RawLogEvent(timestamp: 0, message: $0, logStream: "s", logGroup: "g")) }
          _ = run.finish()
          parsed += 1
        } catch {
          let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
          #expect(error.location.line >= 1 && error.location.line <= lines.count, "\(text)")
          #expect(error.location.column >= 1 && error.location.column <= lines[error.location.line - 1].unicodeScalars.count + 1, "\(text)")
          rejected += 1
        }
      }
    }
    #expect(parsed + rejected == 1600)
    #expect(parsed > 100)
    #expect(rejected > 100)
  }
}
