import PixelEngine

extension BenchRegistry {
    /// Filters on the 8-bit gray input, beside OpenCV and scikit-image
    /// (Scripts/bench/cases_filters.py has the same cases).
    static let filters: [BenchCase] = [
        BenchCase(name: "gaussian_s2_gray8") { try $0.gray8.gaussian(sigma: 2) },
        BenchCase(name: "box15_gray8") { try $0.gray8.uniformFilter(size: 15, mode: .mirror) },
        BenchCase(name: "median3_gray8") { try $0.gray8.median(radius: 1) },
        BenchCase(name: "median5_gray8") { try $0.gray8.median(radius: 2) },
        BenchCase(name: "median7_gray8") { try $0.gray8.median(radius: 3) },
        BenchCase(name: "sobel_gray8") { try $0.gray8.sobel() },
        BenchCase(name: "log_s2_gray8") { try $0.gray8.gaussianLaplace(sigma: 2) },
    ]
}
