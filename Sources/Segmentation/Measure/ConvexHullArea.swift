/// Convex hull areas of regions, as `skimage.morphology.convex_hull_image(...).sum()`.
///
/// scikit-image takes the hull of the midpoints of every pixel's four edges (a pixel at
/// (r, c) contributes (r ± ½, c) and (r, c ± ½)) and keeps the pixel centres inside or on
/// that polygon. Here coordinates are doubled so every vertex is an integer: a pixel row r
/// spans the levels Y = 2r−1, 2r, 2r+1. For each level only the leftmost and rightmost X
/// matter, and those come from the ends of the region's runs. Andrew's monotone chain over
/// the (Y, X)-sorted extremes gives the left (min X) and right (max X) chains; each pixel
/// row then counts the centres 2c within [left(2r), right(2r)], with exact integer
/// rounding, so the count is exact.
enum ConvexHullArea {
    struct Point {
        var y: Int
        var x: Int
    }

    /// `(b - a) × (c - a)` in the (y, x) plane.
    @inline(__always)
    static func cross(_ a: Point, _ b: Point, _ c: Point) -> Int {
        (b.y &- a.y) &* (c.x &- a.x) &- (b.x &- a.x) &* (c.y &- a.y)
    }

    @inline(__always)
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q &- 1 : q
    }

    /// Scratch buffers reused across the regions of one task.
    struct Scratch {
        var minX: [Int] = []
        var maxX: [Int] = []
        var points: [Point] = []
        var left: [Point] = []
        var right: [Point] = []
    }

    /// The hull area of one region from its runs (row order), bounding rows `top...bottom`.
    static func area(runs: UnsafeBufferPointer<RegionAccumulation.Run>, top: Int, bottom: Int,
                     scratch: inout Scratch) -> Int {
        let levels = 2 * (bottom - top) + 3 // Y from 2·top − 1 to 2·bottom + 1
        if scratch.minX.count < levels {
            scratch.minX = [Int](repeating: 0, count: levels)
            scratch.maxX = [Int](repeating: 0, count: levels)
        }
        for i in 0..<levels {
            scratch.minX[i] = Int.max
            scratch.maxX[i] = Int.min
        }
        for run in runs {
            let j = 2 * (Int(run.row) - top) // level of the run's top edge
            let s = Int(run.start), last = Int(run.end) - 1
            // Top and bottom edge midpoints of the end pixels, side midpoints on the centre row.
            scratch.minX[j] = min(scratch.minX[j], 2 * s)
            scratch.maxX[j] = max(scratch.maxX[j], 2 * last)
            scratch.minX[j + 1] = min(scratch.minX[j + 1], 2 * s - 1)
            scratch.maxX[j + 1] = max(scratch.maxX[j + 1], 2 * last + 1)
            scratch.minX[j + 2] = min(scratch.minX[j + 2], 2 * s)
            scratch.maxX[j + 2] = max(scratch.maxX[j + 2], 2 * last)
        }
        scratch.points.removeAll(keepingCapacity: true)
        for level in 0..<levels where scratch.minX[level] != Int.max {
            scratch.points.append(Point(y: level, x: scratch.minX[level]))
            if scratch.maxX[level] != scratch.minX[level] {
                scratch.points.append(Point(y: level, x: scratch.maxX[level]))
            }
        }
        // Lower chain in (y, x): the smallest x at each y (left boundary); upper chain: right.
        scratch.left.removeAll(keepingCapacity: true)
        for p in scratch.points {
            while scratch.left.count >= 2 && cross(scratch.left[scratch.left.count - 2], scratch.left[scratch.left.count - 1], p) <= 0 {
                scratch.left.removeLast()
            }
            scratch.left.append(p)
        }
        scratch.right.removeAll(keepingCapacity: true)
        for p in scratch.points.reversed() {
            while scratch.right.count >= 2 && cross(scratch.right[scratch.right.count - 2], scratch.right[scratch.right.count - 1], p) <= 0 {
                scratch.right.removeLast()
            }
            scratch.right.append(p)
        }
        scratch.right.reverse()
        // Pixel rows are the odd levels 1, 3, …, levels − 2, strictly inside the hull's y span.
        var total = 0
        var li = 0, ri = 0
        let left = scratch.left, right = scratch.right
        for level in stride(from: 1, to: levels - 1, by: 2) {
            while left[li + 1].y < level { li += 1 }
            while right[ri + 1].y < level { ri += 1 }
            let lo = ceilHalf(left[li], left[li + 1], level)
            let hi = floorHalf(right[ri], right[ri + 1], level)
            if hi >= lo { total += hi - lo + 1 }
        }
        return total
    }

    /// The smallest c with 2c ≥ x(level) on segment a→b (a.y < level ≤ b.y).
    @inline(__always)
    static func ceilHalf(_ a: Point, _ b: Point, _ level: Int) -> Int {
        let den = 2 * (b.y - a.y)
        // x = a.x + (b.x − a.x)(level − a.y)/(b.y − a.y); c ≥ x/2.
        let numerator = a.x * (b.y - a.y) + (b.x - a.x) * (level - a.y)
        return -floorDiv(-numerator, den)
    }

    /// The largest c with 2c ≤ x(level) on segment a→b (a.y < level ≤ b.y).
    @inline(__always)
    static func floorHalf(_ a: Point, _ b: Point, _ level: Int) -> Int {
        let den = 2 * (b.y - a.y)
        let numerator = a.x * (b.y - a.y) + (b.x - a.x) * (level - a.y)
        return floorDiv(numerator, den)
    }
}
