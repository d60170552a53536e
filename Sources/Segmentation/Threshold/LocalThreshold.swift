/// Adaptive (local) thresholds: `skimage.filters.threshold_local`, `threshold_niblack`,
/// `threshold_sauvola`.

/// How ``Image/thresholdLocal(blockSize:method:offset:mode:)`` weighs the neighbourhood.
public enum LocalThresholdMethod: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Gaussian-weighted mean, sigma = (blockSize − 1) / 6.
    case gaussian
    /// Plain mean over the `blockSize × blockSize` block.
    case mean

    public var description: String { rawValue }
}

extension Image {
    /// The local threshold image: the (Gaussian-weighted or plain) mean of each pixel's
    /// `blockSize × blockSize` neighbourhood minus `offset`, as
    /// `skimage.filters.threshold_local(image, block_size, method, offset, mode)`.
    ///
    /// `.gaussian` blurs with sigma `(blockSize − 1) / 6` (truncated at 4 sigma, as scipy);
    /// `.mean` is `scipy.ndimage.uniform_filter`. Both work in the image's units (no
    /// rescaling to 0...1).
    ///
    /// - Parameters:
    ///   - blockSize: odd neighbourhood side, ≥ 3.
    ///   - method: `.gaussian` (scikit-image's default) or `.mean`.
    ///   - offset: subtracted from the local mean, in the image's units.
    ///   - mode: how pixels outside the image are read; scikit-image's default `.reflect`.
    /// - Returns: a `Float` image of the same size, within 1e-4 relative of scikit-image's.
    /// - Throws: ``PixelEngineError`` (operation `thresholdLocal`) for an even or too small
    ///   block, an empty, multi-channel, `UInt32` or non-finite image.
    ///
    /// ```swift
    /// let t = try gray8.thresholdLocal(blockSize: 35, offset: 10)
    /// let fg = try gray8.mask(above: t)
    /// ```
    public func thresholdLocal(blockSize: Int, method: LocalThresholdMethod = .gaussian, offset: Double = 0,
                               mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try validateLocal(blockSize: blockSize, offset: offset)
        switch concrete {
        case .uint8(let image): return try image.localThresholdKernel(blockSize, method, offset, mode)
        case .uint16(let image): return try image.localThresholdKernel(blockSize, method, offset, mode)
        case .uint32(let image): return try image.localThresholdKernel(blockSize, method, offset, mode)
        case .float32(let image): return try image.localThresholdKernel(blockSize, method, offset, mode)
        }
    }

    func localThresholdKernel(_ blockSize: Int, _ method: LocalThresholdMethod, _ offset: Double,
                              _ mode: BorderMode) throws(PixelEngineError) -> Image<Float> {
        let op = "thresholdLocal"
        switch method {
        case .gaussian:
            let values: Image<Float> = map { Float($0.doubleValue) }
            let blurred: Image<Float>
            do { blurred = try values.gaussian(sigma: Double(blockSize - 1) / 6, mode: mode) } catch {
                throw PixelEngineError(op, error.message)
            }
            if offset == 0 { return blurred }
            let o = Float(offset)
            return blurred.map { $0 - o }
        case .mean:
            return Sample.isFloatingPoint ? meanThreshold(blockSize, offset, mode, Double.self)
                                          : meanThreshold(blockSize, offset, mode, Int.self)
        }
    }

    /// The pixels above their local threshold: `image > thresholdLocal(...)`.
    ///
    /// - Parameters: as ``thresholdLocal(blockSize:method:offset:mode:)``.
    /// - Returns: a mask of the image's size. For `.mean` the comparison is made in double
    ///   before rounding the threshold, as scikit-image compares.
    /// - Throws: as ``thresholdLocal(blockSize:method:offset:mode:)``.
    ///
    /// ```swift
    /// let text = try page.thresholdLocalMask(blockSize: 35, offset: 10).not()
    /// ```
    public func thresholdLocalMask(blockSize: Int, method: LocalThresholdMethod = .gaussian, offset: Double = 0,
                                   mode: BorderMode = .reflect) throws(PixelEngineError) -> Mask {
        try validateLocal(blockSize: blockSize, offset: offset)
        switch concrete {
        case .uint8(let image): return try image.localMaskKernel(blockSize, method, offset, mode)
        case .uint16(let image): return try image.localMaskKernel(blockSize, method, offset, mode)
        case .uint32(let image): return try image.localMaskKernel(blockSize, method, offset, mode)
        case .float32(let image): return try image.localMaskKernel(blockSize, method, offset, mode)
        }
    }

    func localMaskKernel(_ blockSize: Int, _ method: LocalThresholdMethod, _ offset: Double,
                         _ mode: BorderMode) throws(PixelEngineError) -> Mask {
        if method == .mean {
            return Mask(uncheckedBits: Sample.isFloatingPoint ? meanMask(blockSize, offset, mode, Double.self)
                                                              : meanMask(blockSize, offset, mode, Int.self))
        }
        let t = try localThresholdKernel(blockSize, method, offset, mode)
        return Mask(uncheckedBits: zip(t) { (v: Sample, limit: Float) -> UInt8 in v.doubleValue > Double(limit) ? 1 : 0 })
    }

    func meanThreshold<Acc: WindowAccumulator>(_ size: Int, _ offset: Double, _ mode: BorderMode, _: Acc.Type) -> Image<Float> {
        let area = Double(size * size)
        return windowMoments(size: size, mode: mode, squares: false, accumulator: Acc.self) { (_, sums, _, _, out: UnsafeMutablePointer<Float>) in
            for x in 0..<width { out[x] = Float(sums[x].doubleValue / area - offset) }
        }
    }

    func meanMask<Acc: WindowAccumulator>(_ size: Int, _ offset: Double, _ mode: BorderMode, _: Acc.Type) -> Image<UInt8> {
        let area = Double(size * size)
        return windowMoments(size: size, mode: mode, squares: false, accumulator: Acc.self) { (_, sums, _, input, out: UnsafeMutablePointer<UInt8>) in
            for x in 0..<width { out[x] = input[x].doubleValue > sums[x].doubleValue / area - offset ? 1 : 0 }
        }
    }

    /// Validation shared by the local-threshold entry points.
    func validateLocal(blockSize: Int, offset: Double) throws(PixelEngineError) {
        let op = "thresholdLocal"
        try validateIntensity(op)
        if blockSize < 3 || blockSize % 2 == 0 || blockSize > 8191 {
            throw PixelEngineError(op, "blockSize must be odd and in 3...8191, got \(blockSize)")
        }
        guard offset.isFinite else { throw PixelEngineError(op, "offset must be finite, got \(offset)") }
    }
}

extension Image {
    /// The pixels strictly above their own threshold: `image > thresholds`, compared in double.
    ///
    /// - Parameter thresholds: a one-channel threshold image of the same size (from
    ///   ``thresholdLocal(blockSize:method:offset:mode:)``, ``thresholdNiblack(windowSize:k:)``,
    ///   ``thresholdSauvola(windowSize:k:r:)`` or your own).
    /// - Returns: a mask of the image's size.
    /// - Throws: ``PixelEngineError`` (operation `mask`) unless both have one channel and the
    ///   same size.
    ///
    /// ```swift
    /// let fg = try img.mask(above: try img.thresholdSauvola(windowSize: 25))
    /// ```
    public func mask(above thresholds: Image<Float>) throws(PixelEngineError) -> Mask {
        try Validate.channels(self, [1], "mask")
        try Validate.channels(thresholds, [1], "mask")
        try Validate.sameSize(self, thresholds, "mask")
        switch concrete {
        case .uint8(let image): return image.maskKernel(thresholds)
        case .uint16(let image): return image.maskKernel(thresholds)
        case .uint32(let image): return image.maskKernel(thresholds)
        case .float32(let image): return image.maskKernel(thresholds)
        }
    }

    func maskKernel(_ thresholds: Image<Float>) -> Mask {
        Mask(uncheckedBits: zip(thresholds) { (v: Sample, t: Float) -> UInt8 in v.doubleValue > Double(t) ? 1 : 0 })
    }
}
