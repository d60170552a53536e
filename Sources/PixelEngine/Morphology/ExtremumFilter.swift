/// The engine under erosion and dilation: the minimum (or maximum) of the input over a
/// footprint given as horizontal runs, with pixels outside the image ignored.
///
/// The algorithm is written once, generic over the sample type and the pick (min or max);
/// public operations reach it through ``MorphologyDispatch``, which calls it with a concrete
/// sample type so that it specialises inside this module (and vectorises: every inner loop
/// is `dst[i] = pick(a[i], b[i])` over unsafe pointers).
///
/// Schedule, per band of output rows (one `parallelRows` task each):
/// - rectangles are separable: each input row is padded with the identity and reduced
///   horizontally by doubling (windows of 1, 2, 4, … then one pick for any width), then
///   the rows are reduced vertically by doubling again over a small ring of rows, so a
///   `w x h` rectangle costs about `log2 w + log2 h + 2` picks per pixel whatever its size;
/// - any other footprint (disk, diamond, cross, a grid) keeps, for the last `height` input
///   rows, the doubling levels of the padded row; each output row is then one or two picks
///   per run of the footprint, so a disk of radius r costs O(r) per pixel, not O(r²).
protocol ExtremumPick {
    static func pick<S: PixelSample>(_ a: S, _ b: S) -> S
}

enum PickMin: ExtremumPick {
    @inline(__always) static func pick<S: PixelSample>(_ a: S, _ b: S) -> S { b < a ? b : a }
}

enum PickMax: ExtremumPick {
    @inline(__always) static func pick<S: PixelSample>(_ a: S, _ b: S) -> S { a < b ? b : a }
}

@inline(__always)
func pickRows<S: PixelSample, P: ExtremumPick>(
    _: P.Type, _ dst: UnsafeMutablePointer<S>, _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ n: Int
) {
    var i = 0
    while i < n {
        dst[i] = P.pick(a[i], b[i])
        i &+= 1
    }
}

@inline(__always)
func pickRowsInto<S: PixelSample, P: ExtremumPick>(
    _: P.Type, _ dst: UnsafeMutablePointer<S>, _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, _ n: Int
) {
    var i = 0
    while i < n {
        dst[i] = P.pick(dst[i], P.pick(a[i], b[i]))
        i &+= 1
    }
}

@inline(__always)
func floorLog2(_ n: Int) -> Int { Int.bitWidth - 1 - n.leadingZeroBitCount }

enum ExtremumFilter {
    /// Filters one plane `src` (`width * height` samples) into `dst`.
    ///
    /// `dst[y][x] = pick of src[y + dy][x + dx]` over the footprint offsets inside the
    /// image; `identity` where none is inside.
    static func run<S: PixelSample, P: ExtremumPick>(
        _ pick: P.Type, src: UnsafePointer<S>, dst: UnsafeMutablePointer<S>,
        width: Int, height: Int, runs: FootprintRuns, identity: S
    ) {
        let ops = runs.rectangleRow != nil
            ? floorLog2(runs.maxLength) + floorLog2(runs.maxDy - runs.minDy + 1) + 3
            : floorLog2(runs.maxLength) + 2 * runs.runs.count + 2
        parallelRows(height, costPerRow: width &* ops) { rows in
            if let rect = runs.rectangleRow {
                separable(pick, src: src, dst: dst, width: width, height: height, rows: rows,
                          start: rect.start, length: rect.length, minDy: runs.minDy,
                          rowCount: runs.maxDy - runs.minDy + 1, identity: identity)
            } else {
                chords(pick, src: src, dst: dst, width: width, height: height, rows: rows,
                       runs: runs, identity: identity)
            }
        }
    }

    /// One row of `src`, padded with `identity` (`left` before, `right` after), into `padded`.
    @inline(__always)
    static func padRow<S: PixelSample>(
        _ row: UnsafePointer<S>, width: Int, left: Int, right: Int, identity: S, into padded: UnsafeMutablePointer<S>
    ) {
        if left > 0 { padded.update(repeating: identity, count: left) }
        (padded + left).update(from: row, count: width)
        if right > 0 { (padded + left + width).update(repeating: identity, count: right) }
    }

    /// Rectangle: horizontal doubling per row, then vertical doubling over a ring of rows.
    static func separable<S: PixelSample, P: ExtremumPick>(
        _ pick: P.Type, src: UnsafePointer<S>, dst: UnsafeMutablePointer<S>,
        width: Int, height: Int, rows: Range<Int>,
        start: Int, length: Int, minDy: Int, rowCount h: Int, identity: S
    ) {
        let left = max(0, -start), right = max(0, start + length - 1)
        let paddedWidth = width + left + right
        let scratch = UnsafeMutablePointer<S>.allocate(capacity: 2 * paddedWidth)
        defer { scratch.deallocate() }

        /// Row `t` of the horizontally reduced image (identity outside the image), into `out`.
        func horizontal(_ t: Int, _ out: UnsafeMutablePointer<S>) {
            guard t >= 0 && t < height else {
                out.update(repeating: identity, count: width)
                return
            }
            let row = src + t &* width
            if length == 1 && left == 0 && right == 0 {
                out.update(from: row, count: width)
                return
            }
            var cur = scratch, next = scratch + paddedWidth
            padRow(row, width: width, left: left, right: right, identity: identity, into: cur)
            var q = 1
            while 2 &* q <= length {
                pickRows(pick, next, cur, cur + q, paddedWidth &- 2 &* q &+ 1)
                swap(&cur, &next)
                q &*= 2
            }
            let base = cur + (start &+ left)
            pickRows(pick, out, base, base + (length &- q), width)
        }

        let y0 = rows.lowerBound, y1 = rows.upperBound
        if h == 1 {
            for y in y0..<y1 { horizontal(y &+ minDy, dst + y &* width) }
            return
        }
        // Level k holds rows reduced over 2^k consecutive rows. Level k < top keeps
        // 2^k + 1 rows (capacity 2^(k+1)); the top level keeps h - 2^top + 1 <= 2^top rows.
        let top = floorLog2(h)
        let p = 1 << top
        var capacities: [Int] = (0..<top).map { 1 << ($0 + 1) }
        capacities.append(p)
        var offsets: [Int] = []
        var total = 0
        for c in capacities { offsets.append(total); total &+= c &* width }
        let rings = UnsafeMutablePointer<S>.allocate(capacity: total)
        defer { rings.deallocate() }
        let capacity = capacities.withUnsafeBufferPointer { Array($0) }
        @inline(__always) func slot(_ level: Int, _ t: Int) -> UnsafeMutablePointer<S> {
            // t may be negative: mask the two's complement, capacities are powers of two.
            rings + (offsets[level] &+ (t & (capacity[level] &- 1)) &* width)
        }
        let t0 = y0 &+ minDy, t1 = y1 &- 1 &+ minDy &+ h &- 1
        for t in t0...t1 {
            horizontal(t, slot(0, t))
            var half = 1
            for level in 1...top {
                let tk = t &- 2 &* half &+ 1
                if tk < t0 { break }
                pickRows(pick, slot(level, tk), slot(level &- 1, tk), slot(level &- 1, tk &+ half), width)
                half &*= 2
            }
            let s = t &- h &+ 1
            if s >= t0 {
                let y = s &- minDy
                pickRows(pick, dst + y &* width, slot(top, s), slot(top, t &- p &+ 1), width)
            }
        }
    }

    /// Any footprint: doubling levels of the last rows, one or two picks per run.
    static func chords<S: PixelSample, P: ExtremumPick>(
        _ pick: P.Type, src: UnsafePointer<S>, dst: UnsafeMutablePointer<S>,
        width: Int, height: Int, rows: Range<Int>, runs: FootprintRuns, identity: S
    ) {
        let left = max(0, -runs.minDx), right = max(0, runs.maxDx)
        let paddedWidth = width + left + right
        let levels = floorLog2(runs.maxLength) + 1
        let minDy = runs.minDy, maxDy = runs.maxDy
        let ringRows = maxDy - minDy + 1
        let rowBlock = levels &* paddedWidth
        let ring = UnsafeMutablePointer<S>.allocate(capacity: ringRows &* rowBlock)
        defer { ring.deallocate() }
        // Per run: dy, start + left, length, level, 2^level.
        let plan = runs.runs.map { run -> (dy: Int, offset: Int, length: Int, level: Int, q: Int) in
            let level = floorLog2(run.length)
            return (run.dy, run.start + left, run.length, level, 1 << level)
        }

        @inline(__always) func block(_ t: Int) -> UnsafeMutablePointer<S> {
            var m = (t &- minDy) % ringRows
            if m < 0 { m &+= ringRows }
            return ring + m &* rowBlock
        }

        func prepare(_ t: Int) {
            let base = block(t)
            padRow(src + t &* width, width: width, left: left, right: right, identity: identity, into: base)
            var q = 1
            for level in 1..<levels {
                let prev = base + (level &- 1) &* paddedWidth
                pickRows(pick, base + level &* paddedWidth, prev, prev + q, paddedWidth &- 2 &* q &+ 1)
                q &*= 2
            }
        }

        let y0 = rows.lowerBound, y1 = rows.upperBound
        var nextRow = max(0, y0 &+ minDy)
        plan.withUnsafeBufferPointer { plan in
            for y in y0..<y1 {
                while nextRow < height && nextRow <= y &+ maxDy {
                    prepare(nextRow)
                    nextRow &+= 1
                }
                let out = dst + y &* width
                var first = true
                for run in plan {
                    let t = y &+ run.dy
                    if t < 0 || t >= height { continue }
                    let a = block(t) + run.level &* paddedWidth + run.offset
                    let b = a + (run.length &- run.q)
                    if first {
                        pickRows(pick, out, a, b, width)
                        first = false
                    } else {
                        pickRowsInto(pick, out, a, b, width)
                    }
                }
                if first { out.update(repeating: identity, count: width) }
            }
        }
    }
}
