import Foundation
import PixelEngine
import Testing
import TestSupport

/// Fixtures and naive references shared by the filter tests (Scripts/fixtures/filters.py).
enum FilterFixtures {
    /// The border modes the fixtures use, by scipy name; `constant` is `cval=10` in sample units.
    static let modes: [(name: String, mode: BorderMode)] = [
        ("reflect", .reflect), ("mirror", .mirror), ("nearest", .nearest), ("wrap", .wrap), ("constant", .constant(10)),
    ]

    static func mode(_ name: String) -> BorderMode {
        modes.first { $0.name == name }!.mode
    }

    /// Input `in_<name>.npy` as its own sample type.
    static func input<S: PixelSample>(_ name: String, _: S.Type = S.self) throws -> Image<S> {
        try Fixtures.npy("filters/in_\(name).npy").image(S.self)
    }

    /// A reference output as `Float`.
    static func expected(_ name: String) throws -> Image<Float> {
        try Fixtures.npy("filters/\(name).npy").image(Float.self)
    }

    /// A reference output as `Double` values (for exact rounding checks).
    static func expectedDoubles(_ name: String) throws -> [Double] {
        try Fixtures.npy("filters/\(name).npy").doubles
    }

    /// Integer inputs of the fixture set, and their sample types.
    static let uint8Inputs = ["gray8", "rgb8", "ga8", "rgba8", "tiny1x1", "row1x7", "col7x1", "odd3x5"]
}

/// Expects every sample within `1e-4 · |expected| + 1e-6 · max(1, max|expected|)` (relative,
/// with a floor for values near zero, where float32 sums cancel).
func expectRelative(
    _ actual: Image<Float>, _ expected: Image<Float>, relative: Double = 1e-4,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.width == expected.width, actual.height == expected.height, actual.channels == expected.channels else {
        Issue.record("shape \(actual) differs from \(expected)", sourceLocation: sourceLocation)
        return
    }
    let scale = expected.pixels.reduce(0.0) { max($0, abs(Double($1))) }
    for i in 0..<actual.pixels.count {
        let a = Double(actual.pixels[i]), e = Double(expected.pixels[i])
        let tolerance = relative * abs(e) + 1e-6 * max(scale, 1)
        if !(abs(a - e) <= tolerance) {
            Issue.record("sample \(i) of \(actual): got \(a), expected \(e)", sourceLocation: sourceLocation)
            return
        }
    }
}

/// Expects integer results within `tolerance` of the reference rounded half up.
func expectRounded<S: PixelSample>(
    _ actual: Image<S>, _ reference: [Double], scale: Double = 1, tolerance: Double = 0,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.pixels.count == reference.count, sourceLocation: sourceLocation)
    for (i, r) in reference.enumerated() where i < actual.pixels.count {
        let rounded = min(max((r * scale + 0.5).rounded(.down), 0), S.nominalMax.doubleValue)
        if abs(actual.pixels[i].doubleValue - rounded) > tolerance {
            Issue.record("sample \(i) of \(actual): got \(actual.pixels[i]), expected \(rounded) (\(r * scale))",
                         sourceLocation: sourceLocation)
            return
        }
    }
}

/// Naive references: straight from the definitions, one pixel at a time, in `Double`.
enum Naive {
    static func sample<S: PixelSample>(_ image: Image<S>, _ x: Int, _ y: Int, _ c: Int, _ mode: BorderMode) -> Double {
        guard let sx = mode.sourceIndex(x, count: image.width), let sy = mode.sourceIndex(y, count: image.height) else {
            if case .constant(let v) = mode { return Double(v) }
            return 0
        }
        return image[sx, sy, c].doubleValue
    }

    /// `Σ kernel[j][i] · in(x + i − kw/2, y + j − kh/2)` per channel.
    static func correlate<S: PixelSample>(_ image: Image<S>, _ kernel: [[Double]], _ mode: BorderMode, scale: Double = 1) -> Image<Float> {
        let kh = kernel.count, kw = kernel[0].count
        var out = Image<Float>(width: image.width, height: image.height, channels: image.channels)
        for y in 0..<image.height {
            for x in 0..<image.width {
                for c in 0..<image.channels {
                    var s = 0.0
                    for j in 0..<kh {
                        for i in 0..<kw where kernel[j][i] != 0 {
                            s += kernel[j][i] * sample(image, x + i - kw / 2, y + j - kh / 2, c, mode) * scale
                        }
                    }
                    out[x, y, c] = Float(s)
                }
            }
        }
        return out
    }

    /// scipy's order-0 Gaussian kernel.
    static func gaussianKernel(_ sigma: Double, truncate: Double = 4) -> [Double] {
        let r = Int(truncate * sigma + 0.5)
        let phi = (-r...r).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let sum = phi.reduce(0, +)
        return phi.map { $0 / sum }
    }

    static func outer(_ column: [Double], _ row: [Double]) -> [[Double]] {
        column.map { c in row.map { c * $0 } }
    }
}

/// Runs `body` serially, split into many tasks, and with the default schedule.
func schedules<R>(_ body: () throws -> R) rethrows -> [R] {
    [try ParallelRows.$taskLimit.withValue(1) { try body() },
     try ParallelRows.$taskLimit.withValue(7) { try body() },
     try body()]
}

#if canImport(Glibc)
import Glibc
#endif
