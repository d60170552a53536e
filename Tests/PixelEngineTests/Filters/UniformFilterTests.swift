import PixelEngine
import Testing
import TestSupport

@Suite("Uniform (box) filter")
struct UniformFilterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String, size: Int, mode: String
        var testDescription: String { "\(input) \(size)x\(size) \(mode)" }
    }

    static let inputs = FilterFixtures.uint8Inputs + ["grayf", "gray16"]
    static let cases: [Case] = inputs.flatMap { input in
        FilterFixtures.modes.flatMap { mode in [3, 4, 15].map { Case(input: input, size: $0, mode: mode.name) } }
    }

    /// Against `scipy.ndimage.uniform_filter` on float64: integers exactly (rounded half up),
    /// floats within 1e-4 relative. Sizes 4 (even) and 15 (wider than most inputs) included.
    @Test(arguments: cases)
    func matchesScipy(_ c: Case) throws {
        let reference = "uniform_\(c.input)_k\(c.size)_\(c.mode)"
        let mode = FilterFixtures.mode(c.mode)
        switch c.input {
        case "grayf":
            let image = try FilterFixtures.input(c.input, Float.self)
            expectRelative(try image.uniformFilter(size: c.size, mode: mode), try FilterFixtures.expected(reference))
        case "gray16":
            let image = try FilterFixtures.input(c.input, UInt16.self)
            expectRounded(try image.uniformFilter(size: c.size, mode: mode), try FilterFixtures.expectedDoubles(reference))
        default:
            let image = try FilterFixtures.input(c.input, UInt8.self)
            expectRounded(try image.uniformFilter(size: c.size, mode: mode), try FilterFixtures.expectedDoubles(reference))
        }
    }

    @Test(arguments: ["gray8", "rgb8", "odd3x5", "row1x7"])
    func rectangularBox(name: String) throws {
        let image = try FilterFixtures.input(name, UInt8.self)
        expectRounded(try image.uniformFilter(height: 2, width: 5),
                      try FilterFixtures.expectedDoubles("uniform_\(name)_h2_w5_reflect"))
    }

    @Test(arguments: 1...4)
    func propertyMatchesNaive(channels: Int) throws {
        for (index, entry) in FilterFixtures.modes.enumerated() {
            let image = randomImage(UInt8.self, width: 19, height: 11, channels: channels, seed: UInt64(100 + channels * 10 + index))
            let kernel = [[Double]](repeating: [Double](repeating: 1.0 / 12, count: 4), count: 3)
            let naive = Naive.correlate(image, kernel, entry.mode)
            // Box of 3 rows x 4 columns: naive correlate centres at (2, 1), as scipy does.
            let results = try schedules { try image.uniformFilter(height: 3, width: 4, mode: entry.mode) }
            for r in results { expectRounded(r, naive.pixels.map(Double.init), tolerance: 1e-9) }
            #expect(results[0] == results[1] && results[1] == results[2])
            let floats = try schedules { try image.map { Float($0) }.uniformFilter(height: 3, width: 4, mode: entry.mode) }
            for f in floats { expectRelative(f, naive) }
        }
    }

    @Test func rejectsBadInput() {
        let image = Image<UInt8>(width: 4, height: 4)
        for size in [0, -3, 5000] {
            #expect { try image.uniformFilter(size: size) } throws: { ($0 as? PixelEngineError)?.operation == "uniformFilter" }
        }
        #expect { try Image<UInt8>(width: 3, height: 0).uniformFilter(size: 3) } throws: {
            ($0 as? PixelEngineError)?.operation == "uniformFilter"
        }
    }
}
