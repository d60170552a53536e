import Foundation
import PixelEngine
@testable import Segmentation
import Testing

@Suite("Neural: interior/boundary watershed")
struct InstanceRecipeTests {
    static let classes = ["background", "interior", "boundary"]

    /// Probabilities a good network gives for disks: interior inside each disk but a rim of
    /// `rim` pixels, boundary on the rim, background outside; `blur` makes them soft.
    static func probabilities(disks: [(x: Double, y: Double, r: Double)], width: Int, height: Int,
                              rim: Double = 2, blur: Double = 0) throws -> [Image<Float>] {
        var bg = [Float](repeating: 0, count: width * height), inside = bg, edge = bg
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                // Depth inside the union: the largest r − distance over the disks covering it.
                let depth = disks.map { $0.r - hypot(Double(x) - $0.x, Double(y) - $0.y) }.max()!
                let covering = disks.filter { hypot(Double(x) - $0.x, Double(y) - $0.y) <= $0.r }.count
                if depth < 0 { bg[i] = 1 } else if depth < rim || covering > 1 { edge[i] = 1 } else { inside[i] = 1 }
            }
        }
        let planes = [bg, inside, edge].map { Image(width: width, height: height, pixels: $0) }
        return blur > 0 ? try planes.map { try $0.gaussian(sigma: blur) } : planes
    }

    @Test func touchingDisksBecomeTwoObjects() throws {
        let disks = [(x: 20.0, y: 20.0, r: 11.0), (x: 38.0, y: 22.0, r: 10.0), (x: 60.0, y: 40.0, r: 6.0)]
        let p = try Self.probabilities(disks: disks, width: 72, height: 56, blur: 1)
        let labels = try InstanceRecipe(foreground: 0.5, seed: 0.6).labels(probabilities: p, classes: Self.classes)
        #expect(labels.labels == [1, 2, 3])
        // Each object holds its disk's centre and about its area.
        for (k, d) in disks.enumerated() {
            #expect(labels[Int(d.x), Int(d.y)] == UInt32(k + 1))
        }
        let area = labels.ids.pixels.filter { $0 == 3 }.count
        #expect(abs(Double(area) - Double.pi * 36) < 20)
    }

    @Test func minSizeDropsSmallObjects() throws {
        let disks = [(x: 20.0, y: 20.0, r: 11.0), (x: 50.0, y: 20.0, r: 3.5)]
        let p = try Self.probabilities(disks: disks, width: 64, height: 40, rim: 1)
        #expect(try InstanceRecipe(minSize: 0).labels(probabilities: p, classes: Self.classes).labels == [1, 2])
        #expect(try InstanceRecipe(minSize: 60).labels(probabilities: p, classes: Self.classes).labels == [1])
    }

    @Test func distanceSeedsSplitInteriorsThatTouch() throws {
        // No boundary between the two disks (rim 0, overlap counted as interior): one seed
        // region, which distance seeds split and component seeds do not.
        let disks = [(x: 16.0, y: 16.0, r: 10.0), (x: 34.0, y: 16.0, r: 10.0)]
        var p = try Self.probabilities(disks: disks, width: 52, height: 32, rim: 0)
        p[1] = Image(width: 52, height: 32, pixels: zip(p[1].pixels, p[2].pixels).map { $0 + $1 })
        p[2] = Image(width: 52, height: 32, repeating: 0)
        #expect(try InstanceRecipe().labels(probabilities: p, classes: Self.classes).labels.count == 1)
        let split = try InstanceRecipe(seeds: .distance, minDistance: 5).labels(probabilities: p, classes: Self.classes)
        #expect(split.labels == [1, 2])
        #expect(split[16, 16] != split[34, 16])
    }

    @Test func noSeedsNoObjects() throws {
        let p = [Image<Float>(width: 8, height: 8, repeating: 1), Image(width: 8, height: 8), Image(width: 8, height: 8)]
        #expect(try InstanceRecipe().labels(probabilities: p, classes: Self.classes).maxLabel == 0)
    }

    @Test func channelsByNameOrPosition() {
        let r = InstanceRecipe()
        #expect(r.channels(["boundary", "background", "interior"])! == (1, 2, 0))
        #expect(r.channels(["bg", "nucleus"])! == (0, 1, nil))
        #expect(r.channels(["a", "b", "c", "d"]) == nil)
    }
}
