/// Reads one character of UTF-8 text for the matchers.
enum UTF8Reading {
  /// The character at `p` and its width in bytes. Bytes that are not UTF-8 read as one
  /// ``CodePointSet/invalidUnit`` spanning the lead byte and its continuation bytes (at most 4), the step the
  /// filter-pattern matcher always took over them.
  @inline(__always) static func character(in text: UnsafeBufferPointer<UInt8>, at p: Int) -> (UInt32, Int) {
    let b0 = text[p]
    if b0 < 0x80 { return (UInt32(b0), 1) }
    var width = 1
    while p + width < text.count, width < 4, text[p + width] & 0xC0 == 0x80 { width += 1 }
    let needed: Int
    var value: UInt32
    switch b0 {
    case 0xC2...0xDF: needed = 2; value = UInt32(b0 & 0x1F)
    case 0xE0...0xEF: needed = 3; value = UInt32(b0 & 0x0F)
    case 0xF0...0xF4: needed = 4; value = UInt32(b0 & 0x07)
    default: return (CodePointSet.invalidUnit, width)
    }
    guard width >= needed else { return (CodePointSet.invalidUnit, width) }
    for k in 1..<needed { value = value << 6 | UInt32(text[p + k] & 0x3F) }
    let minimum: UInt32 = needed == 2 ? 0x80 : needed == 3 ? 0x800 : 0x10000
    guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else {
      return (CodePointSet.invalidUnit, width)
    }
    return (value, needed)
  }
}
