import Foundation

/// Why a file cannot be read: "no such file", "is a directory", "permission denied" or "not UTF-8 text".
public func unreadableReason(_ path: String) -> String {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
  if isDirectory.boolValue { return "is a directory" }
  guard FileManager.default.isReadableFile(atPath: path) else { return "permission denied" }
  return "not UTF-8 text"
}
