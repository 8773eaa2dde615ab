#!/usr/bin/env python3
"""Checks that a PNG screenshot is not blank, using only the standard library.

Decodes the PNG (8-bit greyscale, RGB, RGBA, grey+alpha; non-interlaced, as Chromium writes them),
counts distinct colours and the share of pixels that differ from the most common (background) colour,
and exits 1 when the image is blank: fewer than MIN_COLOURS colours or under MIN_INK of its pixels
differ from the background. Usage: check_png_not_blank.py FILE.png
"""
import struct
import sys
import zlib

MIN_COLOURS = 16      # a rendered dashboard has text antialiasing, lines and fills
MIN_INK = 0.02        # at least 2% of the pixels differ from the background


def decode(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        raise ValueError("no IHDR chunk")
    width, height, depth, colour_type, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour_type)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}, interlace {interlace}")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous, offset = [], bytearray(stride), 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                upper_left = previous[i - channels] if i >= channels else 0
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
                line[i] = (line[i] + predictor) & 0xFF
            elif kind != 0:
                raise ValueError(f"bad filter type {kind}")
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main(argv):
    if len(argv) != 2:
        print("usage: check_png_not_blank.py FILE.png", file=sys.stderr)
        return 2
    try:
        width, height, channels, rows = decode(argv[1])
    except (OSError, ValueError, zlib.error) as error:
        print(f"{argv[1]}: error: {error}", file=sys.stderr)
        return 2
    counts = {}
    for row in rows:
        for i in range(0, len(row), channels):
            pixel = row[i:i + channels]
            counts[pixel] = counts.get(pixel, 0) + 1
    total = width * height
    background, background_count = max(counts.items(), key=lambda item: item[1])
    ink = 1 - background_count / total
    print(f"{argv[1]}: {width}x{height}, {len(counts)} colours, {ink:.1%} of pixels differ from the background")
    if len(counts) < MIN_COLOURS or ink < MIN_INK:
        print(f"{argv[1]}: error: the image is blank", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
