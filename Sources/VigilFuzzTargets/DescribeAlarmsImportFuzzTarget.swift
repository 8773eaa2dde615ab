import VigilImport

/// `aws cloudwatch describe-alarms` output imported as a session
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html): the reader, then the
/// commands written for each alarm and topic, each replayed by the session's parser as it is added.
public enum DescribeAlarmsImportFuzzTarget {
  public static func fuzz(_ data: [UInt8]) {
    _ = try? StackImporter.run([ImportSource(path: "fuzz.json", text: FuzzInput.text(data))], format: .describeAlarms)
  }
}
