/// The 1-D kernels of the filter bank: scipy's sampled Gaussian and its first and second
/// derivatives, and scipy's Sobel taps.
#if canImport(Glibc)
import Glibc
#endif

/// A centred 1-D correlation kernel of odd length that is either symmetric (even:
/// `w[r − t] == w[r + t]`) or antisymmetric (odd: `w[r − t] == −w[r + t]`, zero centre).
/// Correlation: `out[i] = Σ_t w[r + t] · in[i + t]`.
struct FeatureKernel: Sendable, Equatable {
    /// The weights of offsets `−radius ... radius`.
    let weights: [Float]
    /// True for an antisymmetric kernel.
    let isOdd: Bool

    var radius: Int { weights.count / 2 }

    init(_ weights: [Float], odd: Bool) {
        precondition(weights.count % 2 == 1, "FeatureKernel: even length \(weights.count)")
        let r = weights.count / 2
        for t in 0...r {
            let a = weights[r - t], b = weights[r + t]
            precondition(odd ? a == -b : a == b, "FeatureKernel: weights are not \(odd ? "antisymmetric" : "symmetric")")
        }
        self.weights = weights
        self.isOdd = odd
    }

    /// scipy's Gaussian kernel of standard deviation `sigma` and derivative `order` (0, 1 or
    /// 2), radius `Int(truncate · sigma + 0.5)`, as correlation weights: built in `Double`
    /// like `scipy.ndimage._gaussian_kernel1d` (the Gaussian normalised to sum 1, times the
    /// derivative polynomial) and reversed as `gaussian_filter1d` does, so the first
    /// derivative is positive where intensity increases with the coordinate.
    static func gaussian(sigma: Double, order: Int, truncate: Double = 4) -> FeatureKernel {
        precondition(sigma > 0 && (0...2).contains(order), "FeatureKernel.gaussian: sigma \(sigma), order \(order)")
        let r = Int(truncate * sigma + 0.5)
        let s2 = sigma * sigma
        let phi = (-r...r).map { x in exp(-0.5 / s2 * Double(x * x)) }
        let sum = phi.reduce(0, +)
        // Correlation weight of offset t is the convolution kernel at −t.
        let weights = (-r...r).map { t -> Float in
            let x = Double(-t)
            let p = phi[t + r] / sum
            switch order {
            case 0: return Float(p)
            case 1: return Float(-x / s2 * p)
            default: return Float((x * x / (s2 * s2) - 1 / s2) * p)
            }
        }
        return FeatureKernel(weights, odd: order == 1)
    }

    /// scipy `sobel`'s derivative taps `[-1, 0, 1]` (correlation: `in[i+1] − in[i−1]`).
    static let sobelDerivative = FeatureKernel([-1, 0, 1], odd: true)
    /// scipy `sobel`'s smoothing taps `[1, 2, 1]` across the derivative.
    static let sobelSmoothing = FeatureKernel([1, 2, 1], odd: false)
}
