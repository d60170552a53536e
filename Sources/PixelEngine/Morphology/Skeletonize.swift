extension Mask {
    /// Thins every object to a one-pixel-wide, 8-connected skeleton
    /// (`skimage.morphology.skeletonize` on 2-D images, its Zhang–Suen-style method).
    ///
    /// Each iteration runs two sub-passes; in each, every set pixel whose 8-neighbourhood
    /// the table ``SkeletonTable`` marks as removable in that sub-pass is cleared, all
    /// decisions taken on the image as it was at the start of the sub-pass. Iterations stop
    /// when one removes nothing. Pixels outside the mask count as unset. Only pixels on an
    /// object's boundary are ever examined, so the cost follows the boundary, not the area.
    ///
    /// - Returns: a mask of the same size, a subset of this one.
    /// - Throws: ``PixelEngineError`` (operation `skeletonize`) for an empty mask.
    ///
    /// ```swift
    /// let centreLines = try vessels.skeletonize()
    /// ```
    public func skeletonize() throws(PixelEngineError) -> Mask {
        try Validate.nonEmpty(bits, "skeletonize")
        let w = width, h = height
        let stride = w + 2
        // One pixel of unset border so that neighbour reads never leave the buffer.
        var grid = [UInt8](repeating: 0, count: stride * (h + 2))
        grid.withUnsafeMutableBufferPointer { gridBuffer in
            let g = gridBuffer.baseAddress!
            bits.withUnsafeSamples { src in
                for y in 0..<h { (g + (y + 1) * stride + 1).update(from: src.baseAddress! + y * w, count: w) }
            }
            SkeletonTable.table.withUnsafeBufferPointer { table in
                Self.thin(g, width: w, height: h, table: table.baseAddress!)
            }
        }
        let out = grid.withUnsafeBufferPointer { grid in
            Image<UInt8>.generate(width: w, height: h) { rows, out in
                for y in rows {
                    (out.baseAddress! + y * w).initialize(from: grid.baseAddress! + (y + 1) * stride + 1, count: w)
                }
            }
        }
        return Mask(uncheckedBits: out)
    }

    /// The thinning iterations on a zero-bordered grid, in place.
    private static func thin(_ g: UnsafeMutablePointer<UInt8>, width w: Int, height h: Int,
                             table: UnsafePointer<UInt8>) {
        let stride = w &+ 2
        @inline(__always) func code(_ i: Int) -> Int {
            let up = i &- stride, down = i &+ stride
            var c = Int(g[up &- 1])
            c |= Int(g[up]) << 1
            c |= Int(g[up &+ 1]) << 2
            c |= Int(g[i &+ 1]) << 3
            c |= Int(g[down &+ 1]) << 4
            c |= Int(g[down]) << 5
            c |= Int(g[down &- 1]) << 6
            c |= Int(g[i &- 1]) << 7
            return c
        }
        // Candidates: set pixels with an unset neighbour (a pixel with all 8 neighbours set
        // is never removable). `queued` marks membership.
        var queued = [UInt8](repeating: 0, count: stride * (h + 2))
        var candidates: [Int32] = []
        for y in 1...h {
            for x in 1...w {
                let i = y * stride + x
                if g[i] != 0 && code(i) != 255 {
                    candidates.append(Int32(i))
                    queued[i] = 1
                }
            }
        }
        // A candidate whose table entry is 0 cannot go until a neighbour goes: it leaves the
        // list and comes back when a neighbour is removed, so each pass only looks at the
        // moving front of the thinning.
        var removed: [Int32] = []
        var next: [Int32] = []
        let neighbours = [-stride - 1, -stride, -stride + 1, -1, 1, stride - 1, stride, stride + 1]
        var idle = 0
        var pass = 1
        // Stop after two consecutive passes remove nothing (one full iteration).
        while idle < 2 && !candidates.isEmpty {
            removed.removeAll(keepingCapacity: true)
            next.removeAll(keepingCapacity: true)
            for i32 in candidates {
                let i = Int(i32)
                let v = table[code(i)]
                if v == 3 || v == pass {
                    removed.append(i32)
                } else if v == 0 {
                    queued[i] = 0
                } else {
                    next.append(i32)
                }
            }
            if removed.isEmpty {
                idle &+= 1
            } else {
                idle = 0
                for i in removed { g[Int(i)] = 0; queued[Int(i)] = 0 }
                for i in removed {
                    for d in neighbours {
                        let j = Int(i) &+ d
                        if g[j] != 0 && queued[j] == 0 {
                            queued[j] = 1
                            next.append(Int32(j))
                        }
                    }
                }
            }
            swap(&candidates, &next)
            pass = 3 &- pass
        }
    }
}

/// The removal table of ``Mask/skeletonize()``: for each 8-neighbourhood code (bit 0 the
/// north-west neighbour, then clockwise: N, NE, E, SE, S, SW, W), 1 = removable in the
/// first sub-pass, 2 = in the second, 3 = in both, 0 = never.
///
/// scikit-image's table is a hand-corrected variant of Zhang–Suen's conditions (it differs
/// from them in entries such as `N+E`, which it removes). This one was recovered from
/// scikit-image's output by `Scripts/fixtures/skeleton_table.py`, which fits it on random
/// masks and checks it on fresh ones.
enum SkeletonTable {
    static let table: [UInt8] = [
        0, 0, 0, 1, 0, 0, 1, 3, 0, 0, 3, 1, 1, 0, 1, 3,
        0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 3, 0, 3, 3,
        0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 2, 2,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0,
        3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 3, 0, 2, 0,
        0, 0, 3, 1, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 3, 1, 3, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
        3, 3, 0, 1, 0, 0, 0, 0, 2, 2, 0, 0, 2, 0, 0, 0,
    ]
}
