import Segmentation
import TestSupport
import Testing

/// PixelEngine's `Mask.connectedComponents` against `skimage.measure.label` (exact: both
/// number components in raster order of their first pixel) and OpenCV
/// `connectedComponentsWithStats` (equal up to renumbering, with equal stats).
@Suite("Measure connected components vs scikit-image and OpenCV")
struct MeasureConnectedComponentsTests {
    static let cases = ["random10", "random30", "random50", "random60", "random80", "blobs1", "blobs2",
                        "empty", "full", "1x1", "1x9", "9x1", "3x5"]

    static func mask(_ name: String) throws -> Mask {
        Mask(nonzero: try Fixtures.npy("measure/cc_\(name).npy").image(UInt8.self))
    }

    @Test(arguments: cases, [1, 2])
    func equalsSkimageLabel(_ name: String, connectivity: Int) throws {
        let cc = try Self.mask(name).connectedComponents(connectivity: connectivity)
        let expected = try Fixtures.npy("measure/cc_\(name)_sk\(connectivity).npy").image(UInt32.self)
        #expect(cc.labels.ids == expected)
        #expect(cc.count == Int(expected.pixels.max() ?? 0))
    }

    @Test(arguments: cases, [1, 2])
    func equalsOpenCVUpToRenumbering(_ name: String, connectivity: Int) throws {
        let cc = try Self.mask(name).connectedComponents(connectivity: connectivity)
        let cvConnectivity = connectivity == 1 ? 4 : 8
        let cvLabels = try Fixtures.npy("measure/cc_\(name)_cv\(cvConnectivity).npy").image(UInt32.self)
        let statsNPY = try Fixtures.npy("measure/cc_\(name)_cv\(cvConnectivity)_stats.npy")
        let stats = statsNPY.doubles, columns = statsNPY.shape[1]
        #expect(statsNPY.shape[0] == cc.count + 1, "OpenCV counts \(statsNPY.shape[0] - 1) components, segsh \(cc.count)")

        // A bijection between OpenCV's labels and ours, background to background.
        var ours = [UInt32: UInt32](), theirs = [UInt32: UInt32]()
        var consistent = true
        for (a, b) in zip(cc.labels.ids.pixels, cvLabels.pixels) {
            if let m = ours[a], m != b { consistent = false }
            if let m = theirs[b], m != a { consistent = false }
            ours[a] = b
            theirs[b] = a
        }
        #expect(consistent, "labellings differ beyond renumbering")
        #expect(ours[0] ?? 0 == 0)

        for cv in 1..<statsNPY.shape[0] {
            let row = Array(stats[(cv * columns)..<((cv + 1) * columns)])
            guard let label = theirs[UInt32(cv)] else {
                Issue.record("OpenCV label \(cv) has no pixels in the label image")
                continue
            }
            let s = cc[label]
            #expect([Double(s.minX), Double(s.minY), Double(s.width), Double(s.height), Double(s.area)] == Array(row[0..<5]),
                     "label \(label): segsh \(s), OpenCV \(row)")
            #expect(abs(s.centroidX - row[5]) < 1e-9 && abs(s.centroidY - row[6]) < 1e-9,
                    "label \(label) centroid: segsh (\(s.centroidX), \(s.centroidY)), OpenCV (\(row[5]), \(row[6]))")
        }
    }

    /// The stats of `connectedComponents` agree with the region table of its labels.
    @Test(arguments: ["random30", "blobs1", "blobs2"])
    func statsAgreeWithRegionTable(_ name: String) throws {
        let cc = try Self.mask(name).connectedComponents()
        let table = try cc.regionprops(properties: [.area, .bbox, .centroid])
        #expect(table.count == cc.count)
        for row in table.rows {
            let s = cc[row.label]
            #expect(row["area"] == Double(s.area))
            #expect(row["bbox-0"] == Double(s.minY) && row["bbox-1"] == Double(s.minX))
            #expect(row["bbox-2"] == Double(s.maxY + 1) && row["bbox-3"] == Double(s.maxX + 1))
            #expect(abs(row["centroid-0"]! - s.centroidY) < 1e-12 && abs(row["centroid-1"]! - s.centroidX) < 1e-12)
        }
    }

    /// Random masks of several densities, seeded: parallel, serial and a naive flood fill agree.
    @Test(arguments: [0.15, 0.45, 0.55, 0.85], [1, 2])
    func matchesNaiveFloodFill(density: Double, connectivity: Int) throws {
        for (i, (w, h)) in [(1, 1), (1, 13), (13, 1), (3, 5), (37, 29), (64, 48)].enumerated() {
            let mask = randomMask(width: w, height: h, density: density, seed: UInt64(i) &* 977 &+ UInt64(density * 100))
            let cc = try expectScheduleIndependent { try mask.connectedComponents(connectivity: connectivity) }
            #expect(cc.labels.ids.pixels == Self.floodFill(mask, connectivity: connectivity), "\(w)x\(h) density \(density)")
        }
    }

    /// Labels in raster order of first pixels by breadth-first flood fill.
    static func floodFill(_ mask: Mask, connectivity: Int) -> [UInt32] {
        let w = mask.width, h = mask.height
        var out = [UInt32](repeating: 0, count: w * h)
        var next: UInt32 = 0
        let offsets = connectivity == 1 ? [(0, 1), (1, 0), (0, -1), (-1, 0)]
            : [(0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1)]
        for y in 0..<h {
            for x in 0..<w where mask[x, y] && out[y * w + x] == 0 {
                next += 1
                out[y * w + x] = next
                var queue = [(x, y)]
                while let (px, py) = queue.popLast() {
                    for (dx, dy) in offsets {
                        let qx = px + dx, qy = py + dy
                        if qx >= 0, qx < w, qy >= 0, qy < h, mask[qx, qy], out[qy * w + qx] == 0 {
                            out[qy * w + qx] = next
                            queue.append((qx, qy))
                        }
                    }
                }
            }
        }
        return out
    }
}
