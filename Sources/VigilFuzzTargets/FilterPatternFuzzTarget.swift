import VigilLogs

/// Filter patterns (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
/// the first line is the pattern; each later line is a log message it is matched against, as
/// `vigil test-pattern` and metric filters do.
public enum FilterPatternFuzzTarget {
  public static func fuzz(_ data: [UInt8]) {
    let (text, body) = FuzzInput.headAndBody(data)
    guard let pattern = try? FilterPattern(text) else { return }
    _ = pattern.kind
    _ = pattern.requiredSubstring
    _ = pattern.containsRegex
    _ = pattern.fieldNames
    for line in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
      Array(line).withUnsafeBufferPointer { bytes in
        _ = pattern.matches(bytes: bytes)
        _ = pattern.match(bytes: bytes)
      }
    }
  }
}
