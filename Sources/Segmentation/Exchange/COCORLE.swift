extension COCO {
    /// A binary mask as COCO run-length encoding, exactly as pycocotools' `maskApi.c`.
    ///
    /// Pixels are taken column by column (Fortran order: index `x·height + y`); `counts`
    /// alternate between runs of 0 and runs of 1, starting with 0 (so a mask whose first
    /// pixel is set starts with a 0 count) and summing to `height × width`.
    ///
    /// ```swift
    /// let rle = COCO.RLE(mask)
    /// rle.compressed          // "0X1…", the string pycocotools writes
    /// try COCO.RLE(compressed: rle.compressed, height: rle.height, width: rle.width).mask() == mask
    /// ```
    public struct RLE: Sendable, Hashable {
        /// Rows of the mask.
        public let height: Int
        /// Columns of the mask.
        public let width: Int
        /// Alternating run lengths, zeros first.
        public let counts: [UInt32]

        /// Encodes a mask (pycocotools `encode`).
        public init(_ mask: Mask) {
            let h = mask.height, w = mask.width
            var counts: [UInt32] = []
            var previous: UInt8 = 0
            var run: UInt32 = 0
            mask.bits.withUnsafeSamples { bits in
                for x in 0..<w {
                    for y in 0..<h {
                        let b = bits[y &* w &+ x]
                        if b != previous {
                            counts.append(run)
                            run = 0
                            previous = b
                        }
                        run &+= 1
                    }
                }
            }
            counts.append(run)
            self.init(uncheckedHeight: h, width: w, counts: counts)
        }

        /// Run lengths as given (an "uncompressed RLE" `counts` list).
        ///
        /// - Throws: ``PixelEngineError`` (`coco`) when the counts do not sum to
        ///   `height × width` or the size is negative.
        public init(height: Int, width: Int, counts: [UInt32]) throws(PixelEngineError) {
            guard height >= 0, width >= 0 else {
                throw PixelEngineError("coco", "RLE size \(height)x\(width) is negative")
            }
            let sum = counts.reduce(0) { $0 + Int($1) }
            guard sum == height * width else {
                throw PixelEngineError("coco", "RLE counts sum to \(sum) pixels but the mask is \(height)x\(width) = \(height * width)")
            }
            self.init(uncheckedHeight: height, width: width, counts: counts)
        }

        init(uncheckedHeight height: Int, width: Int, counts: [UInt32]) {
            self.height = height
            self.width = width
            self.counts = counts
        }

        /// Decodes pycocotools' compressed counts string (`rleFrString`): LEB128-like
        /// groups of 5 bits in the characters 48…111, counts after the second stored as
        /// differences from the count two before.
        ///
        /// - Throws: ``PixelEngineError`` (`coco`) on a character outside 48…111, a string
        ///   ending inside a number, a negative count or counts not summing to the size.
        public init(compressed: String, height: Int, width: Int) throws(PixelEngineError) {
            var counts: [UInt32] = []
            var iterator = compressed.utf8.makeIterator()
            while let first = iterator.next() {
                var value: Int64 = 0
                var shift: Int64 = 0
                var byte = first
                while true {
                    guard byte >= 48 && byte <= 111 else {
                        throw PixelEngineError("coco", "RLE string has the character '\(Character(Unicode.Scalar(byte)))'; compressed counts use '0' to 'o'")
                    }
                    let c = Int64(byte) - 48
                    guard shift < 60 else { throw PixelEngineError("coco", "RLE string has a run that is too long") }
                    value |= (c & 0x1f) << shift
                    shift += 5
                    if c & 0x20 == 0 {
                        if c & 0x10 != 0 { value |= -1 << shift }
                        break
                    }
                    guard let next = iterator.next() else {
                        throw PixelEngineError("coco", "RLE string ends inside a number")
                    }
                    byte = next
                }
                if counts.count > 2 { value += Int64(counts[counts.count - 2]) }
                guard value >= 0 && value <= Int64(UInt32.max) else {
                    throw PixelEngineError("coco", "RLE string decodes to the run length \(value)")
                }
                counts.append(UInt32(value))
            }
            try self.init(height: height, width: width, counts: counts)
        }

        /// The counts as pycocotools writes them (`rleToString`).
        public var compressed: String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(counts.count * 2)
            for i in 0..<counts.count {
                var x = Int64(counts[i])
                if i > 2 { x -= Int64(counts[i - 2]) }
                var more = true
                while more {
                    var c = UInt8(truncatingIfNeeded: x & 0x1f)
                    x >>= 5
                    more = (c & 0x10) != 0 ? x != -1 : x != 0
                    if more { c |= 0x20 }
                    bytes.append(c + 48)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// Pixels set (pycocotools `area`).
        public var area: Int {
            stride(from: 1, to: counts.count, by: 2).reduce(0) { $0 + Int(counts[$1]) }
        }

        /// `[x, y, width, height]` as pycocotools `toBbox` computes it from the runs
        /// (`rleToBbox`). Note its rule: when one run of set pixels continues from the
        /// bottom of a column into the next, the box spans the full height.
        public var boundingBox: [Int] {
            let h = height
            let m = counts.count / 2 * 2
            if m == 0 || h == 0 { return [0, 0, 0, 0] }
            var xs = width, ys = h, xe = 0, ye = 0
            var cc = 0, xp = 0
            for j in 0..<m {
                cc += Int(counts[j])
                let t = cc - j % 2
                let y = t % h, x = (t - y) / h
                if j % 2 == 0 {
                    xp = x
                } else if xp < x {
                    ys = 0
                    ye = h - 1
                }
                xs = min(xs, x); xe = max(xe, x); ys = min(ys, y); ye = max(ye, y)
            }
            return [xs, ys, xe - xs + 1, ye - ys + 1]
        }

        /// The mask (pycocotools `decode`).
        public func mask() -> Mask {
            let h = height, w = width
            var bits = [UInt8](repeating: 0, count: h * w)
            var index = 0
            var value: UInt8 = 0
            for run in counts {
                if value != 0 {
                    for i in index..<(index + Int(run)) { bits[(i % h) * w + i / h] = 1 }
                }
                index += Int(run)
                value ^= 1
            }
            return Mask(uncheckedBits: Image(width: w, height: h, pixels: bits))
        }
    }
}

extension COCO {
    /// Rasterises COCO polygons the way pycocotools does (`frPyObjects` + `merge`, i.e.
    /// `rleFrPoly` on each polygon, then their union), so that masks match `annToMask`
    /// pixel for pixel.
    ///
    /// `rleFrPoly` walks each edge at 5× resolution and keeps, per column, the boundary
    /// crossings at pixel centres. As in pycocotools, when the first polygon has exactly 4
    /// numbers every entry is read as a box `[x, y, width, height]` instead.
    ///
    /// - Parameters:
    ///   - polygons: each `[x0, y0, x1, y1, …]` in pixel coordinates (x right, y down).
    ///   - height: rows of the mask.
    ///   - width: columns of the mask.
    /// - Returns: the union of the polygons' masks.
    /// - Throws: ``PixelEngineError`` (`coco`) when there are no polygons, the first has
    ///   fewer than 4 numbers, a polygon has an odd count, or a coordinate is not finite
    ///   or beyond ±10⁷.
    ///
    /// ```swift
    /// let square = try COCO.rasterize(polygons: [[1, 1, 5, 1, 5, 5, 1, 5]], height: 8, width: 8)
    /// ```
    public static func rasterize(polygons: [[Double]], height: Int, width: Int) throws(PixelEngineError) -> Mask {
        guard let first = polygons.first else {
            throw PixelEngineError("coco", "a segmentation has no polygons")
        }
        guard first.count >= 4 else {
            throw PixelEngineError("coco", "a polygon has \(first.count) numbers; it needs at least 3 points (6 numbers), or a box (4)")
        }
        guard height > 0 && width > 0 else { return Mask(width: max(width, 0), height: max(height, 0)) }
        var bits = [UInt8](repeating: 0, count: height * width)
        for polygon in polygons {
            let xy: [Double]
            if first.count == 4 {
                guard polygon.count == 4 else {
                    throw PixelEngineError("coco", "boxes need 4 numbers [x, y, width, height], got \(polygon.count)")
                }
                let xs = polygon[0], xe = xs + polygon[2], ys = polygon[1], ye = ys + polygon[3]
                xy = [xs, ys, xs, ye, xe, ye, xe, ys]
            } else {
                guard polygon.count % 2 == 0 else {
                    throw PixelEngineError("coco", "a polygon has an odd number of coordinates (\(polygon.count))")
                }
                xy = polygon
            }
            for v in xy where !(v.isFinite && abs(v) <= 1e7) {
                throw PixelEngineError("coco", "polygon coordinate \(v) is not a finite number within ±10^7")
            }
            let counts = polygonCounts(xy, height: height, width: width)
            var index = 0, value = false
            for run in counts {
                if value {
                    for i in index..<min(index + Int(run), height * width) { bits[(i % height) * width + i / height] = 1 }
                }
                index += Int(run)
                value.toggle()
            }
        }
        return Mask(uncheckedBits: Image(width: width, height: height, pixels: bits))
    }

    /// pycocotools' `rleFrPoly`, step by step (C integer truncation is Swift's `Int(_:)`).
    static func polygonCounts(_ xy: [Double], height h: Int, width w: Int) -> [UInt32] {
        let scale = 5.0
        let k = xy.count / 2
        if k == 0 { return [UInt32(h * w)] }
        var x = [Int](repeating: 0, count: k + 1), y = [Int](repeating: 0, count: k + 1)
        for j in 0..<k {
            x[j] = Int(scale * xy[2 * j] + 0.5)
            y[j] = Int(scale * xy[2 * j + 1] + 0.5)
        }
        x[k] = x[0]
        y[k] = y[0]
        // Dense points along the boundary.
        var u: [Int] = [], v: [Int] = []
        for j in 0..<k {
            var xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1]
            let dx = abs(xe - xs), dy = abs(ys - ye)
            let flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye)
            if flip { swap(&xs, &xe); swap(&ys, &ye) }
            if dx == 0 && dy == 0 {
                // C divides 0 by 0 here and casts the NaN; the point repeats its
                // neighbours' column, so its row is never read. Any value will do.
                u.append(xs)
                v.append(ys)
                continue
            }
            let s = dx >= dy ? Double(ye - ys) / Double(dx) : Double(xe - xs) / Double(dy)
            if dx >= dy {
                for d in 0...dx {
                    let t = flip ? dx - d : d
                    u.append(t + xs)
                    v.append(Int(Double(ys) + s * Double(t) + 0.5))
                }
            } else {
                for d in 0...dy {
                    let t = flip ? dy - d : d
                    v.append(t + ys)
                    u.append(Int(Double(xs) + s * Double(t) + 0.5))
                }
            }
        }
        // Boundary points at pixel centres, downsampled.
        var a: [Int] = []
        for j in 1..<max(1, u.count) where u[j] != u[j - 1] {
            var xd = Double(u[j] < u[j - 1] ? u[j] : u[j] - 1)
            xd = (xd + 0.5) / scale - 0.5
            if xd.rounded(.down) != xd || xd < 0 || xd > Double(w - 1) { continue }
            var yd = Double(v[j] < v[j - 1] ? v[j] : v[j - 1])
            yd = (yd + 0.5) / scale - 0.5
            if yd < 0 { yd = 0 } else if yd > Double(h) { yd = Double(h) }
            yd = yd.rounded(.up)
            a.append(Int(xd) * h + Int(yd))
        }
        a.append(h * w)
        a.sort()
        var previous = 0
        for j in 0..<a.count {
            let t = a[j]
            a[j] -= previous
            previous = t
        }
        // Runs: zero-length runs are folded into the next-but-one.
        var b: [Int] = [a[0]]
        var j = 1
        while j < a.count {
            if a[j] > 0 {
                b.append(a[j])
                j += 1
            } else {
                j += 1
                if j < a.count {
                    b[b.count - 1] += a[j]
                    j += 1
                }
            }
        }
        return b.map { UInt32(truncatingIfNeeded: $0) }
    }
}
