import Foundation
import Segmentation
import Testing
import TestSupport

/// Computing a bank: schedules, channels, sample types, wide images against a naive
/// reference, cancellation, the pixel-major copy.
@Suite("ClassifierFeatureCompute")
struct ClassifierFeatureComputeTests {
    static let mixed = "gaussian@0.3,1;laplacian@1;gradient@1.6;dog@1;structure@1.6;hessian@0.7"

    @Test func scheduleIndependent() throws {
        let image = randomImage(UInt8.self, width: 26, height: 19, seed: 11)
        let planes = try expectScheduleIndependent { try FeatureBank.default.compute(image).planes }
        #expect(planes.count == 49)
    }

    @Test(arguments: 1...4)
    func channelsAreIndependent(_ channels: Int) throws {
        let image = randomImage(UInt8.self, width: 19, height: 13, channels: channels, seed: UInt64(channels))
        let bank = try FeatureBank.parse(Self.mixed)
        let stack = try bank.compute(image)
        let perChannel = bank.featureCount(channels: 1)
        #expect(stack.featureCount == perChannel * channels)
        #expect(stack.names == bank.featureNames(channels: channels))
        for c in 0..<channels {
            let single = Image<UInt8>(width: image.width, height: image.height, channels: 1,
                                      pixels: stride(from: c, to: image.pixels.count, by: channels).map { image.pixels[$0] })
            let alone = try bank.compute(single)
            for k in 0..<perChannel {
                #expect(stack.planes[k * channels + c] == alone.planes[k], "\(stack.names[k * channels + c])")
                #expect(stack.names[k * channels + c].hasSuffix("c\(c)"))
            }
        }
    }

    @Test func sampleTypesReadAsImgAsFloat() throws {
        let bytes = randomImage(UInt8.self, width: 21, height: 17, seed: 5)
        let floats = bytes.map { Float(Double($0) / 255) }
        let words = bytes.map { UInt16($0) * 257 }
        let bank = try FeatureBank.parse(Self.mixed)
        let reference = try bank.compute(bytes)
        let fromFloats = try bank.compute(floats)
        let fromWords = try bank.compute(words)
        for k in reference.planes.indices {
            #expect(fromFloats.planes[k] == reference.planes[k], "\(reference.names[k])")
            expectClose(fromWords.planes[k], reference.planes[k], tolerance: 1e-5)
        }
    }

    @Test func eigenvaluesAreOrdered() throws {
        let image = randomImage(Float.self, width: 16, height: 11, seed: 3)
        let stack = try FeatureBank.parse("structure,hessian@0.7,3.5").compute(image)
        for k in stride(from: 0, to: stack.featureCount, by: 2) {
            #expect(stack.names[k].contains("λ1") && stack.names[k + 1].contains("λ2"))
            for (a, b) in zip(stack.planes[k].pixels, stack.planes[k + 1].pixels) { #expect(a >= b) }
        }
        // The structure tensor is positive semi-definite.
        for value in stack.planes[1].pixels { #expect(value >= -1e-6) }
    }

    /// Images wider than one strip of the separable engine (several strips, unpadded interior
    /// strips, a σ whose kernel is wider than the image height) against a naive reference.
    @Test func wideImageMatchesNaiveReference() throws {
        let image = randomImage(Float.self, width: 1060, height: 2, seed: 1060)
        let stack = try FeatureBank.parse("gaussian,laplacian,gradient,dog@1.6,10").compute(image)
        let naive = NaiveFeatures(image)
        let expectations = [1.6, 10].map { naive.features(sigma: $0) }
        var k = 0
        for kind in 0..<4 {
            for s in 0..<2 {
                let expected = expectations[s][kind]
                let worst = zip(stack.planes[k].pixels, expected).map { abs(Double($0) - $1) }.max()!
                #expect(worst < 1e-5, "\(stack.names[k]): \(worst)")
                k += 1
            }
        }
    }

    @Test func emptyImageThrows() {
        expectError("features") { try FeatureBank.default.compute(Image<UInt8>(width: 0, height: 5)) }
        expectError("features") { try FeatureBank.default.compute(Image<Float>(width: 4, height: 0, channels: 3)) }
    }

    @Test func cancellation() throws {
        let image = randomImage(UInt8.self, width: 12, height: 9, seed: 1)
        do {
            _ = try FeatureBank.default.compute(image) { true }
            Issue.record("expected cancellation")
        } catch {
            #expect(error == PixelEngineError("features", "cancelled"))
        }
        var polls = 0
        _ = try FeatureBank.default.compute(image) {
            polls += 1
            return false
        }
        #expect(polls >= 7 + 6 + 6)   // every scale, and the structure and Hessian sweeps
        let stopAt = polls / 2
        var seen = 0
        expectError("features") {
            try FeatureBank.default.compute(image) {
                seen += 1
                return seen >= stopAt
            }
        }
        #expect(seen == stopAt)
    }

    @Test func pixelMajorLayout() throws {
        let image = randomImage(UInt8.self, width: 5, height: 4, channels: 2, seed: 9)
        let stack = try FeatureBank.parse("gaussian@1;hessian@1").compute(image)
        let features = stack.featureCount
        #expect(features == 6)
        var buffer = [Float](repeating: .nan, count: 2 * 5 * features + 3)
        buffer.withUnsafeMutableBufferPointer { stack.pixelMajor(rows: 1..<3, into: $0) }
        for y in 1..<3 {
            for x in 0..<5 {
                for f in 0..<features {
                    #expect(buffer[((y - 1) * 5 + x) * features + f] == stack.planes[f][x, y])
                }
            }
        }
        #expect(buffer.suffix(3).allSatisfy { $0.isNaN })
        var whole = [Float](repeating: 0, count: 20 * features)
        whole.withUnsafeMutableBufferPointer { stack.pixelMajor(rows: 0..<4, into: $0) }
        #expect(whole[(3 * 5 + 4) * features + 5] == stack.planes[5][4, 3])
        whole.withUnsafeMutableBufferPointer { stack.pixelMajor(rows: 2..<2, into: $0) }
    }

    @Test func stackInitialiserChecks() throws {
        let plane = Image<Float>(width: 4, height: 3)
        let stack = try FeatureStack(names: ["a", "b"], planes: [plane, plane])
        #expect(stack.width == 4 && stack.height == 3 && stack.featureCount == 2)
        expectError("features") { try FeatureStack(names: [], planes: []) }
        expectError("features") { try FeatureStack(names: ["a"], planes: [plane, plane]) }
        expectError("features") { try FeatureStack(names: ["a", "b"], planes: [plane, Image<Float>(width: 3, height: 4)]) }
        expectError("features") { try FeatureStack(names: ["a"], planes: [Image<Float>(width: 4, height: 3, channels: 2)]) }
    }
}

/// Straightforward double-precision Gaussian features (scipy's kernels, `reflect` borders),
/// written independently of the engine's strips and rings.
struct NaiveFeatures {
    let width: Int, height: Int
    let values: [Double]

    init(_ image: Image<Float>) {
        width = image.width
        height = image.height
        values = image.pixels.map(Double.init)
    }

    static func reflect(_ i: Int, _ n: Int) -> Int {
        var i = i
        while i < 0 || i >= n { i = i < 0 ? -i - 1 : 2 * n - 1 - i }
        return i
    }

    /// scipy `_gaussian_kernel1d` as correlation weights (offset −r ... r).
    static func kernel(_ sigma: Double, order: Int) -> [Double] {
        let r = Int(4 * sigma + 0.5)
        let phi = (-r...r).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let sum = phi.reduce(0, +)
        return (-r...r).map { t in
            let p = phi[t + r] / sum, x = Double(-t), s2 = sigma * sigma
            return order == 0 ? p : order == 1 ? -x / s2 * p : (x * x / (s2 * s2) - 1 / s2) * p
        }
    }

    func correlate(_ f: [Double], _ k: [Double], alongRows: Bool) -> [Double] {
        let r = k.count / 2
        let n = alongRows ? width : height
        // source[i][t + r]: the index along the axis that position i, offset t reads.
        let source = (0..<n).map { i in (-r...r).map { Self.reflect(i + $0, n) } }
        var out = [Double](repeating: 0, count: f.count)
        for y in 0..<height {
            for x in 0..<width {
                var acc = 0.0
                let taps = source[alongRows ? x : y]
                for j in 0..<k.count {
                    acc += k[j] * (alongRows ? f[y * width + taps[j]] : f[taps[j] * width + x])
                }
                out[y * width + x] = acc
            }
        }
        return out
    }

    /// Gaussian, LoG, gradient magnitude and DoG at `sigma`.
    func features(sigma: Double) -> [[Double]] {
        let g = Self.kernel(sigma, order: 0), d1 = Self.kernel(sigma, order: 1), d2 = Self.kernel(sigma, order: 2)
        let inner = Self.kernel(0.66 * sigma, order: 0)
        let rowsG = correlate(values, g, alongRows: true)
        let blurred = correlate(rowsG, g, alongRows: false)
        let laplacian = zip(correlate(rowsG, d2, alongRows: false),
                            correlate(correlate(values, d2, alongRows: true), g, alongRows: false)).map { $0 + $1 }
        let gradient = zip(correlate(rowsG, d1, alongRows: false),
                           correlate(correlate(values, d1, alongRows: true), g, alongRows: false))
            .map { ($0 * $0 + $1 * $1).squareRoot() }
        let narrow = correlate(correlate(values, inner, alongRows: true), inner, alongRows: false)
        return [blurred, laplacian, gradient, zip(blurred, narrow).map { $0 - $1 }]
    }
}
