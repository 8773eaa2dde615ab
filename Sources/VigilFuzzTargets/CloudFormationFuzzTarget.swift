import VigilImport

/// CloudFormation templates, YAML or JSON
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html): the input is the file
/// `vigil import` reads; the whole import runs (reader, intrinsic functions, conditions, the session it writes).
public enum CloudFormationFuzzTarget {
  public static func fuzz(_ data: [UInt8]) {
    _ = try? StackImporter.run([ImportSource(path: "fuzz.yaml", text: FuzzInput.text(data))], format: .cloudformation)
  }
}
