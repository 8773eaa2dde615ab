import Testing
import VigilCore

@testable import VigilInsights

/// Function examples from the Logs Insights documentation, with the documented results
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html).
@Suite("Functions")
struct FunctionTests {
  @Test(arguments: [
    // Documented examples.
    ("2 ^ 3", "8"),
    ("10 % 3", "1"),
    ("ltrim(\"xyZxyfooxyZ\",\"xyZ\")", "fooxyZ"),
    ("rtrim(\"xyZfooxyxyZ\",\"xyZ\")", "xyZfoo"),
    ("trim(\"xyZxyfooxyxyZ\",\"xyZ\")", "foo"),
    ("substr(\"xyZfooxyZ\",3,3)", "foo"),
    ("hexToAscii(\"48656c6c6f\")", "Hello"),
    ("hexToDec(\"0xff\")", "255"),
    ("decToHex(255)", "0xff"),
    ("concat(\"GET\", '-', 200)", "GET-200"),
    ("replace(\"smoke_test_group\", \"smoke_test\", \"Smoke\")", "Smoke_group"),
    ("replace(\"a-a-a\", \"a\", \"b\")", "b-b-b"),
    // String functions.
    ("strlen(\"héllo\")", "5"),
    ("toupper(\"abc\")", "ABC"),
    ("tolower(\"ABC\")", "abc"),
    ("substr(\"abcdef\", 2)", "cdef"),
    ("trim(\"  a b  \")", "a b"),
    ("ltrim(\"  a \")", "a "),
    ("rtrim(\"  a \")", "  a"),
    ("strcontains(\"payment accepted\", \"accept\")", "1"),
    ("strcontains(\"payment accepted\", \"ACCEPT\")", "0"),
    ("strcontains(\"payment accepted\", \"ACCEPT\", 1)", "1"),
    ("startsWith(\"payment\", \"pay\")", "1"),
    ("endsWith(\"payment\", \"pay\")", "0"),
    ("isempty(\"\")", "1"),
    ("isempty(missing)", "1"),
    ("isempty(\" \")", "0"),
    ("isblank(\" \\t\")", "1"),
    ("isblank(\"x\")", "0"),
    ("regexReplace(\"a1b22c333\", /[0-9]+/, \"#\")", "a#b#c#"),
    ("base64encode(\"Hello\")", "SGVsbG8="),
    ("base64decode(\"SGVsbG8=\")", "Hello"),
    ("urlencode(\"a b/c\")", "a%20b%2Fc"),
    ("urldecode(\"a%20b%2Fc\")", "a b/c"),
    // Numeric.
    ("abs(-4.5)", "4.5"),
    ("ceil(4.2)", "5"),
    ("floor(4.8)", "4"),
    ("ceil(-4.2)", "-4"),
    ("greatest(3, 9, 4)", "9"),
    ("least(3, 9, 4)", "3"),
    ("log(1)", "0"),
    ("sqrt(16)", "4"),
    ("round(2.567, 2)", "2.57"),
    ("round(2.5)", "3"),
    ("7 / 2", "3.5"),
    ("1 / 0", ""),
    ("-(3)", "-3"),
    // General.
    ("ispresent(latency_ms)", "1"),
    ("ispresent(missing)", "0"),
    ("coalesce(missing, customer.tier, \"x\")", "gold"),
    ("if(latency_ms > 100, \"slow\", \"fast\")", "slow"),
    ("isNumeric(\"42\")", "1"),
    ("isNumeric(\"4x\")", "0"),
    // IP address.
    ("isValidIp(\"192.0.2.10\")", "1"),
    ("isValidIp(\"2001:db8::1\")", "1"),
    ("isValidIp(\"192.0.2.300\")", "0"),
    ("isValidIpV4(\"2001:db8::1\")", "0"),
    ("isValidIpV6(\"2001:db8::1\")", "1"),
    ("isIpv4InSubnet(\"192.0.2.10\", \"192.0.2.0/24\")", "1"),
    ("isIpv4InSubnet(\"192.0.3.10\", \"192.0.2.0/24\")", "0"),
    ("isIpInSubnet(\"2001:db8::1\", \"2001:db8::/32\")", "1"),
    ("isIpv6InSubnet(\"192.0.2.10\", \"192.0.2.0/24\")", "0"),
    // Comparisons: numbers compare as numbers, text that reads as a number too.
    ("status = \"200\"", "1"),
    ("status = 200", "1"),
    ("latency_ms > 99", "1"),
    ("\"abc\" < \"abd\"", "1"),
    ("missing = 1", "0"),
    ("missing != 1", "0"),
    ("customer.tier in [\"gold\", \"platinum\"]", "1"),
    ("status not in [300, 400, 500]", "1"),
    ("message like \"accept\"", "1"),
    ("message like /ACCEPT/", "0"),
    ("message like /(?i)ACCEPT/", "1"),
    ("message =~ /pay.*ted/", "1"),
    ("message not like \"accept\"", "0"),
    // Bad arguments give no value instead of crashing.
    ("fromMillis(1e30)", ""),
    // Rounding up past the largest timestamp keeps the value (9223372036854775000 is stored as ...774784).
    ("dateceil(fromMillis(9223372036854775000), 1d)", "292278994-08-17 07:12:54.784"),
    ("substr(\"abc\", -5, 1e300)", "abc"),
    ("substr(\"abc\", 10)", ""),
    ("round(2.5, 1e9)", "2.5"),
    ("(0 - 8) ^ 0.5", ""),
    ("0 / 0", ""),
    ("decToHex(-1)", ""),
    ("strlen(missing)", ""),
  ])
  func documented(_ expression: String, _ expected: String) throws {
    let message =
      #"{"status":200,"latency_ms":142,"customer":{"tier":"gold"},"message":"payment accepted"}"#
    #expect(try value(expression, message: message) == expected)
  }

  @Test func datetimeFunctions() throws {
    // toMillis: the doc's 2022-01-14T13:18:31.000-08:00 gives 1642195111000.
    let time = "2022-01-14T13:18:31.000-08:00"
    #expect(try value("toMillis(@timestamp)", time: time) == "1642195111000")
    #expect(try value("fromMillis(1642195111000)") == "2022-01-14 21:18:31.000")
    #expect(try value("@timestamp", time: time) == "2022-01-14 21:18:31.000")
    #expect(try value("datefloor(@timestamp, 1h)", time: time) == "2022-01-14 21:00:00.000")
    #expect(try value("dateceil(@timestamp, 1h)", time: time) == "2022-01-14 22:00:00.000")
    #expect(try value("dateceil(@timestamp, 1h)", time: "2022-01-14T21:00:00Z") == "2022-01-14 21:00:00.000")
    #expect(try value("datefloor(@timestamp, 1d)", time: time) == "2022-01-14 00:00:00.000")
    #expect(try value("datefloor(@timestamp, 1w)", time: time) == "2022-01-10 00:00:00.000")
    #expect(try value("datefloor(@timestamp, 1mo)", time: time) == "2022-01-01 00:00:00.000")
    #expect(try value("dateceil(@timestamp, 1mo)", time: time) == "2022-02-01 00:00:00.000")
    #expect(try value("datefloor(@timestamp, 1q)", time: "2022-05-14T01:00:00Z") == "2022-04-01 00:00:00.000")
    #expect(try value("datefloor(@timestamp, 1y)", time: time) == "2022-01-01 00:00:00.000")
    #expect(try value("bin(5m)", time: "2026-03-02T10:17:33.120Z") == "2026-03-02 10:15:00.000")
    #expect(try value("bin(30s)", time: "2026-03-02T10:17:33.120Z") == "2026-03-02 10:17:30.000")
    #expect(try value("bin(100ms)", time: "2026-03-02T10:17:33.120Z") == "2026-03-02 10:17:33.100")
    // "if you specify bin(300s), CloudWatch Logs actually implements this as 60 seconds".
    #expect(try value("bin(300s)", time: "2026-03-02T10:17:33.120Z") == "2026-03-02 10:17:00.000")
    #expect(try value("bin(90m)", time: "2026-03-02T10:17:33.120Z") == "2026-03-02 10:00:00.000")
    // now() is the query start in epoch seconds (the runs here start at 2026-03-02T10:00:00Z).
    #expect(try value("now()") == "1772445600")
    #expect(try value("toMillis(@timestamp) >= (now() * 1000 - 7200000)") == "1")
  }

  @Test func lambdaReportFields() throws {
    let report =
      "REPORT RequestId: 3a5c7ce4-2f1a-4b2b-9a3d-0c5e1f2a3b4c\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 120.51 ms\t"
    #expect(try value("@type", message: report) == "REPORT")
    #expect(try value("@requestId", message: report) == "3a5c7ce4-2f1a-4b2b-9a3d-0c5e1f2a3b4c")
    #expect(try value("@duration", message: report) == "102.25")
    #expect(try value("@billedDuration", message: report) == "103")
    #expect(try value("@memorySize", message: report) == "128000000")
    #expect(try value("@maxMemoryUsed / 1000 / 1000", message: report) == "67")
    #expect(try value("@initDuration", message: report) == "120.51")
    // Exported text files keep the timestamp in front of the platform line.
    let prefixed =
      "2026-03-02T09:00:00.509Z REPORT RequestId: d689\tDuration: 41.13 ms\tBilled Duration: 42 ms\tMemory Size: 512 MB\tMax Memory Used: 100 MB\t"
    #expect(try value("@duration", message: prefixed) == "41.13")
    #expect(try value("@memorySize / 1000 / 1000", message: prefixed) == "512")
    #expect(
      try value("@requestId", message: "2026-03-02T09:00:00.470Z\td689316d-1ac8-4f12-afe0-05c6c6ed43a7\tINFO\tauthorizing")
        == "d689316d-1ac8-4f12-afe0-05c6c6ed43a7")
    #expect(try value("@type", message: "START RequestId: abc Version: $LATEST") == "START")
    #expect(try value("@duration", message: "START RequestId: abc Version: $LATEST") == "")
  }

  @Test func messageLikeUsesBytes() throws {
    let message = #"{"@odd":"yes","note":"naïve café"}"#
    #expect(try value("@@odd", message: message) == "yes")
    #expect(try value("@message like \"café\"", message: message) == "1")
    #expect(try value("@message like /café/", message: message) == "1")
    #expect(try value("@message like /caf./", message: message) == "1")
    #expect(try value("@message like \"CAFÉ\"", message: message) == "0")
    #expect(try value("note like \"ïve\"", message: message) == "1")
    #expect(try value("@message not like \"\"", message: message) == "0")
  }

  @Test func systemFields() throws {
    let result = try runQuery(
      "fields @timestamp, @message, @logStream, @log, @ingestionTime", [("2026-03-02T10:15:03.120Z", "hello")])
    #expect(result.textRows == [["2026-03-02 10:15:03.120", "hello", "stream-1", "/ecs/payment-api-dev", "2026-03-02 10:15:03.120"]])
  }
}
