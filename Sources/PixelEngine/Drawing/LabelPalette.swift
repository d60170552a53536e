/// The stable colours of instance ids: the same id has the same colour in every image,
/// run and display (PNG previews, overlays, the terminal).
///
/// Id 0 (background) is black. Hues step by the golden ratio (id · 0x9E3779B9 in 32-bit
/// fixed point), so consecutive ids are 0.38 of the colour wheel apart and ids two apart
/// 0.24; saturation and brightness vary with a second hash of the id so that ids whose hues
/// happen to be close (such as ids 21 apart) still differ. Computed in integer and
/// exact `Double` arithmetic only: identical on every platform.
///
/// ```swift
/// LabelPalette.color(for: 0)   // #000000
/// LabelPalette.color(for: 1)   // the same colour everywhere
/// ```
public enum LabelPalette {
    /// The colour of instance `id`; black for 0.
    public static func color(for id: UInt32) -> RGB8 {
        if id == 0 { return RGB8(0, 0, 0) }
        let hue = UInt32(truncatingIfNeeded: UInt64(id) &* 0x9E37_79B9)
        let mix = (id &* 0x85EB_CA6B) >> 29
        let saturation = [0.9, 0.65][Int(mix & 1)]
        let value = [1.0, 0.88, 0.78, 0.94][Int(mix >> 1)]
        return hsv(hue: Double(hue) / 4_294_967_296, saturation: saturation, value: value)
    }

    /// The colours of ids `0..<count`, for palette-based encoders (index = id).
    ///
    /// ```swift
    /// let table = LabelPalette.table(count: 256)   // table[0] is black
    /// ```
    public static func table(count: Int) -> [RGB8] {
        (0..<max(0, count)).map { color(for: UInt32(truncatingIfNeeded: $0)) }
    }

    /// HSV (each 0…1) to 8-bit RGB.
    static func hsv(hue: Double, saturation: Double, value: Double) -> RGB8 {
        let h = hue * 6
        let sector = Int(h) % 6
        let f = h - Double(Int(h))
        let p = value * (1 - saturation)
        let q = value * (1 - saturation * f)
        let t = value * (1 - saturation * (1 - f))
        let (r, g, b): (Double, Double, Double) = switch sector {
        case 0: (value, t, p)
        case 1: (q, value, p)
        case 2: (p, value, t)
        case 3: (p, q, value)
        case 4: (t, p, value)
        default: (value, p, q)
        }
        return RGB8(UInt8(clamping: r * 255), UInt8(clamping: g * 255), UInt8(clamping: b * 255))
    }
}

extension LabelMap {
    /// The label map as an RGB picture: every id in its ``LabelPalette`` colour,
    /// background (0) black.
    ///
    /// - Returns: an RGB uint8 image of the map's size.
    ///
    /// ```swift
    /// try PNG.write(labels.colorized(), to: "/tmp/labels.png")
    /// ```
    public func colorized() -> Image<UInt8> {
        ids.mapRows(outputChannels: 3) { (_, input: UnsafeBufferPointer<UInt32>, output: UnsafeMutableBufferPointer<UInt8>) in
            // Ids come in runs: remember the last one's colour.
            var lastID: UInt32 = 0
            var last = RGB8(0, 0, 0)
            for x in 0..<input.count {
                let id = input[x]
                if id != lastID {
                    lastID = id
                    last = LabelPalette.color(for: id)
                }
                output[x &* 3] = last.r
                output[x &* 3 &+ 1] = last.g
                output[x &* 3 &+ 2] = last.b
            }
        }
    }
}

extension ClassMap {
    /// The class map as an RGB picture: every pixel in its class's colour
    /// (`classes[i].color`).
    ///
    /// - Returns: an RGB uint8 image of the map's size.
    ///
    /// ```swift
    /// let shown = classMap.colorized()
    /// ```
    public func colorized() -> Image<UInt8> {
        let lut = (0..<256).map { $0 < classes.count ? classes[$0].color : RGB8(0, 0, 0) }
        return lut.withUnsafeBufferPointer { table in
            indices.mapRows(outputChannels: 3) { (_, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>) in
                for x in 0..<input.count {
                    let c = table[Int(input[x])]
                    output[x &* 3] = c.r
                    output[x &* 3 &+ 1] = c.g
                    output[x &* 3 &+ 2] = c.b
                }
            }
        }
    }
}
