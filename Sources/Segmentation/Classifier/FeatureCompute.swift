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
        var workspace = FeatureWorkspace()
        for channel in 0..<channels {
            try check()
            let input = image.floatChannel(channel)
            for sigma in sigmas {
                let kinds = features.filter { offsets[$0]?[sigma] != nil }
                try ScaleFeatures(input: input, sigma: sigma, kinds: kinds).compute(
                    check: check, workspace: &workspace
                ) { kind, output, plane in
                    planes[(offsets[kind]![sigma]! + output) * channels + channel] = plane
                }
            }
        }
        return FeatureStack(width: image.width, height: image.height, names: names,
                            checkedPlanes: planes.map { $0! })
    }
}

/// Scratch planes reused from scale to scale (fresh 16 MB planes cost page faults).
struct FeatureWorkspace {
    /// The three Sobel products of the structure tensor, allocated on first use.
    var products: (Image<Float>, Image<Float>, Image<Float>)?
}

/// The features of one channel at one scale σ.
struct ScaleFeatures {
    let input: Image<Float>
    let sigma: Double
    let kinds: [PixelFeature]

    /// Computes `kinds`, handing each output plane to `emit` (kind, output index, plane).
    /// `check` is polled before each of the (up to three) sweeps.
    ///
    /// Sweep 1 (one ``SeparablePlan`` over the input): the Gaussian G(σ), the LoG (scipy
    /// `gaussian_laplace`: ∂²/∂y² of the rows smoothed along x plus ∂²/∂x² smoothed along
    /// y), the gradient magnitude (`gaussian_gradient_magnitude`) and the DoG, sharing the
    /// row filters. Then, on G(σ): the structure tensor (Sobel products, smoothed with
    /// G(0.5σ) in a second plan) and the Hessian (`numpy.gradient` twice).
    func compute(
        check: () throws(PixelEngineError) -> Void,
        workspace: inout FeatureWorkspace,
        emit: (PixelFeature, Int, Image<Float>) -> Void
    ) throws(PixelEngineError) {
        let smooth = FeatureKernel.gaussian(sigma: sigma, order: 0)
        let wants = Set(kinds)
        let needsBlur = !wants.isDisjoint(with: [.gaussian, .differenceOfGaussians, .structureTensorEigenvalues, .hessianEigenvalues])
        var plan = SeparablePlan(inputs: [input])
        var produced: [(PixelFeature?, Int)] = []   // nil: G(σ) kept only for the later sweeps
        if needsBlur {
            plan.outputs.append(.term(plan.term(smooth, smooth)))
            produced.append((wants.contains(.gaussian) ? .gaussian : nil, 0))
        }
        if wants.contains(.laplacianOfGaussian) {
            let second = FeatureKernel.gaussian(sigma: sigma, order: 2)
            plan.outputs.append(.sum(plan.term(smooth, second), plan.term(second, smooth)))
            produced.append((.laplacianOfGaussian, 0))
        }
        if wants.contains(.gradientMagnitude) {
            let first = FeatureKernel.gaussian(sigma: sigma, order: 1)
            plan.outputs.append(.magnitude(plan.term(smooth, first), plan.term(first, smooth)))
            produced.append((.gradientMagnitude, 0))
        }
        if wants.contains(.differenceOfGaussians) {
            let inner = FeatureKernel.gaussian(sigma: 0.66 * sigma, order: 0)
            plan.outputs.append(.difference(plan.term(smooth, smooth), plan.term(inner, inner)))
            produced.append((.differenceOfGaussians, 0))
        }
        try check()
        let planes = plan.run()
        for ((kind, output), plane) in zip(produced, planes) {
            if let kind { emit(kind, output, plane) }
        }
        // G(σ) is the plan's first output whenever a later sweep needs it.
        guard needsBlur else { return }
        let blurred = planes[0]
        if wants.contains(.structureTensorEigenvalues) {
            try check()
            // skimage structure_tensor(G(σ), sigma=0.5σ): Sobel products smoothed with G(0.5σ).
            let outer = FeatureKernel.gaussian(sigma: 0.5 * sigma, order: 0)
            var (rr, rc, cc) = workspace.products ?? (Image<Float>(width: input.width, height: input.height),
                                                      Image<Float>(width: input.width, height: input.height),
                                                      Image<Float>(width: input.width, height: input.height))
            workspace.products = nil   // keep each plane uniquely referenced while it is overwritten
            FeaturePlane.sobelProducts(blurred, into: &rr, &rc, &cc)
            var tensor = SeparablePlan(inputs: [rr, rc, cc])
            tensor.outputs = [.eigenvalues(tensor.term(outer, outer, input: 0), tensor.term(outer, outer, input: 1),
                                           tensor.term(outer, outer, input: 2))]
            let eigen = tensor.run()
            tensor.inputs = []
            workspace.products = (rr, rc, cc)
            emit(.structureTensorEigenvalues, 0, eigen[0])
            emit(.structureTensorEigenvalues, 1, eigen[1])
        }
        if wants.contains(.hessianEigenvalues) {
            try check()
            let eigen = FeaturePlane.hessianEigenvalues(blurred)
            emit(.hessianEigenvalues, 0, eigen[0])
            emit(.hessianEigenvalues, 1, eigen[1])
        }
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
