/// Sharpening by unsharp masking, as `skimage.filters.unsharp_mask`.

extension Image {
    /// Adds `amount` times the detail (image minus its Gaussian blur) back to the image:
    /// `out = in + amount · (in − gaussian(in, radius))`, as
    /// `skimage.filters.unsharp_mask(image, radius, amount, channel_axis=-1)` per channel.
    ///
    /// - Parameters:
    ///   - radius: the blur's standard deviation in pixels, > 0 (default 1, as scikit-image).
    ///   - amount: the detail gain (default 1); negative values blur.
    ///   - mode: border handling of the blur; scikit-image's `.reflect`.
    /// - Returns: same size, channels and sample type. Integer samples are clamped to their
    ///   range and rounded half up (scikit-image's `[0, 1]` result times 255, rounded).
    ///   `Float` samples are clipped as scikit-image clips: to `0...1`, or to `-1...1` when
    ///   the input has negative values.
    ///
    /// ```swift
    /// let crisp = try img.unsharpMask(radius: 2, amount: 1.5)
    /// ```
    @inlinable
    public func unsharpMask(radius: Double = 1, amount: Double = 1, mode: BorderMode = .reflect) throws(PixelEngineError) -> Image {
        try Validate.positive(radius, "radius", "unsharpMask")
        if !amount.isFinite {
            throw PixelEngineError("unsharpMask", "amount must be finite, got \(amount)")
        }
        try GaussianKernel.validate(sigmaY: radius, sigmaX: radius, truncate: 4, "unsharpMask")
        try Validate.nonEmpty(self, "unsharpMask")
        let blurred = gaussianFloat(sigmaY: radius, sigmaX: radius, mode: mode, truncate: 4)
        let gain = Float(amount)
        if Sample.isFloatingPoint {
            let lower: Float = pixels.contains { $0.floatValue < 0 } ? -1 : 0
            return zip(blurred) { value, blur in
                let v = value.floatValue
                return Sample(clamping: min(max(v + (v - blur) * gain, lower), 1))
            }
        }
        return zip(blurred) { value, blur in
            let v = value.floatValue
            return Sample(clamping: v + (v - blur) * gain)
        }
    }
}
