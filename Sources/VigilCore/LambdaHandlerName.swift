/// A Node.js Lambda handler setting, `MODULE.FUNCTION` (`index.handler`, `src/api.main`), checked before it names
/// a file in the bundle: the module is a relative path of segments made of letters, digits, `_` and `-` (so never
/// absolute and never `..`), the function a JavaScript identifier.
/// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
public struct LambdaHandlerName: Equatable, Sendable {
  /// The module path without extension (`src/api`).
  public let module: String
  /// The exported function (`main`).
  public let function: String

  /// Longer settings are refused; Lambda's own limit for the handler is 128 characters.
  /// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-Handler
  public static let maximumLength = 128

  /// Parses `text`, or says what is wrong with it.
  public init(validating text: String) throws(LambdaHandlerNameError) {
    guard !text.isEmpty, text.utf8.count <= LambdaHandlerName.maximumLength else { throw .length }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2 else { throw .shape }
    let segments = parts[0].split(separator: "/", omittingEmptySubsequences: false)
    for segment in segments {
      guard !segment.isEmpty, segment.unicodeScalars.allSatisfy({ $0.isASCII && (Self.isWord($0) || $0 == "-") }) else {
        throw .module
      }
    }
    let function = parts[1]
    guard let first = function.unicodeScalars.first, first.isASCII, !("0"..."9").contains(first),
      function.unicodeScalars.allSatisfy({ $0.isASCII && (Self.isWord($0) || $0 == "$") })
    else { throw .function }
    self.module = String(parts[0])
    self.function = String(function)
  }

  static func isWord(_ s: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "_"
  }
}

/// Why a `--handler` value cannot be used.
public enum LambdaHandlerNameError: Error, Equatable, CustomStringConvertible {
  case length, shape, module, function
  public var description: String {
    switch self {
    case .length: return "must be 1 to \(LambdaHandlerName.maximumLength) characters"
    case .shape: return "must be MODULE.FUNCTION, e.g. index.handler"
    case .module:
      return "module must be a relative path of letters, digits, '_' and '-' separated by '/' (no absolute path, no '..')"
    case .function: return "function must be a JavaScript identifier"
    }
  }
}
