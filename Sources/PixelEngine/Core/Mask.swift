/// A binary image: every pixel is inside (true) or outside (false).
///
/// Stored as one `UInt8` per pixel, always 0 or 1, so that counting is summing and the
/// gray morphology kernels apply unchanged. A mask is the result of a threshold or a
/// comparison; it is displayed as black and white, written to PNG as 0/255.
///
/// ```swift
/// let fg = Mask(width: 4, height: 4) { x, y in x > y }
/// fg.count // 6
/// ```
@frozen
public struct Mask: Sendable, Equatable, CustomStringConvertible {
    /// The pixels, one channel of 0 or 1.
    @inlinable public var bits: Image<UInt8> { storage }

    @usableFromInline var storage: Image<UInt8>

    /// An empty (all false) or full mask.
    public init(width: Int, height: Int, filled: Bool = false) {
        storage = Image(width: width, height: height, channels: 1, repeating: filled ? 1 : 0)
    }

    /// A mask where `image` is nonzero. `image` must have one channel.
    @inlinable
    public init(nonzero image: Image<UInt8>) {
        precondition(image.channels == 1, "Mask: \(image.channels)-channel image")
        storage = image.mapBands { input, output, count in
            for i in 0..<count { output[i] = input[i] != 0 ? 1 : 0 }
        }
    }

    /// A mask over samples already known to be 0 or 1 (kernel outputs); not re-checked.
    @inlinable
    public init(uncheckedBits image: Image<UInt8>) {
        precondition(image.channels == 1, "Mask: \(image.channels)-channel image")
        storage = image
    }

    /// A mask from a predicate on coordinates.
    @inlinable
    public init(width: Int, height: Int, _ inside: (_ x: Int, _ y: Int) -> Bool) {
        storage = Image<UInt8>.generate(width: width, height: height) { rows, out in
            for y in rows { for x in 0..<width { out[y &* width &+ x] = inside(x, y) ? 1 : 0 } }
        }
    }

    @inlinable public var width: Int { bits.width }
    @inlinable public var height: Int { bits.height }

    /// Whether the pixel at (x, y) is inside.
    @inlinable
    public subscript(x: Int, y: Int) -> Bool {
        get { storage[x, y] != 0 }
        set { storage[x, y] = newValue ? 1 : 0 }
    }

    /// The number of pixels inside.
    public var count: Int {
        bits.withUnsafeSamples { s in s.reduce(0) { $0 &+ Int($1) } }
    }

    /// The mask as 0/255 gray, for display and PNG.
    public var image: Image<UInt8> {
        bits.mapBands { input, output, count in
            for i in 0..<count { output[i] = input[i] &* 255 }
        }
    }

    public var description: String { "\(width)x\(height) mask, \(count) pixels set" }
}
