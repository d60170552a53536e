import Segmentation
import Testing

/// Checks shared by the superpixel tests: segment connectivity, label numbering,
/// boundary recall and the adjusted Rand index.
enum SuperpixelCheck {
    /// The number of segments whose pixels do not form one connected piece (each label is
    /// cut out by its bounding box and labelled with `Mask.connectedComponents`).
    static func disconnectedSegments(_ labels: LabelMap, connectivity: Int) throws -> Int {
        let ids = labels.ids.pixels, w = labels.width
        var boxes: [UInt32: (minX: Int, minY: Int, maxX: Int, maxY: Int)] = [:]
        for (p, id) in ids.enumerated() {
            let x = p % w, y = p / w
            if let b = boxes[id] {
                boxes[id] = (min(b.minX, x), min(b.minY, y), max(b.maxX, x), max(b.maxY, y))
            } else {
                boxes[id] = (x, y, x, y)
            }
        }
        var bad = 0
        for (id, b) in boxes {
            let mask = Mask(width: b.maxX - b.minX + 1, height: b.maxY - b.minY + 1) { x, y in
                ids[(y + b.minY) * w + x + b.minX] == id
            }
            if try mask.connectedComponents(connectivity: connectivity).count != 1 { bad += 1 }
        }
        return bad
    }

    /// True when the labels are `start, start+1, …` in raster order of first appearance.
    static func rasterOrdered(_ labels: LabelMap, start: UInt32) -> Bool {
        var next = start
        var seen = Set<UInt32>()
        for id in labels.ids.pixels where !seen.contains(id) {
            if id != next { return false }
            seen.insert(id)
            next += 1
        }
        return true
    }

    /// Pixels with a 4-neighbour of another label (as `boundaries` in Scripts/fixtures/superpixel.py).
    static func boundaries(_ ids: [UInt32], _ w: Int, _ h: Int) -> [Bool] {
        var b = [Bool](repeating: false, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let p = y * w + x
                if x + 1 < w && ids[p] != ids[p + 1] { b[p] = true; b[p + 1] = true }
                if y + 1 < h && ids[p] != ids[p + w] { b[p] = true; b[p + w] = true }
            }
        }
        return b
    }

    /// The fraction of truth boundary pixels with a segment boundary within `tolerance`
    /// pixels (chessboard), as `boundary_recall` in the fixture script.
    static func boundaryRecall(_ segments: [UInt32], _ truth: [UInt32], _ w: Int, _ h: Int, tolerance: Int = 2) -> Double {
        let s = boundaries(segments, w, h), t = boundaries(truth, w, h)
        var hit = 0, total = 0
        for y in 0..<h {
            for x in 0..<w where t[y * w + x] {
                total += 1
                search: for dy in -tolerance...tolerance {
                    for dx in -tolerance...tolerance {
                        let yy = y + dy, xx = x + dx
                        if yy >= 0 && yy < h && xx >= 0 && xx < w && s[yy * w + xx] {
                            hit += 1
                            break search
                        }
                    }
                }
            }
        }
        return Double(hit) / Double(total)
    }

    /// The adjusted Rand index of two labellings (1 for identical partitions).
    static func adjustedRandIndex(_ a: [UInt32], _ b: [UInt32]) -> Double {
        precondition(a.count == b.count)
        func pairs(_ n: Int) -> Double { Double(n) * Double(n - 1) / 2 }
        var joint: [UInt64: Int] = [:], rows: [UInt32: Int] = [:], columns: [UInt32: Int] = [:]
        for i in 0..<a.count {
            joint[UInt64(a[i]) << 32 | UInt64(b[i]), default: 0] += 1
            rows[a[i], default: 0] += 1
            columns[b[i], default: 0] += 1
        }
        let index = joint.values.reduce(0) { $0 + pairs($1) }
        let sumA = rows.values.reduce(0) { $0 + pairs($1) }
        let sumB = columns.values.reduce(0) { $0 + pairs($1) }
        let expected = sumA * sumB / pairs(a.count)
        let maximum = (sumA + sumB) / 2
        return (index - expected) / (maximum - expected)
    }
}
