/// The passes behind ``LabelMap/regionprops(properties:)``.
///
/// Algorithm apart from schedule: the label map is cut into a fixed number of row bands
/// (a function of the image and the label count only, never of the core count), each band
/// gathers its own per-label accumulators, and the bands are merged in order. Integer
/// sums are exact; float intensity sums are added in the same order on every run, so a
/// table is identical whatever the number of threads.
///
/// Pass A walks each row as runs of equal ids and gathers, per label, the raw moments
/// (exact integer sums of r, c, r², c², rc), the bounding box, the intensity sums/min/max
/// and, when the convex hull is wanted, the runs themselves. Pass B walks pixels for the
/// boundary estimators (perimeter, Crofton perimeter).
enum RegionAccumulation {
    /// Per-label raw moments and bounding box. Coordinates: r row, c column.
    struct Moments {
        var n = 0
        var sumR = 0
        var sumC = 0
        var sumRR = 0
        var sumCC = 0
        var sumRC = 0
        var minR = Int32.max
        var maxR: Int32 = -1
        var minC = Int32.max
        var maxC: Int32 = -1
        var runs: Int32 = 0

        @inline(__always)
        mutating func add(row r: Int, start s: Int, end e: Int) {
            let len = e &- s
            // Σc over s..<e, and Σc² as a difference of square-pyramidal numbers.
            let sc = (s &+ e &- 1) &* len / 2
            let last = e &- 1, before = s &- 1
            let scc = last &* (last &+ 1) &* (2 &* last &+ 1) / 6 &- before &* (before &+ 1) &* (2 &* before &+ 1) / 6
            n &+= len
            sumR &+= r &* len
            sumC &+= sc
            sumRR &+= r &* r &* len
            sumCC &+= scc
            sumRC &+= r &* sc
            if minR == Int32.max { minR = Int32(truncatingIfNeeded: r) }
            maxR = Int32(truncatingIfNeeded: r)
            minC = Swift.min(minC, Int32(truncatingIfNeeded: s))
            maxC = Swift.max(maxC, Int32(truncatingIfNeeded: last))
            runs &+= 1
        }

        mutating func merge(_ o: Moments) {
            guard o.n > 0 else { return }
            n += o.n; sumR += o.sumR; sumC += o.sumC
            sumRR += o.sumRR; sumCC += o.sumCC; sumRC += o.sumRC
            minR = Swift.min(minR, o.minR); maxR = Swift.max(maxR, o.maxR)
            minC = Swift.min(minC, o.minC); maxC = Swift.max(maxC, o.maxC)
            runs += o.runs
        }
    }

    /// One horizontal run of a label: `start..<end` of `row`.
    struct Run {
        var slot: Int32
        var row: Int32
        var start: Int32
        var end: Int32
    }

    /// The results of pass A for one band.
    struct BandA {
        var moments: [Moments] = []
        /// Per slot and channel: sum, min, max (`[(slot * channels + c) * 3 + k]`).
        var intensity: [Double] = []
        var runs: [Run] = []
    }

    /// Boundary counters per slot (pass B): perimeter weight classes 1, √2, (1+√2)/2, then
    /// the five Crofton coefficient classes.
    static let boundaryCounters = 8

    /// The number of bands: up to 16, fewer when per-band accumulators for `slots` labels
    /// would cost more than the pixels. Depends only on the input, so results do not depend on the
    /// schedule.
    static func bandCount(height: Int, pixels: Int, slots: Int) -> Int {
        // Zeroing and merging B·slots accumulators (~200 bytes each) should cost well
        // under the B bands' pixel work.
        let budget = max(1 << 16, pixels / 32)
        return max(1, min(height, 16, budget / max(slots, 1)))
    }

    static func bandRows(_ band: Int, of bands: Int, height: Int) -> Range<Int> {
        (height * band / bands)..<(height * (band + 1) / bands)
    }

    // MARK: - Pass A

    static func passA<S: PixelSample>(
        ids: UnsafePointer<UInt32>, width: Int, height: Int, slots: LabelSlots,
        intensity: UnsafePointer<S>?, channels: Int, recordRuns: Bool, bands: Int
    ) -> [BandA] {
        var results = [BandA](repeating: BandA(), count: bands)
        results.withUnsafeMutableBufferPointer { results in
            let results = results
            parallelRows(bands, costPerRow: max(1, width * height / bands)) { range in
                for b in range {
                    results[b] = passABand(ids: ids, width: width, rows: bandRows(b, of: bands, height: height),
                                           slots: slots, intensity: intensity, channels: channels, recordRuns: recordRuns)
                }
            }
        }
        return results
    }

    static func passABand<S: PixelSample>(
        ids: UnsafePointer<UInt32>, width: Int, rows: Range<Int>, slots: LabelSlots,
        intensity: UnsafePointer<S>?, channels: Int, recordRuns: Bool
    ) -> BandA {
        var band = BandA()
        band.moments = [Moments](repeating: Moments(), count: slots.count)
        if intensity != nil {
            band.intensity = [Double](repeating: 0, count: slots.count * channels * 3)
            for i in stride(from: 0, to: band.intensity.count, by: 3) {
                band.intensity[i + 1] = .infinity
                band.intensity[i + 2] = -.infinity
            }
        }
        var runs: [Run] = []
        band.moments.withUnsafeMutableBufferPointer { moments in
            band.intensity.withUnsafeMutableBufferPointer { acc in
                for y in rows {
                    let row = ids + y &* width
                    var x = 0
                    while x < width {
                        let id = row[x]
                        let s = x
                        x &+= 1
                        while x < width && row[x] == id { x &+= 1 }
                        if id == 0 { continue }
                        let k = slots.slot(id)
                        moments[k].add(row: y, start: s, end: x)
                        if recordRuns {
                            runs.append(Run(slot: Int32(truncatingIfNeeded: k), row: Int32(truncatingIfNeeded: y),
                                            start: Int32(truncatingIfNeeded: s), end: Int32(truncatingIfNeeded: x)))
                        }
                        guard let intensity else { continue }
                        let p = intensity + (y &* width &+ s) &* channels
                        if channels == 1 {
                            var sum = 0.0
                            var lo = p[0], hi = p[0]
                            for i in 0..<(x &- s) {
                                let v = p[i]
                                sum += v.doubleValue
                                // `v != v`: a NaN sample makes min and max NaN, as NumPy's.
                                if v < lo || v != v { lo = v }
                                if v > hi || v != v { hi = v }
                            }
                            let a = k &* 3
                            acc[a] += sum
                            acc[a &+ 1] = nanMin(acc[a &+ 1], lo.doubleValue)
                            acc[a &+ 2] = nanMax(acc[a &+ 2], hi.doubleValue)
                        } else {
                            for i in 0..<(x &- s) {
                                for c in 0..<channels {
                                    let v = p[i &* channels &+ c].doubleValue
                                    let a = (k &* channels &+ c) &* 3
                                    acc[a] += v
                                    acc[a &+ 1] = nanMin(acc[a &+ 1], v)
                                    acc[a &+ 2] = nanMax(acc[a &+ 2], v)
                                }
                            }
                        }
                    }
                }
            }
        }
        band.runs = runs
        return band
    }

    /// The smaller value, or NaN when either is NaN.
    @inline(__always)
    static func nanMin(_ a: Double, _ b: Double) -> Double { a < b || a != a ? a : b }

    /// The larger value, or NaN when either is NaN.
    @inline(__always)
    static func nanMax(_ a: Double, _ b: Double) -> Double { a > b || a != a ? a : b }

    // MARK: - Pass B

    /// Perimeter classes by `1 + 2 * e + 10 * d` (e, d: boundary 4- and diagonal neighbours
    /// of the same region): scikit-image's weights 1 (5, 7, 15, 17, 25, 27), √2 (21, 33)
    /// and (1+√2)/2 (13, 23) as classes 1, 2, 3.
    static let perimeterClass: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 50)
        for i in [5, 7, 15, 17, 25, 27] { table[i] = 1 }
        for i in [21, 33] { table[i] = 2 }
        for i in [13, 23] { table[i] = 3 }
        return table
    }()

    /// Crofton classes (4 directions) by 2x2 configuration, bits: 1 bottom-right, 2
    /// top-right, 4 bottom-left, 8 top-left. Classes 1...5 are π/4·(1+1/√2), π/(4√2),
    /// π/(2√2), π/4, π/2 (scikit-image's `perimeter_crofton` table).
    static let croftonClass: [UInt8] = [0, 1, 2, 3, 0, 1, 0, 2, 4, 5, 2, 2, 4, 5, 0, 0]

    static let perimeterWeights: [Double] = [1, 2.0.squareRoot(), (1 + 2.0.squareRoot()) / 2]
    static let croftonWeights: [Double] = [
        Double.pi / 4 * (1 + 1 / 2.0.squareRoot()), Double.pi / (4 * 2.0.squareRoot()),
        Double.pi / (2 * 2.0.squareRoot()), Double.pi / 4, Double.pi / 2,
    ]

    static func passB(ids: UnsafePointer<UInt32>, width: Int, height: Int, slots: LabelSlots,
                      perimeter: Bool, crofton: Bool, bands: Int) -> [[Int32]] {
        var results = [[Int32]](repeating: [], count: bands)
        results.withUnsafeMutableBufferPointer { results in
            let results = results
            parallelRows(bands, costPerRow: max(1, width * height / bands)) { range in
                for b in range {
                    var counts = [Int32](repeating: 0, count: slots.count * boundaryCounters)
                    let rows = bandRows(b, of: bands, height: height)
                    counts.withUnsafeMutableBufferPointer { counts in
                        if perimeter {
                            perimeterBand(ids: ids, width: width, height: height, rows: rows, slots: slots, counts: counts)
                        }
                        if crofton {
                            // The band owns windows whose bottom row is in `rows`; the last
                            // band also owns the windows hanging below the image.
                            let windows = rows.lowerBound..<(rows.upperBound == height ? height + 1 : rows.upperBound)
                            croftonBand(ids: ids, width: width, height: height, windowRows: windows, slots: slots, counts: counts)
                        }
                    }
                    results[b] = counts
                }
            }
        }
        return results
    }

    /// Writes row `y`'s boundary ids into `out[1...width]` (out[0] and out[width+1] are 0):
    /// a pixel's id when one of its 4-neighbours is another id or outside the image, else
    /// 0. Rows outside the image are all 0.
    @inline(__always)
    static func boundaryRow(ids: UnsafePointer<UInt32>, width: Int, height: Int, y: Int, into out: UnsafeMutablePointer<UInt32>) {
        out[0] = 0
        out[width &+ 1] = 0
        guard y >= 0 && y < height else {
            out.update(repeating: 0, count: width &+ 2)
            return
        }
        let row = ids + y &* width
        let flags = out + 1
        // Pixels on the image's edge are on their region's boundary.
        flags[0] = row[0]
        flags[width &- 1] = row[width &- 1]
        guard width > 2 else { return }
        if y == 0 || y == height &- 1 {
            flags.update(from: row, count: width)
            return
        }
        let up = row - width, down = row + width
        // Branch-free so it vectorises.
        for x in 1..<(width &- 1) {
            let id = row[x]
            let differs = (row[x &- 1] != id) || (row[x &+ 1] != id) || (up[x] != id) || (down[x] != id)
            flags[x] = differs ? id : 0
        }
    }

    static func perimeterBand(ids: UnsafePointer<UInt32>, width: Int, height: Int, rows: Range<Int>,
                              slots: LabelSlots, counts: UnsafeMutableBufferPointer<Int32>) {
        guard !rows.isEmpty else { return }
        let stride = width + 2
        var buffer = [UInt32](repeating: 0, count: stride * 3)
        let classes = perimeterClass
        buffer.withUnsafeMutableBufferPointer { buffer in
            classes.withUnsafeBufferPointer { classes in
                var above = buffer.baseAddress!, current = above + stride, below = current + stride
                boundaryRow(ids: ids, width: width, height: height, y: rows.lowerBound - 1, into: above)
                boundaryRow(ids: ids, width: width, height: height, y: rows.lowerBound, into: current)
                for y in rows {
                    boundaryRow(ids: ids, width: width, height: height, y: y + 1, into: below)
                    // Boundary ids are 0 off the boundary and outside the image, so equal ids
                    // are exactly the boundary neighbours of the same region.
                    for i in 1...width {
                        let id = current[i]
                        if id == 0 { continue }
                        let e = (current[i &- 1] == id ? 1 : 0) &+ (current[i &+ 1] == id ? 1 : 0)
                            &+ (above[i] == id ? 1 : 0) &+ (below[i] == id ? 1 : 0)
                        let d = (above[i &- 1] == id ? 1 : 0) &+ (above[i &+ 1] == id ? 1 : 0)
                            &+ (below[i &- 1] == id ? 1 : 0) &+ (below[i &+ 1] == id ? 1 : 0)
                        let cls = Int(classes[1 &+ 2 &* e &+ 10 &* d])
                        if cls != 0 {
                            counts[slots.slot(id) &* boundaryCounters &+ cls &- 1] &+= 1
                        }
                    }
                    (above, current, below) = (current, below, above)
                }
            }
        }
    }

    static func croftonBand(ids: UnsafePointer<UInt32>, width: Int, height: Int, windowRows: Range<Int>,
                            slots: LabelSlots, counts: UnsafeMutableBufferPointer<Int32>) {
        let classes = croftonClass
        // Rows padded with a 0 on each side; rows outside the image are all 0.
        var buffer = [UInt32](repeating: 0, count: (width + 2) * 3)
        buffer.withUnsafeMutableBufferPointer { buffer in
            classes.withUnsafeBufferPointer { classes in
                let zero = buffer.baseAddress!
                @inline(__always) func add(_ id: UInt32, _ config: Int) {
                    let cls = Int(classes[config])
                    if cls != 0 { counts[slots.slot(id) &* boundaryCounters &+ 2 &+ cls] &+= 1 }
                }
                // Window (i, j) covers pixels (i−1, j−1) … (i, j), i.e. padded columns j, j+1.
                func padded(_ r: Int, into slot: UnsafeMutablePointer<UInt32>) -> UnsafePointer<UInt32> {
                    guard r >= 0 && r < height else { return UnsafePointer(zero) }
                    slot.update(from: ids + r &* width, count: width)
                    return UnsafePointer(slot - 1)
                }
                let slotA = zero + (width + 2) + 1, slotB = zero + 2 * (width + 2) + 1
                var top = padded(windowRows.lowerBound - 1, into: slotA)
                var useA = false
                for i in windowRows {
                    let bottom = padded(i, into: useA ? slotA : slotB)
                    useA.toggle()
                    for j in 0...width {
                        let tl = top[j], tr = top[j &+ 1], bl = bottom[j], br = bottom[j &+ 1]
                        if tl == tr && bl == br && tl == bl { continue }
                        // Each distinct nonzero id of the window, with its configuration.
                        if br != 0 {
                            add(br, 1 | (tr == br ? 2 : 0) | (bl == br ? 4 : 0) | (tl == br ? 8 : 0))
                        }
                        if tr != 0 && tr != br {
                            add(tr, 2 | (bl == tr ? 4 : 0) | (tl == tr ? 8 : 0))
                        }
                        if bl != 0 && bl != br && bl != tr {
                            add(bl, 4 | (tl == bl ? 8 : 0))
                        }
                        if tl != 0 && tl != br && tl != tr && tl != bl {
                            add(tl, 8)
                        }
                    }
                    top = bottom
                }
            }
        }
    }
}

/// Maps label ids to dense accumulator slots: slot = id while ids are small, otherwise the
/// position of the id among the ids present, plus one. Slot 0 is the background.
struct LabelSlots: Sendable {
    /// The ids present, ascending, when ids are too large to index directly.
    let sparse: [UInt32]?
    /// Slots, including the background slot 0.
    let count: Int

    /// Ids up to this index accumulators directly; beyond it the ids present are gathered
    /// first, so that memory follows the number of labels rather than the largest id.
    static func denseLimit(pixels: Int) -> Int { max(1 << 16, pixels / 8) }

    init(labels: LabelMap) {
        let maxLabel = Int(labels.maxLabel)
        if maxLabel <= Self.denseLimit(pixels: labels.width * labels.height) {
            sparse = nil
            count = maxLabel + 1
        } else {
            let present = labels.labels
            sparse = present
            count = present.count + 1
        }
    }

    @inline(__always)
    func slot(_ id: UInt32) -> Int {
        guard let sparse else { return Int(id) }
        var lo = 0, hi = sparse.count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if sparse[mid] < id { lo = mid &+ 1 } else { hi = mid }
        }
        return lo &+ 1
    }

    func label(ofSlot slot: Int) -> UInt32 {
        sparse.map { $0[slot - 1] } ?? UInt32(slot)
    }
}
