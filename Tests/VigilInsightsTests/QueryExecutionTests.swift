import Testing
import VigilCore

@testable import VigilInsights

/// Documented queries run over small logs; expected rows follow the documented semantics
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html and the command pages).
@Suite("Query execution")
struct QueryExecutionTests {
  let parseLine = "25 May 2019 10:24:39,474 [ERROR] {foo=2, bar=data} The error was: DataIntegrityException"

  @Test func parseGlobDocumentedExample() throws {
    let result = try runQuery(
      "parse @message \"[*] * The error was: *\" as level, config, exception | display level, config, exception",
      [("2019-05-25T10:24:39.474Z", parseLine)])
    #expect(result.columns == ["level", "config", "exception"])
    #expect(result.textRows == [["ERROR", "{foo=2, bar=data}", "DataIntegrityException"]])
  }

  @Test func parseRegexDocumentedExample() throws {
    let result = try runQuery(
      #"parse @message /\[(?<level>\S+)\]\s+(?<config>\{.*\})\s+The error was: (?<exception>\S+)/ | display level, config, exception"#,
      [("2019-05-25T10:24:39.474Z", parseLine)])
    #expect(result.textRows == [["ERROR", "{foo=2, bar=data}", "DataIntegrityException"]])
  }

  /// The parse page's JSON-ish example. Its pattern ends in `['*']`, but the line has `[{'fA'...}]`, so as written
  /// the literal `['` never occurs and nothing is extracted; with `[*]` the documented values come out.
  @Test func parseGlobJSONish() throws {
    let line = [("2019-05-25T10:24:39.474Z", "{'fieldsA': 'logs', 'fieldsB': [{'fA': 'a1'}, {'fA': 'a2'}]}")]
    let asWritten = try runQuery(#"parse @message "'fieldsA': '*', 'fieldsB': ['*']" as fld, array | display fld, array"#, line)
    #expect(asWritten.rows == [[.null, .null]])
    let result = try runQuery(#"parse @message "'fieldsA': '*', 'fieldsB': [*]" as fld, array | display fld, array"#, line)
    #expect(result.textRows == [["logs", "{'fA': 'a1'}, {'fA': 'a2'}"]])
  }

  @Test func parseThenStatsByParsedFields() throws {
    let result = try runQuery(
      #"parse @message "user=*, method:*, latency := *" as @user, @method, @latency | stats avg(@latency) by @method, @user"#,
      [
        ("2019-05-25T10:24:39.474Z", "25 May 2019 10:24:39,474 user=user1234, method:sampleMehod, latency := 216"),
        ("2019-05-25T10:24:40.474Z", "25 May 2019 10:24:40,474 user=user1234, method:sampleMehod, latency := 100"),
      ])
    #expect(result.columns == ["@method", "@user", "avg(@latency)"])
    #expect(result.textRows == [["sampleMehod", "user1234", "158"]])
  }

  /// The doc's regex says `method:` but its sample line says `method=`: as written it does not match, and a
  /// line that does not match keeps its place with the fields absent.
  @Test func parseNonMatchingLineKeepsEventWithoutFields() throws {
    let result = try runQuery(
      #"parse @message /user=(?<user2>.*?), method:(?<method2>.*?), latency := (?<latency2>.*?)/ | fields @message, user2, method2"#,
      [("2019-05-25T10:24:39.474Z", "25 May 2019 10:24:39,474 user=user1234, method=sampleMehod, latency := 216")])
    #expect(result.rows.count == 1)
    #expect(result.rows[0][1] == .null)
    #expect(result.rows[0][2] == .null)
  }

  @Test func parseVPCInterface() throws {
    let result = try runQuery(
      "parse @message /(?<NetworkInterface>eni-.*?) / | display NetworkInterface",
      [
        (
          "2026-03-02T10:00:00Z",
          "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"
        )
      ])
    #expect(result.textRows == [["eni-1235b8ca123456789"]])
  }

  let levelLines = [
    ("2026-03-02T10:00:01Z", "2026-03-02T10:00:01Z [ERROR] disk full"),
    ("2026-03-02T10:00:02Z", "2026-03-02T10:00:02Z [INFO] started"),
    ("2026-03-02T10:00:03Z", "2026-03-02T10:00:03Z [DEBUG] tick"),
    ("2026-03-02T10:00:04Z", "2026-03-02T10:00:04Z [ERROR] out of memory"),
  ]

  @Test func displayWithBooleanExpression() throws {
    let result = try runQuery(
      "FIELDS @message | PARSE @message \"* [*] *\" as loggingTime, loggingType, loggingMessage | FILTER loggingType IN [\"ERROR\", \"INFO\"] | DISPLAY loggingMessage, loggingType = \"ERROR\" as isError",
      levelLines)
    #expect(result.columns == ["loggingMessage", "isError"])
    #expect(result.textRows == [["out of memory", "1"], ["started", "0"], ["disk full", "1"]])
  }

  @Test func displayShowsOnlyItsFields() throws {
    let result = try runQuery(
      "fields @message | parse @message \"[*] *\" as loggingType, loggingMessage | filter loggingType = \"ERROR\" | display loggingMessage",
      levelLines)
    #expect(result.columns == ["loggingMessage"])
    #expect(result.textRows == [["out of memory"], ["disk full"]])
  }

  @Test func fieldsWithoutDisplayShowsFieldsAndParsed() throws {
    let result = try runQuery("fields @message | parse @message \"[*] *\" as loggingType, loggingMessage | limit 1", levelLines)
    #expect(result.columns == ["@message", "loggingType", "loggingMessage"])
    #expect(result.textRows == [["2026-03-02T10:00:04Z [ERROR] out of memory", "ERROR", "out of memory"]])
  }

  @Test func defaultColumnsAndNewestFirst() throws {
    let result = try runQuery("filter @message like /ERROR/", levelLines)
    #expect(result.columns == ["@timestamp", "@message"])
    #expect(result.column("@timestamp") == ["2026-03-02 10:00:04.000", "2026-03-02 10:00:01.000"])
  }

  @Test func sortAndLimitTopN() throws {
    let result = try runQuery("fields @timestamp, @message | sort @timestamp desc | limit 2", levelLines)
    #expect(result.column("@message") == ["2026-03-02T10:00:04Z [ERROR] out of memory", "2026-03-02T10:00:03Z [DEBUG] tick"])
    let ascending = try runQuery("fields @timestamp | sort @timestamp asc | limit 1", levelLines)
    #expect(ascending.column("@timestamp") == ["2026-03-02 10:00:01.000"])
  }

  @Test func notLikeRegex() throws {
    let events = [("2026-03-02T10:00:00Z", "java.lang.NullPointerException at x"), ("2026-03-02T10:00:01Z", "all good")]
    let result = try runQuery("fields @message | filter @message not like /Exception/", events)
    #expect(result.textRows == [["all good"]])
  }

  @Test func exceptionCountByHour() throws {
    var events: [(String, String)] = []
    for minute in 0..<3 { events.append(("2026-03-02T09:1\(minute):00Z", "IllegalStateException")) }
    events.append(("2026-03-02T10:05:00Z", "TimeoutException"))
    events.append(("2026-03-02T10:06:00Z", "ok"))
    let result = try runQuery(
      "filter @message like /Exception/ | stats count(*) as exceptionCount by bin(1h) | sort exceptionCount desc", events)
    #expect(result.columns == ["bin(1h)", "exceptionCount"])
    #expect(result.textRows == [["2026-03-02 09:00:00.000", "3"], ["2026-03-02 10:00:00.000", "1"]])
    #expect(result.timeBucketColumn == "bin(1h)")
  }

  let reports = [
    (
      "2026-03-02T10:00:10Z",
      "REPORT RequestId: a\tDuration: 100.5 ms\tBilled Duration: 101 ms\tMemory Size: 512 MB\tMax Memory Used: 120 MB\t"
    ),
    (
      "2026-03-02T10:01:10Z",
      "REPORT RequestId: b\tDuration: 300.5 ms\tBilled Duration: 301 ms\tMemory Size: 512 MB\tMax Memory Used: 200 MB\t"
    ),
    (
      "2026-03-02T10:06:10Z", "REPORT RequestId: c\tDuration: 50 ms\tBilled Duration: 50 ms\tMemory Size: 512 MB\tMax Memory Used: 100 MB\t"
    ),
    ("2026-03-02T10:06:11Z", "START RequestId: d Version: $LATEST"),
  ]

  @Test func lambdaDurationsByFiveMinutes() throws {
    let result = try runQuery(
      "filter @type = \"REPORT\" | stats avg(@duration), max(@duration), min(@duration) by bin(5m)", reports)
    #expect(result.columns == ["bin(5m)", "avg(@duration)", "max(@duration)", "min(@duration)"])
    #expect(
      result.textRows == [
        ["2026-03-02 10:00:00.000", "200.5", "300.5", "100.5"],
        ["2026-03-02 10:05:00.000", "50", "50", "50"],
      ])
  }

  @Test func lambdaMemoryOverProvisioning() throws {
    let result = try runQuery(
      """
      filter @type = "REPORT"
      | stats max(@memorySize / 1000 / 1000) as provisonedMemoryMB,
              min(@maxMemoryUsed / 1000 / 1000) as smallestMemoryRequestMB,
              avg(@maxMemoryUsed / 1000 / 1000) as avgMemoryUsedMB,
              max(@maxMemoryUsed / 1000 / 1000) as maxMemoryUsedMB,
              provisonedMemoryMB - maxMemoryUsedMB as overProvisionedMB
      """, reports)
    #expect(result.columns == ["provisonedMemoryMB", "smallestMemoryRequestMB", "avgMemoryUsedMB", "maxMemoryUsedMB", "overProvisionedMB"])
    #expect(result.textRows == [["512", "100", "140", "200", "312"]])
  }

  let flows = [
    ("2026-03-02T10:00:00Z", #"{"srcAddr":"10.0.0.1","dstAddr":"10.0.0.9","packets":10,"bytes":1000,"protocol":6,"logStatus":"OK"}"#),
    ("2026-03-02T10:00:01Z", #"{"srcAddr":"10.0.0.1","dstAddr":"10.0.0.9","packets":5,"bytes":500,"protocol":17,"logStatus":"OK"}"#),
    (
      "2026-03-02T10:00:02Z", #"{"srcAddr":"10.0.0.2","dstAddr":"10.0.0.9","packets":40,"bytes":4000,"protocol":17,"logStatus":"SKIPDATA"}"#
    ),
    ("2026-03-02T11:30:00Z", #"{"srcAddr":"192.0.2.7","dstAddr":"10.0.0.8","packets":1,"bytes":60,"protocol":17,"logStatus":"SKIPDATA"}"#),
  ]

  @Test func packetsTransferredTopN() throws {
    let result = try runQuery(
      "stats sum(packets) as packetsTransferred by srcAddr, dstAddr | sort packetsTransferred desc | limit 15", flows)
    #expect(result.columns == ["srcAddr", "dstAddr", "packetsTransferred"])
    #expect(result.textRows == [["10.0.0.2", "10.0.0.9", "40"], ["10.0.0.1", "10.0.0.9", "15"], ["192.0.2.7", "10.0.0.8", "1"]])
  }

  @Test func udpCountBySource() throws {
    let result = try runQuery("filter protocol=17 | stats count(*) by srcAddr", flows)
    #expect(result.columns == ["srcAddr", "count(*)"])
    #expect(result.textRows == [["10.0.0.1", "1"], ["10.0.0.2", "1"], ["192.0.2.7", "1"]])
  }

  @Test func skipDataByHourAlias() throws {
    let result = try runQuery("filter logStatus=\"SKIPDATA\" | stats count(*) by bin(1h) as t | sort t", flows)
    #expect(result.columns == ["t", "count(*)"])
    #expect(result.textRows == [["2026-03-02 10:00:00.000", "1"], ["2026-03-02 11:00:00.000", "1"]])
  }

  @Test func subnetFilter() throws {
    let result = try runQuery(
      "filter isIpv4InSubnet(srcAddr, \"192.0.2.0/24\") | stats sum(bytes) as bytesTransferred by dstAddr | sort bytesTransferred desc | limit 15",
      flows)
    #expect(result.textRows == [["10.0.0.8", "60"]])
  }

  @Test func groupByTwoKeysIncludingBin() throws {
    let events = [
      ("2026-03-02T10:10:00Z", #"{"queryType":"A"}"#), ("2026-03-02T10:20:00Z", #"{"queryType":"A"}"#),
      ("2026-03-02T10:30:00Z", #"{"queryType":"AAAA"}"#), ("2026-03-02T11:05:00Z", #"{"queryType":"A"}"#),
    ]
    let result = try runQuery("stats count(*) by queryType, bin(1h)", events)
    #expect(result.columns == ["queryType", "bin(1h)", "count(*)"])
    #expect(
      result.textRows == [
        ["A", "2026-03-02 10:00:00.000", "2"], ["A", "2026-03-02 11:00:00.000", "1"], ["AAAA", "2026-03-02 10:00:00.000", "1"],
      ])
  }

  @Test func setMembership() throws {
    let events = [
      ("2026-03-02T10:00:00Z", #"{"statusCode":300,"Type":"foo"}"#), ("2026-03-02T10:00:01Z", #"{"statusCode":404,"Type":"1"}"#),
      ("2026-03-02T10:00:02Z", #"{"statusCode":"500","Type":"baz"}"#),
    ]
    #expect(
      try runQuery("fields statusCode | filter statusCode in [300,400,500] | sort statusCode", events).column("statusCode") == [
        "300", "500",
      ])
    #expect(try runQuery("fields Type | filter Type not in [\"foo\",\"bar\",1]", events).column("Type") == ["baz"])
    // "The fields must be complete strings".
    #expect(try runQuery("fields Type | filter Type in [\"fo\"]", events).rows.isEmpty)
  }

  @Test func countFieldCountsPresentOnly() throws {
    let events = [
      ("2026-03-02T10:00:00Z", #"{"errorCode":"AccessDenied"}"#), ("2026-03-02T10:00:01Z", #"{"ok":true}"#),
      ("2026-03-02T10:00:02Z", #"{"errorCode":"Throttling"}"#),
    ]
    let result = try runQuery("stats count(*) as all, count(errorCode) as errors, count() as again", events)
    #expect(result.textRows == [["3", "2", "3"]])
    let grouped = try runQuery("filter ispresent(errorCode) | stats count(*) by errorCode", events)
    #expect(grouped.textRows == [["AccessDenied", "1"], ["Throttling", "1"]])
  }

  @Test func statsFunctions() throws {
    let events = (1...10).map { i in
      ("2026-03-02T10:00:\(String(format: "%02d", i))Z", #"{"v":\#(i * 10),"who":"u\#(i % 3)"}"#)
    }
    let result = try runQuery(
      "stats avg(v), sum(v), min(v), max(v), pct(v, 50), pct(v, 90), pct(v, 99), stddev(v), count_distinct(who), earliest(v), latest(v), sortsFirst(who), sortsLast(who)",
      events)
    #expect(
      result.textRows == [
        [
          "55", "550", "10", "100", "50", "90", "100", "30.276503540974915", "3", "10", "100", "u0", "u2",
        ]
      ])
  }

  @Test func twoStatsCommands() throws {
    let events = [
      ("2026-03-02T10:00:00Z", #"{"session_id":"s1","client_platform":"ios","client_ip":"1.1.1.1"}"#),
      ("2026-03-02T10:00:01Z", #"{"session_id":"s1","client_platform":"ios","client_ip":"1.1.1.2"}"#),
      ("2026-03-02T10:00:02Z", #"{"session_id":"s1","client_platform":"ios","client_ip":"1.1.1.2"}"#),
      ("2026-03-02T10:00:03Z", #"{"session_id":"s2","client_platform":"ios","client_ip":"1.1.1.3"}"#),
      ("2026-03-02T10:00:04Z", #"{"session_id":"s3","client_platform":"web","client_ip":"2.2.2.1"}"#),
      ("2026-03-02T10:00:05Z", #"{"session_id":"s3","client_platform":"web","client_ip":"2.2.2.2"}"#),
    ]
    let result = try runQuery(
      "STATS count_distinct(client_ip) AS session_ips, count(*) AS requests BY session_id, client_platform | FILTER session_ips > 1 | STATS count(*) AS multiple_ip_sessions, sum(requests) / count(*) AS avg_session_requests BY client_platform",
      events)
    #expect(result.columns == ["client_platform", "multiple_ip_sessions", "avg_session_requests"])
    #expect(result.textRows == [["ios", "1", "3"], ["web", "1", "2"]])
  }

  @Test func secondStatsByDateceilOfFirstBin() throws {
    let events = [
      ("2026-03-02T10:01:00Z", "aaaa"), ("2026-03-02T10:02:00Z", "bb"), ("2026-03-02T10:06:00Z", "c"),
      ("2026-03-02T10:12:00Z", "dddddd"),
    ]
    let result = try runQuery(
      "FIELDS strlen(@message) AS message_length | STATS sum(message_length) AS bytes BY BIN(5m) as @t | STATS max(bytes) AS peak, min(bytes) AS low BY dateceil(@t, 10m)",
      events)
    #expect(result.columns == ["dateceil(@t, 10m)", "peak", "low"])
    // First stats: 10:00 → 6 bytes, 10:05 → 1, 10:10 → 6; dateceil keeps 10:00 and 10:10, moves 10:05 up.
    #expect(result.textRows == [["2026-03-02 10:00:00.000", "6", "6"], ["2026-03-02 10:10:00.000", "6", "1"]])
  }

  /// The sort page's ascending example, exactly.
  @Test func naturalSortOrder() throws {
    let documented = ["!:", "#", "*%04", "0#", "5A", "111A", "2345_", "@", "@_", "A", "A9876fghj", "a12345hfh", "0", "01", "1", "2", "3"]
    let events = documented.reversed().enumerated().map { i, v in
      ("2026-03-02T10:00:\(String(format: "%02d", i))Z", #"{"v":"\#(v)"}"#)
    }
    #expect(try runQuery("fields v | sort v asc", events).column("v") == documented)
    #expect(try runQuery("fields v | sort v desc", events).column("v") == documented.reversed())
  }

  @Test func dedupKeepsMostRecentPerServer() throws {
    let events = [
      ("2026-03-02T10:00:00Z", #"{"server":"a","severity":"low","message":"a1"}"#),
      ("2026-03-02T10:00:01Z", #"{"server":"b","severity":"low","message":"b1"}"#),
      ("2026-03-02T10:00:02Z", #"{"server":"a","severity":"high","message":"a2"}"#),
      ("2026-03-02T10:00:03Z", #"{"severity":"high","message":"no server"}"#),
      ("2026-03-02T10:00:04Z", #"{"severity":"high","message":"no server 2"}"#),
    ]
    let result = try runQuery("fields @timestamp, server, severity, message | sort @timestamp desc | dedup server", events)
    #expect(result.column("message") == ["no server 2", "no server", "a2", "b1"])
    let unsorted = try runQuery("fields server, message | dedup server | limit 1", events)
    #expect(unsorted.column("message") == ["no server 2"])
  }

  @Test func defaultLimitIsTenThousand() throws {
    let events = (0..<10_050).map { i in (TimeFormat.iso8601(1_772_445_600_000 + Int64(i)), "line \(i)") }
    let result = try runQuery("fields @message", events)
    #expect(result.rows.count == 10_000)
    #expect(result.rows.first?[0] == .string("line 10049"))
    #expect(result.statistics == QueryStatistics(recordsMatched: 10_050, recordsScanned: 10_050, bytesScanned: 89_390))
  }

  @Test func timeRangeIsInclusive() throws {
    let options = QueryOptions(start: TimeFormat.parse("2026-03-02T10:00:02Z"), end: TimeFormat.parse("2026-03-02T10:00:03Z"))
    let result = try runQuery("stats count(*) as n", levelLines, options: options)
    #expect(result.textRows == [["2"]])
    #expect(result.statistics.recordsScanned == 2)
  }

  @Test func nestedAndArrayFields() throws {
    let event =
      #"{"eventName":"RunInstances","requestParameters":{"instancesSet":{"items":[{"instanceId":"i-abcde123"}]}},"userIdentity":{"type":"IAMUser"}}"#
    let result = try runQuery(
      "fields @timestamp, userIdentity.type | filter requestParameters.instancesSet.items.0.instanceId=\"i-abcde123\" | sort @timestamp desc",
      [("2026-03-02T10:00:00Z", event), ("2026-03-02T10:00:01Z", "{}")])
    #expect(result.textRows == [["2026-03-02 10:00:00.000", "IAMUser"]])
  }

  @Test func statsOverNoEvents() throws {
    let result = try runQuery("filter x = 1 | stats count(*) as n, avg(y) as m", levelLines)
    #expect(result.columns == ["n", "m"])
    #expect(result.rows == [[.number(0), .null]])
  }

  @Test func fieldsAfterStats() throws {
    let events = [("2026-03-02T10:00:00Z", #"{"latency_ms":100}"#), ("2026-03-02T10:00:01Z", #"{"latency_ms":300}"#)]
    let result = try runQuery("stats avg(latency_ms) as mean, max(latency_ms) as top | fields top - mean as spread", events)
    #expect(result.columns == ["mean", "top", "spread"])
    #expect(result.textRows == [["200", "300", "100"]])
  }

  @Test func unnestTreatsValuesAsOneItemLists() throws {
    let result = try runQuery("unnest tier into t | display t", [("2026-03-02T10:00:00Z", #"{"tier":"gold"}"#)])
    #expect(result.textRows == [["gold"]])
  }

  @Test func patternGroupsMessages() throws {
    let events = [
      ("2026-03-02T10:00:00Z", "[INFO] Request time: 327 ms"), ("2026-03-02T10:00:01Z", "[INFO] Request time: 12 ms"),
      ("2026-03-02T10:00:02Z", "[ERROR] Connection to 10.0.0.1 failed"),
    ]
    let result = try runQuery("pattern @message", events)
    #expect(result.columns == ["@pattern", "@sampleCount", "@ratio", "@severityLabel", "@sample"])
    #expect(
      result.textRows == [
        ["[INFO] Request time: <Token-1> ms", "2", "0.67", "Info", "[INFO] Request time: 327 ms"],
        ["[ERROR] Connection to <Token-1> failed", "1", "0.33", "Error", "[ERROR] Connection to 10.0.0.1 failed"],
      ])
  }

  @Test func regexCaseInsensitive() throws {
    let events = [("2026-03-02T10:00:00Z", "Payment FAILURE"), ("2026-03-02T10:00:01Z", "fine")]
    let result = try runQuery("fields @message | filter @message like /(?i)(error|failure)/", events)
    #expect(result.textRows == [["Payment FAILURE"]])
  }

  @Test func runtimeChecksRejectParseAfterStats() throws {
    #expect(throws: Diagnostic.self) { try QueryRun("stats count(*) as n by x | parse x \"*\" as y") }
  }
}
