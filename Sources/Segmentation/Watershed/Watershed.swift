extension Image {
    /// Marker-controlled watershed: floods the landscape from the markers, lowest first,
    /// and gives every reached pixel the id of the marker whose flood reached it
    /// (`skimage.segmentation.watershed(image, markers, connectivity, mask=mask,
    /// compactness=compactness, watershed_line=watershedLine)`).
    ///
    /// **Order and ties.** As scikit-image, pixels leave a priority queue in order of
    /// (priority, age): a pixel's priority is its landscape value (plus `compactness` times
    /// its distance to its marker's seed pixel), raised to at least the priority of the
    /// pixel that queued it; its age is the order in which it was queued, so among equal
    /// priorities the earliest-queued pixel, the one nearest a marker in flood order, goes
    /// first. Marker pixels are queued first, in raster order, all with age 0. Without
    /// compactness or lines a pixel takes its label when it is queued, from the neighbour
    /// that queued it; neighbours are visited up, left, right, down (then the diagonals
    /// up-left, up-right, down-left, down-right), as scikit-image.
    ///
    /// **Which queue.** 8- and 16-bit landscapes (without compactness) use a bucket queue
    /// with one FIFO per level. Its order equals scikit-image's heap exactly except for one
    /// tie: several marker pixels on the same level leave in raster order, while
    /// scikit-image's heap leaves age-0 ties in an order set by its own layout. Results are
    /// therefore identical wherever marker pixels have distinct values (always true for
    /// plateau-free landscapes) and may differ by a few pixels on plateaus shared by
    /// several markers. `Float` landscapes and every compact watershed use a binary heap
    /// that replays scikit-image's heap operation for operation, and equal it in every
    /// case, plateaus included.
    ///
    /// - Parameters:
    ///   - markers: seed ids (0 = no seed), the image's size. Seeds outside `mask` are dropped.
    ///   - connectivity: 1 (4 neighbours, default as scikit-image) or 2 (8 neighbours).
    ///   - mask: only pixels inside are labelled; default all.
    ///   - compactness: ≥ 0; above 0, the compact watershed of Neubert and Protzel: the
    ///     priority adds `compactness × distance` to the seed pixel, in pixels.
    ///   - watershedLine: leave a one-pixel line of 0 between regions (as scikit-image,
    ///     regions whose markers touch are not separated).
    /// - Returns: a label map of the image's size with ids from `markers`; 0 outside the
    ///   mask, on watershed lines and on pixels no flood reached.
    /// - Throws: ``PixelEngineError`` (`watershed`) for an empty or multi-channel image,
    ///   mismatched sizes, a connectivity other than 1 or 2, or a negative or non-finite
    ///   compactness.
    ///
    /// ```swift
    /// let gradient = try gray.sobel()
    /// let regions = try gradient.watershed(markers: seeds, connectivity: 2)
    /// ```
    public func watershed(markers: LabelMap, connectivity: Int = 1, mask: Mask? = nil,
                          compactness: Double = 0, watershedLine: Bool = false) throws(PixelEngineError) -> LabelMap {
        try WatershedKernel.validate(self, markers, connectivity, mask, compactness)
        let plan = WatershedKernel.Plan(width: width, height: height, connectivity: connectivity,
                                        compactness: compactness, watershedLine: watershedLine)
        let ids: Image<UInt32>
        switch Sample.sampleType {
        case .uint8 where compactness == 0:
            ids = WatershedKernel.bucket(unsafeBitCast(self, to: Image<UInt8>.self), markers, mask, plan, levels: 256)
        case .uint16 where compactness == 0:
            ids = WatershedKernel.bucket(unsafeBitCast(self, to: Image<UInt16>.self), markers, mask, plan, levels: 65536)
        case .float32 where compactness == 0:
            ids = WatershedKernel.heapFloat(unsafeBitCast(self, to: Image<Float>.self), markers, mask, plan)
        case .float32:
            let values = unsafeBitCast(self, to: Image<Float>.self).withUnsafeSamples { s in s.map { Double($0) } }
            ids = WatershedKernel.heap(values, markers, mask, plan)
        default:
            let values: [Double] = withUnsafeSamples { s in s.map { $0.doubleValue } }
            ids = WatershedKernel.heap(values, markers, mask, plan)
        }
        return LabelMap(ids: ids)
    }
}

extension Image<Float> {
    /// The plain watershed of a `Float` landscape with markers that tie on equal values
    /// resolved in raster order (like the bucket queue) instead of by replaying
    /// scikit-image's heap, so the heap-free ranked flood always applies. For pipelines
    /// (declump) that need the flood, not bit-equality with scikit-image on such ties.
    func watershedRasterTies(markers: LabelMap, connectivity: Int, mask: Mask?) throws(PixelEngineError) -> LabelMap {
        try WatershedKernel.validate(self, markers, connectivity, mask, 0)
        let plan = WatershedKernel.Plan(width: width, height: height, connectivity: connectivity,
                                        compactness: 0, watershedLine: false)
        return LabelMap(ids: WatershedKernel.heapFloat(self, markers, mask, plan, exactTies: false))
    }
}

/// The flooding kernels behind ``Image/watershed(markers:connectivity:mask:compactness:watershedLine:)``.
///
/// Every kernel works on a copy padded by one pixel on each side (as scikit-image pads):
/// neighbours are then plain offsets, and the padding is simply never flooded.
enum WatershedKernel {
    static func validate<S>(_ image: Image<S>, _ markers: LabelMap, _ connectivity: Int, _ mask: Mask?,
                            _ compactness: Double) throws(PixelEngineError) {
        try Validate.nonEmpty(image, "watershed")
        try Validate.channels(image, [1], "watershed")
        try Validate.sameSize(image, markers.ids, "watershed")
        if let mask { try Validate.sameSize(image, mask.bits, "watershed") }
        try Validate.inRange(connectivity, 1...2, "connectivity", "watershed")
        if !(compactness >= 0 && compactness.isFinite) {
            throw PixelEngineError("watershed", "compactness must be >= 0 and finite, got \(compactness)")
        }
        if (image.width + 2) * (image.height + 2) >= Int(Int32.max) {
            throw PixelEngineError("watershed", "the image is too large (\(image.width)x\(image.height))")
        }
    }

    /// Sizes and options shared by the kernels.
    struct Plan: Sendable {
        let width: Int, height: Int
        let paddedWidth: Int
        let compactness: Double
        let watershedLine: Bool
        /// Neighbour offsets in the padded raster, in scikit-image's order.
        let offsets: [Int]

        init(width: Int, height: Int, connectivity: Int, compactness: Double, watershedLine: Bool) {
            self.width = width
            self.height = height
            self.paddedWidth = width + 2
            self.compactness = compactness
            self.watershedLine = watershedLine
            let pw = width + 2
            offsets = connectivity == 1 ? [-pw, -1, 1, pw] : [-pw, -1, 1, pw, -pw - 1, -pw + 1, pw - 1, pw + 1]
        }

        var paddedCount: Int { (width + 2) * (height + 2) }
    }

    // MARK: - Shared set-up

    /// The padded label plane (markers inside the mask, 0 elsewhere), the padded mask
    /// (1 = may be flooded) and the padded raster indices of the marker pixels, in order.
    static func prepare(_ markers: LabelMap, _ mask: Mask?, _ plan: Plan) -> (labels: [UInt32], inside: [UInt8], seeds: [Int32]) {
        let w = plan.width, h = plan.height, pw = plan.paddedWidth
        var labels = [UInt32](repeating: 0, count: plan.paddedCount)
        var inside = [UInt8](repeating: 0, count: plan.paddedCount)
        labels.withUnsafeMutableBufferPointer { lab in
            inside.withUnsafeMutableBufferPointer { ins in
                markers.ids.withUnsafeSamples { m in
                    let maskBits = mask?.bits
                    maskBits.withUnsafeSamplesOrNil { bits in
                        parallelRows(h, costPerRow: w * 2) { rows in
                            for y in rows {
                                let src = y * w, dst = (y + 1) * pw + 1
                                for x in 0..<w {
                                    let on: UInt8 = bits.map { $0[src + x] } ?? 1
                                    ins[dst + x] = on
                                    lab[dst + x] = on != 0 ? m[src + x] : 0
                                }
                            }
                        }
                    }
                }
            }
        }
        var seeds: [Int32] = []
        labels.withUnsafeBufferPointer { lab in
            for i in 0..<lab.count where lab[i] != 0 { seeds.append(Int32(truncatingIfNeeded: i)) }
        }
        return (labels, inside, seeds)
    }

    /// The unpadded label image, with `blocked` read as 0.
    static func crop(_ labels: [UInt32], _ plan: Plan, blocked: UInt32? = nil) -> Image<UInt32> {
        let w = plan.width, pw = plan.paddedWidth
        return labels.withUnsafeBufferPointer { lab in
            Image<UInt32>.generate(width: w, height: plan.height) { rows, out in
                for y in rows {
                    let src = (y + 1) * pw + 1, dst = y * w
                    if let blocked {
                        for x in 0..<w {
                            let v = lab[src + x]
                            out[dst + x] = v == blocked ? 0 : v
                        }
                    } else {
                        for x in 0..<w { out[dst + x] = lab[src + x] }
                    }
                }
            }
        }
    }

    // MARK: - Bucket queue (8/16-bit, no compactness)

    /// Flooding with one FIFO per landscape level. The queue is monotone (nothing is ever
    /// queued below the level being emptied), so a level's FIFO order is age order.
    static func bucket<S: FixedWidthInteger & PixelSample>(_ image: Image<S>, _ markers: LabelMap, _ mask: Mask?,
                                                           _ plan: Plan, levels: Int) -> Image<UInt32> {
        var (labels, inside, seeds) = prepare(markers, mask, plan)
        let pw = plan.paddedWidth
        var land = [S](repeating: 0, count: plan.paddedCount)
        land.withUnsafeMutableBufferPointer { dst in
            image.withUnsafeSamples { src in
                parallelRows(plan.height, costPerRow: plan.width) { rows in
                    for y in rows {
                        (dst.baseAddress! + (y + 1) * pw + 1).update(from: src.baseAddress! + y * plan.width, count: plan.width)
                    }
                }
            }
        }
        land.withUnsafeBufferPointer { landBuf in
            let landP = landBuf.baseAddress!
            var first = levels
            for s in seeds { first = Swift.min(first, Int(landP[Int(s)])) }
            labels.withUnsafeMutableBufferPointer { labBuf in
                inside.withUnsafeMutableBufferPointer { insBuf in
                    if !plan.watershedLine && !seeds.contains(where: { labBuf[Int($0)] == UInt32.max }) {
                        // Fuse the mask into the labels: a blocked pixel looks labelled.
                        let queue = BucketQueue<UInt32>(levels: levels)
                        defer { queue.deallocate() }
                        for s in seeds { queue.push(Int(landP[Int(s)]), UInt32(bitPattern: s)) }
                        let blocked = UInt32.max
                        for i in 0..<labBuf.count where insBuf[i] == 0 { labBuf[i] = blocked }
                        if plan.offsets.count == 4 {
                            floodPlain(landP, labBuf.baseAddress!, queue, first: first, pw: pw, eight: false)
                        } else {
                            floodPlain(landP, labBuf.baseAddress!, queue, first: first, pw: pw, eight: true)
                        }
                        for i in 0..<labBuf.count where labBuf[i] == blocked { labBuf[i] = 0 }
                    } else {
                        let queue = BucketQueue<UInt64>(levels: levels)
                        defer { queue.deallocate() }
                        for s in seeds { queue.push(Int(landP[Int(s)]), UInt64(UInt32(bitPattern: s)) | UInt64(UInt32(bitPattern: s)) << 32) }
                        plan.offsets.withUnsafeBufferPointer { off in
                            floodGeneral(landP, labBuf.baseAddress!, insBuf.baseAddress!, queue, first: first,
                                         off, lines: plan.watershedLine)
                        }
                    }
                }
            }
        }
        return crop(labels, plan)
    }

    /// The common case: label on queueing, only indices in the queue.
    @inline(__always)
    static func floodPlain<S: FixedWidthInteger>(_ land: UnsafePointer<S>, _ labels: UnsafeMutablePointer<UInt32>,
                                                 _ queue: BucketQueue<UInt32>, first: Int, pw: Int, eight: Bool) {
        var level = first
        while level < queue.levels {
            var i = 0
            while i < queue.counts[level] {
                let p = Int(queue.buffers[level].unsafelyUnwrapped[i])
                i &+= 1
                let label = labels[p]
                @inline(__always) func visit(_ n: Int) {
                    if labels[n] == 0 {
                        labels[n] = label
                        let v = Int(land[n])
                        queue.push(v > level ? v : level, UInt32(truncatingIfNeeded: n))
                    }
                }
                visit(p &- pw)
                visit(p &- 1)
                visit(p &+ 1)
                visit(p &+ pw)
                if eight {
                    visit(p &- pw &- 1)
                    visit(p &- pw &+ 1)
                    visit(p &+ pw &- 1)
                    visit(p &+ pw &+ 1)
                }
            }
            queue.release(level)
            level &+= 1
        }
    }

    /// The general case (watershed lines, or a marker id of 2³²−1), statement for statement
    /// scikit-image's loop: with lines, labels are set when a pixel leaves the queue, and a
    /// pixel with a differently labelled neighbour becomes line (`_diff_neighbors`).
    static func floodGeneral<S: FixedWidthInteger>(_ land: UnsafePointer<S>, _ labels: UnsafeMutablePointer<UInt32>,
                                                   _ inside: UnsafeMutablePointer<UInt8>, _ queue: BucketQueue<UInt64>,
                                                   first: Int, _ offsets: UnsafeBufferPointer<Int>, lines: Bool) {
        var level = first
        while level < queue.levels {
            var i = 0
            while i < queue.counts[level] {
                let item = queue.buffers[level].unsafelyUnwrapped[i]
                i &+= 1
                let p = Int(item & 0xFFFF_FFFF), source = Int(item >> 32)
                if lines {
                    if labels[p] != 0 && p != source { continue }
                    let label = labels[source]
                    if !differentNeighbour(labels, inside, offsets, p, label) { labels[p] = label }
                }
                for off in offsets {
                    let n = p &+ off
                    if inside[n] == 0 || labels[n] != 0 { continue }
                    if !lines { labels[n] = labels[p] }
                    let v = Int(land[n])
                    queue.push(v > level ? v : level, UInt64(n) | UInt64(source) << 32)
                }
            }
            queue.release(level)
            level &+= 1
        }
    }

    /// scikit-image's `_diff_neighbors`: true (and `p` leaves the mask) when `p` is already
    /// outside the mask or touches a pixel inside it labelled other than `label`.
    @inline(__always)
    static func differentNeighbour(_ labels: UnsafeMutablePointer<UInt32>, _ inside: UnsafeMutablePointer<UInt8>,
                                   _ offsets: UnsafeBufferPointer<Int>, _ p: Int, _ label: UInt32) -> Bool {
        if inside[p] == 0 { return true }
        for off in offsets {
            let n = p &+ off
            if inside[n] != 0 {
                let l = labels[n]
                if l != 0 && l != label {
                    inside[p] = 0
                    return true
                }
            }
        }
        return false
    }

    // MARK: - Heap (float landscapes, compactness)

    /// Flooding with a binary heap ordered by (value, age) that performs exactly
    /// scikit-image's push and pop sequence, so its ties fall the same way.
    static func heap(_ values: [Double], _ markers: LabelMap, _ mask: Mask?, _ plan: Plan) -> Image<UInt32> {
        var (labels, inside, seeds) = prepare(markers, mask, plan)
        let pw = plan.paddedWidth
        var land = [Double](repeating: 0, count: plan.paddedCount)
        for y in 0..<plan.height {
            for x in 0..<plan.width { land[(y + 1) * pw + x + 1] = values[y * plan.width + x] }
        }
        let compact = plan.compactness > 0, lines = plan.watershedLine
        let compactness = plan.compactness
        var heap = ReplayHeap()
        land.withUnsafeBufferPointer { landBuf in
            labels.withUnsafeMutableBufferPointer { labBuf in
                inside.withUnsafeMutableBufferPointer { insBuf in
                    plan.offsets.withUnsafeBufferPointer { offsets in
                        let land = landBuf.baseAddress!, labels = labBuf.baseAddress!, inside = insBuf.baseAddress!
                        for s in seeds {
                            heap.push(HeapItem(value: land[Int(s)], age: 0, index: s, source: s))
                        }
                        var age: Int32 = 1
                        while let item = heap.pop() {
                            let p = Int(item.index), source = Int(item.source)
                            if compact || lines {
                                if labels[p] != 0 && p != source { continue }
                                if compact || !differentNeighbour(labels, inside, offsets, p, labels[source]) {
                                    labels[p] = labels[source]
                                }
                            }
                            for off in offsets {
                                let n = p &+ off
                                if inside[n] == 0 || labels[n] != 0 { continue }
                                age &+= 1
                                var value = land[n]
                                if compact {
                                    let dy = Double(n / pw - source / pw), dx = Double(n % pw - source % pw)
                                    var d2 = 0.0
                                    d2 += dy * dy
                                    d2 += dx * dx
                                    value += compactness * d2.squareRoot()
                                } else if !lines {
                                    labels[n] = labels[p]
                                }
                                if value < item.value { value = item.value }
                                heap.push(HeapItem(value: value, age: age, index: Int32(truncatingIfNeeded: n), source: item.source))
                            }
                        }
                    }
                }
            }
        }
        return crop(labels, plan)
    }

    /// The heap flood for `Float` landscapes without compactness: a (value, age) pair packs
    /// into one 64-bit key (the value's order-preserving bit pattern above the age), so
    /// each comparison of scikit-image's heap is one integer comparison; same order, same
    /// result.
    static func heapFloat(_ image: Image<Float>, _ markers: LabelMap, _ mask: Mask?, _ plan: Plan,
                          exactTies: Bool = true) -> Image<UInt32> {
        var (labels, inside, seeds) = prepare(markers, mask, plan)
        let pw = plan.paddedWidth, w = plan.width
        var land = [UInt32](repeating: 0, count: plan.paddedCount)
        land.withUnsafeMutableBufferPointer { dst in
            image.withUnsafeSamples { src in
                parallelRows(plan.height, costPerRow: w) { rows in
                    for y in rows {
                        for x in 0..<w { dst[(y + 1) * pw + x + 1] = orderedBits(src[y * w + x]) }
                    }
                }
            }
        }
        let lines = plan.watershedLine
        if !lines, let result = rankedFlood(land, &labels, inside, seeds, plan, exactTies: exactTies) { return result }
        var heap = PackedReplayHeap()
        land.withUnsafeBufferPointer { landBuf in
            labels.withUnsafeMutableBufferPointer { labBuf in
                inside.withUnsafeMutableBufferPointer { insBuf in
                    plan.offsets.withUnsafeBufferPointer { offsets in
                        let land = landBuf.baseAddress!, labels = labBuf.baseAddress!, inside = insBuf.baseAddress!
                        for s in seeds {
                            let i = Int(s)
                            heap.push(PackedHeapItem(key: UInt64(land[i]) << 32, index: UInt32(i), source: UInt32(i)))
                        }
                        var age: UInt32 = 1
                        while let item = heap.pop() {
                            let p = Int(item.index)
                            if lines {
                                let source = Int(item.source)
                                if labels[p] != 0 && p != source { continue }
                                if !differentNeighbour(labels, inside, offsets, p, labels[source]) { labels[p] = labels[source] }
                            }
                            let floor = item.key >> 32
                            for off in offsets {
                                let n = p &+ off
                                if inside[n] == 0 || labels[n] != 0 { continue }
                                age &+= 1
                                if !lines { labels[n] = labels[p] }
                                let value = UInt64(land[n])
                                let key = (value > floor ? value : floor) << 32 | UInt64(age)
                                heap.push(PackedHeapItem(key: key, index: UInt32(truncatingIfNeeded: n), source: item.source))
                            }
                        }
                    }
                }
            }
        }
        return crop(labels, plan)
    }

    /// The plain float flood without a heap, when no two marker pixels share a value (then
    /// every (value, age) key is distinct and any exact priority queue pops scikit-image's
    /// order). The in-mask values are radix-sorted into dense ranks, and each rank gets a
    /// FIFO (a linked list through `next`): the flood only ever queues a pixel at its own
    /// rank or at the rank being emptied, so FIFO order is age order. Returns nil (use the
    /// heap) when marker values tie (unless `exactTies` is false: then tied markers leave in
    /// raster order, like the bucket queue's) or a marker id is 2³²−1.
    static func rankedFlood(_ land: [UInt32], _ labels: inout [UInt32], _ inside: [UInt8], _ seeds: [Int32],
                            _ plan: Plan, exactTies: Bool) -> Image<UInt32>? {
        let blocked = UInt32.max
        if seeds.contains(where: { labels[Int($0)] == blocked }) { return nil }
        let n = land.count
        // Sort (value, index) of the pixels inside by value: three stable 11-bit passes.
        var count = 0
        for i in 0..<n where inside[i] != 0 { count += 1 }
        var items = [UInt64](repeating: 0, count: count)
        var spare = [UInt64](repeating: 0, count: count)
        var k = 0
        for i in 0..<n where inside[i] != 0 {
            items[k] = UInt64(land[i]) << 32 | UInt64(i)
            k += 1
        }
        items.withUnsafeMutableBufferPointer { a in
            spare.withUnsafeMutableBufferPointer { b in
                var src = a.baseAddress!, dst = b.baseAddress!
                var histogram = [Int](repeating: 0, count: 2048)
                for shift in [32, 43, 54] {
                    let bits: UInt64 = shift == 54 ? 1023 : 2047
                    for i in 0..<histogram.count { histogram[i] = 0 }
                    for i in 0..<count { histogram[Int((src[i] >> UInt64(shift)) & bits)] &+= 1 }
                    var sum = 0
                    for i in 0..<histogram.count {
                        let c = histogram[i]
                        histogram[i] = sum
                        sum &+= c
                    }
                    for i in 0..<count {
                        let v = src[i]
                        let d = Int((v >> UInt64(shift)) & bits)
                        dst[histogram[d]] = v
                        histogram[d] &+= 1
                    }
                    swap(&src, &dst)
                }
                // Three passes: the sorted data ended in `spare`; copy back.
                a.baseAddress!.update(from: src, count: count)
            }
        }
        var rank = [UInt32](repeating: 0, count: n)
        var levels = 0
        var previous: UInt64 = .max
        for v in items {
            let key = v >> 32
            if key != previous {
                levels += 1
                previous = key
            }
            rank[Int(v & 0xFFFF_FFFF)] = UInt32(levels - 1)
        }
        var seedLevels = Set<UInt32>()
        if exactTies {
            for s in seeds where !seedLevels.insert(rank[Int(s)]).inserted { return nil }
        }
        var head = [Int32](repeating: -1, count: levels), tail = [Int32](repeating: -1, count: levels)
        var next = [Int32](repeating: -1, count: n)
        for i in 0..<n where inside[i] == 0 { labels[i] = blocked }
        labels.withUnsafeMutableBufferPointer { labBuf in
            rank.withUnsafeBufferPointer { rankBuf in
                head.withUnsafeMutableBufferPointer { headBuf in
                    tail.withUnsafeMutableBufferPointer { tailBuf in
                        next.withUnsafeMutableBufferPointer { nextBuf in
                            let labels = labBuf.baseAddress!, rank = rankBuf.baseAddress!
                            let head = headBuf.baseAddress!, tail = tailBuf.baseAddress!, next = nextBuf.baseAddress!
                            @inline(__always) func push(_ level: Int, _ p: Int32) {
                                let t = tail[level]
                                if t < 0 { head[level] = p } else { next[Int(t)] = p }
                                tail[level] = p
                            }
                            for s in seeds { push(Int(rank[Int(s)]), s) }
                            let pw = plan.paddedWidth
                            let offsets = plan.offsets.count == 4 ? [-pw, -1, 1, pw, 0, 0, 0, 0] : plan.offsets
                            let eight = plan.offsets.count == 8
                            for level in 0..<levels {
                                while head[level] >= 0 {
                                    let p = Int(head[level])
                                    let after = next[p]
                                    head[level] = after
                                    if after < 0 { tail[level] = -1 }
                                    let label = labels[p]
                                    let lv32 = UInt32(truncatingIfNeeded: level)
                                    @inline(__always) func visit(_ q: Int) {
                                        if labels[q] == 0 {
                                            labels[q] = label
                                            let r = rank[q]
                                            push(Int(r > lv32 ? r : lv32), Int32(truncatingIfNeeded: q))
                                        }
                                    }
                                    visit(p &+ offsets[0])
                                    visit(p &+ offsets[1])
                                    visit(p &+ offsets[2])
                                    visit(p &+ offsets[3])
                                    if eight {
                                        visit(p &+ offsets[4])
                                        visit(p &+ offsets[5])
                                        visit(p &+ offsets[6])
                                        visit(p &+ offsets[7])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return crop(labels, plan, blocked: blocked)
    }

    /// A `UInt32` ordered as the floats are (−0 and +0 equal, as in a comparison).
    @inline(__always)
    static func orderedBits(_ value: Float) -> UInt32 {
        let bits = (value + 0).bitPattern  // -0 + 0 == +0
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }
}

extension Optional where Wrapped == Image<UInt8> {
    /// Runs `body` with the samples of the wrapped image, or nil.
    func withUnsafeSamplesOrNil<R>(_ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        switch self {
        case .some(let image): image.withUnsafeSamples { body($0) }
        case .none: body(nil)
        }
    }
}
