import Foundation

/// Finds the documents `vigil test` runs.
public enum NotebookDiscovery {
  /// A document to run.
  public struct Document: Sendable, Equatable {
    /// The path shown in messages: the argument as given, joined with the path found below it.
    public var path: String
    public var url: URL
    public var kind: Notebook.Kind
  }

  /// A path that names no document.
  public struct Problem: Error, Sendable, Equatable {
    public var path: String
    public var message: String
  }

  /// The documents at the paths, in argument order: a file must end in `.md` (notebook) or `.vigil`
  /// (session); a directory is searched recursively for both, skipping hidden files and folders, sorted
  /// by path. Missing paths and other files are problems.
  public static func documents(at paths: [String]) -> [Result<Document, Problem>] {
    var found: [Result<Document, Problem>] = []
    let files = FileManager.default
    for argument in paths {
      var isDirectory: ObjCBool = false
      guard files.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        found.append(.failure(Problem(path: argument, message: "\(argument): error: no such file or directory")))
        continue
      }
      if !isDirectory.boolValue {
        if let kind = kind(of: argument) {
          found.append(.success(Document(path: argument, url: URL(fileURLWithPath: argument), kind: kind)))
        } else {
          found.append(
            .failure(Problem(path: argument, message: "\(argument): error: not a notebook (.md) or session file (.vigil)")))
        }
        continue
      }
      var relatives: [String] = []
      if let enumerator = files.enumerator(atPath: argument) {
        while let relative = enumerator.nextObject() as? String {
          let name = (relative as NSString).lastPathComponent
          if name.hasPrefix(".") {
            enumerator.skipDescendants()
            continue
          }
          if kind(of: relative) != nil { relatives.append(relative) }
        }
      }
      // An empty folder (a typo, a moved tree) must not pass CI with nothing checked.
      guard !relatives.isEmpty else {
        found.append(
          .failure(Problem(path: argument, message: "\(argument): error: no notebooks (.md) or session files (.vigil) in this folder")))
        continue
      }
      for relative in relatives.sorted() {
        let path = argument.hasSuffix("/") ? argument + relative : argument + "/" + relative
        var isFolder: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
        found.append(.success(Document(path: path, url: URL(fileURLWithPath: path), kind: kind(of: path)!)))
      }
    }
    return found
  }

  static func kind(of path: String) -> Notebook.Kind? {
    if path.hasSuffix(".md") { return .markdown }
    if path.hasSuffix(".vigil") { return .session }
    return nil
  }
}
