import PixelEngine
import Testing
import TestSupport

@Suite("Median filter")
struct MedianFilterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String, radius: Int, mode: String
        var testDescription: String { "\(input) r\(radius) \(mode)" }
    }

    static let cases: [Case] = (FilterFixtures.uint8Inputs + ["grayf", "gray16"]).flatMap { input in
        FilterFixtures.modes.flatMap { mode in [1, 2, 3, 5].map { Case(input: input, radius: $0, mode: mode.name) } }
    }

    /// Exactly `scipy.ndimage.median_filter(size=2r+1, mode=...)`.
    @Test(arguments: cases)
    func matchesScipy(_ c: Case) throws {
        let reference = try FilterFixtures.expectedDoubles("median_\(c.input)_r\(c.radius)_\(c.mode)")
        let mode = FilterFixtures.mode(c.mode)
        switch c.input {
        case "grayf":
            let result = try FilterFixtures.input(c.input, Float.self).median(radius: c.radius, mode: mode)
            #expect(result.pixels.map(Double.init) == reference)
        case "gray16":
            let result = try FilterFixtures.input(c.input, UInt16.self).median(radius: c.radius, mode: mode)
            #expect(result.pixels.map(Double.init) == reference)
        default:
            let result = try FilterFixtures.input(c.input, UInt8.self).median(radius: c.radius, mode: mode)
            #expect(result.pixels.map(Double.init) == reference)
        }
    }

    static func naive<S: PixelSample>(_ image: Image<S>, radius r: Int, mode: BorderMode) -> Image<S> {
        var out = image
        for y in 0..<image.height {
            for x in 0..<image.width {
                for c in 0..<image.channels {
                    var values: [Double] = []
                    for dy in -r...r {
                        for dx in -r...r { values.append(Naive.sample(image, x + dx, y + dy, c, mode)) }
                    }
                    out[x, y, c] = S(clamping: values.sorted()[values.count / 2])
                }
            }
        }
        return out
    }

    /// 8-bit fast paths (network, histogram) == generic selection == naive, all schedules.
    @Test(arguments: 1...4)
    func propertyMatchesNaive(channels: Int) throws {
        for radius in 1...4 {
            for (index, entry) in FilterFixtures.modes.enumerated() {
                let image = randomImage(UInt8.self, width: 23, height: 9, channels: channels,
                                        seed: UInt64(channels * 100 + radius * 10 + index))
                let naive = Self.naive(image, radius: radius, mode: entry.mode)
                for r in try schedules({ try image.median(radius: radius, mode: entry.mode) }) { #expect(r == naive) }
                let deep = image.map { UInt16($0) * 257 }
                if case .constant = entry.mode { continue }
                #expect(try deep.median(radius: radius, mode: entry.mode) == naive.map { UInt16($0) * 257 })
            }
        }
    }

    @Test func rejectsBadInput() {
        let image = Image<UInt8>(width: 4, height: 4)
        for radius in [0, -1, 51] {
            #expect { try image.median(radius: radius) } throws: { ($0 as? PixelEngineError)?.operation == "median" }
        }
        #expect { try Image<Float>(width: 0, height: 0).median(radius: 1) } throws: {
            ($0 as? PixelEngineError)?.operation == "median"
        }
    }
}
