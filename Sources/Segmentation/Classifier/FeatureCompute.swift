/// Evaluating a ``FeatureBank`` on an image: per channel, scale by scale, sharing the
/// smoothed and differentiated intermediates of one scale between the kinds that need them.

extension FeatureBank {
    /// Computes every feature of the bank on every channel of `image`.
    ///
    /// Integer samples are read as scikit-image's `img_as_float` does (divided by 255,
    /// 65535 or 2³²−1), `Float` samples as they are; borders are scipy's `reflect`; all
    /// arithmetic is `Float`. Each kind matches its scikit-image/scipy reference (see
    /// ``PixelFeature``) within 1e-4 absolute on [0, 1] data. Rows are spread over all cores;
    /// the result does not depend on the thread count.
    ///
    /// - Parameters:
    ///   - image: 1–4 channels, not empty. Any size, including 1 × 1 (a σ wider than the
    ///     image reads it reflected as often as needed).
    ///   - cancel: polled between features; when it returns true the computation stops.
    /// - Returns: ``featureCount(channels:)`` planes of the image's size, named by
    ///   ``featureNames(channels:)``.
    /// - Throws: `PixelEngineError("features", …)` for an empty image, or
    ///   `PixelEngineError("features", "cancelled")` when `cancel` asked to stop.
    ///
    /// ```swift
    /// let stack = try FeatureBank.default.compute(img)   // 49 planes for a gray image
    /// ```
    public func compute<S: PixelSample>(_ image: Image<S>, cancel: (() -> Bool)? = nil) throws(PixelEngineError) -> FeatureStack {
        try Validate.nonEmpty(image, "features")
        let channels = image.channels
        let names = featureNames(channels: channels)
        var planes = [Image<Float>?](repeating: nil, count: names.count)
        // Offsets of each (kind, σ) pair's first output in the kind → σ → output → channel order.
        var offsets: [PixelFeature: [Double: Int]] = [:]
        var next = 0
        for (kind, sigma) in pairs {
            offsets[kind, default: [:]][sigma] = next
            next += kind.outputCount
        }
        func check() throws(PixelEngineError) {
            if let cancel, cancel() { throw PixelEngineError("features", "cancelled") }
        }
        for channel in 0..<channels {
            try check()
            let input = image.floatChannel(channel)
            for sigma in sigmas {
                let kinds = features.filter { offsets[$0]?[sigma] != nil }
                try ScaleFeatures(input: input, sigma: sigma, kinds: kinds).compute(check: check) { kind, output, plane in
                    planes[(offsets[kind]![sigma]! + output) * channels + channel] = plane
                }
            }
        }
        return FeatureStack(width: image.width, height: image.height, names: names,
                            checkedPlanes: planes.map { $0! })
    }
}

/// The features of one channel at one scale σ.
struct ScaleFeatures {
    let input: Image<Float>
    let sigma: Double
    let kinds: [PixelFeature]

    /// Computes each of `kinds` in order, handing each output plane to `emit` and polling
    /// `check` before each kind.
    func compute(
        check: () throws(PixelEngineError) -> Void,
        emit: (PixelFeature, Int, Image<Float>) -> Void
    ) throws(PixelEngineError) {
        let smooth = FeatureKernel.gaussian(sigma: sigma, order: 0)
        // G_x: every row smoothed; shared by the Gaussian, LoG and gradient.
        let smoothedRows = FeaturePlane.rows(input, smooth)
        var blurred: Image<Float>?
        func gaussian() -> Image<Float> {
            if let blurred { return blurred }
            let result = FeaturePlane.columns(smoothedRows, smooth)
            blurred = result
            return result
        }
        for kind in kinds {
            try check()
            switch kind {
            case .gaussian:
                emit(kind, 0, gaussian())
            case .laplacianOfGaussian:
                // scipy gaussian_laplace: ∂²/∂y² (smoothed along x) + ∂²/∂x² (smoothed along y).
                let second = FeatureKernel.gaussian(sigma: sigma, order: 2)
                let dxx = FeaturePlane.rows(input, second)
                emit(kind, 0, FeaturePlane.columns([(smoothedRows, second), (dxx, smooth)], combine: .sum))
            case .gradientMagnitude:
                let first = FeatureKernel.gaussian(sigma: sigma, order: 1)
                let dx = FeaturePlane.rows(input, first)
                emit(kind, 0, FeaturePlane.columns([(smoothedRows, first), (dx, smooth)], combine: .magnitude))
            case .differenceOfGaussians:
                let inner = FeatureKernel.gaussian(sigma: 0.66 * sigma, order: 0)
                let narrow = FeaturePlane.columns(FeaturePlane.rows(input, inner), inner)
                emit(kind, 0, FeaturePlane.zip(gaussian(), narrow) { $0 - $1 })
            case .structureTensorEigenvalues:
                let (larger, smaller) = structureTensor(gaussian())
                emit(kind, 0, larger)
                emit(kind, 1, smaller)
            case .hessianEigenvalues:
                let (larger, smaller) = hessian(gaussian())
                emit(kind, 0, larger)
                emit(kind, 1, smaller)
            }
        }
    }

    /// scikit-image's `structure_tensor(g, sigma=0.5σ, mode='reflect')` eigenvalues: scipy
    /// Sobel derivatives of `g`, their products smoothed with G(0.5σ).
    func structureTensor(_ g: Image<Float>) -> (Image<Float>, Image<Float>) {
        let derivative = FeatureKernel.sobelDerivative, across = FeatureKernel.sobelSmoothing
        let dr = FeaturePlane.columns(FeaturePlane.rows(g, across), derivative)
        let dc = FeaturePlane.columns(FeaturePlane.rows(g, derivative), across)
        let outer = FeatureKernel.gaussian(sigma: 0.5 * sigma, order: 0)
        func smoothed(_ plane: Image<Float>) -> Image<Float> {
            FeaturePlane.columns(FeaturePlane.rows(plane, outer), outer)
        }
        let arr = smoothed(FeaturePlane.zip(dr, dr) { $0 * $1 })
        let arc = smoothed(FeaturePlane.zip(dr, dc) { $0 * $1 })
        let acc = smoothed(FeaturePlane.zip(dc, dc) { $0 * $1 })
        return FeaturePlane.eigenvalues(arr, arc, acc)
    }

    /// scikit-image's `hessian_matrix(…, use_gaussian_derivatives=False)` eigenvalues:
    /// `numpy.gradient` twice on the smoothed image `g`.
    func hessian(_ g: Image<Float>) -> (Image<Float>, Image<Float>) {
        let gr = FeaturePlane.npGradient(g, axis: 0)
        let gc = FeaturePlane.npGradient(g, axis: 1)
        return FeaturePlane.eigenvalues(FeaturePlane.npGradient(gr, axis: 0),
                                        FeaturePlane.npGradient(gr, axis: 1),
                                        FeaturePlane.npGradient(gc, axis: 1))
    }
}

extension Image {
    /// Channel `channel` as a `Float` plane in `img_as_float` units.
    func floatChannel(_ channel: Int) -> Image<Float> {
        switch concrete {
        case .uint8(let image): image.scaledChannel(channel, by: 255)
        case .uint16(let image): image.scaledChannel(channel, by: 65535)
        case .uint32(let image): image.scaledChannel(channel, by: 4_294_967_295)
        case .float32(let image): image.scaledChannel(channel, by: 1)
        }
    }

    /// Channel `channel` divided by `divisor` (in `Double`, as `img_as_float`), as a `Float` plane.
    func scaledChannel(_ channel: Int, by divisor: Double) -> Image<Float> {
        let c = channels
        return withUnsafeSamples { samples in
            let input = samples.baseAddress!
            return Image<Float>.generate(width: width, height: height, costPerRow: width) { rows, output in
                let out = output.baseAddress!
                for i in (rows.lowerBound &* width)..<(rows.upperBound &* width) {
                    out[i] = Float(input[i &* c &+ channel].doubleValue / divisor)
                }
            }
        }
    }
}
