/// Gaussian blur, as `scipy.ndimage.gaussian_filter` and `skimage.filters.gaussian`.
#if canImport(Glibc)
import Glibc
#endif

/// Sampled Gaussian kernels, built exactly as scipy's `_gaussian_kernel1d` (in `Double`,
/// normalised to sum 1 before any derivative factor), then stored as `Float`.
@usableFromInline
enum GaussianKernel {
    /// The kernel radius scipy uses: `Int(truncate · sigma + 0.5)`.
    @inlinable
    static func radius(sigma: Double, truncate: Double) -> Int {
        Int(truncate * sigma + 0.5)
    }

    /// The order-0 (smoothing) or order-2 (second derivative) kernel. `sigma == 0` gives
    /// the identity `[1]` for order 0, as scipy skips such axes.
    @inlinable
    static func make(sigma: Double, truncate: Double, order: Int = 0) -> Kernel1D {
        precondition(order == 0 || order == 2, "GaussianKernel: order \(order) is not 0 or 2")
        if sigma == 0 { return Kernel1D(order == 0 ? [1] : [0]) }
        let r = radius(sigma: sigma, truncate: truncate)
        let s2 = sigma * sigma
        var phi = (-r...r).map { x -> Double in
            let d = Double(x)
            return (-0.5 / s2 * d * d).exp
        }
        let sum = phi.reduce(0, +)
        phi = phi.map { $0 / sum }
        if order == 2 {
            for (i, x) in (-r...r).enumerated() {
                let d = Double(x)
                phi[i] *= d * d / (s2 * s2) - 1 / s2
            }
        }
        return Kernel1D(phi.map { Float($0) })
    }
}

extension Double {
    /// e raised to this power.
    @usableFromInline var exp: Double { Glibc.exp(self) }
}

extension GaussianKernel {
    /// Validates a per-axis sigma pair: each finite and ≥ 0, and not both 0.
    @inlinable
    static func validate(sigmaY: Double, sigmaX: Double, truncate: Double, _ operation: String) throws(PixelEngineError) {
        for (name, value) in [("sigmaY", sigmaY), ("sigmaX", sigmaX)] where !(value >= 0 && value.isFinite) {
            throw PixelEngineError(operation, "\(name) must be >= 0, got \(value)")
        }
        if sigmaY == 0 && sigmaX == 0 {
            throw PixelEngineError(operation, "sigma must be > 0 along at least one axis, got 0 and 0")
        }
        try Validate.positive(truncate, "truncate", operation)
        let longest = max(radius(sigma: sigmaY, truncate: truncate), radius(sigma: sigmaX, truncate: truncate))
        if longest > 4096 {
            throw PixelEngineError(operation, "kernel radius \(longest) is too large; use a smaller sigma or truncate")
        }
    }
}

extension Image {
    /// Blurs the image with a Gaussian of standard deviation `sigma` pixels.
    ///
    /// Matches `skimage.filters.gaussian(image, sigma, mode=..., truncate=...,
    /// preserve_range=True)` and `scipy.ndimage.gaussian_filter`: the kernel is the sampled,
    /// normalised Gaussian of radius `Int(truncate · sigma + 0.5)`, applied separably to each
    /// channel.
    ///
    /// - Parameters:
    ///   - sigma: standard deviation in pixels, > 0.
    ///   - mode: how pixels outside the image are read; scikit-image's default `.nearest`.
    ///     A `.constant` value is in sample units (0...255 for 8-bit).
    ///   - truncate: the kernel stops at this many sigmas (default 4, as scikit-image/scipy).
    /// - Returns: an image of the same size, channels and sample type. 16-bit samples are the
    ///   float result rounded half up and clamped; 8-bit samples come from a 16-bit
    ///   fixed-point path and are within ±1 of scikit-image's float result rounded (nearly
    ///   always equal); `Float` results are within 1e-4 relative of scipy's.
    ///
    /// ```swift
    /// let smooth = try img.gaussian(sigma: 2)
    /// ```
    @inlinable
    public func gaussian(sigma: Double, mode: BorderMode = .nearest, truncate: Double = 4) throws(PixelEngineError) -> Image {
        try Validate.positive(sigma, "sigma", "gaussian")
        return try gaussian(sigmaY: sigma, sigmaX: sigma, mode: mode, truncate: truncate)
    }

    /// Blurs with a Gaussian of separate standard deviations along y (rows) and x (columns),
    /// as `skimage.filters.gaussian(image, sigma=(sigmaY, sigmaX), ...)`.
    ///
    /// - Parameters:
    ///   - sigmaY: standard deviation down the columns, ≥ 0 (0 leaves that axis unfiltered).
    ///   - sigmaX: standard deviation along the rows, ≥ 0; not both 0.
    ///   - mode: border handling; scikit-image's default `.nearest`.
    ///   - truncate: kernel radius in sigmas (default 4).
    /// - Returns: same size, channels and sample type; see ``gaussian(sigma:mode:truncate:)``.
    ///
    /// ```swift
    /// let streaks = try img.gaussian(sigmaY: 0, sigmaX: 5)
    /// ```
    @inlinable
    public func gaussian(sigmaY: Double, sigmaX: Double, mode: BorderMode = .nearest, truncate: Double = 4) throws(PixelEngineError) -> Image {
        try GaussianKernel.validate(sigmaY: sigmaY, sigmaX: sigmaX, truncate: truncate, "gaussian")
        try Validate.nonEmpty(self, "gaussian")
        let row = GaussianKernel.make(sigma: sigmaX, truncate: truncate)
        let column = GaussianKernel.make(sigma: sigmaY, truncate: truncate)
        if Sample.self == UInt8.self {
            // 8-bit fast path; within ±1 of the float path (see GaussianBlur8.swift).
            let bytes = unsafeBitCast(self, to: Image<UInt8>.self)
            return unsafeBitCast(bytes.separableCorrelate8(row: row, column: column, mode: mode), to: Image.self)
        }
        return separableCorrelate(row: row, column: column, mode: mode, as: Sample.self)
    }

    /// The Gaussian blur as `Float` samples in the input's units (no rounding): the float
    /// result that integer outputs of ``gaussian(sigma:mode:truncate:)`` round.
    @inlinable
    func gaussianFloat(sigmaY: Double, sigmaX: Double, mode: BorderMode, truncate: Double, inputScale: Float = 1) -> Image<Float> {
        separableCorrelate(row: GaussianKernel.make(sigma: sigmaX, truncate: truncate),
                           column: GaussianKernel.make(sigma: sigmaY, truncate: truncate),
                           mode: mode, inputScale: inputScale, axisWiseConstant: true, as: Float.self)
    }
}
