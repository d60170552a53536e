/// The two directions of morphological reconstruction.
public enum ReconstructionMethod: String, Sendable, Hashable, CaseIterable {
    /// Grow the seed under the mask (the seed must be `<=` the mask).
    case dilation
    /// Shrink the seed above the mask (the seed must be `>=` the mask).
    case erosion
}

extension Image {
    /// Morphological reconstruction of this image (the seed) under or above `mask`
    /// (`skimage.morphology.reconstruction(seed, mask, method, footprint)`).
    ///
    /// By dilation, every pixel becomes the largest value `v` such that a path of pixels
    /// with seed ≥ `v` somewhere on it and mask ≥ `v` all along reaches it: the seed's
    /// peaks flood the mask's domes. Erosion is the dual. The result is defined by the lattice
    /// alone, so it equals scikit-image's exactly. Vincent's hybrid algorithm: a raster and
    /// an anti-raster sweep, then a FIFO that propagates what the sweeps left unfinished.
    ///
    /// - Parameters:
    ///   - mask: the bound, same size; one channel.
    ///   - method: `.dilation` (default; seed ≤ mask) or `.erosion` (seed ≥ mask).
    ///   - connectivity: 2 (default, the 3x3 square as scikit-image) or 1 (the cross).
    /// - Returns: an image of the seed's size and type, between seed and mask.
    /// - Throws: ``PixelEngineError`` (`reconstruction`) for empty or multi-channel images,
    ///   mismatched sizes, a bad connectivity, or a seed on the wrong side of the mask.
    ///
    /// ```swift
    /// let domes = try img - (try (img - 20).reconstruction(mask: img))
    /// ```
    public func reconstruction(mask: Image, method: ReconstructionMethod = .dilation,
                               connectivity: Int = 2) throws(PixelEngineError) -> Image {
        let op = "reconstruction"
        try Validate.nonEmpty(self, op)
        try Validate.channels(self, [1], op)
        try Validate.sameShape(self, mask, op)
        try Validate.inRange(connectivity, 1...2, "connectivity", op)
        let seedValues = pixels, maskValues = mask.pixels
        switch method {
        case .dilation:
            if Swift.zip(seedValues, maskValues).contains(where: { $0 > $1 }) {
                throw PixelEngineError(op, "the seed must be <= the mask everywhere for reconstruction by dilation")
            }
        case .erosion:
            if Swift.zip(seedValues, maskValues).contains(where: { $0 < $1 }) {
                throw PixelEngineError(op, "the seed must be >= the mask everywhere for reconstruction by erosion")
            }
        }
        let out: [Sample]
        switch Sample.sampleType {
        case .uint8: out = unsafeBitCast(Reconstruct.run(unsafeBitCast(seedValues, to: [UInt8].self), unsafeBitCast(maskValues, to: [UInt8].self),
                                                         width: width, height: height, method: method, eight: connectivity == 2), to: [Sample].self)
        case .uint16: out = unsafeBitCast(Reconstruct.run(unsafeBitCast(seedValues, to: [UInt16].self), unsafeBitCast(maskValues, to: [UInt16].self),
                                                          width: width, height: height, method: method, eight: connectivity == 2), to: [Sample].self)
        case .uint32: out = unsafeBitCast(Reconstruct.run(unsafeBitCast(seedValues, to: [UInt32].self), unsafeBitCast(maskValues, to: [UInt32].self),
                                                          width: width, height: height, method: method, eight: connectivity == 2), to: [Sample].self)
        case .float32: out = unsafeBitCast(Reconstruct.run(unsafeBitCast(seedValues, to: [Float].self), unsafeBitCast(maskValues, to: [Float].self),
                                                           width: width, height: height, method: method, eight: connectivity == 2), to: [Sample].self)
        }
        return Image(width: width, height: height, pixels: out)
    }
}

/// Values with an order-reversing involution, so erosion can run as dilation.
protocol ReconstructionValue: Comparable, BitwiseCopyable {
    var reversed: Self { get }
}

extension UInt8: ReconstructionValue { var reversed: UInt8 { ~self } }
extension UInt16: ReconstructionValue { var reversed: UInt16 { ~self } }
extension UInt32: ReconstructionValue { var reversed: UInt32 { ~self } }
extension Float: ReconstructionValue { var reversed: Float { -self } }
extension Double: ReconstructionValue { var reversed: Double { -self } }

/// Vincent's hybrid reconstruction by dilation on padded copies.
enum Reconstruct {
    static func run<T: ReconstructionValue>(_ seed: [T], _ mask: [T], width w: Int, height h: Int,
                                            method: ReconstructionMethod, eight: Bool) -> [T] {
        let flip = method == .erosion
        let seed = flip ? seed.map(\.reversed) : seed
        let mask = flip ? mask.map(\.reversed) : mask
        let out = dilate(seed, mask, width: w, height: h, eight: eight)
        return flip ? out.map(\.reversed) : out
    }

    static func dilate<T: Comparable>(_ seed: [T], _ mask: [T], width w: Int, height h: Int, eight: Bool) -> [T] {
        // Pad with the seed's minimum: it never raises a neighbour and, equal to the padded
        // mask, is never queued.
        let low = seed.min()!
        let pw = w + 2
        var rec = [T](repeating: low, count: pw * (h + 2))
        var bound = rec
        for y in 0..<h {
            for x in 0..<w {
                rec[(y + 1) * pw + x + 1] = seed[y * w + x]
                bound[(y + 1) * pw + x + 1] = mask[y * w + x]
            }
        }
        let before = eight ? [-pw - 1, -pw, -pw + 1, -1] : [-pw, -1]
        let after = eight ? [1, pw - 1, pw, pw + 1] : [1, pw]
        let all = before + after
        var fifo = [Int32]()
        rec.withUnsafeMutableBufferPointer { recBuf in
            bound.withUnsafeBufferPointer { boundBuf in
                let r = recBuf.baseAddress!, m = boundBuf.baseAddress!
                for y in 1...h {
                    for p in (y * pw + 1)...(y * pw + w) {
                        var v = r[p]
                        for o in before where r[p &+ o] > v { v = r[p &+ o] }
                        r[p] = Swift.min(v, m[p])
                    }
                }
                for y in stride(from: h, through: 1, by: -1) {
                    for p in stride(from: y * pw + w, through: y * pw + 1, by: -1) {
                        var v = r[p]
                        for o in after where r[p &+ o] > v { v = r[p &+ o] }
                        v = Swift.min(v, m[p])
                        r[p] = v
                        for o in after {
                            let q = p &+ o
                            if r[q] < v && r[q] < m[q] {
                                fifo.append(Int32(truncatingIfNeeded: p))
                                break
                            }
                        }
                    }
                }
                var head = 0
                while head < fifo.count {
                    let p = Int(fifo[head])
                    head &+= 1
                    let v = r[p]
                    for o in all {
                        let q = p &+ o
                        if r[q] < v && m[q] != r[q] {
                            r[q] = Swift.min(v, m[q])
                            fifo.append(Int32(truncatingIfNeeded: q))
                        }
                    }
                }
            }
        }
        var out = [T]()
        out.reserveCapacity(w * h)
        for y in 0..<h { out.append(contentsOf: rec[((y + 1) * pw + 1)..<((y + 1) * pw + 1 + w)]) }
        return out
    }
}
