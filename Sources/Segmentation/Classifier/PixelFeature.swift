/// The kinds of per-pixel feature the pixel classifier's filter bank computes, after
/// ilastik's pixel-classification features, each matched against scikit-image/scipy.

/// One kind of filter of a ``FeatureBank``, evaluated at each of the bank's scales σ.
///
/// Every kind reads the image as scikit-image's `img_as_float` does (8-bit 255 → 1.0) and
/// pixels outside the image through scipy's `mode='reflect'` (`c b a | a b c d | d c b`).
/// The reference each kind matches within 1e-4 (absolute, on [0, 1] data):
///
/// | kind | outputs | reference (Python) |
/// |---|---|---|
/// | `gaussian` | 1 | `skimage.filters.gaussian(img, σ, mode='reflect')` |
/// | `laplacianOfGaussian` | 1 | `scipy.ndimage.gaussian_laplace(img, σ, mode='reflect')` |
/// | `gradientMagnitude` | 1 | `scipy.ndimage.gaussian_gradient_magnitude(img, σ, mode='reflect')` |
/// | `differenceOfGaussians` | 1 | `-skimage.filters.difference_of_gaussians(img, 0.66σ, σ, mode='reflect')` |
/// | `structureTensorEigenvalues` | 2 | `structure_tensor_eigenvalues(structure_tensor(gaussian(img, σ), sigma=0.5σ, mode='reflect'))` |
/// | `hessianEigenvalues` | 2 | `hessian_matrix_eigvals(hessian_matrix(img, σ, mode='reflect', use_gaussian_derivatives=False))` |
///
/// ```swift
/// let kinds = PixelFeature.allCases.map(\.token)   // ["gaussian", "laplacian", ...]
/// ```
public enum PixelFeature: String, CaseIterable, Sendable, Hashable {
    /// Gaussian smoothing at σ: the local mean intensity.
    case gaussian
    /// The Laplacian of Gaussian at σ (scipy's sign: negative on bright blobs).
    case laplacianOfGaussian
    /// The magnitude of the Gaussian gradient at σ (derivative-of-Gaussian kernels).
    case gradientMagnitude
    /// `G(σ) − G(0.66σ)`, ilastik's sign: the negative of scikit-image's
    /// `difference_of_gaussians(img, 0.66σ, σ)`. Positive where the pixel is darker than
    /// its wider surroundings.
    case differenceOfGaussians
    /// The eigenvalues (larger, smaller) of the structure tensor: inner scale σ (the image
    /// is smoothed with G(σ) and differentiated with scipy's Sobel, as
    /// `skimage.feature.structure_tensor` does), outer (integration) scale 0.5σ.
    case structureTensorEigenvalues
    /// The eigenvalues (larger, smaller) of the Hessian of the image smoothed with G(σ), by
    /// scikit-image's `hessian_matrix(..., use_gaussian_derivatives=False)` recipe (also
    /// what `multiscale_basic_features` uses): `numpy.gradient` applied twice to G(σ), so
    /// central differences inside and one-sided differences on the first and last row and
    /// column. An axis of length 1 has zero derivatives (numpy refuses such an axis).
    case hessianEigenvalues

    /// The short name used in feature specs and feature names: `gaussian`, `laplacian`,
    /// `gradient`, `dog`, `structure`, `hessian`.
    public var token: String {
        switch self {
        case .gaussian: "gaussian"
        case .laplacianOfGaussian: "laplacian"
        case .gradientMagnitude: "gradient"
        case .differenceOfGaussians: "dog"
        case .structureTensorEigenvalues: "structure"
        case .hessianEigenvalues: "hessian"
        }
    }

    /// How many planes this kind produces per scale and channel: 2 for the eigenvalue
    /// kinds (larger first), 1 otherwise.
    public var outputCount: Int {
        switch self {
        case .structureTensorEigenvalues, .hessianEigenvalues: 2
        default: 1
        }
    }

    /// The smallest σ this kind is computed at. Only Gaussian smoothing is meaningful below
    /// 0.5 (ilastik offers σ = 0.3 for smoothing only); the other kinds skip such scales.
    public var minimumSigma: Double {
        self == .gaussian ? 0 : 0.5
    }

    /// Whether `sigma` is a scale this kind is computed at (see ``minimumSigma``).
    public func accepts(sigma: Double) -> Bool {
        sigma >= minimumSigma
    }

    /// The kind named `name`: its ``token``, its case name, or an alias (`log`,
    /// `laplacianOfGaussian`, `gradientMagnitude`, `differenceOfGaussians`,
    /// `structureTensor`, …), ignoring case. Nil for anything else.
    ///
    /// ```swift
    /// PixelFeature(name: "LoG")   // .laplacianOfGaussian
    /// ```
    public init?(name: String) {
        let key = name.lowercased()
        for kind in PixelFeature.allCases where kind.aliases.contains(key) {
            self = kind
            return
        }
        return nil
    }

    /// Lower-case names accepted by ``init(name:)``.
    var aliases: Set<String> {
        var names: Set<String> = [token, rawValue.lowercased()]
        switch self {
        case .gaussian: names.formUnion(["smoothing", "gauss"])
        case .laplacianOfGaussian: names.formUnion(["log"])
        case .gradientMagnitude: names.formUnion(["gradientmagnitude", "ggm"])
        case .differenceOfGaussians: names.formUnion(["differenceofgaussians"])
        case .structureTensorEigenvalues: names.formUnion(["structuretensor", "st"])
        case .hessianEigenvalues: names.formUnion(["hessianofgaussian", "hessianeigenvalues"])
        }
        return names
    }

    /// `"gaussian, laplacian (log), gradient, dog, structure, hessian"`, for error messages.
    static var validNames: String {
        allCases.map { $0 == .laplacianOfGaussian ? "\($0.token) (log)" : $0.token }.joined(separator: ", ")
    }
}
