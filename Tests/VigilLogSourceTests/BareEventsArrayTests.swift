import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilLogSource

/// `aws logs filter-log-events --query events` prints the bare array of events (recorded from the CLI against moto).
@Suite struct BareEventsArrayTests {
  @Test func theBareArrayIsReadAsEvents() throws {
    let path = TestPaths.fixture("aws-cli/filter-log-events-query-events.json").path
    var reader = LogFileReader(path: path, options: LogReadOptions(logGroup: "/aws/lambda/checkout"))
    #expect(try reader.detectFormat() == .cloudWatchEvents)
    let events = try reader.readEvents()
    #expect(events.map(\.message) == ["ERROR payment declined", "INFO ok", "ERROR timeout after 3000 ms"])
    #expect(events.map(\.timestamp) == [1_796_025_610_000, 1_796_025_640_000, 1_796_025_680_000])
    #expect(events.map(\.logStream) == ["s1", "s1", "s1"])
    #expect(events.map(\.ingestionTime) == [1_796_026_885_430, 1_796_026_885_430, 1_796_026_885_430])
    #expect(reader.issues.count == 0)
  }

  @Test func theWrappedOutputGivesTheSameEvents() throws {
    var bare = LogFileReader(path: TestPaths.fixture("aws-cli/filter-log-events-query-events.json").path)
    var wrapped = LogFileReader(path: TestPaths.fixture("aws-cli/filter-log-events.json").path)
    #expect(try bare.readEvents().map(\.message) == (try wrapped.readEvents().map(\.message)))
  }

  @Test(
    arguments: [
      ("[]\n", LogFileFormat.cloudWatchEvents),
      ("[\n  {\"timestamp\": 1, \"message\": \"m\"}\n]\n", .cloudWatchEvents),
      ("[{\"eventId\": \"0\", \"timestamp\": 1, \"message\": \"m\"}]", .cloudWatchEvents),
      ("[INFO] 2026-03-02T10:00:00Z started\n", .text),
      ("[2026-03-02T10:00:00Z] started\n", .text),
      ("[] 2026-03-02T10:00:00Z started\n", .text),
      ("[{\"level\": \"INFO\"}]\n", .text),
    ])
  func formatIsToldFromTheFirstKey(text: String, format: LogFileFormat) {
    #expect(LogFileReader.format(ofHead: Array(text.utf8), complete: true) == format)
  }

  @Test func anArrayThatIsNotJSONIsAClearError() throws {
    let path = write("[{\"timestamp\": 1, \"message\": \"m\"},\n", "broken.json")
    var reader = LogFileReader(path: path)
    #expect(throws: LogReadError(path: path, message: "line 2: not valid JSON: unexpected end of JSON")) { try reader.readEvents() }
  }
}
