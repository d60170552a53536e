import PixelEngine
import Segmentation

extension BenchRegistry {
    /// The pixel classifier's filter bank on the 8-bit gray input, beside scikit-image/scipy
    /// (Scripts/bench/cases_classifier.py has the same cases).
    static let classifierFeatures: [BenchCase] = [
        // All six kinds at the 7 standard scales: 49 float planes.
        BenchCase(name: "features_default_gray8") { try FeatureBank.default.compute($0.gray8) },
        // multiscale_basic_features(edges=False)'s work: Gaussian + Hessian eigenvalues at 0.5 … 16.
        BenchCase(name: "features_mbf_gray8") {
            try FeatureBank.parse("gaussian,hessian@0.5,1,2,4,8,16").compute($0.gray8)
        },
    ]
}
