import Foundation
import Testing
import VigilFuzzTargets
import VigilTestSupport

/// CI's share of the fuzzing: every seed and every crash input kept under `Fuzz/` runs through its harness in
/// the normal (non-sanitised) build, so a change that makes one of them trap again fails the suite.
@Suite struct CorpusReplayTests {
  static let fuzzRoot = TestPaths.packageRoot.appendingPathComponent("Fuzz")

  /// The files of `Fuzz/KIND/TARGET/`, sorted; empty when the folder does not exist.
  static func inputs(_ kind: String, _ target: String) -> [URL] {
    let folder = fuzzRoot.appendingPathComponent(kind).appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
  }

  @Test(arguments: FuzzTargets.all.map(\.name))
  func seedCorpusReplaysWithoutTrapping(target: String) throws {
    let harness = try #require(FuzzTargets.named(target))
    let seeds = Self.inputs("corpus", target)
    #expect(seeds.count >= 5, "Fuzz/corpus/\(target)/ should hold seeds from the tests and samples")
    for url in seeds { harness.fuzz(Array(try Data(contentsOf: url))) }
  }

  @Test(arguments: FuzzTargets.all.map(\.name))
  func crashInputsReplayWithoutTrapping(target: String) throws {
    let harness = try #require(FuzzTargets.named(target))
    for url in Self.inputs("crashes", target) { harness.fuzz(Array(try Data(contentsOf: url))) }
  }

  /// A folder named after no target would never be replayed (a typo, or a target renamed without its corpus).
  @Test func everyCorpusFolderNamesATarget() {
    for kind in ["corpus", "crashes"] {
      let folder = Self.fuzzRoot.appendingPathComponent(kind)
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }
      for name in names { #expect(FuzzTargets.named(name) != nil, "Fuzz/\(kind)/\(name) names no fuzz target") }
    }
  }

  /// The command-line harness starts from a prefix session; if a model change made the prefix invalid, the
  /// fuzzer would silently explore an empty stack.
  @Test func commandLinePrefixIsAcceptedWhole() {
    #expect(FuzzTargets.commandLinePrefixCommandsApplied == FuzzTargets.commandLinePrefixCommandCount)
  }
}
