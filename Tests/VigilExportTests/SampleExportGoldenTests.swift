import Foundation
import Testing
import VigilExport
import VigilModel
import VigilTestSupport

/// The sample session's export, byte for byte as the exporter wrote it before it was split per kind.
/// Regenerate the golden file only on purpose: `vigil export samples/payments.vigil --out DIR`.
@Suite struct SampleExportGoldenTests {
  @Test func theSampleExportIsByteIdenticalToTheGolden() throws {
    let stack = try ExportSessions.stack(try String(contentsOf: TestPaths.sample("payments.vigil"), encoding: .utf8))
    let files = try TerraformExporter.export(stack)
    let main = try #require(files.files.first { $0.path == "stacks/payments/cdk.tf.json" })
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/payments.cdk.tf.json")
    #expect(main.bytes == Array(try Data(contentsOf: golden)))
  }
}
