import PixelEngine
import Segmentation

extension BenchRegistry {
    /// Evaluation (issue 8): StarDist-style matching of ~2 000 × 2 000 objects on a 4096²
    /// map at the 10 default thresholds, with AJI, splits/merges, ARE and VI (target < 2 s).
    /// The inputs are built here (not from BenchInputs), identically in cases_metrics.py.
    static let metrics: [BenchCase] = [
        BenchCase(name: "match_instances_4096") { _ in
            try MatchInputs.shared.predicted.evaluate(truth: MatchInputs.shared.truth)
        },
    ]
}

/// A 45 × 45 grid of 88-pixel squares (2 025 objects) on 4096², and a prediction whose
/// squares are shifted by −6…6 pixels (some reaching into their neighbours), with
/// scrambled ids. Built once, on first use (the untimed warm-up run).
struct MatchInputs: Sendable {
    static let shared = MatchInputs()
    let truth: LabelMap
    let predicted: LabelMap

    init() {
        let size = 4096, n = 45, side = 88
        var t = [UInt32](repeating: 0, count: size * size)
        var p = [UInt32](repeating: 0, count: size * size)
        func paint(_ buffer: inout [UInt32], x0: Int, y0: Int, id: UInt32) {
            for y in max(0, y0)..<min(size, y0 + side) {
                for x in max(0, x0)..<min(size, x0 + side) { buffer[y * size + x] = id }
            }
        }
        for j in 0..<n {
            for i in 0..<n {
                let k = j * n + i
                let ox = i * size / n + 3, oy = j * size / n + 3
                let dx = (i * 7 + j * 3) % 13 - 6, dy = (i * 5 + j * 11) % 13 - 6
                paint(&t, x0: ox, y0: oy, id: UInt32(k + 1))
                paint(&p, x0: ox + dx, y0: oy + dy, id: UInt32((k * 7919) % (n * n) + 1))
            }
        }
        truth = LabelMap(ids: Image(width: size, height: size, pixels: t))
        predicted = LabelMap(ids: Image(width: size, height: size, pixels: p))
    }
}
