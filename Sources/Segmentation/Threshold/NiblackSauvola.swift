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
        case .uint8(let image): return image.localStatistics(windowSize, .niblack(k: k))
        case .uint16(let image): return image.localStatistics(windowSize, .niblack(k: k))
        case .uint32(let image): return image.localStatistics(windowSize, .niblack(k: k))
        case .float32(let image): return image.localStatistics(windowSize, .niblack(k: k))
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
        case .uint8(let image): return image.localMask(windowSize, .niblack(k: k))
        case .uint16(let image): return image.localMask(windowSize, .niblack(k: k))
        case .uint32(let image): return image.localMask(windowSize, .niblack(k: k))
        case .float32(let image): return image.localMask(windowSize, .niblack(k: k))
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
        case .uint8(let image): return image.localStatistics(windowSize, .sauvola(k: k, r: range))
        case .uint16(let image): return image.localStatistics(windowSize, .sauvola(k: k, r: range))
        case .uint32(let image): return image.localStatistics(windowSize, .sauvola(k: k, r: range))
        case .float32(let image): return image.localStatistics(windowSize, .sauvola(k: k, r: range))
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
        case .uint8(let image): return image.localMask(windowSize, .sauvola(k: k, r: range))
        case .uint16(let image): return image.localMask(windowSize, .sauvola(k: k, r: range))
        case .uint32(let image): return image.localMask(windowSize, .sauvola(k: k, r: range))
        case .float32(let image): return image.localMask(windowSize, .sauvola(k: k, r: range))
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

    /// The threshold image of `formula`, as scikit-image's `_mean_std`: window mean
    /// `m = Σx / n` and `s = sqrt(max(0, Σx²/n − m²))`, here from `n·Σx² − (Σx)²`, exact for
    /// integer samples.
    func localStatistics(_ windowSize: Int, _ formula: LocalFormula) -> Image<Float> {
        Sample.isFloatingPoint ? localKernel(windowSize, formula, Double.self, mask: false)
                               : localKernel(windowSize, formula, Int.self, mask: false)
    }

    /// The pixels above the threshold of `formula`, compared in double.
    func localMask(_ windowSize: Int, _ formula: LocalFormula) -> Mask {
        Mask(uncheckedBits: Sample.isFloatingPoint ? localKernel(windowSize, formula, Double.self, mask: true)
                                                   : localKernel(windowSize, formula, Int.self, mask: true))
    }

    func localKernel<Acc: WindowAccumulator, Out: PixelSample>(_ windowSize: Int, _ formula: LocalFormula,
                                                               _: Acc.Type, mask: Bool) -> Image<Out> {
        let area = Double(windowSize * windowSize), inverse = 1 / area
        return windowMoments(size: windowSize, mode: .mirror, squares: true, accumulator: Acc.self) { (_, sums, squares, input, out: UnsafeMutablePointer<Out>) in
            @inline(__always) func emit(_ x: Int, _ t: Double) {
                if mask {
                    out[x] = input[x].doubleValue > t ? Out(clamping: 1.0) : Out.zero
                } else {
                    out[x] = Out(clamping: t)
                }
            }
            switch formula {
            case .niblack(let k):
                for x in 0..<width {
                    let s1 = sums[x].doubleValue
                    let m = s1 / area  // divided, as scikit-image: flat windows give m exactly
                    let s = max(0, squares[x].doubleValue * area - s1 * s1).squareRoot() * inverse
                    emit(x, m - k * s)
                }
            case .sauvola(let k, let r):
                let kOverR = k / r
                for x in 0..<width {
                    let s1 = sums[x].doubleValue
                    let m = s1 / area  // divided, as scikit-image: flat windows give m exactly
                    let s = max(0, squares[x].doubleValue * area - s1 * s1).squareRoot() * inverse
                    emit(x, m * (1 - k + kOverR * s))
                }
            }
        }
    }
}

/// The per-pixel formula of a Niblack or Sauvola threshold.
enum LocalFormula {
    case niblack(k: Double)
    case sauvola(k: Double, r: Double)
}
