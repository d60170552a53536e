import PixelEngine
import Segmentation

extension BenchRegistry {
    /// Superpixels (compare with scikit-image's slic and felzenszwalb; see
    /// Scripts/bench/cases_superpixel.py).
    static let superpixel: [BenchCase] = [
        BenchCase(name: "slic1000_rgb8") { try $0.rgb8.slic(nSegments: 1000, compactness: 10) },
        BenchCase(name: "felzenszwalb_rgb8") { try $0.rgb8.felzenszwalb(scale: 100, sigma: 0.8, minSize: 50) },
    ]
}
