/// Checks shared by every operation on user input. Each throws a ``PixelEngineError``
/// naming the operation and the offending values.
public enum Validate {
    /// The image has at least one pixel.
    @inlinable
    public static func nonEmpty<S>(_ image: Image<S>, _ operation: String) throws(PixelEngineError) {
        if image.isEmpty {
            throw PixelEngineError(operation, "the image is empty (\(image.width)x\(image.height))")
        }
    }

    /// Both images have the same width and height.
    @inlinable
    public static func sameSize<A, B>(_ a: Image<A>, _ b: Image<B>, _ operation: String) throws(PixelEngineError) {
        if a.width != b.width || a.height != b.height {
            throw PixelEngineError(operation, "sizes differ: \(a.width)x\(a.height) and \(b.width)x\(b.height); resize or crop one to match")
        }
    }

    /// Both images have the same width, height and channel count.
    @inlinable
    public static func sameShape<A, B>(_ a: Image<A>, _ b: Image<B>, _ operation: String) throws(PixelEngineError) {
        try sameSize(a, b, operation)
        if a.channels != b.channels {
            throw PixelEngineError(operation, "channel counts differ: \(ImageLayout.channelName(a.channels)) and \(ImageLayout.channelName(b.channels))")
        }
    }

    /// The image has one of the allowed channel counts.
    @inlinable
    public static func channels<S>(_ image: Image<S>, _ allowed: Set<Int>, _ operation: String) throws(PixelEngineError) {
        if !allowed.contains(image.channels) {
            let names = allowed.sorted().map { ImageLayout.channelName($0) }.joined(separator: " or ")
            throw PixelEngineError(operation, "needs a \(names) image, got \(ImageLayout.channelName(image.channels)); convert it first")
        }
    }

    /// A parameter is strictly positive (and finite).
    @inlinable
    public static func positive(_ value: Double, _ name: String, _ operation: String) throws(PixelEngineError) {
        if !(value > 0 && value.isFinite) {
            throw PixelEngineError(operation, "\(name) must be > 0, got \(value)")
        }
    }

    /// A parameter lies in a closed range.
    @inlinable
    public static func inRange<T: Comparable>(_ value: T, _ range: ClosedRange<T>, _ name: String, _ operation: String) throws(PixelEngineError) {
        if !range.contains(value) {
            throw PixelEngineError(operation, "\(name) must be in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
    }
}
