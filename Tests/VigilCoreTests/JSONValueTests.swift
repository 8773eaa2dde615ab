import Testing
import VigilCore

@Suite struct JSONValueTests {
  @Test func sortsKeysAndIndentsByTwo() {
    let value: JSONValue = ["b": 1, "a": ["x": true, "//": "c"], "list": [1.5, "s\n"], "empty": [:]]
    #expect(
      value.serialized() == """
        {
          "a": {
            "//": "c",
            "x": true
          },
          "b": 1,
          "empty": {},
          "list": [
            1.5,
            "s\\n"
          ]
        }
        """)
  }

  @Test func parsesBackWithIntegersAndBooleans() throws {
    let value = try JSONValue.parse(#"{"a":1,"b":2.5,"c":true,"d":[null,"x"]}"#)
    #expect(value == ["a": 1, "b": 2.5, "c": true, "d": [.null, "x"]])
  }

  @Test func diagnosticShowsCaret() {
    let d = Diagnostic(
      "unknown option --treshold", in: "alarm x --treshold 5", offset: 8, file: "s.vigil", line: 3,
      suggestion: "did you mean --threshold?")
    #expect(
      d.description == """
        s.vigil:3:9: error: unknown option --treshold; did you mean --threshold?
          alarm x --treshold 5
                  ^
        """)
  }
}
