import Foundation
import Segmentation
import Testing
import TestSupport

@Suite("Watershed: declump")
struct WatershedDeclumpTests {
    struct Disk { var x: Double, y: Double, r: Double }

    /// Separated clusters of one, two or three disks of radius 10–25. A new disk overlaps
    /// one disk of its cluster by 15–45 % of the smaller radius (so every disk's centre lies
    /// outside the others and the union has a neck) and keeps 3 px from everything else.
    /// The true labels give each pixel of the union to the nearest centre among the disks
    /// covering it.
    static func touchingDisks(seed: UInt64, size: Int) -> (mask: Mask, truth: [UInt32], count: Int) {
        var rng = SeededGenerator(seed: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { Double.random(in: a..<b, using: &rng) }
        var disks: [Disk] = []
        for _ in 0..<400 {
            let k = [1, 2, 2, 3, 3][Int.random(in: 0..<5, using: &rng)]
            let r0 = uniform(10, 25)
            var cluster = [Disk(x: uniform(r0 + 2, Double(size) - r0 - 2), y: uniform(r0 + 2, Double(size) - r0 - 2), r: r0)]
            var ok = true
            for _ in 1..<k {
                var placed = false
                for _ in 0..<30 {
                    let b = Int.random(in: 0..<cluster.count, using: &rng)
                    let base = cluster[b]
                    let r = uniform(10, 25)
                    let d = base.r + r - uniform(0.15, 0.45) * min(r, base.r)
                    let a = uniform(0, 2 * Double.pi)
                    let disk = Disk(x: base.x + cos(a) * d, y: base.y + sin(a) * d, r: r)
                    let lo = r + 2, hi = Double(size) - r - 2
                    guard disk.x >= lo, disk.x <= hi, disk.y >= lo, disk.y <= hi else { continue }
                    let apart = cluster.indices.allSatisfy { i in
                        i == b || hypot(disk.x - cluster[i].x, disk.y - cluster[i].y) >= disk.r + cluster[i].r + 3
                    }
                    if apart {
                        cluster.append(disk)
                        placed = true
                        break
                    }
                }
                if !placed { ok = false }
            }
            guard ok else { continue }
            if cluster.allSatisfy({ a in disks.allSatisfy { b in hypot(a.x - b.x, a.y - b.y) >= a.r + b.r + 3 } }) {
                disks += cluster
            }
        }
        var truth = [UInt32](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                var best = Double.infinity
                for (i, d) in disks.enumerated() {
                    let d2 = (Double(x) - d.x) * (Double(x) - d.x) + (Double(y) - d.y) * (Double(y) - d.y)
                    if d2 <= d.r * d.r && d2 < best {
                        best = d2
                        truth[y * size + x] = UInt32(i + 1)
                    }
                }
            }
        }
        let mask = Mask(uncheckedBits: Image(width: size, height: size, pixels: truth.map { $0 != 0 ? 1 : 0 }))
        return (mask, truth, disks.count)
    }

    /// Matches each true object to the found object overlapping it most; returns the worst
    /// IoU, the number of true objects without a distinct match and of found objects left over.
    static func score(truth: [UInt32], count: Int, found: LabelMap) -> (worstIoU: Double, unmatched: Int, extra: Int) {
        let ids = found.ids.pixels
        let n = Int(found.maxLabel)
        var overlap = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: count + 1)
        var trueArea = [Int](repeating: 0, count: count + 1), foundArea = [Int](repeating: 0, count: n + 1)
        for i in 0..<truth.count {
            overlap[Int(truth[i])][Int(ids[i])] += 1
            trueArea[Int(truth[i])] += 1
            foundArea[Int(ids[i])] += 1
        }
        var worst = 1.0, unmatched = 0
        var used = Set<Int>()
        for t in 1...max(1, count) where count > 0 {
            let row = overlap[t]
            guard let j = (1..<(n + 1)).max(by: { row[$0] < row[$1] }), row[j] > 0, !used.contains(j) else {
                unmatched += 1
                continue
            }
            used.insert(j)
            worst = min(worst, Double(row[j]) / Double(trueArea[t] + foundArea[j] - row[j]))
        }
        return (worst, unmatched, n - used.count)
    }

    @Test("default parameters find every touching disk (IoU >= 0.8, nothing extra)",
          arguments: [(1, 128), (2, 128), (3, 160), (4, 160), (5, 192), (6, 192), (7, 144), (8, 176),
                       (9, 224), (10, 256), (12, 200), (13, 96), (14, 240), (15, 208), (16, 136), (17, 184)])
    func acceptance(_ c: (UInt64, Int)) throws {
        let (mask, truth, count) = Self.touchingDisks(seed: c.0, size: c.1)
        try #require(count >= 3)
        let found = try mask.declump()
        #expect(found.labels == Array(1...found.maxLabel))
        let s = Self.score(truth: truth, count: count, found: found)
        #expect(s.unmatched == 0 && s.extra == 0, "\(count) disks: \(s.unmatched) unmatched, \(s.extra) extra")
        #expect(s.worstIoU >= 0.8, "worst IoU \(s.worstIoU)")
    }

    @Test("seeds from h-maxima work as well, parameters are overridable and schedule-independent")
    func options() throws {
        let (mask, truth, count) = Self.touchingDisks(seed: 11, size: 128)
        let p = try mask.declumpParameters()
        #expect(p.typicalRadius > 9 && p.typicalRadius < 26)
        #expect(p.minDistance == max(1, Int((0.3 * p.typicalRadius).rounded())))
        let viaH = try expectScheduleIndependent { try mask.declump(h: 1) }
        let s = Self.score(truth: truth, count: count, found: viaH)
        #expect(s.unmatched == 0 && s.extra == 0 && s.worstIoU >= 0.8, "\(s)")
        var q = p
        q.minSize = 0
        q.sigma = 0
        #expect(try mask.declump(parameters: q).maxLabel >= UInt32(count))
        #expect(try mask.declump(minDistance: 1000, minSize: 0).maxLabel >= 1)
        #expect(try mask.declump(connectivity: 1, compactness: 0.01).maxLabel >= 1)
    }

    @Test("empty, full and tiny masks")
    func edges() throws {
        #expect(try Mask(width: 6, height: 4).declump() == LabelMap(width: 6, height: 4))
        #expect(try Mask(width: 6, height: 4, filled: true).declump().ids.pixels.allSatisfy { $0 == 1 })
        let dot = Mask(width: 5, height: 5) { x, y in x == 2 && y == 2 }
        #expect(try dot.declump().ids.pixels.filter { $0 != 0 } == [1])
        #expect(try Mask(width: 1, height: 1).declump().ids.pixels == [0])
    }

    @Test("bad input throws")
    func errors() {
        let mask = Mask(width: 4, height: 4)
        expectError("declump") { try Mask(width: 0, height: 4).declump() }
        expectError("declump") { try mask.declump(minDistance: 0) }
        expectError("declump") { try mask.declump(sigma: -1) }
        expectError("declump") { try mask.declump(h: 0) }
        expectError("declump") { try mask.declump(minSize: -1) }
        expectError("declump") { try mask.declump(connectivity: 3) }
        expectError("declump") { try mask.declump(compactness: -1) }
    }
}
