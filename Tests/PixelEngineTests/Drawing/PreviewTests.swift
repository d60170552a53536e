import Foundation
import PixelEngine
import Testing
import TestSupport

/// Writes the drawing outputs as PNGs for a person to look at, when `SEGSH_PREVIEW_DIR` is
/// set (`SEGSH_PREVIEW_DIR=/tmp swift test --filter DrawingPreview`); otherwise does nothing.
@Suite("Drawing: previews")
struct DrawingPreviewTests {
    static let directory = ProcessInfo.processInfo.environment["SEGSH_PREVIEW_DIR"]

    /// A 256×160 gray scene with blob objects, its mask and a label map of the blobs.
    static func scene() -> (Image<UInt8>, Mask, LabelMap) {
        let w = 256, h = 160
        let centres: [(Double, Double, Double)] = (0..<14).map { i in
            let cx = Double(20 + (i * 53) % 220)
            let cy = Double(18 + (i * 37) % 125)
            let r = Double(8 + (i * 7) % 14)
            return (cx, cy, r)
        }
        var ids = Image<UInt32>(width: w, height: h)
        var gray = Image<UInt8>(width: w, height: h)
        for y in 0..<h {
            for x in 0..<w {
                let wave: Double = sin(Double(x) / 20) * cos(Double(y) / 15)
                var v = 40.0 + 30 * wave
                for (i, (cx, cy, r)) in centres.enumerated() {
                    let dx: Double = Double(x) - cx
                    let dy: Double = Double(y) - cy
                    let d = (dx * dx + dy * dy).squareRoot()
                    if d <= r { ids[x, y] = UInt32(i + 1); v = 170 + 60 * (1 - d / r) }
                }
                gray[x, y] = UInt8(clamping: Int(v) + (x * 7 + y * 13) % 9)
            }
        }
        return (gray, Mask(nonzero: ids.map { $0 != 0 ? 1 : 0 }), LabelMap(ids: ids))
    }

    @Test func writePreviews() throws {
        guard let directory = Self.directory else { return }
        let (gray, mask, labels) = Self.scene()
        func write(_ image: Image<UInt8>, _ name: String) throws {
            try PNG.write(image, to: "\(directory)/\(name).png")
        }
        // Palette: ids 1…96 as 24×24 squares, 12 per row.
        let grid = LabelMap(ids: Image<UInt32>.generate(width: 288, height: 192) { rows, out in
            for y in rows { for x in 0..<288 { out[y * 288 + x] = UInt32((y / 24) * 12 + x / 24 + 1) } }
        })
        try write(grid.colorized(), "palette")
        try write(labels.colorized(), "labels")
        try write(try gray.overlay(labels, alpha: 0.45), "overlay_labels")
        try write(try gray.overlay(mask, color: RGB8(255, 40, 40), alpha: 0.4), "overlay_mask")
        try write(try gray.markBoundaries(labels, color: RGB8(255, 255, 0)), "mark_boundaries_outer")
        try write(try labels.boundaries(mode: .inner).displayRGB(), "boundaries_inner")
        try write(try gray.drawing([
            .disk(x: 30, y: 30, radius: 4), .disk(x: 60.5, y: 30.5, radius: 2.5),
            .cross(x: 100, y: 30, size: 6, thickness: 1), .cross(x: 130, y: 30, size: 6, thickness: 3),
            .rectangle(x: 20, y: 60, width: 60, height: 40, thickness: 1),
            .rectangle(x: 100, y: 60, width: 60, height: 40, thickness: 3),
            .line(x0: 180, y0: 20, x1: 250, y1: 150, thickness: 1),
            .line(x0: 170, y0: 150, x1: 250, y1: 60, thickness: 3),
            .rectangle(x: -10, y: 140, width: 40, height: 40, thickness: 2),
        ], color: RGB8(0, 255, 120)), "markers")
        try write(try gray.histogramPlot(thresholds: [128]), "histogram_gray")
        let rgb = try montage([gray, labels]).resize(width: 512, height: 160).flip(.horizontal)
        try write(try rgb.histogramPlot(width: 400, height: 160, thresholds: [60, 200], logScale: true), "histogram_rgb_log")
        try write(try montage([gray, mask, labels, try gray.overlay(labels, alpha: 0.45)], columns: 2, gap: 6,
                              background: RGB8(40, 40, 40)), "montage_grid")
        let classes = try ClassMap(indices: labels.ids.map { UInt8($0 == 0 ? 0 : 1 + $0 % 3) }, classCount: 4)
        try write(try montage([classes, labels, try gray.rotate(angle: 30, resize: true), try gray.resize(width: 100, height: 60)],
                              gap: 8), "montage_semantic_instance")
    }
}
