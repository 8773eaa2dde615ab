@preconcurrency import CEditLine
import Foundation
import Synchronization

/// Where the shell's lines come from: libedit on a terminal, plain stdin otherwise.
protocol LineReader {
  mutating func readLine(prompt: String) -> String?
  mutating func addHistory(_ line: String)
  func saveHistory()
}

/// Reads lines from standard input without editing or prompts (pipes, CI).
struct PlainLineReader: LineReader {
  mutating func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
  mutating func addHistory(_ line: String) {}
  func saveHistory() {}
}

/// The completer used by libedit's C callback (C callbacks cannot capture context).
let activeCompleter = Mutex<Completer?>(nil)
let completionMatches = Mutex<[String]>([])
/// Set by the SIGINT handler: Ctrl-C at the prompt abandons the line instead of ending the shell.
let interruptedAtPrompt = Atomic<Bool>(false)

/// libedit's readline-compatible API: line editing, persistent history, Ctrl-R search, tab completion.
struct LibeditLineReader: LineReader {
  let historyPath: String

  init(historyPath: String) {
    self.historyPath = historyPath
    setlocale(LC_CTYPE, "")  // without it libedit drops non-ASCII input
    // Before anything initialises libedit (`using_history` does): it takes the reader at initialisation.
    rl_getc_function = { _ in KeyReader.next() }
    rl_readline_name = UnsafePointer(strdup("vigil"))
    // Let SIGTERM and SIGHUP end the process normally; the journal already holds every accepted command.
    rl_catch_signals = 0
    // A parent may have blocked SIGINT (test runners do); the prompt's Ctrl-C handling needs it delivered.
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    sigprocmask(SIG_UNBLOCK, &interrupt, nil)

    // Words end at spaces, and inside queries also at '|', '(' and ','; '@' and '.' stay in field names.
    rl_completer_word_break_characters = strdup(" \t\n|(,")
    using_history()
    stifle_history(2000)
    try? FileManager.default.createDirectory(
      atPath: (historyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = read_history(historyPath)  // ENOENT on first run means empty history
    rl_attempted_completion_function = { text, start, end in
      let line = rl_line_buffer.map { String(cString: $0) } ?? ""
      let upToCursor = String(line.utf8.prefix(Int(end))).map { $0 } ?? line
      let candidates = activeCompleter.withLock { $0?.candidates(forLine: upToCursor) } ?? []
      // The word being completed starts at `start`; candidates replace it whole.
      completionMatches.withLock { $0 = candidates }
      // A completed folder keeps the cursor right after its '/', so Tab again lists inside it.
      rl_completion_append_character = candidates.count == 1 && candidates[0].hasSuffix("/") ? 0 : 32
      rl_attempted_completion_over = 1
      if candidates.isEmpty { return nil }
      return rl_completion_matches(text) { _, state in
        completionMatches.withLock { matches in
          let index = Int(state)
          return index < matches.count ? strdup(matches[index]) : nil
        }
      }
    }
  }

  mutating func readLine(prompt: String) -> String? {
    // At the prompt Ctrl-C interrupts the read (no SA_RESTART) and readLine offers a fresh prompt;
    // while a command runs it keeps its default meaning (the journal already holds every command).
    interruptedAtPrompt.store(false, ordering: .relaxed)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in interruptedAtPrompt.store(true, ordering: .relaxed) }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    defer { signal(SIGINT, SIG_DFL) }
    guard let pointer = readline(prompt) else {
      if interruptedAtPrompt.load(ordering: .relaxed) {
        print("^C")
        return ""
      }
      return nil
    }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  mutating func addHistory(_ line: String) { add_history(line) }

  func saveHistory() { _ = write_history(historyPath) }
}
