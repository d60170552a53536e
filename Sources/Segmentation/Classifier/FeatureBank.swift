/// The filter bank of the pixel classifier: which ``PixelFeature`` kinds at which scales.

/// A selection of filters (``PixelFeature`` kinds) at scales σ, the per-pixel features a
/// pixel classifier learns from.
///
/// A bank is a set of (kind, σ) pairs; each kind has its own ascending list of scales.
/// ``init(features:sigmas:)`` selects every kind at every scale it accepts (σ below 0.5 is
/// for `.gaussian` only, see ``PixelFeature/minimumSigma``); ``parse(_:)`` also reads
/// per-kind scales. Applied to an image of `c` channels the bank yields
/// ``featureCount(channels:)`` float planes, ordered kind (``PixelFeature/allCases``
/// order) → σ (ascending) → output (λ1 before λ2) → channel, and named by
/// ``featureNames(channels:)``.
///
/// ```swift
/// let bank = try FeatureBank.parse("gaussian,hessian@1,3.5;gradient@1.6")
/// bank.featureCount(channels: 1)        // 2 + 4 + 1 = 7
/// let stack = try bank.compute(img)     // 7 planes
/// ```
public struct FeatureBank: Sendable, Hashable {
    /// The ascending scales of each selected kind; kinds absent are not selected.
    private let selection: [PixelFeature: [Double]]

    /// ilastik's scales: σ ∈ {0.3, 0.7, 1.0, 1.6, 3.5, 5.0, 10.0}, 0.3 for smoothing only.
    public static let standardSigmas: [Double] = [0.3, 0.7, 1.0, 1.6, 3.5, 5.0, 10.0]

    /// The largest σ a bank accepts (a kernel radius of 1024 pixels).
    public static let maximumSigma: Double = 256

    /// All six kinds at the standard scales: 49 features per channel (Gaussian at 7 scales;
    /// Laplacian, gradient and DoG at 6; the two eigenvalue kinds at 6 × 2 outputs). Its
    /// spec is `"default"`.
    public static let `default` = FeatureBank(checked: Dictionary(uniqueKeysWithValues: PixelFeature.allCases.map { kind in
        (kind, standardSigmas.filter(kind.accepts(sigma:)))
    }))

    private init(checked selection: [PixelFeature: [Double]]) {
        self.selection = selection
    }

    /// Every kind of `features` at every scale of `sigmas` it accepts (σ below 0.5 applies
    /// to `.gaussian` only).
    ///
    /// - Parameters:
    ///   - features: the kinds, in any order, duplicates ignored; not empty.
    ///   - sigmas: the scales in pixels, each finite, > 0 and ≤ ``maximumSigma``; any order,
    ///     duplicates ignored.
    /// - Throws: `PixelEngineError("features", …)` for an empty list, a bad σ, or a kind that
    ///   accepts none of the scales (e.g. `.hessianEigenvalues` with only σ = 0.3).
    ///
    /// ```swift
    /// let bank = try FeatureBank(features: [.gaussian, .hessianEigenvalues], sigmas: [0.3, 1, 3.5])
    /// // gaussian at 0.3, 1, 3.5; hessian at 1, 3.5
    /// ```
    public init(features: [PixelFeature], sigmas: [Double]) throws(PixelEngineError) {
        if features.isEmpty {
            throw PixelEngineError("features", "no feature kinds given; choose from \(PixelFeature.validNames)")
        }
        var selection: [PixelFeature: [Double]] = [:]
        for kind in features { selection[kind] = sigmas }
        try self.init(selection: selection)
    }

    /// A bank with its own scales for each kind.
    ///
    /// - Parameter selection: for each kind to compute, its scales (any order, duplicates
    ///   ignored; σ below the kind's ``PixelFeature/minimumSigma`` is skipped). Not empty.
    /// - Throws: `PixelEngineError("features", …)` for an empty selection, a bad σ, or a kind
    ///   left with no scale.
    ///
    /// ```swift
    /// let bank = try FeatureBank(selection: [.gaussian: [0.3, 1], .gradientMagnitude: [1.6]])
    /// ```
    public init(selection: [PixelFeature: [Double]]) throws(PixelEngineError) {
        if selection.isEmpty {
            throw PixelEngineError("features", "no feature kinds given; choose from \(PixelFeature.validNames)")
        }
        var checked: [PixelFeature: [Double]] = [:]
        for kind in PixelFeature.allCases {
            guard let sigmas = selection[kind] else { continue }
            if sigmas.isEmpty {
                throw PixelEngineError("features", "\(kind.token) has no sigma; give at least one, e.g. \(kind.token)@1.6")
            }
            for sigma in sigmas { try Self.validate(sigma: sigma) }
            let kept = Array(Set(sigmas.filter(kind.accepts(sigma:)))).sorted()
            if kept.isEmpty {
                throw PixelEngineError("features", """
                    \(kind.token) needs a sigma >= \(formatSigma(kind.minimumSigma)), got \
                    \(sigmas.map(formatSigma).joined(separator: ", ")) (sigmas below 0.5 apply to gaussian only)
                    """)
            }
            checked[kind] = kept
        }
        self.selection = checked
    }

    /// Throws unless `sigma` is finite, > 0 and ≤ ``maximumSigma``.
    static func validate(sigma: Double) throws(PixelEngineError) {
        if !(sigma > 0 && sigma.isFinite) {
            throw PixelEngineError("features", "sigma must be > 0, got \(formatSigma(sigma))")
        }
        if sigma > maximumSigma {
            throw PixelEngineError("features", "sigma \(formatSigma(sigma)) is too large; the largest is \(formatSigma(maximumSigma))")
        }
    }

    /// The selected kinds, in ``PixelFeature/allCases`` order.
    public var features: [PixelFeature] {
        PixelFeature.allCases.filter { selection[$0] != nil }
    }

    /// Every scale used by some kind, ascending.
    public var sigmas: [Double] {
        Array(Set(selection.values.joined())).sorted()
    }

    /// The ascending scales of `feature`, empty when the bank does not compute it.
    ///
    /// ```swift
    /// FeatureBank.default.sigmas(for: .hessianEigenvalues)   // [0.7, 1, 1.6, 3.5, 5, 10]
    /// ```
    public func sigmas(for feature: PixelFeature) -> [Double] {
        selection[feature] ?? []
    }

    /// The (kind, σ) pairs in output order.
    var pairs: [(kind: PixelFeature, sigma: Double)] {
        features.flatMap { kind in sigmas(for: kind).map { (kind, $0) } }
    }

    /// The number of float planes ``compute(_:cancel:)`` returns for an image of
    /// `channels` channels: channels × Σ over kinds of (scales × outputs).
    ///
    /// ```swift
    /// FeatureBank.default.featureCount(channels: 3)   // 147
    /// ```
    public func featureCount(channels: Int) -> Int {
        channels * pairs.reduce(0) { $0 + $1.kind.outputCount }
    }

    /// The names of the planes, parallel to ``FeatureStack/planes``: kind token, σ, the
    /// eigenvalue (λ1 the larger) for two-output kinds, and the channel, e.g.
    /// `"gaussian σ=0.3 c0"`, `"hessian σ=1.6 λ1 c0"`.
    ///
    /// ```swift
    /// try FeatureBank.parse("structure@1").featureNames(channels: 1)
    /// // ["structure σ=1 λ1 c0", "structure σ=1 λ2 c0"]
    /// ```
    public func featureNames(channels: Int) -> [String] {
        var names: [String] = []
        for (kind, sigma) in pairs {
            for output in 0..<kind.outputCount {
                let eigen = kind.outputCount > 1 ? " λ\(output + 1)" : ""
                for channel in 0..<channels {
                    names.append("\(kind.token) σ=\(formatSigma(sigma))\(eigen) c\(channel)")
                }
            }
        }
        return names
    }

    /// Scratch planes held besides the outputs: the channel's input as floats, G(σ) when
    /// it is not itself an output, and the three structure-tensor products (reused from
    /// scale to scale; see FeatureCompute.swift).
    static let scratchPlanes = 5

    /// An upper bound of the memory ``compute(_:cancel:)`` holds at its peak for an image
    /// of this size, in bytes: the output planes (4 bytes per pixel each) and five scratch
    /// planes (the input channel as floats, G(σ), the structure-tensor products), besides
    /// the input image itself. Report it before a large computation.
    ///
    /// ```swift
    /// FeatureBank.default.estimatedBytes(width: 2048, height: 2048, channels: 1)   // 54 planes ≈ 906 MB
    /// ```
    public func estimatedBytes(width: Int, height: Int, channels: Int) -> Int {
        let plane = max(0, width).multipliedReportingOverflow(by: max(0, height))
        let planes = featureCount(channels: max(0, channels)) + Self.scratchPlanes
        let total = plane.partialValue.multipliedReportingOverflow(by: planes * MemoryLayout<Float>.size)
        return plane.overflow || total.overflow ? Int.max : total.partialValue
    }
}

/// `1`, `0.3`, `3.5`: the shortest decimal that reads back as the same `Double`.
func formatSigma(_ sigma: Double) -> String {
    if sigma.isFinite && sigma == sigma.rounded() && abs(sigma) < 1e15 {
        return String(Int(sigma))
    }
    return "\(sigma)"
}
