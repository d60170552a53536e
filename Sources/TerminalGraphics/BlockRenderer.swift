import PixelEngine

/// Draws pictures with coloured half-block characters, for terminals without sixel.
///
/// Each character cell shows two pixels stacked: `▀` (U+2580) with the foreground colour
/// set to the upper pixel and the background colour to the lower one. A picture with an
/// odd height draws its last row as `▀` over the terminal's default background. Colour
/// escapes are only sent when a colour changes; every line ends with `ESC [ 0 m` and a
/// newline, so the cursor lands on a new line below the picture.
///
/// ```swift
/// let bytes = BlockRenderer.render(rgb: picture, colors: .truecolor)
/// ```
public enum BlockRenderer {
    /// How colours are written.
    public enum Colors: Sendable, Hashable {
        /// 24-bit: `ESC [ 38 ; 2 ; r ; g ; b m`.
        case truecolor
        /// The xterm 256-colour palette (6×6×6 cube and gray ramp): `ESC [ 38 ; 5 ; n m`.
        case ansi256
    }

    /// The half-block drawing of an RGB picture, one character per pixel column and one
    /// line per two pixel rows (no scaling).
    ///
    /// - Parameters:
    ///   - rgb: an 8-bit RGB picture.
    ///   - colors: 24-bit or 256-colour escapes.
    /// - Returns: UTF-8 bytes: `ceil(height / 2)` lines, each ending in `ESC [ 0 m \n`;
    ///   empty for an empty picture.
    public static func render(rgb: Image<UInt8>, colors: Colors) -> [UInt8] {
        precondition(rgb.channels == 3, "BlockRenderer: needs an RGB image, got \(rgb)")
        var out: [UInt8] = []
        guard !rgb.isEmpty else { return out }
        out.reserveCapacity(rgb.width * (rgb.height + 1) / 2 * 24)
        let w = rgb.width
        rgb.withUnsafeSamples { px in
            var y = 0
            while y < rgb.height {
                let hasLower = y + 1 < rgb.height
                var fg: UInt32 = .max, bg: UInt32 = .max
                for x in 0..<w {
                    let upper = color(px, (y &* w &+ x) &* 3, colors)
                    if upper != fg {
                        escape(&out, foreground: true, upper, colors)
                        fg = upper
                    }
                    if hasLower {
                        let lower = color(px, ((y &+ 1) &* w &+ x) &* 3, colors)
                        if lower != bg {
                            escape(&out, foreground: false, lower, colors)
                            bg = lower
                        }
                    } else if x == 0 {
                        out.append(contentsOf: [0x1B, 0x5B, 0x34, 0x39, 0x6D])  // ESC [ 49 m: default background
                    }
                    out.append(contentsOf: [0xE2, 0x96, 0x80])  // ▀
                }
                out.append(contentsOf: [0x1B, 0x5B, 0x30, 0x6D, 0x0A])  // ESC [ 0 m \n
                y += 2
            }
        }
        return out
    }

    /// Packed 24-bit colour, or a 256-colour index.
    @inline(__always)
    private static func color(_ px: UnsafeBufferPointer<UInt8>, _ i: Int, _ colors: Colors) -> UInt32 {
        let r = px[i], g = px[i &+ 1], b = px[i &+ 2]
        switch colors {
        case .truecolor: return UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
        case .ansi256: return UInt32(ansi256Index(RGB8(r, g, b)))
        }
    }

    private static func escape(_ out: inout [UInt8], foreground: Bool, _ value: UInt32, _ colors: Colors) {
        let head = foreground ? "\u{1B}[38;" : "\u{1B}[48;"
        switch colors {
        case .truecolor:
            out.append(contentsOf: "\(head)2;\(value >> 16);\((value >> 8) & 0xff);\(value & 0xff)m".utf8)
        case .ansi256:
            out.append(contentsOf: "\(head)5;\(value)m".utf8)
        }
    }

    /// The nearest xterm 256-colour palette entry: the 6×6×6 cube (16…231, levels
    /// 0, 95, 135, 175, 215, 255) or the gray ramp (232…255, 8 + 10·k), whichever is
    /// closer in RGB distance. The 16 system colours are avoided: terminals redefine them.
    ///
    /// ```swift
    /// BlockRenderer.ansi256Index(RGB8(255, 0, 0))   // 196
    /// ```
    public static func ansi256Index(_ c: RGB8) -> UInt8 {
        @inline(__always) func level(_ v: UInt8) -> Int {
            v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40
        }
        let levels = [0, 95, 135, 175, 215, 255]
        let (r, g, b) = (Int(c.r), Int(c.g), Int(c.b))
        let (lr, lg, lb) = (level(c.r), level(c.g), level(c.b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let cr = levels[lr], cg = levels[lg], cb = levels[lb]
        let cubeDistance = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb)
        let mean = (r + g + b) / 3
        let step = mean < 8 ? 0 : min(23, (mean - 8 + 5) / 10)
        let gray = 8 + 10 * step
        let grayDistance = (r - gray) * (r - gray) + (g - gray) * (g - gray) + (b - gray) * (b - gray)
        return UInt8(grayDistance < cubeDistance ? 232 + step : cube)
    }
}
