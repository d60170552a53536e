import PixelEngine
import Testing
import TestSupport

@Suite("Gaussian filter")
struct GaussianFilterTests {
    /// Every 8-bit input, sigma 2, scikit-image's default `nearest`: within ±1 of the float
    /// reference rounded half up.
    @Test(arguments: FilterFixtures.uint8Inputs)
    func uint8MatchesScikitImage(name: String) throws {
        let image = try FilterFixtures.input(name, UInt8.self)
        let result = try image.gaussian(sigma: 2)
        expectRounded(result, try FilterFixtures.expectedDoubles("gaussian_\(name)_s2_nearest"), tolerance: 1)
        // The float path (same pixels as Float samples) is within 1e-4 relative.
        let asFloat = image.map { Float($0) }
        expectRelative(try asFloat.gaussian(sigma: 2), try FilterFixtures.expected("gaussian_\(name)_s2_nearest"))
    }

    @Test func floatAndUInt16MatchScipy() throws {
        let float = try FilterFixtures.input("grayf", Float.self)
        expectRelative(try float.gaussian(sigma: 2), try FilterFixtures.expected("gaussian_grayf_s2_nearest"))
        let deep = try FilterFixtures.input("gray16", UInt16.self)
        expectRounded(try deep.gaussian(sigma: 2), try FilterFixtures.expectedDoubles("gaussian_gray16_s2_nearest"), tolerance: 1)
    }

    struct ModeCase: Sendable, CustomTestStringConvertible {
        let input: String, sigma: Double, mode: String
        var testDescription: String { "\(input) sigma \(sigma) \(mode)" }
    }

    static let modeCases: [ModeCase] = ["gray8", "rgb8", "grayf", "tiny1x1", "row1x7", "col7x1", "odd3x5"].flatMap { input in
        FilterFixtures.modes.flatMap { mode in [0.7, 1.5].map { ModeCase(input: input, sigma: $0, mode: mode.name) } }
    }

    /// Every border mode against `scipy.ndimage.gaussian_filter`, kernels wider than the image
    /// included.
    @Test(arguments: modeCases)
    func bordersMatchScipy(_ c: ModeCase) throws {
        let reference = "gaussian_\(c.input)_s\(c.sigma)_\(c.mode)"
        let mode = FilterFixtures.mode(c.mode)
        if c.input == "grayf" {
            let image = try FilterFixtures.input(c.input, Float.self)
            expectRelative(try image.gaussian(sigma: c.sigma, mode: mode), try FilterFixtures.expected(reference))
        } else {
            let image = try FilterFixtures.input(c.input, UInt8.self)
            expectRounded(try image.gaussian(sigma: c.sigma, mode: mode), try FilterFixtures.expectedDoubles(reference), tolerance: 1)
            expectRelative(try image.map { Float($0) }.gaussian(sigma: c.sigma, mode: mode), try FilterFixtures.expected(reference))
        }
    }

    @Test func perAxisSigmaAndTruncate() throws {
        for name in ["gray8", "grayf"] {
            let image = try FilterFixtures.input(name, Float.self)
            expectRelative(try image.gaussian(sigmaY: 1.5, sigmaX: 0.5),
                           try FilterFixtures.expected("gaussian_\(name)_sy1.5_sx0.5_nearest"))
            expectRelative(try image.gaussian(sigmaY: 0, sigmaX: 3, mode: .reflect, truncate: 2.5),
                           try FilterFixtures.expected("gaussian_\(name)_sy0_sx3_t2.5_reflect"))
        }
    }

    /// Fast == naive == parallel == serial, every channel count and mode, on random images.
    @Test(arguments: 1...4)
    func propertyMatchesNaive(channels: Int) throws {
        for (index, entry) in FilterFixtures.modes.enumerated() {
            let image = randomImage(UInt8.self, width: 21, height: 13, channels: channels, seed: UInt64(channels * 10 + index))
            let k = Naive.gaussianKernel(1.3)
            let naive = Naive.correlate(image, Naive.outer(k, k), entry.mode)
            let results = try schedules { try image.gaussian(sigma: 1.3, mode: entry.mode) }
            for r in results { expectRounded(r, naive.pixels.map(Double.init), tolerance: 1) }
            #expect(results[0] == results[1] && results[1] == results[2])
            let floats = try schedules { try image.map { Float($0) }.gaussian(sigma: 1.3, mode: entry.mode) }
            for f in floats { expectRelative(f, naive) }
            #expect(floats[0] == floats[1] && floats[1] == floats[2])
        }
    }

    /// The 8-bit fixed-point path against the float path on larger random images: never more
    /// than 1 apart, and almost always equal.
    @Test(arguments: [0.8, 2.0, 3.5])
    func fixedPointAgreesWithFloat(sigma: Double) throws {
        let image = randomImage(UInt8.self, width: 64, height: 48, channels: 3, seed: UInt64(sigma * 10))
        for entry in FilterFixtures.modes.dropLast() {
            let fast = try image.gaussian(sigma: sigma, mode: entry.mode)
            let float = try image.map { Float($0) }.gaussian(sigma: sigma, mode: entry.mode)
            var differing = 0
            for i in 0..<fast.pixels.count {
                let exact = (Double(float.pixels[i]) + 0.5).rounded(.down)
                let d = abs(Double(fast.pixels[i]) - exact)
                #expect(d <= 1)
                if d != 0 { differing += 1 }
            }
            #expect(differing * 100 <= fast.pixels.count, "\(differing) of \(fast.pixels.count) differ")
        }
    }

    @Test func constantImageStaysConstant() throws {
        let image = Image<UInt8>(width: 40, height: 30, channels: 3, repeating: 77)
        for entry in FilterFixtures.modes.dropLast() {
            #expect(try image.gaussian(sigma: 3, mode: entry.mode) == image)
        }
    }

    @Test func rejectsBadInput() {
        let image = Image<UInt8>(width: 4, height: 4)
        for sigma in [0, -1, Double.nan, .infinity] {
            #expect { try image.gaussian(sigma: sigma) } throws: { ($0 as? PixelEngineError)?.operation == "gaussian" }
        }
        #expect { try image.gaussian(sigmaY: 0, sigmaX: 0) } throws: { ($0 as? PixelEngineError)?.operation == "gaussian" }
        #expect { try image.gaussian(sigmaY: -1, sigmaX: 1) } throws: { ($0 as? PixelEngineError)?.operation == "gaussian" }
        #expect { try image.gaussian(sigma: 1, truncate: 0) } throws: { ($0 as? PixelEngineError)?.operation == "gaussian" }
        #expect { try image.gaussian(sigma: 1e6) } throws: { ($0 as? PixelEngineError)?.operation == "gaussian" }
        #expect { try Image<Float>(width: 0, height: 3).gaussian(sigma: 1) } throws: {
            ($0 as? PixelEngineError)?.operation == "gaussian"
        }
    }
}
