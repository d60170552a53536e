/// Sobel and Scharr gradients, as `skimage.filters.sobel_h/sobel_v/sobel` and
/// `scharr_h/scharr_v/scharr`.
///
/// Scaling and sign are scikit-image's: the smoothing weights are normalised (`[1 2 1] / 4`,
/// `[3 10 3] / 16`), so OpenCV's `cv2.Sobel(img, CV_32F, 1, 0)` is 4 × ``Image/sobelV(mode:)``
/// (and `cv2.Scharr` 16 × ``Image/scharrV(mode:)``) away from the border; the derivative is
/// `in(x + 1) − in(x − 1)` (positive where values increase to the right / downwards), as in
/// both libraries. Integer inputs are read as scikit-image's `img_as_float` does (8-bit 255
/// is 1.0).

/// The two 3-tap kernels of one gradient operator.
@usableFromInline
enum GradientOperator: Sendable {
    case sobel, scharr

    @inlinable var smooth: Kernel1D {
        switch self {
        case .sobel: Kernel1D([0.25, 0.5, 0.25])
        case .scharr: Kernel1D([3.0 / 16, 10.0 / 16, 3.0 / 16])
        }
    }

    @inlinable static var derivative: Kernel1D { Kernel1D([-1, 0, 1]) }

    @inlinable var name: String {
        switch self {
        case .sobel: "sobel"
        case .scharr: "scharr"
        }
    }
}

extension PixelSample {
    /// The factor scikit-image's `img_as_float` applies: `1 / nominalMax` for integers, 1 for
    /// floats.
    @inlinable static var unitScale: Float {
        isFloatingPoint ? 1 : Float(1 / nominalMax.doubleValue)
    }
}

extension Image {
    @inlinable
    func gradient(_ op: GradientOperator, alongY: Bool, mode: BorderMode) -> Image<Float> {
        separableCorrelate(row: alongY ? op.smooth : GradientOperator.derivative,
                           column: alongY ? GradientOperator.derivative : op.smooth,
                           mode: mode, inputScale: Sample.unitScale, as: Float.self)
    }

    @inlinable
    func gradientMagnitude(_ op: GradientOperator, mode: BorderMode) throws(PixelEngineError) -> Image<Float> {
        try Validate.nonEmpty(self, op.name)
        let h = gradient(op, alongY: true, mode: mode)
        let v = gradient(op, alongY: false, mode: mode)
        return h.zip(v) { a, b in (0.5 * (a * a + b * b)).squareRoot() }
    }

    /// The Sobel derivative down the columns (finds horizontal edges), as
    /// `skimage.filters.sobel_h`: correlation with `[-1 -2 -1; 0 0 0; 1 2 1] / 4`.
    ///
    /// - Parameter mode: border handling; scikit-image's `.reflect`.
    /// - Returns: `Float`, signed, same size and channels (each channel separately), in
    ///   `img_as_float` units: within −1...1 for integer inputs.
    ///
    /// ```swift
    /// let dy = try img.sobelH()
    /// ```
    @inlinable
    public func sobelH(mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try Validate.nonEmpty(self, "sobelH")
        return gradient(.sobel, alongY: true, mode: mode)
    }

    /// The Sobel derivative along the rows (finds vertical edges), as
    /// `skimage.filters.sobel_v`: correlation with `[-1 0 1; -2 0 2; -1 0 1] / 4`.
    ///
    /// - Parameter mode: border handling; scikit-image's `.reflect`.
    /// - Returns: `Float`, signed, same size and channels, in `img_as_float` units.
    ///
    /// ```swift
    /// let dx = try img.sobelV()
    /// ```
    @inlinable
    public func sobelV(mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try Validate.nonEmpty(self, "sobelV")
        return gradient(.sobel, alongY: false, mode: mode)
    }

    /// The Sobel gradient magnitude `sqrt((sobelH² + sobelV²) / 2)`, as `skimage.filters.sobel`.
    ///
    /// - Parameter mode: border handling; scikit-image's `.reflect`.
    /// - Returns: `Float`, ≥ 0, same size and channels (per channel), in `img_as_float`
    ///   units: within 0...1 for integer inputs.
    ///
    /// ```swift
    /// let edges = try img.sobel()
    /// ```
    @inlinable
    public func sobel(mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try gradientMagnitude(.sobel, mode: mode)
    }

    /// The Scharr derivative down the columns, as `skimage.filters.scharr_h`: correlation
    /// with `[-3 -10 -3; 0 0 0; 3 10 3] / 16`.
    ///
    /// - Parameter mode: border handling; scikit-image's `.reflect`.
    /// - Returns: `Float`, signed, same size and channels, in `img_as_float` units.
    ///
    /// ```swift
    /// let dy = try img.scharrH()
    /// ```
    @inlinable
    public func scharrH(mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try Validate.nonEmpty(self, "scharrH")
        return gradient(.scharr, alongY: true, mode: mode)
    }

    /// The Scharr derivative along the rows, as `skimage.filters.scharr_v`: correlation with
    /// `[-3 0 3; -10 0 10; -3 0 3] / 16`.
    ///
    /// - Parameter mode: border handling; scikit-image's `.reflect`.
    /// - Returns: `Float`, signed, same size and channels, in `img_as_float` units.
    ///
    /// ```swift
    /// let dx = try img.scharrV()
    /// ```
    @inlinable
    public func scharrV(mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try Validate.nonEmpty(self, "scharrV")
        return gradient(.scharr, alongY: false, mode: mode)
    }

    /// The Scharr gradient magnitude `sqrt((scharrH² + scharrV²) / 2)`, as
    /// `skimage.filters.scharr`.
    ///
    /// - Parameter mode: border handling; scikit-image's `.reflect`.
    /// - Returns: `Float`, ≥ 0, same size and channels, in `img_as_float` units.
    ///
    /// ```swift
    /// let edges = try img.scharr()
    /// ```
    @inlinable
    public func scharr(mode: BorderMode = .reflect) throws(PixelEngineError) -> Image<Float> {
        try gradientMagnitude(.scharr, mode: mode)
    }
}
