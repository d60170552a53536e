internal import CSixel
import PixelEngine

/// Encodes pictures as DEC sixel graphics.
///
/// The output is one DCS string, `ESC P q` … `ESC \` (7-bit introducers), with raster
/// attributes (`" 1 ; 1 ; width ; height`) and the palette defined as RGB percentages (so
/// colours come back within ±3/255). It draws the picture at the cursor; the caller moves
/// to a new line after it (``Display`` does).
///
/// libsixel chooses the adaptive palette of RGB pictures (median cut over its histogram),
/// with a fresh dither per picture: libsixel rewrites a dither's pixel format while
/// encoding, so one cannot be reused. The sixel text itself is written here
/// (``SixelWriter``): libsixel 1.10's band encoder keeps a sorted linked list of runs per
/// band, which is quadratic in the runs: about 100 ms for a dithered 800×600 photograph and
/// 6 s for 800×600 of noise, against a few milliseconds here. It also misplaces pictures
/// less than 6 pixels tall by one band.
///
/// ```swift
/// let bytes = try SixelEncoder.encode(rgb: picture, colors: 256)
/// ```
public enum SixelEncoder {
    /// An RGB picture with an adaptive palette of at most `colors` entries.
    ///
    /// A picture with at most `colors` distinct colours (masks, label maps, plots, most
    /// montages of them) is sent with exactly those colours and no dithering, so small
    /// regions keep their colour; others get a libsixel median-cut palette and Atkinson
    /// error diffusion (which keeps edges crisp and flat areas quiet: it spreads only 6/8
    /// of the error).
    ///
    /// - Parameters:
    ///   - rgb: an 8-bit RGB (3-channel) picture, not empty.
    ///   - colors: palette entries the terminal has (its colour registers), 2…256.
    /// - Returns: the sixel bytes, from `ESC P` to `ESC \`.
    /// - Throws: ``GraphicsError`` when libsixel fails (out of memory).
    public static func encode(rgb: Image<UInt8>, colors: Int = 256) throws(GraphicsError) -> [UInt8] {
        precondition(rgb.channels == 3 && !rgb.isEmpty, "SixelEncoder: needs a non-empty RGB image, got \(rgb)")
        let colors = min(256, max(2, colors))
        if let (indices, palette) = exactPalette(rgb, limit: colors) {
            return SixelWriter.write(indices: indices, palette: palette)
        }
        let palette = try medianCutPalette(rgb, colors: colors)
        return SixelWriter.write(indices: SixelDiffusion.atkinson(rgb, palette: palette), palette: palette)
    }

    /// A palette picture: every pixel is an index into `palette`, sent as is (8-bit
    /// indices), so every colour in the picture reaches the screen.
    ///
    /// - Parameters:
    ///   - indexed: one channel of indices, each `< palette.count`; not empty.
    ///   - palette: 1…256 colours.
    /// - Returns: the sixel bytes, from `ESC P` to `ESC \`.
    public static func encode(indexed: Image<UInt8>, palette: [RGB8]) -> [UInt8] {
        precondition(indexed.channels == 1 && !indexed.isEmpty, "SixelEncoder: needs non-empty indices, got \(indexed)")
        precondition((1...256).contains(palette.count), "SixelEncoder: palette of \(palette.count) colours")
        return SixelWriter.write(indices: indexed, palette: palette)
    }

    /// libsixel's palette for `rgb`: median cut, at most `colors` entries.
    static func medianCutPalette(_ rgb: Image<UInt8>, colors: Int) throws(GraphicsError) -> [RGB8] {
        var dither: OpaquePointer?
        try check(sixel_dither_new(&dither, Int32(colors), nil), "palette")
        defer { sixel_dither_unref(dither) }
        // libsixel takes a mutable pointer but only reads the pixels here.
        var pixels = rgb.pixels
        let status = pixels.withUnsafeMutableBufferPointer { buffer in
            sixel_dither_initialize(dither, buffer.baseAddress, Int32(rgb.width), Int32(rgb.height),
                                    Int32(SIXEL_PIXELFORMAT_RGB888), Int32(SIXEL_LARGE_AUTO),
                                    Int32(SIXEL_REP_AUTO), Int32(SIXEL_QUALITY_AUTO))
        }
        try check(status, "palette")
        let count = Int(sixel_dither_get_num_of_palette_colors(dither))
        guard count > 0, let table = sixel_dither_get_palette(dither) else {
            throw GraphicsError("sixel palette: libsixel returned no colours")
        }
        return (0..<min(count, colors)).map { RGB8(table[3 * $0], table[3 * $0 + 1], table[3 * $0 + 2]) }
    }

    /// The picture's distinct colours and its index image, or nil when there are more
    /// than `limit` (found out early for photographs: most stop within a few rows).
    static func exactPalette(_ rgb: Image<UInt8>, limit: Int) -> (Image<UInt8>, [RGB8])? {
        // Open addressing on the packed 24-bit colour; 1024 slots for at most 256 entries.
        var keys = [UInt32](repeating: .max, count: 1024)
        var slots = [UInt8](repeating: 0, count: 1024)
        var palette: [RGB8] = []
        palette.reserveCapacity(limit)
        var indices = [UInt8](repeating: 0, count: rgb.pixelCount)
        let complete = rgb.withUnsafeSamples { src in
            keys.withUnsafeMutableBufferPointer { keys in
                slots.withUnsafeMutableBufferPointer { slots in
                    indices.withUnsafeMutableBufferPointer { out in
                        var lastKey = UInt32.max, lastIndex: UInt8 = 0
                        for i in 0..<out.count {
                            let key = UInt32(src[i &* 3]) << 16 | UInt32(src[i &* 3 &+ 1]) << 8 | UInt32(src[i &* 3 &+ 2])
                            if key == lastKey {
                                out[i] = lastIndex
                                continue
                            }
                            var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B1) >> 22)
                            while keys[h] != key && keys[h] != .max { h = (h &+ 1) & 1023 }
                            if keys[h] == .max {
                                if palette.count == limit { return false }
                                keys[h] = key
                                slots[h] = UInt8(truncatingIfNeeded: palette.count)
                                palette.append(RGB8(UInt8(key >> 16), UInt8((key >> 8) & 0xff), UInt8(key & 0xff)))
                            }
                            lastKey = key
                            lastIndex = slots[h]
                            out[i] = lastIndex
                        }
                        return true
                    }
                }
            }
        }
        guard complete else { return nil }
        return (Image(width: rgb.width, height: rgb.height, channels: 1, pixels: indices), palette)
    }

    private static func check(_ status: SIXELSTATUS, _ step: String) throws(GraphicsError) {
        if status & 0x1000 != 0 {
            let reason = String(cString: sixel_helper_format_error(status))
            throw GraphicsError("sixel \(step): \(reason)")
        }
    }
}
