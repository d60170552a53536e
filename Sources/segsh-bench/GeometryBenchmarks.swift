import Foundation
import PixelEngine

extension BenchRegistry {
    /// Geometry and drawing (compare with OpenCV resize/warpAffine/flip and scikit-image
    /// resize/rotate/label2rgb; see Scripts/bench/cases_geometry.py).
    static let geometry: [BenchCase] = [
        BenchCase(name: "resize_half_bilinear_gray8") {
            try $0.gray8.resize(width: $0.size / 2, height: $0.size / 2, interpolation: .bilinear)
        },
        BenchCase(name: "resize_half_area_gray8") {
            try $0.gray8.resize(width: $0.size / 2, height: $0.size / 2, interpolation: .area)
        },
        BenchCase(name: "rotate30_gray8") { try $0.gray8.rotate(angle: 30) },
        BenchCase(name: "flip_h_rgb8") { $0.rgb8.flip(.horizontal) },
        BenchCase(name: "color_labels") { GridLabels.shared.labels(for: $0).colorized() },
        BenchCase(name: "overlay_labels_rgb8") { try $0.rgb8.overlay(GridLabels.shared.labels(for: $0), alpha: 0.5) },
    ]
}

/// The label map of the colouring cases, built once per input size: the mask's pixels
/// numbered by the 32×32 cell they fall in (`id = (y/32)·(size/32) + x/32 + 1`), zero off
/// the mask. Scripts/bench/cases_geometry.py builds the same one.
final class GridLabels: @unchecked Sendable {
    static let shared = GridLabels()
    private let lock = NSLock()
    private var cache: [Int: LabelMap] = [:]

    func labels(for inputs: BenchInputs) -> LabelMap {
        lock.lock()
        defer { lock.unlock() }
        if let labels = cache[inputs.size] { return labels }
        let size = inputs.size
        let cells = size / 32
        let bits = inputs.mask.bits
        let ids = Image<UInt32>.generate(width: size, height: size) { rows, out in
            for y in rows {
                for x in 0..<size {
                    out[y * size + x] = bits[x, y] != 0 ? UInt32((y / 32) * cells + x / 32 + 1) : 0
                }
            }
        }
        let labels = LabelMap(ids: ids)
        cache[size] = labels
        return labels
    }
}
