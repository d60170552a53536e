/// Niblack and Sauvola local thresholds, as `skimage.filters.threshold_niblack` and
/// `threshold_sauvola`: from the mean `m` and standard deviation `s` of each pixel's
/// `windowSize × windowSize` window (image mirrored at the borders, numpy's `pad` mode
/// `reflect` = scipy's `mirror`).
extension Image {
    /// The Niblack threshold image `m − k·s`.
    ///
    /// - Parameters:
    ///   - windowSize: odd window side, ≥ 1 (scikit-image's default 15).
    ///   - k: weight of the standard deviation (default 0.2).
    /// - Returns: a `Float` image of the same size, in the image's units, within 1e-4
    ///   relative of scikit-image's. Cost is independent of `windowSize`.
    /// - Throws: ``PixelEngineError`` (operation `thresholdNiblack`) for an even window, a
    ///   non-finite `k`, an empty, multi-channel, `UInt32` or non-finite image.
    ///
    /// ```swift
    /// let t = try page.thresholdNiblack(windowSize: 25, k: 0.8)
    /// ```
    public func thresholdNiblack(windowSize: Int = 15, k: Double = 0.2) throws(PixelEngineError) -> Image<Float> {
        try validateWindow("thresholdNiblack", windowSize, k)
        switch concrete {
        case .uint8(let image): return image.localStatistics(windowSize) { m, s in m - k * s }
        case .uint16(let image): return image.localStatistics(windowSize) { m, s in m - k * s }
        case .uint32(let image): return image.localStatistics(windowSize) { m, s in m - k * s }
        case .float32(let image): return image.localStatistics(windowSize) { m, s in m - k * s }
        }
    }

    /// The pixels above their Niblack threshold: `image > thresholdNiblack(...)`, compared
    /// in double.
    ///
    /// - Parameters: as ``thresholdNiblack(windowSize:k:)``.
    /// - Returns: a mask of the image's size.
    /// - Throws: as ``thresholdNiblack(windowSize:k:)``.
    ///
    /// ```swift
    /// let ink = try page.thresholdNiblackMask(windowSize: 25).not()
    /// ```
    public func thresholdNiblackMask(windowSize: Int = 15, k: Double = 0.2) throws(PixelEngineError) -> Mask {
        try validateWindow("thresholdNiblack", windowSize, k)
        switch concrete {
        case .uint8(let image): return image.localMask(windowSize) { m, s in m - k * s }
        case .uint16(let image): return image.localMask(windowSize) { m, s in m - k * s }
        case .uint32(let image): return image.localMask(windowSize) { m, s in m - k * s }
        case .float32(let image): return image.localMask(windowSize) { m, s in m - k * s }
        }
    }

    /// The Sauvola threshold image `m · (1 + k · (s / r − 1))`.
    ///
    /// - Parameters:
    ///   - windowSize: odd window side, ≥ 1 (scikit-image's default 15).
    ///   - k: weight of the standard deviation (default 0.2).
    ///   - r: the dynamic range of the standard deviation; `nil` is half the sample type's
    ///     range as scikit-image: 127.5 for 8-bit, 32767.5 for 16-bit, 1 for float (whose
    ///     range scikit-image takes as −1...1).
    /// - Returns: a `Float` image of the same size, in the image's units, within 1e-4
    ///   relative of scikit-image's. Cost is independent of `windowSize`.
    /// - Throws: ``PixelEngineError`` (operation `thresholdSauvola`) for an even window, a
    ///   non-finite `k`, `r ≤ 0`, an empty, multi-channel, `UInt32` or non-finite image.
    ///
    /// ```swift
    /// let t = try page.thresholdSauvola(windowSize: 25)
    /// ```
    public func thresholdSauvola(windowSize: Int = 15, k: Double = 0.2, r: Double? = nil) throws(PixelEngineError) -> Image<Float> {
        let range = try validateSauvola(windowSize, k, r)
        switch concrete {
        case .uint8(let image): return image.localStatistics(windowSize) { m, s in m * (1 + k * (s / range - 1)) }
        case .uint16(let image): return image.localStatistics(windowSize) { m, s in m * (1 + k * (s / range - 1)) }
        case .uint32(let image): return image.localStatistics(windowSize) { m, s in m * (1 + k * (s / range - 1)) }
        case .float32(let image): return image.localStatistics(windowSize) { m, s in m * (1 + k * (s / range - 1)) }
        }
    }

    /// The pixels above their Sauvola threshold: `image > thresholdSauvola(...)`, compared
    /// in double.
    ///
    /// - Parameters: as ``thresholdSauvola(windowSize:k:r:)``.
    /// - Returns: a mask of the image's size.
    /// - Throws: as ``thresholdSauvola(windowSize:k:r:)``.
    ///
    /// ```swift
    /// let ink = try page.thresholdSauvolaMask(windowSize: 25).not()
    /// ```
    public func thresholdSauvolaMask(windowSize: Int = 15, k: Double = 0.2, r: Double? = nil) throws(PixelEngineError) -> Mask {
        let range = try validateSauvola(windowSize, k, r)
        switch concrete {
        case .uint8(let image): return image.localMask(windowSize) { m, s in m * (1 + k * (s / range - 1)) }
        case .uint16(let image): return image.localMask(windowSize) { m, s in m * (1 + k * (s / range - 1)) }
        case .uint32(let image): return image.localMask(windowSize) { m, s in m * (1 + k * (s / range - 1)) }
        case .float32(let image): return image.localMask(windowSize) { m, s in m * (1 + k * (s / range - 1)) }
        }
    }

    func validateWindow(_ op: String, _ windowSize: Int, _ k: Double) throws(PixelEngineError) {
        try validateIntensity(op)
        if windowSize < 1 || windowSize % 2 == 0 || windowSize > 8191 {
            throw PixelEngineError(op, "windowSize must be odd and in 1...8191, got \(windowSize)")
        }
        guard k.isFinite else { throw PixelEngineError(op, "k must be finite, got \(k)") }
    }

    func validateSauvola(_ windowSize: Int, _ k: Double, _ r: Double?) throws(PixelEngineError) -> Double {
        try validateWindow("thresholdSauvola", windowSize, k)
        if let r {
            try Validate.positive(r, "r", "thresholdSauvola")
            return r
        }
        return Sample.isFloatingPoint ? 1 : Sample.nominalMax.doubleValue / 2
    }

    /// `formula(mean, std)` per pixel, as scikit-image's `_mean_std`: window sums divided
    /// by the window area, `std = sqrt(max(0, E[x²] − m²))`.
    @inline(__always)
    func localStatistics(_ windowSize: Int, _ formula: (Double, Double) -> Double) -> Image<Float> {
        let area = Double(windowSize * windowSize)
        return windowMoments(size: windowSize, mode: .mirror, squares: true) { (_, sums, squares, _, out: UnsafeMutablePointer<Float>) in
            for x in 0..<width {
                let m = sums[x] / area
                let s = max(0, squares[x] / area - m * m).squareRoot()
                out[x] = Float(formula(m, s))
            }
        }
    }

    @inline(__always)
    func localMask(_ windowSize: Int, _ formula: (Double, Double) -> Double) -> Mask {
        let area = Double(windowSize * windowSize)
        return Mask(uncheckedBits: windowMoments(size: windowSize, mode: .mirror, squares: true) { (_, sums, squares, input, out: UnsafeMutablePointer<UInt8>) in
            for x in 0..<width {
                let m = sums[x] / area
                let s = max(0, squares[x] / area - m * m).squareRoot()
                out[x] = input[x].doubleValue > formula(m, s) ? 1 : 0
            }
        })
    }
}
