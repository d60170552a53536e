import PixelEngine
import Testing
import TestSupport

@Suite("Morphology: gray erosion, dilation, opening, closing, top-hats, gradient")
struct MorphologyGrayTests {
    struct Case: Sendable, CustomStringConvertible {
        let dtype: String
        let size: String
        let footprint: String
        var description: String { "\(dtype) \(size) \(footprint)" }
    }

    static let allFootprints = ["square3", "rect5x2", "rect4x3", "rect1x7", "square15", "disk2", "disk5",
                                "diamond3", "cross2", "odd"]
    static let cases: [Case] = {
        var cases: [Case] = []
        for dtype in ["uint8", "uint16", "float32"] {
            let main = dtype == "uint8" ? allFootprints : ["square3", "rect4x3", "disk5", "odd", "cross2"]
            for fp in main { cases.append(Case(dtype: dtype, size: "37x29", footprint: fp)) }
            for size in ["1x1", "1x9", "9x1", "3x5"] {
                for fp in ["square3", "disk2", "odd", "rect4x3"] { cases.append(Case(dtype: dtype, size: size, footprint: fp)) }
            }
        }
        return cases
    }()

    func check<S: PixelSample>(_: S.Type, _ c: Case) throws {
        let input = try MorphologyFixture.image("gray_\(c.dtype)_\(c.size)", S.self)
        let fp = try MorphologyFixture.footprint("fp_\(c.footprint)")
        let expected = try MorphologyFixture.array("gray_\(c.dtype)_\(c.size)_\(c.footprint)")
        let results = [try input.erode(footprint: fp), try input.dilate(footprint: fp),
                       try input.open(footprint: fp), try input.close(footprint: fp),
                       try input.whiteTopHat(footprint: fp), try input.blackTopHat(footprint: fp),
                       try input.morphologicalGradient(footprint: fp)]
        for (i, result) in results.enumerated() {
            expectClose(result, MorphologyFixture.plane(expected, i, S.self))
        }
    }

    @Test("equals scikit-image (mode ignore == reflect for these footprints)", arguments: cases)
    func matchesScikitImage(_ c: Case) throws {
        switch c.dtype {
        case "uint8": try check(UInt8.self, c)
        case "uint16": try check(UInt16.self, c)
        default: try check(Float.self, c)
        }
    }

    @Test("footprints without their centre", arguments: ["shifted", "ring"])
    func offCentre(_ name: String) throws {
        let input = try MorphologyFixture.image("gray_uint8_37x29", UInt8.self)
        let fp = try MorphologyFixture.footprint("fp_\(name)")
        let expected = try MorphologyFixture.array("gray_uint8_37x29_\(name)")
        expectClose(try input.erode(footprint: fp), MorphologyFixture.plane(expected, 0, UInt8.self))
        expectClose(try input.dilate(footprint: fp), MorphologyFixture.plane(expected, 1, UInt8.self))
        expectClose(try input.open(footprint: fp), MorphologyFixture.plane(expected, 2, UInt8.self))
        expectClose(try input.close(footprint: fp), MorphologyFixture.plane(expected, 3, UInt8.self))
        #expect(throws: PixelEngineError.self) { try input.morphologicalGradient(footprint: fp) }
    }

    struct Property: Sendable, CustomStringConvertible {
        let width: Int, height: Int, channels: Int
        let footprint: @Sendable () throws -> Footprint
        let name: String
        var description: String { "\(width)x\(height)x\(channels) \(name)" }
    }

    static let properties: [Property] = [
        Property(width: 23, height: 17, channels: 1, footprint: { try .square(3) }, name: "square3"),
        Property(width: 40, height: 31, channels: 1, footprint: { try .rectangle(width: 9, height: 6) }, name: "rect9x6"),
        Property(width: 19, height: 26, channels: 1, footprint: { try .rectangle(width: 17, height: 13) }, name: "rect17x13"),
        Property(width: 30, height: 30, channels: 1, footprint: { try .disk(radius: 7) }, name: "disk7"),
        Property(width: 11, height: 33, channels: 3, footprint: { try .diamond(radius: 4) }, name: "diamond4"),
        Property(width: 25, height: 9, channels: 2, footprint: { try .cross(radius: 3) }, name: "cross3"),
        Property(width: 16, height: 16, channels: 4, footprint: { try .disk(radius: 20) }, name: "disk20 (larger than image)"),
        Property(width: 5, height: 3, channels: 1, footprint: { try .rectangle(width: 1, height: 32) }, name: "rect1x32"),
        Property(width: 21, height: 14, channels: 1,
                 footprint: { try Footprint(rows: ["#..#.", "..###", "#....", "....#"]) }, name: "grid"),
    ]

    @Test("fast == naive == serial == parallel", arguments: properties)
    func property(_ p: Property) throws {
        let fp = try p.footprint()
        let offsets = grayOffsets(fp)
        let img = randomImage(UInt8.self, width: p.width, height: p.height, channels: p.channels, seed: 7)
        let fimg = randomImage(Float.self, width: p.width, height: p.height, channels: p.channels, seed: 8)
        let naiveMin = naiveExtremum(img, offsets: offsets, minimum: true, identity: 255)
        let naiveMax = naiveExtremum(img, offsets: offsets, minimum: false, identity: 0)
        let naiveFloat = naiveExtremum(fimg, offsets: offsets, minimum: true, identity: .infinity)
        let opened = naiveExtremum(naiveMin, offsets: grayOffsets(fp, mirrored: true), minimum: false, identity: 0)
        for limit in [1, 7] {
            let (eroded, dilated, floatEroded, openedFast) = try ParallelRows.$taskLimit.withValue(limit) {
                () throws -> (Image<UInt8>, Image<UInt8>, Image<Float>, Image<UInt8>) in
                (try img.erode(footprint: fp), try img.dilate(footprint: fp), try fimg.erode(footprint: fp),
                 try img.open(footprint: fp))
            }
            expectClose(eroded, naiveMin)
            expectClose(dilated, naiveMax)
            expectClose(floatEroded, naiveFloat)
            expectClose(openedFast, opened)
        }
    }

    @Test("empty images are rejected, naming the operation")
    func errors() throws {
        let empty = Image<UInt8>(width: 0, height: 3)
        let operations: [(String, () throws -> Image<UInt8>)] = [
            ("erode", { try empty.erode() }),
            ("dilate", { try empty.dilate() }),
            ("open", { try empty.open() }),
            ("close", { try empty.close() }),
            ("whiteTopHat", { try empty.whiteTopHat() }),
            ("blackTopHat", { try empty.blackTopHat() }),
            ("morphologicalGradient", { try empty.morphologicalGradient() }),
        ]
        for (name, operation) in operations {
            do {
                _ = try operation()
                Issue.record("\(name) accepted an empty image")
            } catch let error as PixelEngineError {
                #expect(error.operation == name)
            }
        }
    }
}
