import PixelEngine
import Testing
import TestSupport

@Suite("Sobel and Scharr filters")
struct EdgeFilterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String, mode: String
        var testDescription: String { "\(input) \(mode)" }
    }

    static let cases: [Case] = ["gray8", "rgb8", "grayf", "gray16", "tiny1x1", "row1x7", "col7x1", "odd3x5"].flatMap { input in
        FilterFixtures.modes.map { Case(input: input, mode: $0.name) }
    }

    static func run<S: PixelSample>(_ image: Image<S>, _ mode: BorderMode) throws -> [String: Image<Float>] {
        [
            "sobelH": try image.sobelH(mode: mode), "sobelV": try image.sobelV(mode: mode), "sobel": try image.sobel(mode: mode),
            "scharrH": try image.scharrH(mode: mode), "scharrV": try image.scharrV(mode: mode), "scharr": try image.scharr(mode: mode),
        ]
    }

    /// Against `skimage.filters.sobel(axis=0/1)`, `sobel`, `scharr...` (img_as_float units).
    @Test(arguments: cases)
    func matchesScikitImage(_ c: Case) throws {
        let mode = FilterFixtures.mode(c.mode)
        let results: [String: Image<Float>]
        switch c.input {
        case "grayf": results = try Self.run(try FilterFixtures.input(c.input, Float.self), mode)
        case "gray16": results = try Self.run(try FilterFixtures.input(c.input, UInt16.self), mode)
        default: results = try Self.run(try FilterFixtures.input(c.input, UInt8.self), mode)
        }
        for (op, result) in results {
            expectRelative(result, try FilterFixtures.expected("\(op)_\(c.input)_\(c.mode)"))
        }
    }

    @Test(arguments: 1...4)
    func propertyMatchesNaive(channels: Int) throws {
        let image = randomImage(UInt8.self, width: 17, height: 12, channels: channels, seed: UInt64(channels))
        let smooth = [0.25, 0.5, 0.25], edge = [-1.0, 0, 1]
        for entry in FilterFixtures.modes {
            let h = Naive.correlate(image, Naive.outer(edge, smooth), entry.mode, scale: 1 / 255)
            let v = Naive.correlate(image, Naive.outer(smooth, edge), entry.mode, scale: 1 / 255)
            for r in try schedules({ try image.sobelH(mode: entry.mode) }) { expectRelative(r, h) }
            for r in try schedules({ try image.sobelV(mode: entry.mode) }) { expectRelative(r, v) }
            let magnitude = h.zip(v) { (($0 * $0 + $1 * $1) / 2).squareRoot() }
            for r in try schedules({ try image.sobel(mode: entry.mode) }) { expectRelative(r, magnitude) }
        }
    }

    @Test func rejectsEmpty() {
        let empty = Image<UInt8>(width: 0, height: 5)
        #expect { try empty.sobel() } throws: { ($0 as? PixelEngineError)?.operation == "sobel" }
        #expect { try empty.sobelH() } throws: { ($0 as? PixelEngineError)?.operation == "sobelH" }
        #expect { try empty.sobelV() } throws: { ($0 as? PixelEngineError)?.operation == "sobelV" }
        #expect { try empty.scharr() } throws: { ($0 as? PixelEngineError)?.operation == "scharr" }
        #expect { try empty.scharrH() } throws: { ($0 as? PixelEngineError)?.operation == "scharrH" }
        #expect { try empty.scharrV() } throws: { ($0 as? PixelEngineError)?.operation == "scharrV" }
    }
}
