/// Connected components over horizontal runs: the engine under
/// ``Mask/connectedComponents(connectivity:)``, ``Mask/fillHoles(connectivity:)``,
/// ``Mask/removeSmallObjects(minSize:connectivity:)`` and ``Mask/clearBorder(bufferSize:)``.
///
/// Pass 1 (parallel, one band of rows per task): each row is cut into runs of equal
/// foreground value (for masks, a word-at-a-time scan skips 8 pixels per step); every run
/// is joined, in a union-find over run indices, to the runs of the row above that touch it
/// (overlap for 4-connectivity, overlap or corner contact for 8-connectivity).
/// Pass 2 (serial, over runs only): bands are concatenated and the runs on each band
/// seam are joined. Union always keeps the smaller index as the root, so every component's
/// root is its first run in raster order, which numbers components like
/// `skimage.measure.label`. Work is O(pixels / 8 + runs), memory O(runs).
struct RunLabeling {
    let width: Int
    let height: Int
    /// Runs of row `y` are `rowFirst[y] ..< rowFirst[y + 1]`.
    var rowFirst: [Int32]
    /// Run `i` covers `starts[i] ..< ends[i]` of its row.
    var starts: [Int32]
    var ends: [Int32]
    /// Union-find forest; after ``init`` every entry is its run's root (fully compressed),
    /// and a root is the smallest run index of its component.
    var root: [Int32]

    var runCount: Int { starts.count }

    private struct Band {
        var rowFirst: [Int32] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        var parent: [Int32] = []
    }

    /// Labels the pixels of `samples` (one channel, row-major) whose value is not
    /// `background`; neighbouring pixels join when their values are equal.
    /// `binary` promises that every sample is `background` or one other value (masks),
    /// which enables the word-at-a-time scan for `UInt8`.
    init<S: PixelSample>(_ samples: UnsafePointer<S>, width: Int, height: Int, background: S,
                         eightConnected: Bool, binary: Bool) {
        self.width = width
        self.height = height
        let bandCount = max(1, min(height, ParallelRows.taskCount(rows: height, costPerRow: width)))
        var bands = [Band](repeating: Band(), count: bandCount)
        let reach: Int32 = eightConnected ? 1 : 0
        bands.withUnsafeMutableBufferPointer { bands in
            let bands = bands
            parallelRows(bandCount, costPerRow: max(1, width * height / bandCount)) { range in
                for b in range {
                    let y0 = height * b / bandCount, y1 = height * (b + 1) / bandCount
                    bands[b] = Self.scanBand(samples, width: width, rows: y0..<y1, background: background,
                                             reach: reach, binary: binary)
                }
            }
        }
        // Concatenate the bands, offsetting their run indices.
        let total = bands.reduce(0) { $0 + $1.starts.count }
        var rowFirst = [Int32](); rowFirst.reserveCapacity(height + 1)
        var starts = [Int32](); starts.reserveCapacity(total)
        var ends = [Int32](); ends.reserveCapacity(total)
        var parent = [Int32](); parent.reserveCapacity(total)
        for band in bands {
            let offset = Int32(starts.count)
            rowFirst.append(contentsOf: band.rowFirst.map { $0 &+ offset })
            starts.append(contentsOf: band.starts)
            ends.append(contentsOf: band.ends)
            parent.append(contentsOf: band.parent.map { $0 &+ offset })
        }
        rowFirst.append(Int32(total))
        // Join the runs across each seam between bands.
        parent.withUnsafeMutableBufferPointer { parent in
            for b in 1..<bandCount {
                let y = height * b / bandCount
                Self.joinRows(parent.baseAddress!, samples, width: width,
                              above: Int(rowFirst[y - 1])..<Int(rowFirst[y]),
                              below: Int(rowFirst[y])..<Int(rowFirst[y + 1]),
                              yAbove: y - 1, yBelow: y, starts: starts, ends: ends, reach: reach, binary: binary)
            }
            // Roots are smaller than their children: one ascending pass compresses fully.
            for i in 0..<total { parent[i] = parent[Int(parent[i])] }
        }
        self.rowFirst = rowFirst
        self.starts = starts
        self.ends = ends
        self.root = parent
    }

    @inline(__always)
    private static func find(_ parent: UnsafeMutablePointer<Int32>, _ i: Int32) -> Int32 {
        var i = i
        while parent[Int(i)] != i {
            let grand = parent[Int(parent[Int(i)])]
            parent[Int(i)] = grand
            i = grand
        }
        return i
    }

    @inline(__always)
    private static func union(_ parent: UnsafeMutablePointer<Int32>, _ a: Int32, _ b: Int32) {
        let ra = find(parent, a), rb = find(parent, b)
        if ra < rb { parent[Int(rb)] = ra } else if rb < ra { parent[Int(ra)] = rb }
    }

    /// Joins runs of two consecutive rows (`above` then `below`, index ranges) that touch
    /// and, unless `binary`, hold the same value.
    @inline(__always)
    private static func joinRows<S: PixelSample>(
        _ parent: UnsafeMutablePointer<Int32>, _ samples: UnsafePointer<S>, width: Int,
        above: Range<Int>, below: Range<Int>, yAbove: Int, yBelow: Int,
        starts: UnsafePointer<Int32>, ends: UnsafePointer<Int32>, reach: Int32, binary: Bool
    ) {
        var j = above.lowerBound
        for i in below {
            let s = starts[i], e = ends[i]
            // Skip runs above that end before this one can touch them.
            while j < above.upperBound && ends[j] &+ reach <= s { j &+= 1 }
            var k = j
            while k < above.upperBound && starts[k] < e &+ reach {
                if binary || samples[yAbove &* width &+ Int(starts[k])] == samples[yBelow &* width &+ Int(s)] {
                    union(parent, Int32(i), Int32(k))
                }
                k &+= 1
            }
        }
    }

    private static func joinRows<S: PixelSample>(
        _ parent: UnsafeMutablePointer<Int32>, _ samples: UnsafePointer<S>, width: Int,
        above: Range<Int>, below: Range<Int>, yAbove: Int, yBelow: Int,
        starts: [Int32], ends: [Int32], reach: Int32, binary: Bool
    ) {
        starts.withUnsafeBufferPointer { starts in
            ends.withUnsafeBufferPointer { ends in
                joinRows(parent, samples, width: width, above: above, below: below, yAbove: yAbove, yBelow: yBelow,
                         starts: starts.baseAddress!, ends: ends.baseAddress!, reach: reach, binary: binary)
            }
        }
    }

    private static func scanBand<S: PixelSample>(
        _ samples: UnsafePointer<S>, width: Int, rows: Range<Int>, background: S, reach: Int32, binary: Bool
    ) -> Band {
        var band = Band()
        band.rowFirst.reserveCapacity(rows.count)
        band.starts.reserveCapacity(rows.count * 4)
        band.ends.reserveCapacity(rows.count * 4)
        for y in rows {
            let first = band.starts.count
            band.rowFirst.append(Int32(first))
            let row = samples + y &* width
            if binary, S.self == UInt8.self {
                scanBinaryRow(UnsafeRawPointer(row).assumingMemoryBound(to: UInt8.self), width: width,
                              background: unsafeBitCast(background, to: UInt8.self), into: &band)
            } else {
                var x = 0
                while x < width {
                    let v = row[x]
                    if v == background { x &+= 1; continue }
                    let s = x
                    x &+= 1
                    while x < width && row[x] == v { x &+= 1 }
                    band.starts.append(Int32(s))
                    band.ends.append(Int32(x))
                }
            }
            let last = band.starts.count
            for i in first..<last { band.parent.append(Int32(i)) }
            if y > rows.lowerBound {
                let above = Int(band.rowFirst[band.rowFirst.count - 2])..<first
                band.parent.withUnsafeMutableBufferPointer { parent in
                    band.starts.withUnsafeBufferPointer { starts in
                        band.ends.withUnsafeBufferPointer { ends in
                            joinRows(parent.baseAddress!, samples, width: width, above: above, below: first..<last,
                                     yAbove: y - 1, yBelow: y, starts: starts.baseAddress!, ends: ends.baseAddress!,
                                     reach: reach, binary: binary)
                        }
                    }
                }
            }
        }
        return band
    }

    /// Runs of a 0/1 row: skips 8 equal bytes per step.
    @inline(__always)
    private static func scanBinaryRow(_ row: UnsafePointer<UInt8>, width: Int, background: UInt8, into band: inout Band) {
        let raw = UnsafeRawPointer(row)
        // Bytes equal to the background XOR to zero; foreground bytes XOR to zero against `inside`.
        let outside: UInt64 = background == 0 ? 0 : 0x0101_0101_0101_0101
        let inside: UInt64 = outside ^ 0x0101_0101_0101_0101
        var x = 0
        while x < width {
            // Skip background.
            while x &+ 8 <= width {
                let w = raw.loadUnaligned(fromByteOffset: x, as: UInt64.self) ^ outside
                if w != 0 { x &+= w.trailingZeroBitCount >> 3; break }
                x &+= 8
            }
            while x < width && row[x] == background { x &+= 1 }
            if x >= width { break }
            let s = x
            while x &+ 8 <= width {
                let w = raw.loadUnaligned(fromByteOffset: x, as: UInt64.self) ^ inside
                if w != 0 { x &+= w.trailingZeroBitCount >> 3; break }
                x &+= 8
            }
            while x < width && row[x] != background { x &+= 1 }
            band.starts.append(Int32(s))
            band.ends.append(Int32(x))
        }
    }


    /// Component numbers 1, 2, … in raster order of each component's first pixel, per run;
    /// and the number of components.
    func rasterLabels() -> (labels: [UInt32], count: Int) {
        var labels = [UInt32](repeating: 0, count: runCount)
        var next: UInt32 = 0
        for i in 0..<runCount {
            let r = Int(root[i])
            if r == i {
                next &+= 1
                labels[i] = next
            } else {
                labels[i] = labels[r]
            }
        }
        return (labels, Int(next))
    }

    /// Pixels per component, indexed by root run (0 for non-roots).
    func areasByRoot() -> [Int] {
        var area = [Int](repeating: 0, count: runCount)
        for i in 0..<runCount { area[Int(root[i])] &+= Int(ends[i] &- starts[i]) }
        return area
    }

    /// Writes `value(run, row)` over every run, and `background` elsewhere, into a new image.
    func paint<S: PixelSample>(background: S, _ value: (_ run: Int, _ y: Int) -> S) -> Image<S> {
        let width = self.width
        return rowFirst.withUnsafeBufferPointer { rowFirst in
            starts.withUnsafeBufferPointer { starts in
                ends.withUnsafeBufferPointer { ends in
                    Image<S>.generate(width: width, height: height) { rows, out in
                        for y in rows {
                            let row = out.baseAddress! + y &* width
                            row.initialize(repeating: background, count: width)
                            for i in Int(rowFirst[y])..<Int(rowFirst[y &+ 1]) {
                                let s = Int(starts[i])
                                (row + s).update(repeating: value(i, y), count: Int(ends[i]) &- s)
                            }
                        }
                    }
                }
            }
        }
    }
}
