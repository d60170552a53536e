/// Global (one value per image) threshold methods, as `skimage.filters.threshold_*`.
///
/// Each method turns the image's histogram into one intensity; pixels strictly above it
/// are foreground (`image > t`, scikit-image's convention).
///
/// ```swift
/// let t = try gray8.threshold(.otsu)        // 87.0 for skimage.data.camera()
/// let fg = try gray8.thresholdMask(.li)
/// ```
public enum ThresholdMethod: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Maximises the between-class variance (`threshold_otsu`).
    case otsu
    /// Minimises the cross-entropy of the two classes, iteratively from the mean
    /// (`threshold_li`).
    case li
    /// Maximises Yen's entropic correlation criterion (`threshold_yen`).
    case yen
    /// The point of the histogram farthest below the line from its peak to the end of the
    /// longer tail (`threshold_triangle`); suits one dominant peak.
    case triangle
    /// The lowest `t` that is the mean of the class means below and above it
    /// (`threshold_isodata`, Ridler–Calvard).
    case isodata
    /// The mean intensity (`threshold_mean`).
    case mean
    /// The valley between the two peaks of the histogram, smoothed until it is bimodal
    /// (`threshold_minimum`).
    case minimum

    public var description: String { rawValue }
}

extension Image {
    /// The global threshold of a gray image by `method`, equal to scikit-image's.
    ///
    /// The histogram is scikit-image's: 8- and 16-bit images get one bin per value over the
    /// image's `min...max` (its `bincount` path), float images 256 bins over `min...max`.
    /// Results equal `skimage.filters.threshold_<method>(image)` exactly for 8- and 16-bit
    /// images (Li: up to the last bit of `log`), within 1e-6 relative for float images.
    ///
    /// Images whose pixels all hold one value return that value for every method except
    /// ``ThresholdMethod/minimum``, which throws (there is no valley; scikit-image raises
    /// too; its `yen` and `isodata` return other numbers for constant float images).
    ///
    /// - Parameter method: the method; `.otsu` by default.
    /// - Returns: the threshold in the image's units (0...255 for 8-bit, 0...65535 for
    ///   16-bit, the stored values for float). For 8/16-bit images it is a bin centre, an
    ///   integer, except for `.li` and `.mean`.
    /// - Throws: ``PixelEngineError`` (operation = the method's name) for an empty image,
    ///   more than one channel, a `UInt32` image, NaN or infinity in a float image; for
    ///   `.minimum` when the histogram cannot be smoothed to two peaks in 10 000 rounds;
    ///   for `.isodata` when no bin satisfies the criterion.
    ///
    /// ```swift
    /// let t = try img.threshold(.yen)
    /// let fg = try img.mask(above: t)
    /// ```
    public func threshold(_ method: ThresholdMethod = .otsu) throws(PixelEngineError) -> Double {
        let op = method.rawValue
        if method == .mean {
            try validateIntensity(op)
            switch concrete {
            case .uint8(let image): return image.meanThreshold()
            case .uint16(let image): return image.meanThreshold()
            case .uint32(let image): return image.meanThreshold()
            case .float32(let image): return image.meanThreshold()
            }
        }
        let histogram = try thresholdHistogram(op)
        if histogram.isConstant {
            if method == .minimum {
                throw PixelEngineError(op, "every pixel is \(histogram.firstValue); there are no two peaks to split")
            }
            return histogram.firstValue
        }
        switch method {
        case .otsu: return histogram.centers[histogram.otsuIndex()]
        case .yen: return histogram.centers[histogram.yenIndex()]
        case .triangle: return histogram.centers[histogram.triangleIndex()]
        case .isodata:
            guard let index = histogram.isodataIndex() else {
                throw PixelEngineError(op, "no histogram bin is the midpoint of the class means; use another method, e.g. otsu")
            }
            return histogram.centers[index]
        case .minimum: return histogram.centers[try histogram.minimumIndex(maxIterations: 10_000, op)]
        case .li: return histogram.isInteger ? Self.liInteger(histogram) : unsafeBitCast(self, to: Image<Float>.self).liFloat()
        case .mean: preconditionFailure("handled above")
        }
    }

    /// The foreground of a gray image by a global threshold: pixels `> threshold(method)`.
    ///
    /// - Parameter method: the method; `.otsu` by default.
    /// - Returns: a mask of the image's size, as `image > skimage.filters.threshold_<method>(image)`.
    /// - Throws: as ``threshold(_:)``.
    ///
    /// ```swift
    /// let coins = try img.thresholdMask(.otsu).fillHoles()
    /// ```
    public func thresholdMask(_ method: ThresholdMethod = .otsu) throws(PixelEngineError) -> Mask {
        try mask(above: threshold(method))
    }

    /// The pixels strictly above `threshold` (`image > threshold`), compared in double.
    ///
    /// - Parameter threshold: a value in the image's units.
    /// - Returns: a mask of the image's size.
    /// - Throws: ``PixelEngineError`` (operation `mask`) unless the image has one channel.
    ///
    /// ```swift
    /// let bright = try gray8.mask(above: 127.5)
    /// ```
    public func mask(above threshold: Double) throws(PixelEngineError) -> Mask {
        try Validate.channels(self, [1], "mask")
        if case .uint8(let bytes) = concrete, !threshold.isNaN {
            if threshold < 0 { return Mask(width: width, height: height, filled: true) }
            if threshold >= 255 { return Mask(width: width, height: height) }
            // v > t  ⇔  v > floor(t) for integer v.
            return Mask(uncheckedBits: bytes.greater(than: UInt8(threshold.rounded(.down))))
        }
        return try compare(.greater, threshold)
    }

    /// `threshold_mean`: the mean, exact for integer images; for float images the exact
    /// mean rounded to `Float`, as numpy returns a `float32`.
    func meanThreshold() -> Double {
        withUnsafeSamples { s in
            if Sample.isFloatingPoint {
                var sum = 0.0
                for v in s { sum += v.doubleValue }
                return Double(Float(sum / Double(s.count)))
            }
            var sum = 0
            for v in s { sum &+= Int(v.doubleValue) }
            return Double(sum) / Double(s.count)
        }
    }
}
