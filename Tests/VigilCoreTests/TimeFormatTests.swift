import Testing
import VigilCore

@Suite struct TimeFormatTests {
  @Test(arguments: [
    ("2026-03-02T10:15:30.123Z", Int64(1_772_446_530_123)),
    ("2026-03-02T10:15:30Z", Int64(1_772_446_530_000)),
    ("2026-03-02 10:15:30,5+01:00", Int64(1_772_442_930_500)),
    ("1772446530", Int64(1_772_446_530_000)),
    ("1772446530123", Int64(1_772_446_530_123)),
    ("2026-03-02", Int64(1_772_409_600_000)),
  ])
  func parsesTimestamps(text: String, expected: Int64) {
    #expect(TimeFormat.parse(text) == expected)
  }

  @Test func rejectsBadTimestamps() {
    #expect(TimeFormat.parse("2026-13-02T10:15:30Z") == nil)
    #expect(TimeFormat.parse("yesterday") == nil)
    #expect(TimeFormat.parse("2026-03-02T10:15") == nil)
  }

  @Test func formatsLikeInsights() {
    #expect(TimeFormat.insights(1_772_446_530_123) == "2026-03-02 10:15:30.123")
    #expect(TimeFormat.iso8601(1_772_446_530_000, fraction: false) == "2026-03-02T10:15:30Z")
    #expect(TimeFormat.insights(0) == "1970-01-01 00:00:00.000")
  }

  /// The fixed-width writer (years 0000-9999) and the padded form outside them, with and without the fraction.
  @Test(arguments: [
    (Int64(1_772_446_530_123), true, "2026-03-02T10:15:30.123Z"),
    (Int64(1_772_446_530_123), false, "2026-03-02T10:15:30.123Z"),
    (Int64(1_772_446_530_000), true, "2026-03-02T10:15:30.000Z"),
    (Int64(0), false, "1970-01-01T00:00:00Z"),
    (Int64(-62_167_219_200_000), true, "0000-01-01T00:00:00.000Z"),
    (Int64(253_402_300_799_999), true, "9999-12-31T23:59:59.999Z"),
    (Int64(253_402_300_800_000), false, "10000-01-01T00:00:00Z"),
    (Int64(-62_167_219_200_001), true, "00-1-12-31T23:59:59.999Z"),
  ])
  func writesISO8601(millis: Int64, fraction: Bool, expected: String) {
    #expect(TimeFormat.iso8601(millis, fraction: fraction) == expected)
  }

  @Test func durations() {
    #expect(TimeFormat.parseDuration("5m") == 300_000)
    #expect(TimeFormat.parseDuration("1h") == 3_600_000)
    #expect(TimeFormat.parseDuration("60") == 60_000)
    #expect(TimeFormat.parseDuration("5x") == nil)
    #expect(TimeFormat.formatDuration(300_000) == "5m")
  }

  /// RFC 3339 offsets are ±00:00 to ±23:59; `+99:99` used to shift the time by four days without a word.
  @Test func refusesOffsetsOutOfRangeAtTheSign() {
    #expect(TimeFormat.parse("2026-03-02T10:00:00+99:99") == nil)
    #expect(TimeFormat.parse("2026-03-02T10:00:00+23:60") == nil)
    #expect(TimeFormat.parseISO8601(Array("2026-03-02T10:00:00+24:00 GET /".utf8)) == nil)
    #expect(TimeFormat.parse("2026-03-02T10:00:00+23:59") == TimeFormat.parse("2026-03-01T10:01:00Z"))
    #expect(TimeFormat.parse("2026-03-02T10:00:00.5-01:00") == TimeFormat.parse("2026-03-02T11:00:00.500Z"))
    let offset = TimeFormat.rejection(of: "2026-03-02T10:00:00.250+99:99")
    #expect(offset?.offset == 23)
    #expect(offset?.reason == "UTC offset +99:99 is out of range: hours 00-23, minutes 00-59")
    let word = TimeFormat.rejection(of: "yesterday")
    #expect(word?.offset == 0)
    #expect(word?.reason == "not an ISO-8601 time (such as 2026-03-02T10:15:00Z) or epoch seconds")
    #expect(TimeFormat.rejection(of: "2026-03-02T10:00:00Z") == nil)
  }
}
