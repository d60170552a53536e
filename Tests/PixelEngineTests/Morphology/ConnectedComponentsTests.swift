import PixelEngine
import Testing
import TestSupport

@Suite("Morphology: connected components")
struct MorphologyConnectedComponentsTests {
    static let cases = ["blobs", "noise", "full", "empty", "single", "row", "column", "spiral", "diagonals"]

    @Test("labels and stats equal skimage.measure.label + regionprops", arguments: cases, [1, 2])
    func matchesScikitImage(_ name: String, _ connectivity: Int) throws {
        let mask = try MorphologyFixture.mask("cc_\(name)")
        let expectedLabels = try MorphologyFixture.image("cc_\(name)_c\(connectivity)_labels", UInt32.self)
        let expectedStats = try MorphologyFixture.array("cc_\(name)_c\(connectivity)_stats")
        for limit in [1, 7] {
            let cc = try ParallelRows.$taskLimit.withValue(limit) { () throws -> ConnectedComponents in
                try mask.connectedComponents(connectivity: connectivity)
            }
            #expect(cc.labels.ids == expectedLabels)
            try #require(cc.count == expectedStats.shape.first ?? 0)
            for (i, s) in cc.stats.enumerated() {
                let e = Array(expectedStats.doubles[(i * 7)..<(i * 7 + 7)])
                #expect(s.label == UInt32(i + 1))
                #expect(Double(s.area) == e[0])
                #expect([s.minY, s.minX, s.maxY + 1, s.maxX + 1].map(Double.init) == Array(e[1...4]))
                #expect(abs(s.centroidY - e[5]) < 1e-9 && abs(s.centroidX - e[6]) < 1e-9)
            }
        }
    }

    /// Naive flood-fill labelling in raster order: the definition the fast path must meet.
    static func naiveLabels(_ mask: Mask, eight: Bool) -> [UInt32] {
        let w = mask.width, h = mask.height
        var labels = [UInt32](repeating: 0, count: w * h)
        var next: UInt32 = 0
        for start in 0..<(w * h) where mask.bits.pixels[start] != 0 && labels[start] == 0 {
            next += 1
            labels[start] = next
            var stack = [start]
            while let p = stack.popLast() {
                let x = p % w, y = p / w
                for dy in -1...1 {
                    for dx in -1...1 where (dx != 0 || dy != 0) && (eight || dx == 0 || dy == 0) {
                        let nx = x + dx, ny = y + dy
                        guard nx >= 0, nx < w, ny >= 0, ny < h else { continue }
                        let q = ny * w + nx
                        if mask.bits.pixels[q] != 0 && labels[q] == 0 { labels[q] = next; stack.append(q) }
                    }
                }
            }
        }
        return labels
    }

    @Test("fast == naive flood fill, serial == parallel", arguments: [(61, 47, 0.5), (9, 64, 0.6), (64, 3, 0.4), (33, 33, 0.9)])
    func property(_ shape: (Int, Int, Double)) throws {
        let mask = randomMask(width: shape.0, height: shape.1, density: shape.2, seed: UInt64(shape.0 * 100 + shape.1))
        for connectivity in [1, 2] {
            let expected = Self.naiveLabels(mask, eight: connectivity == 2)
            for limit in [1, 7] {
                let cc = try ParallelRows.$taskLimit.withValue(limit) { () throws -> ConnectedComponents in
                    try mask.connectedComponents(connectivity: connectivity)
                }
                #expect(cc.labels.ids.pixels == expected)
                #expect(cc.count == Int(expected.max() ?? 0))
                #expect(cc.stats.reduce(0) { $0 + $1.area } == mask.count)
            }
        }
    }

    @Test("bad input throws")
    func errors() {
        for connectivity in [0, 3, -1] {
            let error = #expect(throws: PixelEngineError.self) {
                try Mask(width: 3, height: 3).connectedComponents(connectivity: connectivity)
            }
            #expect(error?.operation == "connectedComponents")
        }
        #expect(throws: PixelEngineError.self) { try Mask(width: 0, height: 0).connectedComponents() }
    }
}
