/// Band-pass filtering by the difference of two Gaussian blurs, as
/// `skimage.filters.difference_of_gaussians`.

extension Image {
    /// The blur with `lowSigma` minus the blur with `highSigma`, as
    /// `skimage.filters.difference_of_gaussians(image, low_sigma, high_sigma, mode=...,
    /// truncate=...)` per channel. Integer inputs are read as `img_as_float` does (8-bit
    /// 255 is 1.0), as scikit-image does.
    ///
    /// - Parameters:
    ///   - lowSigma: the smaller standard deviation, > 0.
    ///   - highSigma: the larger one, ≥ `lowSigma`; default `1.6 · lowSigma` (scikit-image's).
    ///   - mode: border handling; scikit-image's default `.nearest`.
    ///   - truncate: kernel radius in sigmas (default 4).
    /// - Returns: `Float`, signed, same size and channels, in `img_as_float` units.
    ///
    /// ```swift
    /// let band = try img.differenceOfGaussians(lowSigma: 1, highSigma: 4)
    /// ```
    @inlinable
    public func differenceOfGaussians(
        lowSigma: Double, highSigma: Double? = nil, mode: BorderMode = .nearest, truncate: Double = 4
    ) throws(PixelEngineError) -> Image<Float> {
        let operation = "differenceOfGaussians"
        try Validate.positive(lowSigma, "lowSigma", operation)
        let high = highSigma ?? 1.6 * lowSigma
        try Validate.positive(high, "highSigma", operation)
        if high < lowSigma {
            throw PixelEngineError(operation, "highSigma must be >= lowSigma, got \(high) < \(lowSigma)")
        }
        try GaussianKernel.validate(sigmaY: high, sigmaX: high, truncate: truncate, operation)
        try Validate.nonEmpty(self, operation)
        let scale = Sample.unitScale
        let low = gaussianFloat(sigmaY: lowSigma, sigmaX: lowSigma, mode: mode, truncate: truncate, inputScale: scale)
        let wide = gaussianFloat(sigmaY: high, sigmaX: high, mode: mode, truncate: truncate, inputScale: scale)
        return low.zip(wide) { $0 - $1 }
    }
}
