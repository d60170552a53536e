internal import CSixel
import PixelEngine

/// Encodes pictures as DEC sixel graphics with libsixel.
///
/// The output is one DCS string, `ESC P … q` … `ESC \` (7-bit introducers), with the
/// palette defined as RGB percentages (so colours come back within ±3/255). It draws the
/// picture at the cursor; the caller moves to a new line after it (``Display`` does).
///
/// Each call makes a fresh libsixel dither: libsixel rewrites a dither's pixel format
/// while encoding, so one cannot be reused for another picture.
///
/// ```swift
/// let bytes = try SixelEncoder.encode(rgb: picture, colors: 256)
/// ```
public enum SixelEncoder {
    /// An RGB picture with an adaptive palette of at most `colors` entries.
    ///
    /// A picture with at most `colors` distinct colours (masks, label maps, plots, most
    /// montages of them) is sent with exactly those colours and no dithering, so small
    /// regions keep their colour; others are quantised by libsixel (median cut, Atkinson
    /// diffusion).
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
            return try encode(indexed: indices, palette: palette)
        }
        var pixels = rgb.pixels
        return try withEncoder(height: rgb.height) { output throws(GraphicsError) in
            var dither: OpaquePointer?
            try check(sixel_dither_new(&dither, Int32(colors), nil), "palette")
            defer { sixel_dither_unref(dither) }
            let (w, h) = (Int32(rgb.width), Int32(rgb.height))
            let status = pixels.withUnsafeMutableBufferPointer { buffer in
                sixel_dither_initialize(dither, buffer.baseAddress, w, h, Int32(SIXEL_PIXELFORMAT_RGB888),
                                        Int32(SIXEL_LARGE_AUTO), Int32(SIXEL_REP_AUTO), Int32(SIXEL_QUALITY_AUTO))
            }
            try check(status, "palette")
            sixel_dither_set_diffusion_type(dither, Int32(SIXEL_DIFFUSE_ATKINSON))
            let encoded = pixels.withUnsafeMutableBufferPointer { buffer in
                sixel_encode(buffer.baseAddress, w, h, 3, dither, output)
            }
            try check(encoded, "encode")
        }
    }

    /// A palette picture: every pixel is an index into `palette`, sent as is (8-bit PAL8),
    /// so every colour in the picture reaches the screen.
    ///
    /// - Parameters:
    ///   - indexed: one channel of indices, each `< palette.count`; not empty.
    ///   - palette: 1…256 colours.
    /// - Returns: the sixel bytes, from `ESC P` to `ESC \`.
    /// - Throws: ``GraphicsError`` when libsixel fails.
    public static func encode(indexed: Image<UInt8>, palette: [RGB8]) throws(GraphicsError) -> [UInt8] {
        precondition(indexed.channels == 1 && !indexed.isEmpty, "SixelEncoder: needs non-empty indices, got \(indexed)")
        precondition((1...256).contains(palette.count), "SixelEncoder: palette of \(palette.count) colours")
        // libsixel wants at least 2 palette entries.
        let entries = palette.count == 1 ? palette + palette : palette
        var table = entries.flatMap { [$0.r, $0.g, $0.b] }
        var pixels = indexed.pixels
        return try withEncoder(height: indexed.height) { output throws(GraphicsError) in
            var dither: OpaquePointer?
            try check(sixel_dither_new(&dither, Int32(entries.count), nil), "palette")
            defer { sixel_dither_unref(dither) }
            table.withUnsafeMutableBufferPointer { sixel_dither_set_palette(dither, $0.baseAddress) }
            sixel_dither_set_pixelformat(dither, Int32(SIXEL_PIXELFORMAT_PAL8))
            let encoded = pixels.withUnsafeMutableBufferPointer { buffer in
                sixel_encode(buffer.baseAddress, Int32(indexed.width), Int32(indexed.height), 8, dither, output)
            }
            try check(encoded, "encode")
        }
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

    /// Removes the graphics new line (`-`) libsixel 1.10 puts before the first band of a
    /// picture less than 6 pixels tall (it expects the first band to end at row 5), which
    /// would draw the picture one band too low. A no-op for taller pictures.
    static func removeLeadingNewLine(_ bytes: inout [UInt8]) {
        guard var i = bytes.firstIndex(of: UInt8(ascii: "q")) else { return }
        i += 1
        // Skip the raster attributes and colour definitions: `"` or `#` with numbers.
        while i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "#") {
            i += 1
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) || bytes[i] == UInt8(ascii: ";") {
                i += 1
            }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { bytes.remove(at: i) }
    }

    /// Runs `body` with a libsixel output that appends to a byte buffer; returns the bytes.
    private static func withEncoder(height: Int, _ body: (OpaquePointer?) throws(GraphicsError) -> Void) throws(GraphicsError) -> [UInt8] {
        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var output: OpaquePointer?
        let status = sixel_output_new(&output, { data, size, priv in
            guard let data, let priv, size > 0 else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(priv).takeUnretainedValue()
            data.withMemoryRebound(to: UInt8.self, capacity: Int(size)) {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(size)))
            }
            return size
        }, context, nil)
        try check(status, "output")
        defer { sixel_output_unref(output) }
        // 7-bit ESC P / ESC \ introducers: 8-bit C1 controls break in UTF-8 terminals.
        sixel_output_set_8bit_availability(output, 0)
        sixel_output_set_palette_type(output, Int32(SIXEL_PALETTETYPE_RGB))
        try withExtendedLifetime(sink) { () throws(GraphicsError) in try body(output) }
        if height < 6 { removeLeadingNewLine(&sink.bytes) }
        return sink.bytes
    }

    private final class Sink {
        var bytes: [UInt8] = []
    }

    private static func check(_ status: SIXELSTATUS, _ step: String) throws(GraphicsError) {
        if status & 0x1000 != 0 {
            let reason = String(cString: sixel_helper_format_error(status))
            throw GraphicsError("sixel \(step): \(reason)")
        }
    }
}
