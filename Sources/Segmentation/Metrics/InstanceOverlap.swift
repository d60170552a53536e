/// How the objects of a predicted and a true label map overlap: areas, and the
/// intersection and IoU of every overlapping (true, predicted) pair.
///
/// Objects are indexed by their position in ``trueIDs`` / ``predictedIDs`` (the distinct
/// nonzero ids, ascending), which is StarDist's sequential relabelling. The table is built
/// in one parallel pass over the pixels, counting runs of equal (true, predicted) id pairs
/// in a hash table, so it costs O(pixels + pairs) whatever the ids are.
///
/// ```swift
/// let overlap = try InstanceOverlap(predicted: pred, truth: truth)
/// for pair in overlap.pairs where pair.iou > 0.5 { print(overlap.trueIDs[pair.trueIndex]) }
/// ```
public struct InstanceOverlap: Sendable, Equatable {
    /// One overlapping pair of objects.
    public struct Pair: Sendable, Hashable {
        /// Index into ``InstanceOverlap/trueIDs``.
        public let trueIndex: Int
        /// Index into ``InstanceOverlap/predictedIDs``.
        public let predictedIndex: Int
        /// Pixels in both objects (> 0).
        public let intersection: Int
        /// Intersection over union, in (0, 1].
        public let iou: Double
    }

    /// The distinct nonzero ids of the truth, ascending.
    public let trueIDs: [UInt32]
    /// The distinct nonzero ids of the prediction, ascending.
    public let predictedIDs: [UInt32]
    /// Pixels of each true object.
    public let trueAreas: [Int]
    /// Pixels of each predicted object.
    public let predictedAreas: [Int]
    /// Every pair of objects sharing at least one pixel, sorted by true then predicted index.
    public let pairs: [Pair]
    /// Pixels of each true object that are background in the prediction.
    public let trueOnBackground: [Int]
    /// Pixels of each predicted object that are background in the truth.
    public let predictedOnBackground: [Int]
    /// Pixels that are background in both.
    public let backgroundInBoth: Int
    /// Width × height.
    public let pixelCount: Int

    /// Builds the table.
    ///
    /// - Parameters:
    ///   - predicted: the predicted objects.
    ///   - truth: the true objects; same size.
    /// - Returns: the overlap table; empty maps give empty lists.
    /// - Throws: ``PixelEngineError`` (`evaluate`) when the sizes differ.
    ///
    /// ```swift
    /// let overlap = try InstanceOverlap(predicted: pred, truth: truth)
    /// ```
    public init(predicted: LabelMap, truth: LabelMap) throws(PixelEngineError) {
        try Validate.sameSize(predicted.ids, truth.ids, "evaluate")
        let counts = PairCounting.count(truth: truth.ids, predicted: predicted.ids)
        var trueSet = Set<UInt32>(), predSet = Set<UInt32>()
        for (key, _) in counts {
            let t = UInt32(truncatingIfNeeded: key >> 32), p = UInt32(truncatingIfNeeded: key)
            if t != 0 { trueSet.insert(t) }
            if p != 0 { predSet.insert(p) }
        }
        trueIDs = trueSet.sorted()
        predictedIDs = predSet.sorted()
        var trueIndex = [UInt32: Int](minimumCapacity: trueIDs.count)
        var predIndex = [UInt32: Int](minimumCapacity: predictedIDs.count)
        for (k, id) in trueIDs.enumerated() { trueIndex[id] = k }
        for (k, id) in predictedIDs.enumerated() { predIndex[id] = k }

        var tArea = [Int](repeating: 0, count: trueIDs.count)
        var pArea = [Int](repeating: 0, count: predictedIDs.count)
        var tOnBackground = [Int](repeating: 0, count: trueIDs.count)
        var pOnBackground = [Int](repeating: 0, count: predictedIDs.count)
        var both = 0
        var raw: [(t: Int, p: Int, n: Int)] = []
        raw.reserveCapacity(counts.count)
        for (key, n) in counts {
            let t = UInt32(truncatingIfNeeded: key >> 32), p = UInt32(truncatingIfNeeded: key)
            switch (t, p) {
            case (0, 0):
                both += n
            case (0, _):
                let j = predIndex[p]!
                pArea[j] += n
                pOnBackground[j] += n
            case (_, 0):
                let i = trueIndex[t]!
                tArea[i] += n
                tOnBackground[i] += n
            default:
                let i = trueIndex[t]!, j = predIndex[p]!
                tArea[i] += n
                pArea[j] += n
                raw.append((i, j, n))
            }
        }
        raw.sort { $0.t != $1.t ? $0.t < $1.t : $0.p < $1.p }
        pairs = raw.map { r in
            // StarDist: overlap / (n_pixels_pred + n_pixels_true - overlap), in float64.
            Pair(trueIndex: r.t, predictedIndex: r.p, intersection: r.n,
                 iou: Double(r.n) / Double(tArea[r.t] + pArea[r.p] - r.n))
        }
        trueAreas = tArea
        predictedAreas = pArea
        trueOnBackground = tOnBackground
        predictedOnBackground = pOnBackground
        backgroundInBoth = both
        pixelCount = truth.width * truth.height
    }
}

/// The pixel pass: counts of each (true id, predicted id) pair, keyed `t << 32 | p`.
enum PairCounting {
    static func count(truth: Image<UInt32>, predicted: Image<UInt32>) -> [(key: UInt64, count: Int)] {
        let w = truth.width, h = truth.height
        guard w > 0 && h > 0 else { return [] }
        // Bands of rows, each counted into its own table, merged in band order.
        let bands = min(h, max(1, ParallelRows.processorCount * 4))
        var tables = [PairTable?](repeating: nil, count: bands)
        tables.withUnsafeMutableBufferPointer { slots in
            truth.withUnsafeSamples { tBuffer in
                predicted.withUnsafeSamples { pBuffer in
                    let t = tBuffer.baseAddress!, p = pBuffer.baseAddress!
                    parallelRows(bands, costPerRow: w * h / bands * 2) { range in
                        for band in range {
                            let y0 = h * band / bands, y1 = h * (band + 1) / bands
                            var table = PairTable(capacity: 1024)
                            for y in y0..<y1 {
                                let row = y &* w
                                var lastT = t[row], lastP = p[row]
                                var run = 0
                                for x in 0..<w {
                                    let a = t[row &+ x], b = p[row &+ x]
                                    if a == lastT && b == lastP {
                                        run &+= 1
                                    } else {
                                        table.add(UInt64(lastT) << 32 | UInt64(lastP), run)
                                        lastT = a
                                        lastP = b
                                        run = 1
                                    }
                                }
                                table.add(UInt64(lastT) << 32 | UInt64(lastP), run)
                            }
                            slots[band] = table
                        }
                    }
                }
            }
        }
        var merged = tables[0]!
        for band in 1..<bands { merged.merge(tables[band]!) }
        return merged.entries()
    }
}

/// An open-addressing hash table from UInt64 keys to positive counts (count 0 = empty).
struct PairTable {
    private var keys: [UInt64]
    private var counts: [Int]
    private var mask: Int
    private var shift: UInt64
    private(set) var occupied = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int](repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    mutating func add(_ key: UInt64, _ n: Int) {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let c = counts[slot]
            if c == 0 {
                keys[slot] = key
                counts[slot] = n
                occupied += 1
                if occupied * 2 > counts.count { grow() }
                return
            }
            if keys[slot] == key {
                counts[slot] = c &+ n
                return
            }
            slot = (slot &+ 1) & mask
        }
    }

    mutating func merge(_ other: PairTable) {
        for (key, n) in other.entries() { add(key, n) }
    }

    func entries() -> [(key: UInt64, count: Int)] {
        var out: [(key: UInt64, count: Int)] = []
        out.reserveCapacity(occupied)
        for s in 0..<counts.count where counts[s] > 0 { out.append((keys[s], counts[s])) }
        return out
    }

    private mutating func grow() {
        let old = entries()
        var bigger = PairTable(capacity: counts.count)
        for (key, n) in old { bigger.add(key, n) }
        self = bigger
    }
}
