import Foundation
import PixelEngine
import Segmentation

extension BenchRegistry {
    /// Distance transform, watershed, peaks and declumping (compare with OpenCV
    /// distanceTransform/watershed and scipy/scikit-image); see Scripts/bench/cases_watershed.py.
    static let watershed: [BenchCase] = [
        BenchCase(name: "edt_mask") { try $0.mask.distanceTransform() },
        BenchCase(name: "watershed_markers_gray8") { inputs in
            try inputs.gray8.watershed(markers: WatershedBenchCache.shared.gridMarkers(inputs))
        },
        BenchCase(name: "peak_local_max_edt") { inputs in
            try WatershedBenchCache.shared.edt(inputs).peakLocalMax(minDistance: 5)
        },
        BenchCase(name: "declump_mask") { try $0.mask.declump() },
    ]
}

/// Inputs prepared once per size outside the timed region (the Python side caches the
/// same ones): seed markers every 32 pixels and the EDT of the mask.
final class WatershedBenchCache: @unchecked Sendable {
    static let shared = WatershedBenchCache()
    private let lock = NSLock()
    private var markers: [Int: LabelMap] = [:]
    private var edts: [Int: Image<Float>] = [:]

    /// Ids 1, 2, … in raster order at (16 + 32i, 16 + 32j), as `markers[16::32, 16::32]`.
    func gridMarkers(_ inputs: BenchInputs) -> LabelMap {
        lock.lock()
        defer { lock.unlock() }
        if let m = markers[inputs.size] { return m }
        let n = inputs.size
        var ids = Image<UInt32>(width: n, height: n)
        var next: UInt32 = 1
        for y in stride(from: 16, to: n, by: 32) {
            for x in stride(from: 16, to: n, by: 32) {
                ids[x, y] = next
                next += 1
            }
        }
        let m = LabelMap(ids: ids)
        markers[n] = m
        return m
    }

    func edt(_ inputs: BenchInputs) throws -> Image<Float> {
        lock.lock()
        defer { lock.unlock() }
        if let e = edts[inputs.size] { return e }
        let e = try inputs.mask.distanceTransform()
        edts[inputs.size] = e
        return e
    }
}
