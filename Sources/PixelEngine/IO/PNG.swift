internal import CPNGCodec
import Foundation

/// PNG in and out, over libpng.
///
/// Reading accepts every valid PNG: gray, gray+alpha, RGB, RGBA and palette images, bit
/// depths 1, 2, 4, 8 and 16, interlaced or not. Sample values are kept exactly: 16-bit
/// stays 16-bit, no gamma or colour-space conversion is applied, alpha is not
/// premultiplied. Palette images become RGB (RGBA when the palette has transparency)
/// unless ``ReadOptions/keepPaletteIndices`` asks for the indices; 1/2/4-bit gray is
/// scaled to 0...255; a tRNS colour key on gray or RGB becomes an alpha channel.
///
/// Writing stores 8- and 16-bit gray, gray+alpha, RGB and RGBA exactly; a ``Mask`` as
/// 8-bit 0/255; a ``LabelMap`` as 16-bit gray; a ``ClassMap`` as an 8-bit palette image.
/// Files are written atomically: a failed write leaves the target as it was.
///
/// ```swift
/// let decoded = try PNG.read(path: "cells.png")
/// try PNG.write(decoded.image, to: "copy.png")
/// ```
public enum PNG {
    /// Limits and choices for reading.
    public struct ReadOptions: Sendable, Equatable {
        /// Images with more pixels than this are refused before any pixel memory is
        /// allocated. Default 2²⁸ (16384 × 16384).
        public var maxPixels: Int
        /// Palette images decode to their indices (one 8-bit channel) instead of colours.
        public var keepPaletteIndices: Bool

        public init(maxPixels: Int = 1 << 28, keepPaletteIndices: Bool = false) {
            self.maxPixels = maxPixels
            self.keepPaletteIndices = keepPaletteIndices
        }
    }

    /// How the pixels are stored in the file.
    public enum ColorType: Sendable, Equatable {
        case gray, grayAlpha, rgb, rgba, palette
    }

    /// A decoded PNG: the pixels plus what the file said about them.
    public struct Decoded: Sendable, Equatable {
        /// 8-bit or 16-bit samples, 1–4 channels.
        public var image: AnyImage
        /// The file's colour type.
        public var colorType: ColorType
        /// The file's bit depth: 1, 2, 4, 8 or 16.
        public var bitDepth: Int
        /// Whether the file is Adam7-interlaced.
        public var interlaced: Bool
        /// PLTE entries (empty when the file has none).
        public var palette: [RGB8]
        /// The alpha of each palette entry (255 where tRNS gives none).
        public var paletteAlpha: [UInt8]
    }

    /// The libpng version linked at run time, e.g. `"1.6.39"`.
    public static var libraryVersion: String {
        String(cString: segsh_png_library_version())
    }

    // MARK: Reading

    /// Reads a PNG file.
    public static func read(path: String, options: ReadOptions = ReadOptions()) throws(PNGError) -> Decoded {
        try decode(try readFile(path), source: path, options: options)
    }

    /// Reads a PNG file's pixels.
    public static func readImage(path: String, options: ReadOptions = ReadOptions()) throws(PNGError) -> AnyImage {
        try read(path: path, options: options).image
    }

    /// Decodes PNG bytes. `source` names the data in error messages.
    public static func decode(_ data: Data, source: String = "<data>",
                              options: ReadOptions = ReadOptions()) throws(PNGError) -> Decoded {
        let keep: Int32 = options.keepPaletteIndices ? 1 : 0
        let limit = UInt64(max(0, options.maxPixels))
        var info = segsh_png_info()
        var message = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { raw in
            segsh_png_read_info(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count,
                                keep, limit, &info, &message, message.count)
        }
        try check(status, message, reading: true, source: source)

        let width = Int(info.width), height = Int(info.height), channels = Int(info.channels)
        let count = width * height * channels
        func pixels<S: PixelSample>(_: S.Type) throws(PNGError) -> [S] {
            var status: Int32 = 0
            let samples = [S](unsafeUninitializedCapacity: count) { buffer, initialized in
                status = data.withUnsafeBytes { raw in
                    segsh_png_decode(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, keep, limit,
                                     UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                     count * MemoryLayout<S>.size, &message, message.count)
                }
                initialized = count
            }
            try check(status, message, reading: true, source: source)
            return samples
        }
        let image: AnyImage = if info.sample_bytes == 2 {
            .uint16(Image(width: width, height: height, channels: channels, pixels: try pixels(UInt16.self)))
        } else {
            .uint8(Image(width: width, height: height, channels: channels, pixels: try pixels(UInt8.self)))
        }

        let paletteSize = Int(info.palette_size)
        let rgba = withUnsafeBytes(of: info.palette) { Array($0.prefix(paletteSize * 4)) }
        return Decoded(
            image: image,
            colorType: colorType(info.file_color_type),
            bitDepth: Int(info.file_bit_depth),
            interlaced: info.interlaced != 0,
            palette: (0..<paletteSize).map { RGB8(rgba[4 * $0], rgba[4 * $0 + 1], rgba[4 * $0 + 2]) },
            paletteAlpha: (0..<paletteSize).map { rgba[4 * $0 + 3] }
        )
    }

    // MARK: Writing

    /// Encodes an 8- or 16-bit image. Float images must be converted first.
    /// - Parameter compressionLevel: zlib level 0 (fastest) to 9 (smallest); default 6.
    public static func encode<S: PixelSample>(_ image: Image<S>, compressionLevel: Int = 6) throws(PNGError) -> Data {
        let depth: Int32 = switch S.sampleType {
        case .uint8: 8
        case .uint16: 16
        case .float32:
            throw PNGError(.unsupported, reading: false, source: "<data>",
                           detail: "PNG stores 8- or 16-bit samples, not float; convert the image to 8 or 16 bits first")
        case .uint32:
            throw PNGError(.unsupported, reading: false, source: "<data>",
                           detail: "32-bit samples are label ids; write them as a label map")
        }
        return try image.withUnsafeSamples { samples throws(PNGError) in
            try encodeSamples(UnsafeRawBufferPointer(samples), width: image.width, height: image.height,
                              channels: image.channels, depth: depth, palette: [], level: compressionLevel)
        }
    }

    /// Encodes any picture (8- or 16-bit; float is refused with the fix).
    public static func encode(_ image: AnyImage, compressionLevel: Int = 6) throws(PNGError) -> Data {
        switch image {
        case .uint8(let i): try encode(i, compressionLevel: compressionLevel)
        case .uint16(let i): try encode(i, compressionLevel: compressionLevel)
        case .float32(let i): try encode(i, compressionLevel: compressionLevel)
        }
    }

    /// Encodes a mask as 8-bit gray, 0 outside and 255 inside.
    public static func encode(_ mask: Mask) throws(PNGError) -> Data {
        try encode(mask.image)
    }

    /// Encodes a label map as 16-bit gray; ids above 65535 cannot be stored and are refused.
    public static func encode(_ labels: LabelMap) throws(PNGError) -> Data {
        let highest = labels.maxLabel
        guard highest <= UInt32(UInt16.max) else {
            throw PNGError(.unsupported, reading: false, source: "<data>",
                           detail: "label id \(highest) is over 65535, the most a 16-bit PNG holds; relabel sequentially or keep fewer objects")
        }
        return try encode(labels.ids.map { UInt16(truncatingIfNeeded: $0) })
    }

    /// Encodes a class map as an 8-bit palette PNG whose palette is the class colours.
    public static func encode(_ classes: ClassMap) throws(PNGError) -> Data {
        let palette: [UInt8] = classes.classes.flatMap { [$0.color.r, $0.color.g, $0.color.b, 255] }
        return try classes.indices.withUnsafeSamples { samples throws(PNGError) in
            try encodeSamples(UnsafeRawBufferPointer(samples), width: classes.width, height: classes.height,
                              channels: 1, depth: 8, palette: palette, level: 6)
        }
    }

    /// Writes encoded PNG bytes to `path` atomically.
    public static func write(_ data: Data, to path: String) throws(PNGError) {
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw PNGError(.io, reading: false, source: path, detail: error.reason)
        }
    }

    /// Encodes and writes an image (see ``encode(_:compressionLevel:)-(Image<S>,_)``).
    public static func write<S: PixelSample>(_ image: Image<S>, to path: String, compressionLevel: Int = 6) throws(PNGError) {
        try write(named(path) { () throws(PNGError) in try encode(image, compressionLevel: compressionLevel) }, to: path)
    }

    /// Encodes and writes any picture.
    public static func write(_ image: AnyImage, to path: String) throws(PNGError) {
        try write(named(path) { () throws(PNGError) in try encode(image) }, to: path)
    }

    /// Writes a mask as 0/255 gray.
    public static func write(_ mask: Mask, to path: String) throws(PNGError) {
        try write(named(path) { () throws(PNGError) in try encode(mask) }, to: path)
    }

    /// Writes a label map as 16-bit gray.
    public static func write(_ labels: LabelMap, to path: String) throws(PNGError) {
        try write(named(path) { () throws(PNGError) in try encode(labels) }, to: path)
    }

    /// Writes a class map as a palette PNG.
    public static func write(_ classes: ClassMap, to path: String) throws(PNGError) {
        try write(named(path) { () throws(PNGError) in try encode(classes) }, to: path)
    }

    // MARK: Internals

    /// Re-labels an encoding error with the file it was meant for.
    private static func named(_ path: String, _ encode: () throws(PNGError) -> Data) throws(PNGError) -> Data {
        do {
            return try encode()
        } catch {
            throw PNGError(error.kind, reading: false, source: path, detail: error.detail)
        }
    }

    private static func encodeSamples(_ samples: UnsafeRawBufferPointer, width: Int, height: Int, channels: Int,
                                      depth: Int32, palette: [UInt8], level: Int) throws(PNGError) -> Data {
        guard width > 0, height > 0 else {
            throw PNGError(.unsupported, reading: false, source: "<data>",
                           detail: "a PNG needs at least 1x1 pixels, the image is \(width)x\(height)")
        }
        var buffer = segsh_png_buffer()
        var message = [CChar](repeating: 0, count: 256)
        let status = palette.withUnsafeBufferPointer { plte in
            segsh_png_encode(samples.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(width), UInt32(height),
                             Int32(channels), depth, plte.baseAddress, Int32(palette.count / 4),
                             Int32(level), &buffer, &message, message.count)
        }
        defer { segsh_png_buffer_free(&buffer) }
        try check(status, message, reading: false, source: "<data>")
        return Data(bytes: buffer.bytes, count: buffer.size)
    }

    private static func check(_ status: Int32, _ message: [CChar], reading: Bool, source: String) throws(PNGError) {
        guard status != Int32(SEGSH_PNG_OK) else { return }
        let detail = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let kind: PNGError.Kind = switch status {
        case Int32(SEGSH_PNG_NOT_PNG): .notPNG
        case Int32(SEGSH_PNG_TRUNCATED): .truncated
        case Int32(SEGSH_PNG_TOO_LARGE): .tooLarge
        case Int32(SEGSH_PNG_NO_MEMORY): .io
        default: .corrupt
        }
        throw PNGError(kind, reading: reading, source: source,
                       detail: status == Int32(SEGSH_PNG_NO_MEMORY) ? "out of memory" : detail)
    }

    private static func colorType(_ type: Int32) -> ColorType {
        switch type {
        case 0: .gray
        case 4: .grayAlpha
        case 2: .rgb
        case 6: .rgba
        default: .palette
        }
    }

    private static func readFile(_ path: String) throws(PNGError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PNGError(.io, reading: true, source: path, detail: "no such file; check the path (relative paths start at \(FileManager.default.currentDirectoryPath))")
        }
        guard !isDirectory.boolValue else {
            throw PNGError(.io, reading: true, source: path, detail: "this is a folder, not a PNG file")
        }
        do {
            // Mapped, so a huge file is not read into memory just to have its header refused.
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "the file could not be read" : "no permission to read it"
            throw PNGError(.io, reading: true, source: path, detail: reason)
        }
    }
}
