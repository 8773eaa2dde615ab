import VigilCore
import VigilModel

/// `show` and `show NAME`: each resource kind describes itself in the model (`Stack.summary(of:)`).
enum StackDescription {
  static func describe(_ stack: Stack, name: Token?) throws(Diagnostic) -> String {
    try stack.summary(of: name)
  }
}
