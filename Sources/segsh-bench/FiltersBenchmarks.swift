import PixelEngine

extension BenchRegistry {
    /// Filters: Gaussian, box, median, Sobel, Laplacian of Gaussian on the 8-bit gray input
    /// (compare with OpenCV and scikit-image, Scripts/bench/cases_filters.py).
    static let filters: [BenchCase] = [
        BenchCase(name: "gaussian_s2_gray8") { try $0.gray8.gaussian(sigma: 2) },
    ]
}
