/// The Lambda Insights extension layer both exports offer as an input (a Terraform variable, a CloudFormation
/// parameter). The default is the layer AWS publishes from account 580247275435, which most regions use; some
/// (af-south-1, ap-east-1, …) publish it from another account, which is why it is an input at all.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versions.html
enum LambdaInsightsLayer {
  static let description = "Lambda Insights extension layer for the region (see the AWS page 'Available versions of the Lambda Insights extension')."

  static func arn(region: String) -> String { "arn:aws:lambda:\(region):580247275435:layer:LambdaInsightsExtension:53" }
}
