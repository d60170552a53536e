import PixelEngine
import Testing
import TestSupport

@Suite("Morphology: footprints")
struct MorphologyFootprintTests {
    @Test("disk and diamond equal scikit-image", arguments: 0..<10)
    func shapes(_ radius: Int) throws {
        #expect(try Footprint.disk(radius: radius) == MorphologyFixture.footprint("shape_disk\(radius)"))
        #expect(try Footprint.diamond(radius: radius) == MorphologyFixture.footprint("shape_diamond\(radius)"))
    }

    @Test("rectangles, crosses, grids")
    func builtins() throws {
        let rect = try Footprint.rectangle(width: 4, height: 2)
        #expect(rect.width == 4 && rect.height == 2 && rect.count == 8)
        #expect(try Footprint.cross(radius: 1) == Footprint.default)
        #expect(try Footprint(rows: [".#.", "###", ".#."]) == Footprint.default)
        #expect(try Footprint.cross(radius: 2).count == 9)
        let grid = try Footprint(rows: ["##.", "..#"])
        #expect(grid.mirrored == (try Footprint(rows: ["#..", ".##"])))
    }

    @Test("bad footprints throw")
    func errors() {
        let makers: [() throws -> Footprint] = [{ () throws -> Footprint in try Footprint.disk(radius: -1) },
                     { () throws -> Footprint in try Footprint.diamond(radius: -2) },
                     { () throws -> Footprint in try Footprint.cross(radius: -1) },
                     { () throws -> Footprint in try Footprint.rectangle(width: 0, height: 3) },
                     { () throws -> Footprint in try Footprint(width: 2, height: 2, elements: [true]) },
                     { () throws -> Footprint in try Footprint(width: 1, height: 1, elements: [false]) },
                     { () throws -> Footprint in try Footprint(rows: ["#", "##"]) },
                     { () throws -> Footprint in try Footprint(rows: ["#x"]) }]
        for make in makers {
            do {
                _ = try make()
                Issue.record("accepted a bad footprint")
            } catch let error as PixelEngineError {
                #expect(error.operation == "footprint")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
