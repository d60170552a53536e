import PixelEngine
import Segmentation

extension BenchRegistry {
    /// Thresholds and k-means (Scripts/bench/cases_threshold.py has the same cases).
    static let threshold: [BenchCase] = [
        BenchCase(name: "otsu_gray8") { try $0.gray8.thresholdMask(.otsu) },
        BenchCase(name: "multiotsu3_gray8") { try $0.gray8.multiOtsuClassMap(classes: 3) },
        BenchCase(name: "li_gray8") { try $0.gray8.threshold(.li) },
        BenchCase(name: "sauvola25_gray8") { try $0.gray8.thresholdSauvolaMask(windowSize: 25) },
        BenchCase(name: "local_gaussian35_gray8") { try $0.gray8.thresholdLocalMask(blockSize: 35, method: .gaussian) },
        BenchCase(name: "kmeans3_rgb8") { try $0.rgb8.kmeans(k: 3, seed: 0) },
    ]
}
