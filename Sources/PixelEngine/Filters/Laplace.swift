/// The discrete Laplacian and the Laplacian of Gaussian, as `scipy.ndimage.laplace` and
/// `scipy.ndimage.gaussian_laplace`.
///
/// Sign is scipy's (and OpenCV `cv2.Laplacian`'s): the sum of second derivatives, negative
/// on bright spots. `skimage.filters.laplace` is its negative. Integer inputs are read as
/// scikit-image's `img_as_float` does (8-bit 255 is 1.0); `Float` inputs as they are.

extension Image {
    /// The 3 × 3 discrete Laplacian `in(x−1) + in(x+1) + in(y−1) + in(y+1) − 4·in`, as
    /// `scipy.ndimage.laplace(img_as_float(image), mode=...)` per channel.
    ///
    /// - Parameter mode: border handling; scipy's default `.reflect`.
    /// - Returns: `Float`, signed, same size and channels, in `img_as_float` units.
    ///
    /// ```swift
    /// let lap = try img.laplace()
    /// ```
    @inlinable
    public func laplace(mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try Validate.nonEmpty(self, "laplace")
        let kernel = Image<Float>(width: 3, height: 3, pixels: [0, 1, 0, 1, -4, 1, 0, 1, 0])
        return correlate2D(kernel, mode: mode, inputScale: Sample.unitScale)
    }

    /// The Laplacian of Gaussian: `∂²/∂x² + ∂²/∂y²` of the Gaussian blur with standard
    /// deviation `sigma`, as `scipy.ndimage.gaussian_laplace(img_as_float(image), sigma,
    /// mode=..., truncate=...)` per channel. The second-derivative kernels are scipy's.
    ///
    /// - Parameters:
    ///   - sigma: standard deviation in pixels, > 0.
    ///   - mode: border handling; scipy's default `.reflect`.
    ///   - truncate: kernel radius in sigmas (default 4).
    /// - Returns: `Float`, signed, same size and channels, in `img_as_float` units; within
    ///   1e-4 relative (of the largest magnitude) of scipy.
    ///
    /// ```swift
    /// let blobs = try img.gaussianLaplace(sigma: 2)
    /// ```
    @inlinable
    public func gaussianLaplace(sigma: Double, mode: BorderMode = .reflect, truncate: Double = 4) throws(PixelEngineError) -> Image<Float> {
        try Validate.positive(sigma, "sigma", "gaussianLaplace")
        try GaussianKernel.validate(sigmaY: sigma, sigmaX: sigma, truncate: truncate, "gaussianLaplace")
        try Validate.nonEmpty(self, "gaussianLaplace")
        let smooth = GaussianKernel.make(sigma: sigma, truncate: truncate)
        let second = GaussianKernel.make(sigma: sigma, truncate: truncate, order: 2)
        let scale = Sample.unitScale
        let dyy = separableCorrelate(row: smooth, column: second, mode: mode, inputScale: scale,
                                      axisWiseConstant: true, as: Float.self)
        let dxx = separableCorrelate(row: second, column: smooth, mode: mode, inputScale: scale,
                                      axisWiseConstant: true, as: Float.self)
        return dyy.zip(dxx) { $0 + $1 }
    }
}
