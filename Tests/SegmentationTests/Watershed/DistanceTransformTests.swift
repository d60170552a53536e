import Segmentation
import Testing
import TestSupport

@Suite("Watershed: distance and feature transforms")
struct WatershedDistanceTransformTests {
    static let cases = ["blobs", "sparse", "noise", "single", "row", "column", "small", "grid"]

    @Test("distances and nearest indices equal scipy's distance_transform_edt", arguments: cases)
    func matchesScipy(_ name: String) throws {
        let mask = try WatershedFixture.mask("edt_\(name)")
        try check(mask, sampling: nil, expected: "edt_\(name)")
    }

    @Test("with sampling", arguments: [("blobs", 1.5, 0.75), ("grid", 1.0, 1.25)])
    func sampled(_ c: (String, Double, Double)) throws {
        let mask = try WatershedFixture.mask("edt_\(c.0)")
        try check(mask, sampling: (c.1, c.2), expected: "edt_\(c.0)_s")
    }

    func check(_ mask: Mask, sampling: (y: Double, x: Double)?, expected: String) throws {
        let dist = try WatershedFixture.array("\(expected)_dist").doubles
        let idx = try WatershedFixture.array("\(expected)_idx").doubles.map { Int($0) }
        let n = mask.width * mask.height
        for limit in [1, 7] {
            let ft = try ParallelRows.$taskLimit.withValue(limit) { () throws -> FeatureTransform in
                try mask.featureTransform(sampling: sampling)
            }
            let d = try ParallelRows.$taskLimit.withValue(limit) { () throws -> Image<Float> in
                try mask.distanceTransform(sampling: sampling)
            }
            #expect(d == ft.distances)
            var worst = 0.0, wrongIndex = 0
            for i in 0..<n {
                worst = max(worst, abs(Double(ft.distances.pixels[i]) - dist[i]) / max(1, dist[i]))
                let expectedIndex = idx[i] * mask.width + idx[n + i]
                if Int(ft.nearestIndices.pixels[i]) != expectedIndex { wrongIndex += 1 }
            }
            #expect(worst <= 1e-6)
            #expect(wrongIndex == 0, "\(wrongIndex) nearest indices differ from scipy")
        }
    }

    /// Brute force: the minimum over all background pixels.
    static func naive(_ mask: Mask, sy: Double = 1, sx: Double = 1) -> [Double] {
        let w = mask.width, h = mask.height
        var background: [(Int, Int)] = []
        for y in 0..<h { for x in 0..<w where !mask[x, y] { background.append((x, y)) } }
        return (0..<(w * h)).map { i in
            let x = i % w, y = i / w
            return background.map { b in
                let dy = Double(b.1 - y) * sy, dx = Double(b.0 - x) * sx
                return (dy * dy + dx * dx).squareRoot()
            }.min() ?? .infinity
        }
    }

    @Test("fast == brute force, serial == parallel, on random masks",
          arguments: [(23, 17, 0.7), (1, 12, 0.5), (12, 1, 0.5), (40, 9, 0.97), (9, 40, 0.3), (31, 29, 0.9), (64, 6, 0.15)])
    func property(_ c: (Int, Int, Double)) throws {
        let mask = randomMask(width: c.0, height: c.1, density: c.2, seed: UInt64(c.0 * 31 + c.1))
        let expected = Self.naive(mask, sy: 1.3, sx: 0.6)
        let got = try expectScheduleIndependent { try mask.distanceTransform(sampling: (1.3, 0.6)) }
        for i in 0..<expected.count {
            if expected[i].isInfinite {
                #expect(got.pixels[i].isInfinite)
            } else {
                #expect(abs(Double(got.pixels[i]) - expected[i]) <= 1e-5 * max(1, expected[i]))
            }
        }
        let ft = try expectScheduleIndependent { try mask.featureTransform() }
        // The integer unit-spacing path (which leaves background-run interiors out of the
        // envelope) and the double path break ties identically.
        #expect(ft == (try mask.featureTransform(sampling: (1, 1))))
        let unit = Self.naive(mask)
        for i in 0..<unit.count where unit[i].isFinite {
            let j = Int(ft.nearestIndices.pixels[i])
            #expect(!mask.bits.pixels.indices.contains(j) || mask.bits.pixels[j] == 0)
            let dx = Double(j % c.0 - i % c.0), dy = Double(j / c.0 - i / c.0)
            #expect(abs((dx * dx + dy * dy).squareRoot() - unit[i]) < 1e-9)
        }
    }

    @Test("a mask with no background is +infinity everywhere")
    func noBackground() throws {
        let full = Mask(width: 4, height: 3, filled: true)
        let d = try full.distanceTransform()
        #expect(d.pixels.allSatisfy { $0 == .infinity })
        let ft = try full.featureTransform()
        #expect(ft.nearestIndices.pixels.allSatisfy { $0 == FeatureTransform.none })
        #expect(ft.nearest(x: 1, y: 1) == nil)
        let empty = Mask(width: 4, height: 3)
        #expect(try empty.distanceTransform().pixels.allSatisfy { $0 == 0 })
        #expect(try empty.featureTransform().nearest(x: 3, y: 2)! == (3, 2))
    }

    @Test("bad input throws")
    func errors() {
        expectError("distanceTransform") { try Mask(width: 0, height: 3).distanceTransform() }
        expectError("distanceTransform") { try Mask(width: 2, height: 3).distanceTransform(sampling: (0, 1)) }
        expectError("featureTransform") { try Mask(width: 2, height: 3).featureTransform(sampling: (1, .nan)) }
        expectError("featureTransform") { try Mask(width: 2, height: 0).featureTransform() }
    }
}
