extension Image {
    /// The image rotated by `k` quarter turns, counter-clockwise as displayed (x right,
    /// y down), exactly as `numpy.rot90(img, k)`: `k = 1` moves the top-right corner to the
    /// top-left. Negative `k` turns clockwise; any integer is taken modulo 4.
    ///
    /// - Returns: an image with the same sample type and channels; width and height are
    ///   swapped when `k` is odd. No interpolation: samples are only moved.
    ///
    /// ```swift
    /// let turned = img.rotate90(1)   // width×height → height×width
    /// ```
    @inlinable
    public func rotate90(_ k: Int = 1) -> Image {
        let turns = ((k % 4) + 4) % 4
        if turns == 0 { return self }
        if turns == 2 { return flip(.both) }
        let w = width
        let h = height
        let c = channels
        // Output is h wide and w tall. turns 1: out(x, y) = in(w-1-y, x); turns 3: in(y, h-1-x).
        return withUnsafeSamples { source in
            Image.generate(width: h, height: w, channels: c, costPerRow: h &* c) { rows, output in
                guard let src = source.baseAddress, let dst = output.baseAddress else { return }
                let inStride = w &* c
                for y in rows {
                    let d = dst + y &* h &* c
                    if turns == 1 {
                        let col = (w &- 1 &- y) &* c
                        for x in 0..<h {
                            let s = src + (x &* inStride &+ col)
                            for k in 0..<c { d[x &* c &+ k] = s[k] }
                        }
                    } else {
                        let col = y &* c
                        for x in 0..<h {
                            let s = src + ((h &- 1 &- x) &* inStride &+ col)
                            for k in 0..<c { d[x &* c &+ k] = s[k] }
                        }
                    }
                }
            }
        }
    }
}

extension Mask {
    /// The mask turned by `k` quarter turns counter-clockwise; see ``Image/rotate90(_:)``.
    ///
    /// ```swift
    /// let turned = mask.rotate90(-1)
    /// ```
    public func rotate90(_ k: Int = 1) -> Mask { Mask(uncheckedBits: bits.rotate90(k)) }
}

extension LabelMap {
    /// The label map turned by `k` quarter turns counter-clockwise; see ``Image/rotate90(_:)``.
    ///
    /// ```swift
    /// let turned = labels.rotate90(2)
    /// ```
    public func rotate90(_ k: Int = 1) -> LabelMap { LabelMap(ids: ids.rotate90(k)) }
}

extension ClassMap {
    /// The class map turned by `k` quarter turns counter-clockwise; see ``Image/rotate90(_:)``.
    ///
    /// ```swift
    /// let turned = classes.rotate90(1)
    /// ```
    public func rotate90(_ k: Int = 1) -> ClassMap { withIndices(indices.rotate90(k)) }
}
