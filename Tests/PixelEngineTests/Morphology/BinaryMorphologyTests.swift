import PixelEngine
import Testing
import TestSupport

@Suite("Morphology: binary erosion, dilation, opening, closing")
struct MorphologyBinaryTests {
    struct Case: Sendable, CustomStringConvertible {
        let size: String
        let footprint: String
        var description: String { "\(size) \(footprint)" }
    }

    static let cases: [Case] = {
        var cases = ["square3", "rect5x2", "rect4x3", "rect1x7", "square15", "disk2", "disk5", "diamond3",
                     "cross2", "odd", "shifted", "ring"].map { Case(size: "40x33", footprint: $0) }
        for size in ["1x1", "1x7", "7x1", "3x5"] {
            for fp in ["square3", "disk2", "odd", "rect4x3"] { cases.append(Case(size: size, footprint: fp)) }
        }
        return cases
    }()

    @Test("equals skimage.morphology.binary_* (mode ignore)", arguments: cases)
    func matchesScikitImage(_ c: Case) throws {
        let mask = try MorphologyFixture.mask("bin_\(c.size)")
        let fp = try MorphologyFixture.footprint("fp_\(c.footprint)")
        let expected = try MorphologyFixture.array("bin_\(c.size)_\(c.footprint)")
        let results = [try mask.erode(footprint: fp), try mask.dilate(footprint: fp),
                       try mask.open(footprint: fp), try mask.close(footprint: fp)]
        for (i, result) in results.enumerated() {
            expectClose(result.bits, MorphologyFixture.plane(expected, i, UInt8.self))
        }
    }

    @Test("serial == parallel, bits stay 0/1")
    func parallel() throws {
        let mask = randomMask(width: 37, height: 41, density: 0.6, seed: 3)
        let fp = try Footprint(rows: ["#....", ".....", "....#"])
        let serial = try ParallelRows.$taskLimit.withValue(1) { () throws -> Mask in try mask.close(footprint: fp) }
        let split = try ParallelRows.$taskLimit.withValue(7) { () throws -> Mask in try mask.close(footprint: fp) }
        #expect(serial == split)
        #expect(serial.bits.pixels.allSatisfy { $0 <= 1 })
    }

    @Test("empty masks are rejected")
    func errors() {
        let empty = Mask(width: 3, height: 0)
        let error = #expect(throws: PixelEngineError.self) { try empty.erode() }
        #expect(error?.operation == "erode")
        #expect(throws: PixelEngineError.self) { try empty.dilate() }
        #expect(throws: PixelEngineError.self) { try empty.open() }
        #expect(throws: PixelEngineError.self) { try empty.close() }
    }
}
