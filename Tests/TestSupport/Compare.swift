import PixelEngine
import Testing

/// The largest absolute difference between two same-shaped images, and where it is.
public func maxDifference<A: PixelSample, B: PixelSample>(_ a: Image<A>, _ b: Image<B>) -> (value: Double, index: Int) {
    precondition(a.width == b.width && a.height == b.height && a.channels == b.channels,
                 "compare: \(a) vs \(b)")
    var worst = (value: 0.0, index: -1)
    for i in 0..<a.pixels.count {
        let d = abs(a.pixels[i].doubleValue - b.pixels[i].doubleValue)
        if d > worst.value || d.isNaN { worst = (d, i) }
    }
    return worst
}

/// Expects `actual` to equal `expected` within `tolerance` (absolute), reporting the first
/// worst pixel.
public func expectClose<A: PixelSample, B: PixelSample>(
    _ actual: Image<A>, _ expected: Image<B>, tolerance: Double = 0,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.width == expected.width, actual.height == expected.height, actual.channels == expected.channels else {
        Issue.record("shape \(actual) differs from \(expected)", sourceLocation: sourceLocation)
        return
    }
    let worst = maxDifference(actual, expected)
    if worst.value > tolerance {
        let pixel = worst.index / actual.channels
        Issue.record("""
            differs by \(worst.value) at (x \(pixel % actual.width), y \(pixel / actual.width), c \(worst.index % actual.channels)): \
            got \(actual.pixels[worst.index]), expected \(expected.pixels[worst.index])
            """, sourceLocation: sourceLocation)
    }
}

/// A small seeded generator (SplitMix64) so property tests are reproducible.
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded random image.
public func randomImage<S: PixelSample>(_: S.Type, width: Int, height: Int, channels: Int = 1, seed: UInt64) -> Image<S> {
    var rng = SeededGenerator(seed: seed)
    let pixels = (0..<(width * height * channels)).map { _ -> S in
        S.isFloatingPoint ? S(clamping: Double.random(in: 0...1, using: &rng))
                          : S(clamping: Double.random(in: 0...S.nominalMax.doubleValue, using: &rng).rounded())
    }
    return Image(width: width, height: height, channels: channels, pixels: pixels)
}

/// A seeded random mask with about `density` of its pixels set.
public func randomMask(width: Int, height: Int, density: Double = 0.5, seed: UInt64) -> Mask {
    var rng = SeededGenerator(seed: seed)
    let bits = (0..<(width * height)).map { _ in UInt8(Double.random(in: 0..<1, using: &rng) < density ? 1 : 0) }
    return Mask(uncheckedBits: Image(width: width, height: height, channels: 1, pixels: bits))
}

/// Runs `body` serially, split into 7 tasks, and with the default schedule; expects the
/// same result each time and returns it.
public func expectScheduleIndependent<R: Equatable>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) rethrows -> R {
    let serial = try ParallelRows.$taskLimit.withValue(1) { try body() }
    let split = try ParallelRows.$taskLimit.withValue(7) { try body() }
    let auto = try body()
    #expect(serial == split, "serial and 7-task results differ", sourceLocation: sourceLocation)
    #expect(serial == auto, "serial and default results differ", sourceLocation: sourceLocation)
    return serial
}

/// Expects `body` to throw a ``PixelEngineError`` whose operation is `operation`.
public func expectError<R>(_ operation: String, sourceLocation: SourceLocation = #_sourceLocation,
                           _ body: () throws -> R) {
    do {
        _ = try body()
        Issue.record("expected a \(operation) error", sourceLocation: sourceLocation)
    } catch let error as PixelEngineError {
        #expect(error.operation == operation, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a PixelEngineError, got \(error)", sourceLocation: sourceLocation)
    }
}
