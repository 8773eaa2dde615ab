import Testing
import VigilCore

@testable import VigilLogs

/// JSON event J1 of the AWS page (the 2018 page adds "ThisFlag"), on one line as the page asks.
let eventJ1 = """
  {"eventType":"UpdateTrail","sourceIPAddress":"111.111.111.111","arrayKey":["value","another value"],"objectList":[{"name":"a","id":1},{"name":"b","id":2}],"SomeObject":null,"cluster.name":"c","ThisFlag":true}
  """

/// JSON event J2 (compound conditions).
let eventJ2 = """
  {"user":{"id":1,"email":"John.Stiles@example.com"},"users":[{"id":2,"email":"John.Doe@example.com"},{"id":3,"email":"Jane.Doe@example.com"}],"actions":["GET","PUT","DELETE"],"coordinates":[[0,1,2],[4,5,6],[7,8,9]]}
  """

@Suite struct JSONPatternTests {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-json-log-events
  @Test(arguments: [
    ("{ $.eventType = \"UpdateTrail\" }", true),
    ("{ $.sourceIPAddress != 123.123.* }", true),
    ("{ $.arrayKey[0] = \"value\" }", true),
    ("{ $.objectList[1].id = 2 }", true),
    ("{ $.SomeObject IS NULL }", true),
    ("{ $.SomeOtherObject NOT EXISTS }", true),
    ("{ $.ThisFlag IS TRUE }", true),
    ("{ $.eventType = %Trail% }", true),
    ("{ $.arrayKey[*] = %val.{2}% }", true),
    ("{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }", true),
    ("{ $.['cluster.name'] = \"c\" }", true),
    ("{ $.eventType = \"*\" && $.sourceIPAddress != 123.123.* }", true),
    // Derived from the rules: a selector on an array/object never matches; absent/present checks.
    ("{ $.arrayKey = \"value\" }", false),
    ("{ $.objectList[0] != 5 }", false),
    ("{ $.ThisFlag IS FALSE }", false),
    ("{ $.SomeObject NOT EXISTS }", false),
    ("{ $.eventType = \"Update*\" }", true),
    ("{ $.eventType = *Trail }", true),
    ("{ $.eventType = Up*Trail }", false),
    ("{ $.sourceIPAddress = 111.111.* }", true),
  ])
  func eventJ1Examples(pattern: String, expected: Bool) throws {
    #expect(try FilterPattern(pattern).matches(eventJ1) == expected)
  }

  @Test(arguments: [
    ("{ ($.user.id = 1) && ($.users[0].email = \"John.Doe@example.com\") }", true),
    ("{ ($.user.id = 2 && $.users[0].email = \"nonmatch\") || $.actions[2] = \"GET\" }", false),
    ("{ $.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = \"nonmatch\" && $.actions[2] = \"nonmatch\" }", true),
    ("{ ($.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = \"nonmatch\") && $.actions[2] = \"nonmatch\" }", false),
    ("{ ($.user.id = 2 && $.users[0].email = nonmatch) || $.actions[2] = GET }", false),
    ("{ $.coordinates[0][1] = 1 }", true),
    ("{ $.coordinates[2][2] >= 9 }", true),
  ])
  func eventJ2Examples(pattern: String, expected: Bool) throws {
    #expect(try FilterPattern(pattern).matches(eventJ2) == expected)
  }

  @Test func orExample() throws {
    let events = ["{\"foo\": \"bar\"}", "{\"foo\": \"baz\"}"]
    #expect(try matching("{$.foo = bar}", events) == [1])
    #expect(try matching("{$.foo = baz }", events) == [2])
    #expect(try matching("{$.foo = bar || $.foo = baz }", events) == [1, 2])
  }

  @Test func selectorOnArrayMatchesNeitherEqualNorNotEqual() throws {
    #expect(try matching("{$.users = 1}", ["{\"users\": [1, 2, 3]}"]) == [])
    #expect(try matching("{$.users != 1}", ["{\"users\": [1, 2, 3]}"]) == [])
  }

  @Test(arguments: [
    ("{ $.latency >= 500 }", "{\"latency\": 500}", true),
    ("{ $.numbers[0] < 10e3 }", "{\"numbers\": [9999]}", true),
    ("{ $.numbers[0] < 10e-3 }", "{\"numbers\": [0.01]}", false),
    ("{ $.processes[4].averageRuntime <= 55.5 }", "{\"processes\":[{},{},{},{},{\"averageRuntime\":55.5}]}", true),
    ("{ $.errorCode = 400 }", "{\"errorCode\": 400}", true),
    ("{ $.errorCode != 500 }", "{\"errorCode\": 400}", true),
    ("{ $.latency > +1000 }", "{\"latency\": 1000.5}", true),
    ("{ $.bandwidth > 75 }", "{\"bandwidth\": 75}", false),
    ("{ $.refreshRate >= 60 }", "{\"refreshRate\": 60}", true),
    ("{ $.responseTime <= 5 }", "{\"responseTime\": -1}", true),
    ("{ $.number[0] = 1e+3 }", "{\"number\": [1000]}", true),
    ("{ $.number[0] != 1e-3 }", "{\"number\": [0.001]}", false),
    ("{ $.latency = * }", "{\"latency\": 50, \"requestType\": \"GET\"}", true),
    // Local decisions (AWS does not say): a number literal does not equal a JSON string; null is no value.
    ("{ $.code = 400 }", "{\"code\": \"400\"}", false),
    ("{ $.code = \"400\" }", "{\"code\": 400}", true),
    ("{ $.status = 2* }", "{\"status\": 204}", true),
    ("{ $.latency = * }", "{\"latency\": null}", false),
    ("{ $.missing != \"x\" }", "{\"a\": 1}", false),
    // Escaped JSON strings are compared decoded.
    ("{ $.level = \"ERROR\" }", "{\"level\": \"\\u0045RROR\"}", true),
    ("{ $.msg = \"a\\\"b\" }", "{\"msg\": \"a\\\"b\"}", true),
    // A message that is not a well-formed JSON object never matches.
    ("{ $.level = \"ERROR\" }", "{\"level\": \"ERROR\", oops", false),
    ("{ $.level NOT EXISTS }", "not json", false),
    ("{ $.level = \"ERROR\" }", "[{\"level\": \"ERROR\"}]", false),
  ])
  func comparisons(pattern: String, message: String, expected: Bool) throws {
    #expect(try FilterPattern(pattern).matches(message) == expected)
  }
}

@Suite struct DelimitedPatternTests {
  let d1 = "127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534"

  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-events
  @Test func documentedExtraction() throws {
    let p = try FilterPattern("[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]")
    #expect(
      p.match(d1)?.extractedValues == [
        "$bytes": "1534", "$status_code": "404", "$request": "GET /index.html HTTP/1.0",
        "$timestamp": "10/Oct/2000:13:25:15 -0700", "$username": "frank", "$user": "Prod", "$ip": "127.0.0.1",
      ])
  }

  @Test(arguments: [
    ("[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]", true),
    ("[..., request =*.html*, status_code = 4*, bytes]", true),
    ("[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]", true),
    ("[ip, server, username, timestamp, request, status_code, bytes > 1000]", true),
    ("[ip, user, username, timestamp, request, status_code = 5*, bytes]", false),
    ("[ip, user, username, timestamp, request, status_code, bytes > 2000]", false),
    ("[ip=%127\\.0\\.0\\.[2-9]%, user, username, timestamp, request, status_code, bytes]", false),
  ])
  func eventD1(pattern: String, expected: Bool) throws {
    #expect(try FilterPattern(pattern).matches(d1) == expected)
  }

  @Test func trailingCommaAndEllipsisExtractPositions() throws {
    let event = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534"
    let p = try FilterPattern("[..., request=*.html*, status_code=4*,]")
    // The page prints "/products/index.html" for $request, which is not in its event; the event wins.
    #expect(
      p.match(event)?.extractedValues == [
        "$status_code": "404", "$request": "GET /index.html HTTP/1.0", "$7": "1534", "$4": "10/Oct/2000:13:25:15 -0700",
        "$3": "frank", "$2": "-", "$1": "127.0.0.1",
      ])
  }

  @Test(arguments: [
    ("[ip, user, username, timestamp, request, status_code, bytes > 1000]", [1, 2, 3]),
    ("[ip, user, username, timestamp, request, status_code = 200, bytes]", [1, 3]),
    ("[ip, user, username, timestamp, request, status_code = 4*, bytes]", []),
    ("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", []),
    ("[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]", []),
    ("[..., status_code, bytes]", [1, 2, 3]),
    ("[ip, user, ..., status_code, bytes]", [1, 2, 3]),
    ("[ip, user, ...]", [1, 2, 3]),
  ])
  func apacheEvents(pattern: String, expected: [Int]) throws {
    let events = [
      "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534",
      "127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] \"GET /apache_pb.gif HTTP/1.0\" 500 5324",
      "127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 4355",
    ]
    #expect(try matching(pattern, events) == expected)
  }

  /// The current page's resource-URI examples; the last pattern field takes the rest of the line
  /// ("you must include a blank w2 indicator after the w1 term").
  @Test(arguments: [
    ("[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", [1]),
    ("[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]", [2]),
    ("[w1=ERROR, w2]", [4]),
    ("[w1=ERROR || w1=WARNING, w2]", [3, 4]),
    ("[w1!=ERROR && w1!=WARNING, w2]", [1, 2]),
    ("[w1=ERROR || w1=%WARN%, w2]", [3, 4]),
    ("[w1=ERROR]", []),
  ])
  func resourceEvents(pattern: String, expected: [Int]) throws {
    let events = [
      "INFO 09/25/2014 12:00:00 GET /service/resource/67 1200",
      "INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310",
      "WARNING 09/25/2014 12:00:02 Invalid user request",
      "ERROR 09/25/2014 12:00:02 Failed to process request",
    ]
    #expect(try matching(pattern, events) == expected)
  }

  /// The 2018 page's B corpus under the same rule. That page says `[w1=ERROR, w2]` matches only
  /// "ERROR message" (strict arity); the current page contradicts it and Vigil follows the current page.
  @Test func corpusBWithCurrentArityRule() throws {
    let events = ["ERROR WARN message", "ERROR message", "WARN message"]
    #expect(try matching("[w1=ERROR, w2]", events) == [1, 2])
    #expect(try matching("[w1=ERROR || w1=WARN, w2]", events) == [1, 2, 3])
    #expect(try matching("[w1=ERROR, w2, w3]", events) == [1])
    #expect(try FilterPattern("[w1=ERROR, w2]").match(events[0])?.extractedValues == ["$w1": "ERROR", "$w2": "WARN message"])
  }
}

@Suite struct LambdaDelimitedTests {
  @Test func tabSeparatedRuntimeLines() throws {
    let line = "2026-03-02T10:20:04.000Z\t3f1c\tERROR\tInvoke Error \t{\"errorType\":\"TimeoutError\"}"
    let p = try FilterPattern("[ts, requestId, level=ERROR, ...]")
    #expect(
      p.match(line)?.extractedValues == [
        "$ts": "2026-03-02T10:20:04.000Z", "$requestId": "3f1c", "$level": "ERROR", "$4": "Invoke", "$5": "Error",
        "$6": "{\"errorType\":\"TimeoutError\"}",
      ])
  }
}
