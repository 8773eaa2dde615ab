/// Vigil's version: `vigil --version`, the shell's banner and generated files name it from here only.
public enum VigilVersion {
  /// Semantic version of this build.
  public static let string = "0.1.0"
}
