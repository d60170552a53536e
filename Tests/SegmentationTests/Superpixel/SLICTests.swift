@testable import Segmentation
import Testing
import TestSupport

/// SLIC: segment counts, connectivity, numbering, schedule independence, boundary recall
/// against scikit-image's (fixtures from Scripts/fixtures/superpixel.py), the seed grid
/// against `skimage.util.regular_grid`, and bad input.
@Suite struct SuperpixelSLICTests {
    static let astronaut = try! Fixtures.npy("superpixel/astronaut_rgb.npy").image(UInt8.self)
    static let cells = try! Samples.cells(width: 128, height: 128, count: 10, seed: 3).image

    @Test("segment count within 10% of nSegments; every segment one 4-connected piece",
          arguments: [50, 200, 1000])
    func countAndConnectivity(n: Int) throws {
        for (image, compactness) in [(Self.astronaut, 10.0), (Self.cells, 0.1)] {
            let labels = try image.slic(nSegments: n, compactness: compactness)
            let count = labels.labels.count
            #expect(abs(Double(count - n)) <= 0.1 * Double(n), "\(count) segments for nSegments \(n)")
            #expect(try SuperpixelCheck.disconnectedSegments(labels, connectivity: 1) == 0)
            #expect(SuperpixelCheck.rasterOrdered(labels, start: 1))
        }
    }

    @Test("same labels serially, in 7 tasks and by default; colour and gray")
    func scheduleIndependent() throws {
        let rgb = Self.astronaut
        _ = try expectScheduleIndependent { try rgb.slic(nSegments: 300) }
        let gray = Self.cells
        _ = try expectScheduleIndependent { try gray.slic(nSegments: 150, compactness: 0.1, sigma: 1) }
        let odd = randomImage(UInt16.self, width: 37, height: 23, channels: 3, seed: 5)
        _ = try expectScheduleIndependent { try odd.slic(nSegments: 20, convertToLab: false) }
    }

    @Test("boundary recall on a synthetic image with known edges is at least scikit-image's")
    func boundaryRecall() throws {
        let rgb = try Fixtures.npy("superpixel/edges_rgb.npy").image(UInt8.self)
        let truth = try Fixtures.npy("superpixel/edges_truth.npy").image(UInt16.self).pixels.map { UInt32($0) }
        let reference = try Fixtures.npy("superpixel/slic_recall.npy").doubles
        for (i, n) in [100, 200, 400].enumerated() {
            let labels = try rgb.slic(nSegments: n, compactness: 10)
            let recall = SuperpixelCheck.boundaryRecall(labels.ids.pixels, truth, rgb.width, rgb.height)
            #expect(recall >= reference[i], "n \(n): recall \(recall), scikit-image \(reference[i])")
        }
    }

    struct GridCase: Sendable, CustomTestStringConvertible {
        let height: Int, width: Int, n: Int
        let startY: Int, stepY: Int, startX: Int, stepX: Int
        var testDescription: String { "\(height)x\(width) n=\(n)" }
    }

    /// `regular_grid((1, height, width), n)` from scikit-image 0.26.
    static let grids: [GridCase] = [
        GridCase(height: 128, width: 128, n: 50, startY: 9, stepY: 18, startX: 9, stepX: 18),
        GridCase(height: 128, width: 128, n: 200, startY: 4, stepY: 9, startX: 4, stepX: 9),
        GridCase(height: 128, width: 128, n: 1000, startY: 2, stepY: 4, startX: 2, stepX: 4),
        GridCase(height: 1, width: 40, n: 5, startY: 0, stepY: 1, startX: 4, stepX: 8),
        GridCase(height: 40, width: 1, n: 5, startY: 4, stepY: 8, startX: 0, stepX: 1),
        GridCase(height: 3, width: 5, n: 4, startY: 0, stepY: 2, startX: 0, stepX: 2),
        GridCase(height: 3, width: 5, n: 100, startY: 0, stepY: 1, startX: 0, stepX: 1),
        GridCase(height: 7, width: 300, n: 20, startY: 3, stepY: 7, startX: 7, stepX: 15),
        GridCase(height: 100, width: 60, n: 37, startY: 6, stepY: 13, startX: 6, stepX: 13),
        GridCase(height: 2048, width: 2048, n: 1000, startY: 32, stepY: 65, startX: 32, stepX: 65),
    ]

    @Test("seed grid equals scikit-image's regular_grid", arguments: grids)
    func grid(_ c: GridCase) {
        let g = SLICGrid(width: c.width, height: c.height, nSegments: c.n)
        #expect([g.startY, g.stepY, g.startX, g.stepX] == [c.startY, c.stepY, c.startX, c.stepX])
        #expect(g.countY == (c.height - 1 - c.startY) / c.stepY + 1)
        #expect(g.countX == (c.width - 1 - c.startX) / c.stepX + 1)
    }

    @Test("8-bit CIELAB fast path agrees with rgbToLab on the scaled image")
    func labFastPath() throws {
        let rgb = randomImage(UInt8.self, width: 19, height: 7, channels: 4, seed: 11)
        let fast = SLICFeatures.labPlanes(rgb, ratio: 0.1)
        let reference = SLICFeatures.planar(try SLICFeatures.unitScaled(rgb, colourChannels: 3, "slic").rgbToLab(), ratio: 0.1)
        let worst = zip(fast, reference).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-4)
    }

    @Test("odd sizes, 1 to 4 channels, every sample type")
    func oddShapes() throws {
        for (w, h) in [(1, 1), (1, 9), (9, 1), (3, 5), (17, 11)] {
            for channels in 1...4 {
                let images: [LabelMap] = [
                    try randomImage(UInt8.self, width: w, height: h, channels: channels, seed: 1).slic(nSegments: 6),
                    try randomImage(UInt16.self, width: w, height: h, channels: channels, seed: 2).slic(nSegments: 6),
                    try randomImage(Float.self, width: w, height: h, channels: channels, seed: 3).slic(nSegments: 6, compactness: 1),
                ]
                for labels in images {
                    #expect(labels.width == w && labels.height == h)
                    #expect(SuperpixelCheck.rasterOrdered(labels, start: 1))
                    #expect(try SuperpixelCheck.disconnectedSegments(labels, connectivity: 1) == 0)
                }
            }
        }
        // A constant image is a plain grid of segments.
        let flat = Image<UInt8>(width: 30, height: 30, channels: 3, repeating: 90)
        #expect(try flat.slic(nSegments: 9).labels.count == 9)
    }

    @Test("startLabel 0, connectivity off, smoothing, no Lab")
    func options() throws {
        let rgb = Self.astronaut
        let zero = try rgb.slic(nSegments: 100, startLabel: 0)
        #expect(SuperpixelCheck.rasterOrdered(zero, start: 0))
        let one = try rgb.slic(nSegments: 100)
        #expect(zero.ids.pixels.map { $0 + 1 } == one.ids.pixels)
        let raw = try rgb.slic(nSegments: 100, enforceConnectivity: false)
        #expect(raw.maxLabel <= 100)
        let smooth = try rgb.slic(nSegments: 100, sigma: 2, convertToLab: false)
        #expect(try SuperpixelCheck.disconnectedSegments(smooth, connectivity: 1) == 0)
        let iterations = try rgb.slic(nSegments: 100, maxIterations: 1)
        #expect(try SuperpixelCheck.disconnectedSegments(iterations, connectivity: 1) == 0)
    }

    @Test("bad input throws a slic error")
    func errors() {
        let img = Image<UInt8>(width: 8, height: 8)
        expectError("slic") { try Image<UInt8>(width: 0, height: 3).slic() }
        expectError("slic") { try img.slic(nSegments: 0) }
        expectError("slic") { try img.slic(compactness: 0) }
        expectError("slic") { try img.slic(compactness: .nan) }
        expectError("slic") { try img.slic(maxIterations: 0) }
        expectError("slic") { try img.slic(sigma: -1) }
        expectError("slic") { try img.slic(minSizeFactor: -0.5) }
        expectError("slic") { try img.slic(maxSizeFactor: 0) }
        expectError("slic") { try img.slic(startLabel: 2) }
        let nan = Image<Float>(width: 4, height: 4, channels: 1, repeating: .nan)
        expectError("slic") { try nan.slic() }
    }
}
