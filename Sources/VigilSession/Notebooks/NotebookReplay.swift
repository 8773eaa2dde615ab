import Foundation
import VigilNotebook

/// `vigil run NOTEBOOK.md`: runs every cell in a fresh session without comparing outputs.
public enum NotebookReplay {
  /// Emits each cell as the shell would show it (`vigil> ` and the command, then its output) and
  /// returns the exit status: 2 at the first invalid cell or an unreadable notebook (`problem` gets why),
  /// 1 when an `expect` line failed, else 0.
  public static func run(_ path: String, emit: (String) -> Void, problem: (NotebookReadError) -> Void) -> Int32 {
    let notebook: Notebook
    do { notebook = try NotebookDocument.read(path) } catch {
      problem(error)
      return 2
    }
    let runner = NotebookRunner { InterpreterCellExecutor(session: $0) }
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
    let status = runner.run(notebook, directory: directory, emit: emit)
    switch status {
    case 0: emit("\(path): \(notebook.cells.count) cell(s) run, all expectations held\n")
    case 1: emit("\(path): expectation(s) failed\n")
    default: break
    }
    return status
  }
}
