import VigilAlarms

/// `aws cloudwatch describe-alarms` output
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html): the input is
/// the JSON document `vigil preview-alarm --alarms FILE` reads.
public enum DescribeAlarmsFuzzTarget {
  public static func fuzz(_ data: [UInt8]) {
    _ = try? DescribeAlarmsReader.read(FuzzInput.text(data), file: "fuzz.json")
  }
}
