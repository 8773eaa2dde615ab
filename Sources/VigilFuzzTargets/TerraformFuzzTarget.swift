import VigilImport

/// Terraform/OpenTofu JSON (https://developer.hashicorp.com/terraform/language/syntax/json): the input is the
/// `.tf.json` file `vigil import` reads; the whole import runs (reader, references, the session it writes, and the
/// in-memory export that recognises what Vigil generates). Bundles are looked up in a folder that does not exist.
public enum TerraformFuzzTarget {
  public static func fuzz(_ data: [UInt8]) {
    _ = try? StackImporter.run(
      [ImportSource(path: "fuzz.tf.json", text: FuzzInput.text(data), directory: "/nonexistent-vigil-fuzz")], format: .terraform)
  }
}
