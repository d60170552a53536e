/// A 3×5 pixel font of digits and a few signs, for labels drawn into pictures (histogram
/// axes, colour bars, object ids), scaled up by whole pixels.
///
/// ```swift
/// var picture = Image<UInt8>(width: 40, height: 12, channels: 3)
/// PixelFont.draw("3260", into: &picture, x: 1, y: 1, scale: 2, color: RGB8(255, 255, 255))
/// ```
public enum PixelFont {
    /// Rows of each glyph, 3 bits wide (the high bit is the left column).
    public static let glyphs: [Character: [UInt8]] = [
        "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [7, 1, 7, 4, 7], "3": [7, 1, 7, 1, 7],
        "4": [5, 5, 7, 1, 1], "5": [7, 4, 7, 1, 7], "6": [7, 4, 7, 5, 7], "7": [7, 1, 1, 1, 1],
        "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 7], ".": [0, 0, 0, 0, 2], "-": [0, 0, 7, 0, 0],
        "e": [0, 7, 7, 4, 7], "+": [0, 2, 7, 2, 0],
    ]

    /// The width in pixels of `text` at `scale` (glyphs 3 wide, 1 apart).
    public static func width(_ text: String, scale: Int) -> Int {
        text.isEmpty ? 0 : text.count * 4 * scale - scale
    }

    /// The height in pixels of a line at `scale`.
    public static func height(scale: Int) -> Int { 5 * scale }

    /// Draws `text` with its top-left corner at (`x`, `y`) into an RGB picture; pixels
    /// outside the picture and characters without a glyph are skipped.
    public static func draw(_ text: String, into picture: inout Image<UInt8>, x: Int, y: Int, scale: Int, color: RGB8) {
        precondition(picture.channels == 3, "PixelFont.draw: an RGB picture is needed")
        let (w, h) = (picture.width, picture.height)
        picture.withUnsafeMutableSamples { out in
            var left = x
            for character in text {
                for (row, bits) in (glyphs[character] ?? []).enumerated() {
                    for column in 0..<3 where bits & (4 >> column) != 0 {
                        for dy in 0..<scale {
                            for dx in 0..<scale {
                                let px = left + column * scale + dx, py = y + row * scale + dy
                                guard px >= 0, px < w, py >= 0, py < h else { continue }
                                let o = (py * w + px) * 3
                                out[o] = color.r; out[o + 1] = color.g; out[o + 2] = color.b
                            }
                        }
                    }
                }
                left += 4 * scale
            }
        }
    }
}
