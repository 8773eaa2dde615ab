import VigilCore

/// JSON files (`JSONValue.parse`, RFC 8259): the input is a document. An accepted document is written back
/// with the deterministic writer, compact and pretty, and each must parse again: the writer may never emit
/// what the reader refuses.
public enum JSONFuzzTarget {
  public static func fuzz(_ data: [UInt8]) {
    guard let value = try? JSONValue.parse(bytes: data) else { return }
    for pretty in [false, true] {
      let written = value.serialized(pretty: pretty)
      if (try? JSONValue.parse(written)) == nil {
        fatalError("JSONValue wrote a document it cannot read back: \(written)")
      }
    }
  }
}
