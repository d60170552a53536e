import Foundation
import Segmentation
import Testing
import TestSupport

/// FNV-1a over bytes: the committed checksums pin every generator to the same pixels on
/// every machine.
func samplesChecksum<S: PixelSample>(_ image: Image<S>) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    image.withUnsafeSamples { samples in
        for byte in UnsafeRawBufferPointer(samples) {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
    }
    return hash
}

/// Writes every sample and its truth as PNGs when SEGSH_SAMPLES_PREVIEW names a folder,
/// for looking at them.
@Suite struct SamplesPreviewTests {
    @Test func preview() throws {
        guard let folder = ProcessInfo.processInfo.environment["SEGSH_SAMPLES_PREVIEW"] else { return }
        let (cells, truth) = try Samples.cells()
        try PNG.write(cells, to: "\(folder)/cells.png")
        try PNG.write(truth.colorized(), to: "\(folder)/cells_truth.png")
        let (shapes, classes) = try Samples.shapes()
        try PNG.write(shapes, to: "\(folder)/shapes.png")
        try PNG.write(classes.colorized(), to: "\(folder)/shapes_truth.png")
        try PNG.write(try Samples.blobs(), to: "\(folder)/blobs.png")
    }
}

@Suite struct SamplesCellsTests {
    static let sample = try! Samples.cells(seed: 1)

    @Test("defaults: 256x256 gray uint8 with 30 nuclei labelled 1...30 in raster order")
    func defaults() throws {
        let (image, truth) = Self.sample
        #expect(image.width == 256 && image.height == 256 && image.channels == 1)
        #expect(truth.width == 256 && truth.height == 256)
        #expect(truth.labels == Array(1...30))
        var next: UInt32 = 1
        var seen = Set<UInt32>([0])
        for id in truth.ids.pixels where !seen.contains(id) {
            #expect(id == next)
            seen.insert(id)
            next += 1
        }
    }

    @Test("byte-identical pixels for a fixed seed (committed checksums)")
    func checksum() {
        let (image, truth) = Self.sample
        #expect(samplesChecksum(image) == 9894879520743170326)
        #expect(samplesChecksum(truth.ids) == 10909998331305571752)
    }

    @Test("nuclei are bright, touch in groups, and vary in size")
    func looksLikeNuclei() throws {
        let (image, truth) = Self.sample
        let ids = truth.ids.pixels, pixels = image.pixels, w = image.width
        var inside = 0.0, outside = 0.0, nInside = 0, touching = Set<UInt32>()
        var areas: [UInt32: Int] = [:]
        for p in 0..<ids.count {
            if ids[p] != 0 {
                inside += Double(pixels[p]); nInside += 1
                areas[ids[p], default: 0] += 1
                if p % w + 1 < w, ids[p + 1] != 0, ids[p + 1] != ids[p] { touching.formUnion([ids[p], ids[p + 1]]) }
                if p + w < ids.count, ids[p + w] != 0, ids[p + w] != ids[p] { touching.formUnion([ids[p], ids[p + w]]) }
            } else {
                outside += Double(pixels[p])
            }
        }
        let meanInside = inside / Double(nInside), meanOutside = outside / Double(ids.count - nInside)
        #expect(meanInside > 4 * meanOutside, "nuclei \(meanInside), background \(meanOutside)")
        #expect(touching.count >= 6, "\(touching.count) nuclei touch another")
        let sizes = areas.values.sorted()
        #expect(Double(sizes.last!) > 2 * Double(sizes.first!))
        let fraction = Double(nInside) / Double(ids.count)
        #expect(fraction > 0.08 && fraction < 0.3)
    }

    @Test("same pixels serially and in parallel; seeds differ")
    func deterministic() throws {
        let a = try expectScheduleIndependent { try Samples.cells(width: 96, height: 70, count: 12, seed: 4).image }
        let b = try Samples.cells(width: 96, height: 70, count: 12, seed: 5).image
        #expect(a != b)
        let truth = try expectScheduleIndependent { try Samples.cells(width: 96, height: 70, count: 12, seed: 4).truth }
        #expect(truth.labels.count == 12)
        #expect(try Samples.cells(width: 8, height: 8, count: 0).truth.labels.isEmpty)
    }

    @Test("bad sizes and counts throw a cells error")
    func errors() {
        expectError("cells") { try Samples.cells(width: 4) }
        expectError("cells") { try Samples.cells(height: 9000) }
        expectError("cells") { try Samples.cells(count: -1) }
        expectError("cells") { try Samples.cells(width: 32, height: 32, count: 11) }
    }
}

@Suite struct SamplesShapesTests {
    static let sample = try! Samples.shapes(seed: 1)

    @Test("defaults: 256x256 RGB with 9 objects of all three classes")
    func defaults() throws {
        let (image, truth) = Self.sample
        #expect(image.width == 256 && image.height == 256 && image.channels == 3)
        #expect(truth.names == ["background", "disk", "square", "triangle"])
        #expect(truth.classes.map(\.color) == Samples.shapeClasses.map(\.color))
        #expect(Set(truth.indices.pixels) == [0, 1, 2, 3])
        let objects = try Mask(nonzero: truth.indices).connectedComponents(connectivity: 1)
        #expect(objects.count == 9)
    }

    @Test("byte-identical pixels for a fixed seed (committed checksums)")
    func checksum() {
        let (image, truth) = Self.sample
        #expect(samplesChecksum(image) == 1646363423960559650)
        #expect(samplesChecksum(truth.indices) == 7543025819177528742)
    }

    @Test("objects differ in colour from the background around them")
    func contrast() {
        let (image, truth) = Self.sample
        var sums = [[Double]](repeating: [0, 0, 0], count: 2), counts = [0, 0]
        for p in 0..<truth.indices.pixels.count {
            let k = truth.indices.pixels[p] == 0 ? 0 : 1
            counts[k] += 1
            for c in 0..<3 { sums[k][c] += Double(image.pixels[p * 3 + c]) }
        }
        let distance = (0..<3).map { c in abs(sums[0][c] / Double(counts[0]) - sums[1][c] / Double(counts[1])) }.max()!
        #expect(distance > 30)
    }

    @Test("same pixels serially and in parallel; seeds differ")
    func deterministic() throws {
        let a = try expectScheduleIndependent { try Samples.shapes(width: 90, height: 64, count: 5, seed: 2).image }
        let b = try Samples.shapes(width: 90, height: 64, count: 5, seed: 3).image
        #expect(a != b)
        _ = try expectScheduleIndependent { try Samples.shapes(width: 90, height: 64, count: 5, seed: 2).truth }
        #expect(Set(try Samples.shapes(width: 8, height: 8, count: 0).truth.indices.pixels) == [0])
    }

    @Test("bad sizes and counts throw a shapes error")
    func errors() {
        expectError("shapes") { try Samples.shapes(width: 7) }
        expectError("shapes") { try Samples.shapes(count: -2) }
        expectError("shapes") { try Samples.shapes(width: 40, height: 40, count: 5) }
    }
}

@Suite struct SamplesBlobsTests {
    @Test("the set fraction follows volumeFraction", arguments: [0.2, 0.5, 0.8])
    func fraction(_ f: Double) throws {
        let blobs = try Samples.blobs(width: 128, height: 96, volumeFraction: f, seed: 7)
        #expect(blobs.width == 128 && blobs.height == 96)
        let measured = Double(blobs.count) / Double(128 * 96)
        #expect(abs(measured - f) < 0.02, "\(measured)")
    }

    @Test("smaller blobSizeFraction gives more, smaller blobs")
    func blobSize() throws {
        let coarse = try Samples.blobs(width: 128, height: 128, blobSizeFraction: 0.2, seed: 1).connectedComponents().count
        let fine = try Samples.blobs(width: 128, height: 128, blobSizeFraction: 0.05, seed: 1).connectedComponents().count
        #expect(fine > coarse)
    }

    @Test("byte-identical pixels for a fixed seed (committed checksum)")
    func checksum() throws {
        let blobs = try Samples.blobs(seed: 1)
        #expect(samplesChecksum(blobs.bits) == 9671534232461187129)
    }

    @Test("same mask serially and in parallel; seeds differ")
    func deterministic() throws {
        let a = try expectScheduleIndependent { try Samples.blobs(width: 50, height: 31, seed: 3) }
        #expect(a != (try Samples.blobs(width: 50, height: 31, seed: 4)))
    }

    @Test("bad sizes and fractions throw a blobs error")
    func errors() {
        expectError("blobs") { try Samples.blobs(width: 0) }
        expectError("blobs") { try Samples.blobs(volumeFraction: 0) }
        expectError("blobs") { try Samples.blobs(volumeFraction: 1.5) }
        expectError("blobs") { try Samples.blobs(blobSizeFraction: 0) }
        expectError("blobs") { try Samples.blobs(width: 64, height: 64, blobSizeFraction: 0.01) }
    }
}

@Suite struct SamplesCatalogTests {
    @Test("the listing names every sample with a one-line summary")
    func names() {
        #expect(Samples.names.map(\.name) == ["cells", "shapes", "blobs"])
        for entry in Samples.names {
            #expect(!entry.summary.isEmpty && !entry.summary.contains("\n"))
        }
    }
}
