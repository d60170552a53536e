import PixelEngine
import Testing

/// The largest absolute difference between two same-shaped images, and where it is.
func maxDifference<A: PixelSample, B: PixelSample>(_ a: Image<A>, _ b: Image<B>) -> (value: Double, index: Int) {
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
func expectClose<A: PixelSample, B: PixelSample>(
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
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded random image.
func randomImage<S: PixelSample>(_: S.Type, width: Int, height: Int, channels: Int = 1, seed: UInt64) -> Image<S> {
    var rng = SeededGenerator(seed: seed)
    let pixels = (0..<(width * height * channels)).map { _ -> S in
        S.isFloatingPoint ? S(clamping: Double.random(in: 0...1, using: &rng))
                          : S(clamping: Double.random(in: 0...S.nominalMax.doubleValue, using: &rng).rounded())
    }
    return Image(width: width, height: height, channels: channels, pixels: pixels)
}
