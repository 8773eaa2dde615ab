import Testing
import VigilCore

@testable import VigilExport

@Suite struct DashboardLayoutTests {
  func widget(_ title: String, width: Int, height: Int) -> Dashboard.Widget {
    Dashboard.Widget(kind: .text, width: width, height: height, properties: [:], series: [], title: title)
  }

  @Test func packsRowsAndWidensTheLastWidget() {
    let placed = DashboardLayout.arrange([
      widget("a", width: 24, height: 2), widget("b", width: 12, height: 6), widget("c", width: 8, height: 4),
      widget("d", width: 8, height: 6),
    ])
    #expect(placed.map { [$0.x, $0.y, $0.width, $0.height] } == [[0, 0, 24, 2], [0, 2, 12, 6], [12, 2, 12, 6], [0, 8, 24, 6]])
    #expect(DashboardLayout.problems(placed) == [])
  }

  @Test func reportsOverlapsAndWidgetsOffTheGrid() {
    var a = widget("a", width: 12, height: 6)
    var b = widget("b", width: 12, height: 6)
    a.x = 0
    b.x = 6
    var c = widget("c", width: 10, height: 1)
    c.x = 20
    c.y = 10
    #expect(DashboardLayout.problems([a, b, c]) == ["'c' leaves the grid (x 20, width 10)", "'a' overlaps 'b'"])
  }
}
