import Testing
import VigilCore

@testable import VigilInsights

/// Queries that used to trap, overflow the stack or read freed memory (issue 12, items 4–6); each is now a
/// positioned diagnostic.
@Suite struct HostileQueryTests {
  func message(_ query: String) -> String? {
    diagnostic(query).map { "\($0.location.line):\($0.location.column): \($0.message)" }
  }

  /// 3,000 parentheses fit in CloudWatch's 10,000 characters and overflowed the stack.
  @Test func nestingIsLimitedWithThePosition() {
    let parens = "fields " + String(repeating: "(", count: 3000) + "1" + String(repeating: ")", count: 3000)
    #expect(message(parens) == "1:108: the expression is nested more than 100 levels deep")
    #expect(message("fields " + String(repeating: "not ", count: 3000) + "x") == "1:408: the expression is nested more than 100 levels deep")
    #expect(message("fields " + String(repeating: "-", count: 3000) + "x") == "1:108: the expression is nested more than 100 levels deep")
    #expect(message("fields 2" + String(repeating: "^2", count: 3000)) == "1:208: the expression is nested more than 100 levels deep")
    #expect(message("fields abs(" + String(repeating: "abs(", count: 3000) + "1" + String(repeating: ")", count: 3001)) != nil)
    // A chain deepens the tree without nesting the parser.
    let chain = "fields " + Array(repeating: "x", count: 101).joined(separator: " + ")
    #expect(message(chain) == "1:8: the expression is nested more than 100 levels deep")
    #expect(message("fields " + Array(repeating: "x", count: 100).joined(separator: " + ")) == nil)
  }

  /// `datefloor(…, 9999999999999999d)` overflowed the period's milliseconds.
  @Test func periodsLongerThanAHundredYearsAreRefused() {
    #expect(
      message("fields datefloor(@timestamp, 9999999999999999d)")
        == "1:30: the time period '9999999999999999d' is longer than 100 years")
    #expect(message("fields 9999999999999999d") == "1:8: the time period '9999999999999999d' is longer than 100 years")
    #expect(message("fields 101y") == "1:8: the time period '101y' is longer than 100 years")
    #expect(message("fields datefloor(@timestamp, 1y)") == nil)
  }

  /// `stats count(*) + latency_ms` read the last event's freed buffer in `finish()`; CloudWatch refuses it.
  @Test func fieldsBesideAnAggregateAreRefused() {
    #expect(
      message("stats count(*) + latency_ms")
        == "1:18: 'latency_ms' is outside an aggregate function: in stats, use it inside one, such as avg(latency_ms) or max(latency_ms)")
    #expect(
      message("stats sum(bytes) / count(*) * status by host")
        == "1:31: 'status' is outside an aggregate function: in stats, use it inside one, such as avg(status) or max(status)")
    #expect(message("stats count(*) as n, sum(x) / n as share") == nil)
    #expect(message("stats sum(x) / count(*) by bin(5m)") == nil)
  }

  /// Truncating a time near Int64.min overflowed (`datefloor(-9223372036854775807, 1d)`); a floor that does not
  /// exist leaves the time as it is, as `dateceil` already did near Int64.max.
  @Test func truncationNearTheEndsOfInt64KeepsTheTime() throws {
    let minimum = "-292275055-05-16 16:47:04.192"  // the number is a Double: -2^63
    #expect(try value("datefloor(fromMillis(-9223372036854775807), 1d)") == minimum)
    #expect(try value("datefloor(fromMillis(-9223372036854775807), 1w)") == minimum)
    #expect(try value("datefloor(fromMillis(-9223372036854775807), 1mo)") == minimum)
    #expect(try value("dateceil(fromMillis(-9223372036854775807), 1y)") == minimum)
    #expect(try value("datefloor(0, 1d)") == "1970-01-01 00:00:00.000")
  }
}
