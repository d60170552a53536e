import Foundation
import PixelEngine
@testable import Segmentation
import Testing
import TestSupport

@Suite("Neural: tiles")
struct TilingTests {
    @Test func layoutAlongAnAxis() throws {
        let layout = try TileLayout(width: 100, height: 30, tile: 40, overlap: 8, multipleOf: 8)
        #expect(layout.x.starts == [0, 30, 60])
        #expect(layout.x.length == 40 && layout.x.input == 40)
        #expect(layout.y.starts == [0])
        #expect(layout.y.length == 30 && layout.y.input == 32)
        #expect(layout.count == 3)
    }

    @Test func tileRoundsDownToTheMultiple() throws {
        let layout = try TileLayout(width: 50, height: 50, tile: 30, overlap: 4, multipleOf: 16)
        #expect(layout.x.length == 16 && layout.x.starts == [0, 11, 23, 34])
    }

    @Test func fixedSizePadsSmallImages() throws {
        let layout = try TileLayout(width: 5, height: 70, tile: 32, overlap: 6, fixedSize: (height: 32, width: 32))
        #expect(layout.x.input == 32 && layout.x.length == 5)
        #expect(layout.y.starts == [0, 19, 38] && layout.y.input == 32)
    }

    @Test func weightsOfNeighboursSumToOne() throws {
        let layout = try TileLayout(width: 100, height: 10, tile: 40, overlap: 8)
        let a = layout.x.weights(window: 0), b = layout.x.weights(window: 1)
        for x in 30..<40 { #expect(abs(a[x] + b[x - 30] - 1) < 1e-6) }
        #expect(a[0] == 1 && a[29] == 1)
    }

    @Test func refusesOverlapsOfHalfATile() {
        #expect(throws: NetworkError(.option, "overlap must be in 0..<16 (half the tile of 32), got 16")) {
            try TileLayout(width: 100, height: 100, tile: 32, overlap: 16)
        }
    }

    static func smooth(width: Int, height: Int, seed: UInt64) -> NetworkInput {
        var rng = SeededGenerator(seed: seed)
        let centres = (0..<12).map { _ in (Double.random(in: 0..<Double(width), using: &rng), Double.random(in: 0..<Double(height), using: &rng)) }
        var values = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let d = centres.map { hypot(Double(x) - $0.0, Double(y) - $0.1) }.min()!
                values[y * width + x] = Float(0.5 + 0.5 * cos(d / 4))
            }
        }
        return NetworkInput(values: values, channels: 1, width: width, height: height)
    }

    /// What a small convolutional network does: a 5×5 mean with zero padding, then two
    /// class logits, so that tile edges see less context than the whole image.
    static func boxNetwork(_ tile: [Float], _ h: Int, _ w: Int) -> [Float] {
        var logits = [Float](repeating: 0, count: 2 * h * w)
        for y in 0..<h {
            for x in 0..<w {
                var sum: Float = 0
                for dy in -2...2 {
                    for dx in -2...2 {
                        let yy = y + dy, xx = x + dx
                        if yy >= 0 && yy < h && xx >= 0 && xx < w { sum += tile[yy * w + xx] }
                    }
                }
                logits[y * w + x] = 12 * (sum / 25 - 0.5)
            }
        }
        return classProbabilities(logits: logits, classes: 2, pixels: h * w)
    }

    /// Acceptance: tiled and untiled results agree on ≥ 99.9 % of pixels (sizes multiples
    /// of 8, so that the whole run is not padded either and only the seams can differ).
    @Test func tiledAgreesWithWhole() throws {
        let input = Self.smooth(width: 88, height: 72, seed: 4)
        let whole = try runTiled(input, layout: try TileLayout(width: 88, height: 72, tile: 96, overlap: 8, multipleOf: 8),
                                 classes: 2, progress: nil, cancel: nil, run: Self.boxNetwork)
        let tiled = try runTiled(input, layout: try TileLayout(width: 88, height: 72, tile: 32, overlap: 8, multipleOf: 8),
                                 classes: 2, progress: nil, cancel: nil, run: Self.boxNetwork)
        let n = 88 * 72
        let agree = (0..<n).filter { (whole[1][$0] > whole[0][$0]) == (tiled[1][$0] > tiled[0][$0]) }.count
        #expect(Double(agree) / Double(n) >= 0.999)
        let meanDifference = (0..<n).map { abs(whole[1][$0] - tiled[1][$0]) }.reduce(0, +) / Float(n)
        #expect(meanDifference < 0.01)
        #expect((0..<n).allSatisfy { abs(tiled[0][$0] + tiled[1][$0] - 1) < 1e-5 })
    }

    /// An identity network gives the input back exactly, for tiles, padding and odd sizes.
    @Test(arguments: [(13, 9, 8, 8, 2), (50, 33, 16, 16, 4), (7, 40, 32, 1, 6), (1, 1, 16, 16, 3)])
    func identityRoundTrip(_ c: (Int, Int, Int, Int, Int)) throws {
        let (w, h, tile, multiple, overlap) = c
        let values = (0..<(2 * w * h)).map { Float($0 % 97) }
        let input = NetworkInput(values: values, channels: 2, width: w, height: h)
        let layout = try TileLayout(width: w, height: h, tile: tile, overlap: overlap, multipleOf: multiple)
        var calls: [(Int, Int)] = []
        let out = try runTiled(input, layout: layout, classes: 2, progress: nil, cancel: nil) { t, th, tw in
            calls.append((th, tw))
            #expect(th % multiple == 0 && tw % multiple == 0)
            return t
        }
        #expect(calls.count == layout.count)
        for k in 0..<2 {
            for i in 0..<(w * h) { #expect(abs(out[k][i] - values[k * w * h + i]) < 1e-3) }
        }
    }

    @Test func paddingReflects() throws {
        let input = NetworkInput(values: (0..<5).map(Float.init), channels: 1, width: 5, height: 1)
        let layout = try TileLayout(width: 5, height: 1, tile: 16, overlap: 2, multipleOf: 8)
        var seen: [Float] = []
        _ = try runTiled(input, layout: layout, classes: 1, progress: nil, cancel: nil) { t, _, w in
            seen = Array(t.prefix(w))
            return t
        }
        #expect(seen == [0, 1, 2, 3, 4, 3, 2, 1])
    }

    @Test func progressAndCancellation() throws {
        let input = Self.smooth(width: 64, height: 64, seed: 1)
        let layout = try TileLayout(width: 64, height: 64, tile: 32, overlap: 4)
        var reports: [Int] = []
        _ = try runTiled(input, layout: layout, classes: 1, progress: { done, total in
            #expect(total == 9)
            reports.append(done)
        }, cancel: nil) { t, _, _ in t }
        #expect(reports == Array(0...9))
        var ran = 0
        #expect(throws: NetworkError(.cancelled, "cancelled")) {
            try runTiled(input, layout: layout, classes: 1, progress: nil, cancel: { ran >= 2 }) { t, _, _ in
                ran += 1
                return t
            }
        }
        #expect(ran == 2)
    }

    @Test func softmaxAndSigmoid() {
        // Two pixels: logits (0, 1) and (1, 1).
        let p = classProbabilities(logits: [0, 1, 1, 1], classes: 2, pixels: 2)
        #expect(abs(p[0] - 1 / (1 + exp(1))) < 1e-6 && abs(p[1] - 0.5) < 1e-6 && abs(p[0] + p[2] - 1) < 1e-6)
        let q = classProbabilities(logits: [0, 2], classes: 1, pixels: 2)
        #expect(q.count == 4 && abs(q[2] - 0.5) < 1e-6 && abs(q[3] - 1 / (1 + exp(-2))) < 1e-6 && abs(q[1] + q[3] - 1) < 1e-6)
    }
}
