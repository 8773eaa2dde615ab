import VigilModel

/// The Checkov checks an export skips, each because it conflicts with a platform requirement or cannot apply
/// to what Vigil deploys; written to `.checkov.yaml` with the reason as a `#` comment. A check is listed only
/// when the stack has a resource it would fail on, so the list stays as short as the stack allows.
public enum CheckovSkips {
  public static func skips(for stack: Stack) -> [(id: String, reason: String)] {
    var skips: [(String, String)] = []
    let retentions = stack.logGroups.map(\.retentionDays) + (stack.flowLogs.map { [$0.retentionDays] } ?? [])
    if retentions.contains(where: { $0 < 365 }) {
      skips.append(
        (
          "CKV_AWS_338",
          "1-year retention conflicts with the platform rule: 30 days in CloudWatch, then everything archived to S3 and Glacier (VIGIL-LOG-002/003)"
        ))
    }
    if stack.logGroups.contains(where: { $0.archive != nil }) || !stack.canaries.isEmpty {
      skips.append(
        (
          "CKV_AWS_18",
          "access logs of the archive bucket would need a second bucket that fails this check itself; every object is SSE-KMS, so reads show in CloudTrail as key use"
        ))
      skips.append(
        (
          "CKV_AWS_144",
          "per-branch stacks live in one region and are destroyed by CI; the archive is a copy of CloudWatch logs, not the only one during retention"
        ))
    }
    if stack.services.contains(where: \.isLambda) {
      skips.append(
        (
          "CKV_AWS_272",
          "functions deploy the handler bundle Vigil writes next to this file; AWS Signer signs S3 objects, so code signing needs a signing pipeline outside Vigil"
        ))
    }
    if stack.parameters.contains(where: { !$0.secure }) {
      skips.append(
        (
          "CKV2_AWS_34",
          "parameters without --secure hold non-secret shared configuration (sampling rate, thresholds); secrets use --secure (SecureString, stack key) or var:/ssm:"
        ))
    }
    return skips
  }

  /// The `.checkov.yaml` text.
  public static func yaml(for stack: Stack) -> String {
    var text = "# Written by vigil export. Checkov checks skipped for this stack, each with the reason;\n"
    text += "# every other check applies. Run: checkov -d DIR --framework terraform_json\n"
    let skips = skips(for: stack)
    if skips.isEmpty { return text + "skip-check: []\n" }
    text += "skip-check:\n"
    for skip in skips { text += "  - \(skip.id)  # \(skip.reason)\n" }
    return text
  }
}
