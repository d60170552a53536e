internal import CJPEGCodec
import Foundation

/// JPEG in and out, over libjpeg-turbo.
///
/// Reading accepts baseline and progressive files, gray, RGB (YCbCr) and CMYK/YCCK (which
/// become RGB). The pixels are those libjpeg gives with its defaults (accurate integer
/// DCT, smooth chroma upsampling), the same as Pillow's on the same library version. The
/// EXIF orientation is applied, so photos come out the right way up; turn
/// ``ReadOptions/applyOrientation`` off for the pixels as stored. CMYK files with an Adobe
/// marker (all Photoshop and libjpeg files) are read as inverted, as Pillow does, then
/// converted with Pillow's `CMYK → RGB` formula.
///
/// Damaged data is an error: libjpeg only warns about a cut or corrupt file and pads the
/// picture with grey; here the first warning stops the decoding with ``ImageFileError``.
///
/// Writing stores 8-bit gray or RGB, baseline, 4:2:0 chroma subsampling, at a quality of
/// 1…100 (default 90). JPEG is lossy: masks and label maps are refused by ``ImageFile``.
///
/// ```swift
/// let photo = try JPEG.read(path: "IMG_0042.jpg")   // upright
/// try JPEG.write(photo.image, to: "small.jpg", quality: 85)
/// ```
public enum JPEG {
    /// Limits and choices for reading.
    public struct ReadOptions: Sendable, Equatable {
        /// Images with more pixels than this are refused before any pixel memory is
        /// allocated. Default 2²⁸ (16384 × 16384).
        public var maxPixels: Int
        /// Rotate and mirror by the EXIF orientation tag (default true).
        public var applyOrientation: Bool

        public init(maxPixels: Int = 1 << 28, applyOrientation: Bool = true) {
            self.maxPixels = maxPixels
            self.applyOrientation = applyOrientation
        }
    }

    /// The colour space stored in the file.
    public enum ColorSpace: String, Sendable, Equatable {
        case gray, rgb, ycbcr, cmyk, ycck
    }

    /// A decoded JPEG: the pixels plus what the file said about them.
    public struct Decoded: Sendable, Equatable {
        /// 8-bit gray or RGB, upright unless orientation was turned off.
        public var image: AnyImage
        /// The file's colour space.
        public var colorSpace: ColorSpace
        /// Whether the file is progressive.
        public var progressive: Bool
        /// The EXIF orientation, 1…8 (1 when the file has none).
        public var orientation: Int
        /// Whether ``image`` was rotated or mirrored by ``orientation``.
        public var orientationApplied: Bool
    }

    /// The libjpeg-turbo version segsh was built with, e.g. `"libjpeg-turbo 2.1.5"`.
    public static var libraryVersion: String {
        String(cString: segsh_jpeg_library_version())
    }

    /// The default encoding quality.
    public static let defaultQuality = 90

    // MARK: Reading

    /// Reads a JPEG file.
    public static func read(path: String, options: ReadOptions = ReadOptions()) throws(ImageFileError) -> Decoded {
        try decode(try ImageFile.contents(of: path, format: .jpeg), source: path, options: options)
    }

    /// Decodes JPEG bytes. `source` names the data in error messages.
    public static func decode(_ data: Data, source: String = "<data>",
                              options: ReadOptions = ReadOptions()) throws(ImageFileError) -> Decoded {
        let limit = UInt64(max(0, options.maxPixels))
        var info = segsh_jpeg_info()
        var message = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { raw in
            segsh_jpeg_read_info(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, limit,
                                 &info, &message, message.count)
        }
        try check(status, message, reading: true, source: source)
        let width = Int(info.width), height = Int(info.height), channels = Int(info.channels)
        let count = width * height * channels
        var decodeStatus: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            decodeStatus = data.withUnsafeBytes { raw in
                segsh_jpeg_decode(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, limit,
                                  buffer.baseAddress, count, &message, message.count)
            }
            initialized = count
        }
        try check(decodeStatus, message, reading: true, source: source)
        var image = Image(width: width, height: height, channels: channels, pixels: pixels)
        let orientation = Int(info.orientation)
        let apply = options.applyOrientation && orientation != 1
        if apply { image = upright(image, orientation: orientation) }
        let space: ColorSpace = switch info.color_space {
        case Int32(SEGSH_JPEG_GRAY): .gray
        case Int32(SEGSH_JPEG_RGB): .rgb
        case Int32(SEGSH_JPEG_CMYK): .cmyk
        case Int32(SEGSH_JPEG_YCCK): .ycck
        default: .ycbcr
        }
        return Decoded(image: .uint8(image), colorSpace: space, progressive: info.progressive != 0,
                       orientation: orientation, orientationApplied: apply)
    }

    /// The image turned the right way up for an EXIF orientation (1…8), as Pillow's
    /// `ImageOps.exif_transpose`: 2 mirror, 3 rotate 180°, 4 flip, 5 transpose, 6 rotate 90°
    /// clockwise, 7 transverse, 8 rotate 90° counter-clockwise.
    public static func upright<S: PixelSample>(_ image: Image<S>, orientation: Int) -> Image<S> {
        switch orientation {
        case 2: image.flip(.horizontal)
        case 3: image.flip(.both)
        case 4: image.flip(.vertical)
        case 5: image.rotate90(1).flip(.vertical)
        case 6: image.rotate90(-1)
        case 7: image.rotate90(1).flip(.horizontal)
        case 8: image.rotate90(1)
        default: image
        }
    }

    // MARK: Writing

    /// Encodes 8-bit gray or RGB at `quality` 1…100.
    ///
    /// - Throws: ``ImageFileError`` (`unsupported`) for 16-bit or float images, alpha
    ///   channels, or a quality outside 1…100, each with the fix.
    public static func encode(_ image: AnyImage, quality: Int = defaultQuality) throws(ImageFileError) -> Data {
        func refuse(_ detail: String) -> ImageFileError {
            ImageFileError(.unsupported, format: .jpeg, reading: false, source: "<data>", detail: detail)
        }
        guard (1...100).contains(quality) else {
            throw refuse("quality must be 1…100, got \(quality)")
        }
        guard case .uint8(let pixels) = image else {
            throw refuse("JPEG stores 8-bit samples, the image is \(image.sampleType); convert it to uint8 first, or save as .tif to keep every value")
        }
        guard pixels.channels == 1 || pixels.channels == 3 else {
            throw refuse("JPEG stores gray or RGB, the image is \(ImageLayout.channelName(pixels.channels)); drop the alpha channel first, or save as .png or .tif")
        }
        guard pixels.width > 0, pixels.height > 0, pixels.width <= 65500, pixels.height <= 65500 else {
            throw refuse("a JPEG is 1 to 65500 pixels wide and high, the image is \(pixels.width)x\(pixels.height)")
        }
        var buffer = segsh_jpeg_buffer()
        var message = [CChar](repeating: 0, count: 256)
        let status = pixels.withUnsafeSamples { samples in
            segsh_jpeg_encode(samples.baseAddress, UInt32(pixels.width), UInt32(pixels.height),
                              Int32(pixels.channels), Int32(quality), &buffer, &message, message.count)
        }
        defer { segsh_jpeg_buffer_free(&buffer) }
        try check(status, message, reading: false, source: "<data>")
        return Data(bytes: buffer.bytes, count: buffer.size)
    }

    /// Encodes and writes an image atomically.
    public static func write(_ image: AnyImage, to path: String, quality: Int = defaultQuality) throws(ImageFileError) {
        let data: Data
        do {
            data = try encode(image, quality: quality)
        } catch {
            throw error.naming(path)
        }
        try ImageFile.write(data, to: path, format: .jpeg)
    }

    // MARK: Internals

    private static func check(_ status: Int32, _ message: [CChar], reading: Bool, source: String) throws(ImageFileError) {
        guard status != Int32(SEGSH_JPEG_OK) else { return }
        let detail = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let kind: ImageFileError.Kind = switch status {
        case Int32(SEGSH_JPEG_NOT_JPEG): .unrecognized
        case Int32(SEGSH_JPEG_TRUNCATED): .truncated
        case Int32(SEGSH_JPEG_TOO_LARGE): .tooLarge
        case Int32(SEGSH_JPEG_UNSUPPORTED): .unsupported
        case Int32(SEGSH_JPEG_NO_MEMORY): .io
        default: .corrupt
        }
        throw ImageFileError(kind, format: .jpeg, reading: reading, source: source,
                             detail: status == Int32(SEGSH_JPEG_NO_MEMORY) ? "out of memory" : detail)
    }
}
