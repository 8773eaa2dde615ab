import Foundation
import Testing
import VigilTestSupport

/// `vigil graph` through the real binary.
@Suite struct GraphCommandTests {
  @Test func theSampleDrawsInBothFormats() throws {
    let mermaid = try VigilBinary.run(["graph", "samples/payments.vigil"])
    #expect(mermaid.status == 0)
    #expect(mermaid.stdout.hasPrefix("flowchart LR\n  n1[(\"log group /aws/lambda/payment-authorizer-dev\")]\n"))
    let dot = try VigilBinary.run(["graph", "samples/payments.vigil", "--format", "dot"])
    #expect(dot.status == 0)
    #expect(dot.stdout.hasPrefix("digraph vigil {\n  rankdir=LR;\n  n1 [shape=cylinder, label=\"log group /aws/lambda/payment-authorizer-dev\"];\n"))
    #expect(dot.stdout.hasSuffix("}\n"))
    // The same nodes and edges in both formats.
    #expect(mermaid.stdout.split(separator: "\n").count + 2 == dot.stdout.split(separator: "\n").count)
  }

  @Test func anUnknownFormatIsInvalidInput() throws {
    let result = try VigilBinary.run(["graph", "samples/payments.vigil", "--format", "svg"])
    #expect(result.status == 2)
    #expect(result.stderr == "vigil graph: --format must be mermaid or dot, got 'svg'\n")
    #expect(result.stdout == "")
  }
}
