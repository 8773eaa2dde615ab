import Testing
import VigilCore

/// Inputs that used to trap (issue 12, item 4); each now has a defined answer.
@Suite struct HostileInputTests {
  /// A high surrogate followed by a non-surrogate escape underflowed `low - 0xDC00`.
  @Test func highSurrogateBeforeAnotherEscapeIsReplacedNotATrap() throws {
    #expect(try JSONValue.parse(#""\ud800\u0041""#) == "\u{FFFD}A")
    #expect(try JSONValue.parse(#""\udbff\ud800\udc00""#) == "\u{FFFD}\u{10000}")
    #expect(try JSONValue.parse(#""\ud83d\ude00""#) == "\u{1F600}")
  }

  /// An 18-digit `--period` overflowed the milliseconds; durations above 100 years are not durations.
  @Test func durationsThatDoNotFitAreRejected() {
    #expect(TimeFormat.parseDuration("999999999999999999s") == nil)
    #expect(TimeFormat.parseDuration("999999999999999999") == nil)
    #expect(TimeFormat.parseDuration("9223372036854775807ms") == nil)
    #expect(TimeFormat.parseDuration("36601d") == nil)
    #expect(TimeFormat.parseDuration("36600d") == 3_162_240_000_000)
    #expect(TimeFormat.parseDuration("5m") == 300_000)
  }
}

/// The civil date of any Int64 time (issue 12, item 4: `fromMillis(-9223372036854775807)` overflowed).
@Suite struct CivilDateExtremesTests {
  @Test func civilDatesAtTheEndsOfInt64() {
    #expect(TimeFormat.insights(-9_223_372_036_854_775_807) == "-292275055-05-16 16:47:04.193")
    #expect(TimeFormat.insights(.min) == "-292275055-05-16 16:47:04.192")
    #expect(TimeFormat.insights(.max) == "292278994-08-17 07:12:55.807")
    #expect(TimeFormat.insights(-1) == "1969-12-31 23:59:59.999")
  }
}
