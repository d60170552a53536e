import PixelEngine

extension BenchRegistry {
    /// Point operations and colour (compare with scikit-image and OpenCV, cases_color.py).
    static let color: [BenchCase] = [
        BenchCase(name: "to_float_gray8") { $0.gray8.converted(to: Float.self) },
        BenchCase(name: "invert_gray8") { $0.gray8.inverted() },
        BenchCase(name: "rgb2gray_rgb8") { $0.rgb8.grayscale() },
        BenchCase(name: "rgb2hsv_rgb8") { try $0.rgb8.rgbToHSV() },
        BenchCase(name: "rgb2lab_rgb8") { try $0.rgb8.rgbToLab() },
        BenchCase(name: "add_gray8") { try $0.gray8 + $0.gray8 },
        BenchCase(name: "histogram_otsu_gray8") { otsuThreshold(try $0.gray8.histogram()) },
        BenchCase(name: "equalize_gray8") { try $0.gray8.equalizeHist() },
        BenchCase(name: "clahe_gray8") { try $0.gray8.equalizeAdapthist() },
    ]

    /// An Otsu-style search over a histogram, only to time histogram + threshold against
    /// `cv2.threshold(..., THRESH_OTSU)`; the real Otsu lives in Segmentation.
    static func otsuThreshold(_ histogram: Histogram) -> Double {
        let counts = histogram.counts
        let centers = histogram.centers
        var total = 0.0, weightedTotal = 0.0
        for i in 0..<counts.count {
            total += Double(counts[i])
            weightedTotal += Double(counts[i]) * centers[i]
        }
        var weight0 = 0.0, sum0 = 0.0, best = -1.0, threshold = centers[0]
        for i in 0..<(counts.count - 1) {
            weight0 += Double(counts[i])
            sum0 += Double(counts[i]) * centers[i]
            let weight1 = total - weight0
            if weight0 == 0 || weight1 == 0 { continue }
            let mean0 = sum0 / weight0, mean1 = (weightedTotal - sum0) / weight1
            let between = weight0 * weight1 * (mean0 - mean1) * (mean0 - mean1)
            if between > best {
                best = between
                threshold = centers[i]
            }
        }
        return threshold
    }
}
