extension PolicyRules {
  /// What `vigil import` finds wrong in a template, reported by `vigil check TEMPLATE` beside the platform rules.
  /// Not in ``all``: they apply to an imported template only.
  public static let dimensionHasData = PolicyRule(
    "VIGIL-IMP-001", "Dashboard and alarm dimensions name what CloudWatch publishes", .error,
    why: "A dimension value CloudWatch never publishes (an ARN where a full name is needed, a group id where a node id is needed) "
      + "gives a graph that stays empty and an alarm that never leaves INSUFFICIENT_DATA.",
    help: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension")
  public static let templateValid = PolicyRule(
    "VIGIL-IMP-002", "The template is valid as written", .error,
    why: "CloudFormation rejects a resource whose properties do not follow its type's schema; the stack cannot be deployed.",
    help: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html")
  public static let intrinsicResolves = PolicyRule(
    "VIGIL-IMP-003", "Every intrinsic function the imported resources use resolves", .warning,
    why: "A value the importer cannot resolve (a reference to nothing, a parameter without value) is written symbolically; "
      + "the session then differs from what CloudFormation deploys.",
    help: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html")
  public static let conditionDecided = PolicyRule(
    "VIGIL-IMP-004", "Resource conditions can be decided from the parameters", .note,
    why: "A resource whose condition depends on what only deployment knows is imported as if the condition held.",
    help: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/conditions-section-structure.html")

  /// The import rules, for SARIF's rule list when a finding uses one.
  public static let importRules = [dimensionHasData, templateValid, intrinsicResolves, conditionDecided]
}
