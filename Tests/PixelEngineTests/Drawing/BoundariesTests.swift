import PixelEngine
import Testing
import TestSupport

@Suite("Drawing: boundaries")
struct DrawingBoundariesTests {
    /// skimage.segmentation.find_boundaries on uint32 labels and on a bool mask: exact.
    @Test(arguments: BoundaryMode.allCases)
    func matchesScikitImage(mode: BoundaryMode) throws {
        let labels = LabelMap(ids: try geometryFixture("labels_20x16"))
        let mask = Mask(nonzero: try geometryFixture("mask_20x16"))
        for connectivity in [1, 2] {
            let expected: Image<UInt8> = try geometryFixture("boundaries_\(mode.rawValue)_c\(connectivity)")
            let out = try expectScheduleIndependent { try labels.boundaries(mode: mode, connectivity: connectivity) }
            expectClose(out.bits, expected)
            let expectedMask: Image<UInt8> = try geometryFixture("mask_boundaries_\(mode.rawValue)_c\(connectivity)")
            expectClose(try mask.boundaries(mode: mode, connectivity: connectivity).bits, expectedMask)
            let classes = try ClassMap(indices: mask.bits, classCount: 2)
            expectClose(try classes.boundaries(mode: mode, connectivity: connectivity).bits, expectedMask)
        }
    }

    /// The definition, on random ids with many touching objects.
    @Test(arguments: [1, 2])
    func matchesNaive(connectivity: Int) throws {
        for (w, h) in oddSizes {
            var rng = SeededGenerator(seed: UInt64(w * 17 + h))
            let ids = Image<UInt32>(width: w, height: h, pixels: (0..<(w * h)).map { _ in UInt32.random(in: 0...3, using: &rng) })
            let labels = LabelMap(ids: ids)
            func neighbours(_ x: Int, _ y: Int, full: Bool) -> [UInt32] {
                var out: [UInt32] = []
                for dy in -1...1 { for dx in -1...1 where full || dx == 0 || dy == 0 {
                    let xx = x + dx, yy = y + dy
                    if xx >= 0 && yy >= 0 && xx < w && yy < h { out.append(ids[xx, yy]) }
                } }
                return out
            }
            for mode in BoundaryMode.allCases {
                let out = try labels.boundaries(mode: mode, connectivity: connectivity)
                for y in 0..<h { for x in 0..<w {
                    let v = ids[x, y]
                    let n = neighbours(x, y, full: connectivity == 2)
                    var edge = n.max()! != n.min()!
                    if mode == .inner { edge = edge && v != 0 }
                    if mode == .outer && v != 0 {
                        let n8 = neighbours(x, y, full: true)
                        edge = edge && n8.max()! != n8.map { $0 == 0 ? UInt32.max : $0 }.min()!
                    }
                    #expect(out[x, y] == edge)
                } }
            }
        }
    }

    @Test func markBoundariesPaintsOnlyTheBoundary() throws {
        let labels = LabelMap(ids: try geometryFixture("labels_20x16"))
        let img: Image<UInt8> = try geometryFixture("gray8_17x13").pad(top: 0, bottom: 3, left: 0, right: 3, mode: .nearest)
        let red = RGB8(255, 0, 0)
        for mode in BoundaryMode.allCases {
            let marked = try img.markBoundaries(labels, color: red, mode: mode)
            let edges = try labels.boundaries(mode: mode)
            let base = img.displayRGB()
            for y in 0..<16 { for x in 0..<20 {
                let got = RGB8(marked[x, y, 0], marked[x, y, 1], marked[x, y, 2])
                #expect(got == (edges[x, y] ? red : RGB8(base[x, y, 0], base[x, y, 1], base[x, y, 2])))
            } }
        }
        let mask = Mask(nonzero: labels.ids.map { $0 == 5 ? 1 : 0 })
        #expect(try img.markBoundaries(mask).width == 20)
        let classes = try ClassMap(indices: mask.bits, classCount: 2)
        #expect(try img.markBoundaries(classes) == img.markBoundaries(mask))
    }

    @Test func boundaryErrors() throws {
        let labels = LabelMap(width: 3, height: 3)
        expectError("boundaries") { _ = try labels.boundaries(connectivity: 0) }
        expectError("boundaries") { _ = try Mask(width: 2, height: 2).boundaries(connectivity: 3) }
        expectError("mark boundaries") { _ = try Image<UInt8>(width: 2, height: 3).markBoundaries(labels) }
        #expect(try LabelMap(width: 0, height: 0).boundaries().count == 0)
    }
}
