import VigilLogSource

extension JSONFieldScanner {
  /// The value of a slot: strings decoded, numbers parsed; objects and arrays are not fields once flattened.
  static func value(of slot: JSONSlot, in bytes: UnsafeBufferPointer<UInt8>) -> InsightsValue {
    switch slot.kind {
    case .missing, .null, .object, .array: return .null
    case .string:
      let raw = UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end])
      return .string(slot.escaped ? unescape(raw) : String(decoding: raw, as: UTF8.self))
    case .number:
      let raw = UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end])
      if let d = NumberParser.parse(raw) { return .number(d) }
      return .string(String(decoding: raw, as: UTF8.self))
    case .bool:
      return .string(String(decoding: UnsafeBufferPointer(rebasing: bytes[slot.start..<slot.end]), as: UTF8.self))
    }
  }
}
