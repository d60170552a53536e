import PixelEngine
import Testing
import TestSupport

@Suite("Laplace, Laplacian of Gaussian, difference of Gaussians, unsharp mask")
struct LaplaceFilterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String, mode: String
        var testDescription: String { "\(input) \(mode)" }
    }

    static let cases: [Case] = ["gray8", "rgb8", "grayf", "tiny1x1", "row1x7", "col7x1", "odd3x5"].flatMap { input in
        FilterFixtures.modes.map { Case(input: input, mode: $0.name) }
    }

    /// `scipy.ndimage.laplace` and `gaussian_laplace` (sigma 1 and 2) on img_as_float input.
    @Test(arguments: cases)
    func matchesScipy(_ c: Case) throws {
        let mode = FilterFixtures.mode(c.mode)
        func check<S: PixelSample>(_ image: Image<S>) throws {
            expectRelative(try image.laplace(mode: mode), try FilterFixtures.expected("laplace_\(c.input)_\(c.mode)"))
            for sigma in [1.0, 2.0] {
                expectRelative(try image.gaussianLaplace(sigma: sigma, mode: mode),
                               try FilterFixtures.expected("log_\(c.input)_s\(sigma)_\(c.mode)"))
            }
        }
        if c.input == "grayf" { try check(try FilterFixtures.input(c.input, Float.self)) }
        else { try check(try FilterFixtures.input(c.input, UInt8.self)) }
    }

    @Test(arguments: ["gray8", "rgb8", "grayf", "odd3x5"])
    func differenceOfGaussiansMatchesScikitImage(name: String) throws {
        func check<S: PixelSample>(_ image: Image<S>) throws {
            expectRelative(try image.differenceOfGaussians(lowSigma: 1), try FilterFixtures.expected("dog_\(name)_l1_default"))
            expectRelative(try image.differenceOfGaussians(lowSigma: 1.5, highSigma: 3, mode: .reflect),
                           try FilterFixtures.expected("dog_\(name)_l1.5_h3_reflect"))
        }
        if name == "grayf" { try check(try FilterFixtures.input(name, Float.self)) }
        else { try check(try FilterFixtures.input(name, UInt8.self)) }
    }

    /// 8-bit within ±1 of scikit-image's [0, 1] result × 255; floats within 1e-4 relative.
    @Test(arguments: ["gray8", "rgb8", "grayf", "odd3x5"])
    func unsharpMaskMatchesScikitImage(name: String) throws {
        for (radius, amount) in [(1.0, 1.0), (2.0, 1.5), (1.0, -0.5)] {
            let reference = "unsharp_\(name)_r\(radius)_a\(amount)"
            if name == "grayf" {
                let image = try FilterFixtures.input(name, Float.self)
                expectRelative(try image.unsharpMask(radius: radius, amount: amount), try FilterFixtures.expected(reference))
            } else {
                let image = try FilterFixtures.input(name, UInt8.self)
                expectRounded(try image.unsharpMask(radius: radius, amount: amount),
                              try FilterFixtures.expectedDoubles(reference), scale: 255, tolerance: 1)
            }
        }
    }

    @Test(arguments: 1...4)
    func propertyMatchesNaive(channels: Int) throws {
        let image = randomImage(Float.self, width: 15, height: 13, channels: channels, seed: UInt64(40 + channels))
        for entry in FilterFixtures.modes {
            let naive = Naive.correlate(image, [[0, 1, 0], [1, -4, 1], [0, 1, 0]], entry.mode)
            for r in try schedules({ try image.laplace(mode: entry.mode) }) { expectRelative(r, naive) }
            // LoG: the sum of the two second-derivative separable passes. (A constant border
            // follows scipy's per-axis padding, which the 2-D naive sum does not; the fixtures
            // cover it.)
            if case .constant = entry.mode { continue }
            let s = 1.2, g = Naive.gaussianKernel(s)
            let radius = g.count / 2
            let g2 = (0..<g.count).map { i -> Double in
                let x = Double(i - radius)
                return g[i] * (x * x / (s * s * s * s) - 1 / (s * s))
            }
            let log = Naive.correlate(image, Naive.outer(g2, g), entry.mode).zip(Naive.correlate(image, Naive.outer(g, g2), entry.mode)) { $0 + $1 }
            for r in try schedules({ try image.gaussianLaplace(sigma: s, mode: entry.mode) }) { expectRelative(r, log) }
        }
    }

    @Test func rejectsBadInput() {
        let image = Image<UInt8>(width: 4, height: 4)
        #expect { try image.gaussianLaplace(sigma: 0) } throws: { ($0 as? PixelEngineError)?.operation == "gaussianLaplace" }
        #expect { try image.differenceOfGaussians(lowSigma: -1) } throws: {
            ($0 as? PixelEngineError)?.operation == "differenceOfGaussians"
        }
        #expect { try image.differenceOfGaussians(lowSigma: 2, highSigma: 1) } throws: {
            ($0 as? PixelEngineError)?.operation == "differenceOfGaussians"
        }
        #expect { try image.unsharpMask(radius: 0) } throws: { ($0 as? PixelEngineError)?.operation == "unsharpMask" }
        #expect { try image.unsharpMask(amount: .nan) } throws: { ($0 as? PixelEngineError)?.operation == "unsharpMask" }
        let empty = Image<Float>(width: 0, height: 2)
        #expect { try empty.laplace() } throws: { ($0 as? PixelEngineError)?.operation == "laplace" }
        #expect { try empty.unsharpMask() } throws: { ($0 as? PixelEngineError)?.operation == "unsharpMask" }
    }
}
