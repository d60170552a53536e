extension Image {
    /// The maxima of height at least `h` (`skimage.morphology.h_maxima(image, h)`): pixels
    /// where the image exceeds its reconstruction from `image − h` by `h` or more.
    ///
    /// Arithmetic follows scikit-image exactly: integer images with a whole `h` subtract
    /// with clipping at 0; float images subtract `h` and a relative guard of
    /// `2·10⁻⁶·|value|` in `Float`; integer images with a fractional `h` are processed in
    /// `Double` (with a `2·10⁻¹⁵` guard). When `h` exceeds the image's range nothing is a
    /// maximum.
    ///
    /// - Parameters:
    ///   - h: the minimal height, > 0.
    ///   - connectivity: 2 (default, the 3x3 square as scikit-image) or 1.
    /// - Returns: a mask of the image's size.
    /// - Throws: ``PixelEngineError`` (`hMaxima`) for an empty or multi-channel image, `h` not
    ///   finite and > 0, or a bad connectivity.
    ///
    /// ```swift
    /// let seeds = try edt.hMaxima(h: 2)
    /// ```
    public func hMaxima(h: Double, connectivity: Int = 2) throws(PixelEngineError) -> Mask {
        let op = "hMaxima"
        try Validate.nonEmpty(self, op)
        try Validate.channels(self, [1], op)
        try Validate.positive(h, "h", op)
        try Validate.inRange(connectivity, 1...2, "connectivity", op)
        let eight = connectivity == 2
        let bits: [UInt8]
        switch Sample.sampleType {
        case .float32:
            let x = unsafeBitCast(pixels, to: [Float].self)
            let hf = Float(h)
            let ptp = x.max()! - x.min()!
            if hf > ptp { return Mask(width: width, height: height) }
            let guardFactor = Float(2) * Float(1e-6)
            let shifted = x.map { ($0 - hf) - guardFactor * abs($0) }
            let rec = Reconstruct.dilate(shifted, x, width: width, height: height, eight: eight)
            bits = (0..<x.count).map { x[$0] - rec[$0] >= hf ? 1 : 0 }
        default:
            let x = pixels
            let ptp = x.max()!.doubleValue - x.min()!.doubleValue
            if h > ptp { return Mask(width: width, height: height) }
            if h.rounded() == h {
                bits = HMaxima.integer(x, h: h, width: width, height: height, eight: eight)
            } else {
                let d = x.map(\.doubleValue)
                let guardFactor = 2 * 1e-15
                let shifted = d.map { ($0 - h) - guardFactor * abs($0) }
                let rec = Reconstruct.dilate(shifted, d, width: width, height: height, eight: eight)
                bits = (0..<d.count).map { d[$0] - rec[$0] >= h ? 1 : 0 }
            }
        }
        return Mask(uncheckedBits: Image<UInt8>(width: width, height: height, pixels: bits))
    }

    /// The regional maxima (`skimage.morphology.local_maxima(image, connectivity)`):
    /// connected plateaus of equal value whose every neighbour is strictly lower. Pixels
    /// outside the image do not count as neighbours, except that, as scikit-image pads with
    /// the image minimum, a constant image has no maximum.
    ///
    /// - Parameter connectivity: 2 (default, 8 neighbours, scikit-image's default) or 1.
    /// - Returns: a mask of the image's size.
    /// - Throws: ``PixelEngineError`` (`regionalMaxima`) for an empty or multi-channel image
    ///   or a bad connectivity.
    ///
    /// ```swift
    /// let tops = try smooth.regionalMaxima()
    /// ```
    public func regionalMaxima(connectivity: Int = 2) throws(PixelEngineError) -> Mask {
        let op = "regionalMaxima"
        try Validate.nonEmpty(self, op)
        try Validate.channels(self, [1], op)
        try Validate.inRange(connectivity, 1...2, "connectivity", op)
        let bits: [UInt8]
        switch Sample.sampleType {
        case .uint8: bits = HMaxima.plateaus(unsafeBitCast(pixels, to: [UInt8].self), width: width, height: height, eight: connectivity == 2)
        case .uint16: bits = HMaxima.plateaus(unsafeBitCast(pixels, to: [UInt16].self), width: width, height: height, eight: connectivity == 2)
        case .uint32: bits = HMaxima.plateaus(unsafeBitCast(pixels, to: [UInt32].self), width: width, height: height, eight: connectivity == 2)
        case .float32: bits = HMaxima.plateaus(unsafeBitCast(pixels, to: [Float].self), width: width, height: height, eight: connectivity == 2)
        }
        return Mask(uncheckedBits: Image<UInt8>(width: width, height: height, pixels: bits))
    }
}

enum HMaxima {
    static func integer<S: PixelSample>(_ x: [S], h: Double, width: Int, height: Int, eight: Bool) -> [UInt8] {
        switch S.sampleType {
        case .uint8: integer(unsafeBitCast(x, to: [UInt8].self), UInt8(h), width, height, eight)
        case .uint16: integer(unsafeBitCast(x, to: [UInt16].self), UInt16(h), width, height, eight)
        case .uint32: integer(unsafeBitCast(x, to: [UInt32].self), UInt32(h), width, height, eight)
        case .float32: preconditionFailure("HMaxima.integer: float image")
        }
    }

    static func integer<T: FixedWidthInteger & ReconstructionValue>(_ x: [T], _ h: T, _ w: Int, _ hgt: Int, _ eight: Bool) -> [UInt8] {
        let shifted = x.map { $0 >= h ? $0 - h : 0 }
        let rec = Reconstruct.dilate(shifted, x, width: w, height: hgt, eight: eight)
        return (0..<x.count).map { x[$0] - rec[$0] >= h ? 1 : 0 }
    }

    /// Plateaus with no higher neighbour, by flooding each plateau once.
    static func plateaus<T: Comparable>(_ v: [T], width w: Int, height h: Int, eight: Bool) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: w * h)
        if v.allSatisfy({ $0 == v[0] }) { return out }
        var seen = [Bool](repeating: false, count: w * h)
        var plateau: [Int] = []
        let deltas = eight ? [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
                           : [(0, -1), (-1, 0), (1, 0), (0, 1)]
        for start in 0..<(w * h) where !seen[start] {
            let level = v[start]
            plateau.removeAll(keepingCapacity: true)
            plateau.append(start)
            seen[start] = true
            var isMax = true
            var head = 0
            while head < plateau.count {
                let p = plateau[head]
                head += 1
                let x = p % w, y = p / w
                for (dx, dy) in deltas {
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0, nx < w, ny >= 0, ny < h else { continue }
                    let n = ny * w + nx
                    if v[n] > level {
                        isMax = false
                    } else if v[n] == level && !seen[n] {
                        seen[n] = true
                        plateau.append(n)
                    }
                }
            }
            if isMax { for p in plateau { out[p] = 1 } }
        }
        return out
    }
}
