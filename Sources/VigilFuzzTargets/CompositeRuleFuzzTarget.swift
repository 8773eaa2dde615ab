import VigilAlarms

/// Composite alarm rules
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html): the input is
/// the rule, parsed, its references located, and evaluated with states that depend on each alarm's name.
public enum CompositeRuleFuzzTarget {
  public static func fuzz(_ data: [UInt8]) {
    let text = FuzzInput.text(data)
    guard let rule = try? AlarmRule.parse(text) else { return }
    _ = try? AlarmRule.locatedReferences(in: text)
    for reference in rule.references { _ = AlarmRule.alarmName(of: reference) }
    let states = AlarmState.allCases
    for shift in 0..<states.count {
      _ = rule.evaluate { name in
        let pick = (name.utf8.count + shift) % (states.count + 1)
        return pick < states.count ? states[pick] : nil
      }
    }
  }
}
