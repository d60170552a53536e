/// A raster image: `channels` interleaved samples per pixel, pixels in row-major order.
///
/// This is the one image model of segsh:
/// - 1 to 4 channels (gray, gray+alpha, RGB, RGBA); samples are ``PixelSample``s
///   (`UInt8`, `UInt16`, `Float`, and `UInt32` for label ids);
/// - sample `c` of pixel `(x, y)` is at `pixels[(y * width + x) * channels + c]`, with
///   no padding between rows (`rowStride == width * channels`);
/// - a value type: copies share storage until one is written (copy-on-write), and an
///   `Image` is `Sendable`. Operations never modify their inputs;
/// - zero-sized images (width or height 0) can exist; operations that need pixels reject
///   them with a ``PixelEngineError``.
///
/// ```swift
/// var img = Image<UInt8>(width: 3, height: 2, channels: 1)
/// img[1, 0] = 200
/// let inverted = img.map { 255 - $0 }
/// ```
@frozen
public struct Image<Sample: PixelSample>: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Samples per pixel, 1...4.
    public let channels: Int
    /// All samples, interleaved, row-major; `count == width * height * channels`.
    @inlinable public var pixels: [Sample] { storage }

    @usableFromInline var storage: [Sample]

    /// An image with every sample set to `value`.
    @inlinable
    public init(width: Int, height: Int, channels: Int = 1, repeating value: Sample = .zero) {
        Self.checkShape(width: width, height: height, channels: channels)
        self.width = width
        self.height = height
        self.channels = channels
        self.storage = [Sample](repeating: value, count: width * height * channels)
    }

    /// An image over existing samples. `pixels.count` must be `width * height * channels`.
    @inlinable
    public init(width: Int, height: Int, channels: Int = 1, pixels: [Sample]) {
        Self.checkShape(width: width, height: height, channels: channels)
        precondition(pixels.count == width * height * channels,
                     "Image: \(pixels.count) samples for \(width)x\(height)x\(channels)")
        self.width = width
        self.height = height
        self.channels = channels
        self.storage = pixels
    }

    @usableFromInline
    static func checkShape(width: Int, height: Int, channels: Int) {
        precondition(width >= 0 && height >= 0, "Image: negative size \(width)x\(height)")
        precondition((1...4).contains(channels), "Image: \(channels) channels; 1 to 4 are supported")
        precondition(width == 0 || height <= Int.max / width / channels, "Image: size overflows")
    }

    /// Samples per row.
    @inlinable public var rowStride: Int { width &* channels }
    /// `width * height`.
    @inlinable public var pixelCount: Int { width &* height }
    /// True when the image has no pixels.
    @inlinable public var isEmpty: Bool { width == 0 || height == 0 }
    /// The runtime sample type.
    @inlinable public var sampleType: SampleType { Sample.sampleType }

    /// Sample `channel` of the pixel at column `x`, row `y`. Checked; for tests and
    /// one-off access, not for kernels (use ``withUnsafeSamples(_:)``).
    @inlinable
    public subscript(x: Int, y: Int, channel: Int = 0) -> Sample {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height && channel >= 0 && channel < channels,
                         "Image: (\(x), \(y), \(channel)) is outside \(width)x\(height)x\(channels)")
            return storage[(y * width + x) * channels + channel]
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height && channel >= 0 && channel < channels,
                         "Image: (\(x), \(y), \(channel)) is outside \(width)x\(height)x\(channels)")
            storage[(y * width + x) * channels + channel] = newValue
        }
    }

    /// Calls `body` with a pointer to all samples (read-only). Hoist this out of pixel loops.
    @inlinable
    public func withUnsafeSamples<R, E: Error>(_ body: (UnsafeBufferPointer<Sample>) throws(E) -> R) throws(E) -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a pointer to all samples for writing (copies first if shared).
    @inlinable
    public mutating func withUnsafeMutableSamples<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Sample>) throws(E) -> R
    ) throws(E) -> R {
        try storage.withUnsafeMutableBufferPointer { (buffer: inout UnsafeMutableBufferPointer<Sample>) throws(E) -> R in
            try body(buffer)
        }
    }
}

extension Image: CustomStringConvertible {
    /// `"512x512 gray uint8"`.
    public var description: String {
        "\(width)x\(height) \(ImageLayout.channelName(channels)) \(Sample.sampleType)"
    }
}

/// Names for channel counts, shared by descriptions and error messages.
public enum ImageLayout {
    /// "gray", "gray+alpha", "RGB" or "RGBA".
    public static func channelName(_ channels: Int) -> String {
        switch channels {
        case 1: "gray"
        case 2: "gray+alpha"
        case 3: "RGB"
        case 4: "RGBA"
        default: "\(channels)-channel"
        }
    }
}
