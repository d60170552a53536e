import Foundation
import Segmentation
import Testing
import TestSupport

@Suite("Metrics COCO exchange vs pycocotools")
struct MetricsCOCOTests {
    private func exportLabels() throws -> LabelMap {
        LabelMap(ids: try Fixtures.npy("metrics/coco_export_labels.npy").image(UInt32.self))
    }

    /// Our RLE strings, boxes and areas are pycocotools' own, object by object.
    @Test func exportMatchesPycocotoolsEncode() throws {
        let labels = try exportLabels()
        let expected = try JSONSerialization.jsonObject(with: Fixtures.data("metrics/coco_export_expected.json")) as! [[String: Any]]
        let data = try COCO.encode(labels, fileName: "blobs.png")
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let annotations = root["annotations"] as! [[String: Any]]
        #expect(annotations.count == expected.count)
        for (ours, theirs) in zip(annotations, expected) {
            #expect((ours["id"] as! NSNumber).intValue == (theirs["id"] as! NSNumber).intValue)
            let segmentation = ours["segmentation"] as! [String: Any]
            #expect(segmentation["counts"] as? String == theirs["counts"] as? String, "object \(theirs["id"]!)")
            #expect((ours["area"] as! NSNumber).intValue == (theirs["area"] as! NSNumber).intValue)
            let box = (ours["bbox"] as! [NSNumber]).map(\.doubleValue)
            #expect(box == (theirs["bbox"] as! [NSNumber]).map(\.doubleValue), "bbox of \(theirs["id"]!)")
        }
    }

    /// segsh → COCO → segsh is exact, and the export is byte-stable (the committed file,
    /// which Scripts/fixtures/metrics.py checks with pycocotools `annToMask`).
    @Test func roundTripAndByteStable() throws {
        let labels = try exportLabels()
        let data = try COCO.encode(labels, fileName: "blobs.png")
        let back = try COCO.decode(data)
        #expect(back.labels == labels)
        #expect(back.overlappingPixels == 0)
        #expect(back.image == COCO.ImageInfo(id: 1, width: labels.width, height: labels.height, fileName: "blobs.png"))
        #expect(Set(back.categoryOfLabel.values) == [1])
        if ProcessInfo.processInfo.environment["SEGSH_RECORD_FIXTURES"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../Fixtures/metrics/coco_segsh.json").standardized
            try data.write(to: source)
        }
        #expect(try Fixtures.data("metrics/coco_segsh.json") == data, "the export changed; re-record and re-check with pycocotools")
        #expect(try COCO.encode(labels, fileName: "blobs.png") == data)
    }

    /// A file written by pycocotools (polygons, both RLE forms, overlaps) reads as
    /// `annToMask` reads it.
    @Test func importMatchesAnnToMask() throws {
        let data = try Fixtures.data("metrics/coco_pycocotools.json")
        let instances = try COCO.decode(data, imageID: 7)
        let expected = try Fixtures.npy("metrics/coco_pycocotools_labels.npy").image(UInt32.self)
        expectClose(instances.labels.ids, expected)
        #expect(instances.categories.map(\.name) == ["cell", "debris", "tissue"])
        #expect(instances.categoryOfLabel[106] == 2)
        #expect(instances.overlappingPixels > 0)

        // Each annotation on its own, through the public rasteriser.
        let masks = try Fixtures.npy("metrics/coco_pycocotools_masks.npy")
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let annotations = (root["annotations"] as! [[String: Any]]).filter { ($0["image_id"] as! NSNumber).intValue == 7 }
        for (n, annotation) in annotations.enumerated() {
            let expectedMask = masks.plane(n, UInt8.self)
            let mask: Mask
            if let polygons = annotation["segmentation"] as? [[NSNumber]] {
                mask = try COCO.rasterize(polygons: polygons.map { $0.map(\.doubleValue) }, height: 30, width: 41)
            } else {
                let rle = annotation["segmentation"] as! [String: Any]
                if let s = rle["counts"] as? String {
                    let decoded = try COCO.RLE(compressed: s, height: 30, width: 41)
                    #expect(decoded.compressed == s)
                    mask = decoded.mask()
                } else {
                    let counts = (rle["counts"] as! [NSNumber]).map { UInt32($0.intValue) }
                    mask = try COCO.RLE(height: 30, width: 41, counts: counts).mask()
                }
            }
            expectClose(mask.bits, expectedMask)
            #expect(COCO.RLE(mask).mask() == mask)
        }
        expectError("coco") { try COCO.decode(data) }             // two images: which one?
        expectError("coco") { try COCO.decode(data, imageID: 3) }
    }

    /// The one-pass per-object encoder equals encoding each object's mask, and decoding
    /// gives the masks back, on odd shapes.
    @Test(arguments: [(1, 1), (1, 9), (9, 1), (3, 5), (17, 6)])
    func objectEncodingMatchesMaskEncoding(_ size: (Int, Int)) throws {
        let (w, h) = size
        var rng = SeededGenerator(seed: UInt64(w * 100 + h))
        let ids = Image<UInt32>(width: w, height: h, pixels: (0..<(w * h)).map { _ in UInt32.random(in: 0...3, using: &rng) * 5 })
        let labels = LabelMap(ids: ids)
        let back = try COCO.decode(try COCO.encode(labels))
        #expect(back.labels == labels)
        for id in labels.labels {
            let mask = Mask(width: w, height: h) { x, y in ids[x, y] == id }
            let rle = COCO.RLE(mask)
            #expect(rle.mask() == mask)
            #expect(rle.area == mask.count)
            #expect(try COCO.RLE(compressed: rle.compressed, height: h, width: w) == rle)
        }
    }

    @Test func rleEdgeCases() throws {
        let full = Mask(width: 3, height: 2, filled: true)
        let rle = COCO.RLE(full)
        #expect(rle.counts == [0, 6])
        #expect(rle.area == 6 && rle.boundingBox == [0, 0, 3, 2])
        let empty = COCO.RLE(Mask(width: 3, height: 2))
        #expect(empty.counts == [6] && empty.boundingBox == [0, 0, 0, 0])
        // Large runs use several characters, negative differences the sign bit.
        let counts: [UInt32] = [100_000, 3, 7, 250_000, 1, 0]
        let big = try COCO.RLE(height: 1, width: 350_011, counts: counts)
        #expect(try COCO.RLE(compressed: big.compressed, height: 1, width: 350_011).counts == counts)
        expectError("coco") { try COCO.RLE(height: 2, width: 2, counts: [1, 2]) }
        expectError("coco") { try COCO.RLE(compressed: "0 1", height: 1, width: 1) }
        expectError("coco") { try COCO.RLE(compressed: "o", height: 1, width: 1) }   // ends inside a number
        expectError("coco") { try COCO.rasterize(polygons: [], height: 4, width: 4) }
        expectError("coco") { try COCO.rasterize(polygons: [[1, 2]], height: 4, width: 4) }
        expectError("coco") { try COCO.rasterize(polygons: [[1, 2, 3, .nan, 5, 6]], height: 4, width: 4) }
        expectError("coco") { try COCO.rasterize(polygons: [[1, 2, 3, 4, 5, 6, 7]], height: 4, width: 4) }
        // A repeated vertex (0/0 in pycocotools) is harmless.
        let square = try COCO.rasterize(polygons: [[1, 1, 1, 1, 5, 1, 5, 5, 1, 5]], height: 8, width: 8)
        #expect(square == (try COCO.rasterize(polygons: [[1, 1, 5, 1, 5, 5, 1, 5]], height: 8, width: 8)))
        #expect(square.count > 0)
    }

    @Test func categoriesAndBadInput() throws {
        var ids = Image<UInt32>(width: 4, height: 3)
        ids[0, 0] = 4; ids[3, 2] = 9
        let labels = LabelMap(ids: ids)
        let categories = [COCO.Category(id: 1, name: "cell"), COCO.Category(id: 5, name: "debris \"x\"")]
        let data = try COCO.encode(labels, categories: categories, categoryOfLabel: [9: 5])
        let back = try COCO.decode(data)
        #expect(back.categoryOfLabel == [4: 1, 9: 5])
        #expect(back.categories == categories)
        expectError("coco") { try COCO.encode(labels, categories: []) }
        expectError("coco") { try COCO.encode(labels, categoryOfLabel: [9: 3]) }
        expectError("coco") { try COCO.encode(LabelMap(width: 0, height: 0)) }
        expectError("coco") { try COCO.decode(Data("not json".utf8)) }
        expectError("coco") { try COCO.decode(Data("[1, 2]".utf8)) }
        let wrongSize = #"{"images": [{"id": 1, "width": 4, "height": 3}], "annotations": [{"id": 1, "image_id": 1, "segmentation": {"size": [3, 5], "counts": [15]}}]}"#
        expectError("coco") { try COCO.decode(Data(wrongSize.utf8)) }
        // Duplicate annotation ids: labels are numbered in file order instead.
        let dup = #"{"images": [{"id": 1, "width": 4, "height": 3}], "annotations": [{"id": 8, "image_id": 1, "segmentation": {"size": [3, 4], "counts": [0, 1, 11]}}, {"id": 8, "image_id": 1, "segmentation": {"size": [3, 4], "counts": [11, 1]}}]}"#
        let numbered = try COCO.decode(Data(dup.utf8))
        #expect(numbered.labels.labels == [1, 2])
        expectError("coco") { try COCO.read(path: "/nonexistent/annotations.json") }
        expectError("coco") { try COCO.write(labels, to: "/nonexistent/dir/out.json") }
    }
}

@Suite("Metrics ground-truth PNG exchange")
struct MetricsGroundTruthPNGTests {
    @Test(arguments: ["gt_labels16", "gt_labels8", "gt_panoptic"])
    func labelPNGs(_ name: String) throws {
        let labels = try LabelMap.readPNG(path: Fixtures.path("metrics/\(name).png"))
        expectClose(labels.ids, try Fixtures.npy("metrics/\(name).npy").image(UInt32.self))
    }

    @Test func nonLabelImagesAreRefused() {
        expectError("label map") { try LabelMap(groundTruth: .float32(Image(width: 2, height: 2))) }
        expectError("label map") { try LabelMap(groundTruth: .uint8(Image(width: 2, height: 2, channels: 2))) }
        expectError("label map") { try LabelMap(groundTruth: .uint16(Image(width: 2, height: 2, channels: 3))) }
    }

    @Test func classPNGs() throws {
        let expected = try Fixtures.npy("metrics/gt_classes_palette.npy").image(UInt8.self)
        let palette = try ClassMap.readPNG(path: Fixtures.path("metrics/gt_classes_palette.png"),
                                           names: ["background", "a", "b", "c"])
        #expect(palette.indices == expected)
        #expect(palette.classes[1].color == RGB8(128, 0, 0) && palette.classes[3].color == RGB8(128, 128, 0))
        let gray = try ClassMap.readPNG(path: Fixtures.path("metrics/gt_classes_gray.png"))
        #expect(gray.indices == expected)
        #expect(gray.names == ["class 0", "class 1", "class 2", "class 3"])
        expectError("read class map") {
            try ClassMap.readPNG(path: Fixtures.path("metrics/gt_classes_gray.png"), names: ["a", "b"])
        }
        expectError("read class map") { try ClassMap.readPNG(path: Fixtures.path("metrics/gt_panoptic.png")) }
    }

    @Test func maskPNGs() throws {
        let expected = try Fixtures.npy("metrics/gt_mask.npy").image(UInt8.self)
        #expect(try Mask.readPNG(path: Fixtures.path("metrics/gt_mask.png")).bits == expected)
        #expect(try Mask.readPNG(path: Fixtures.path("metrics/gt_mask_rgba.png")).bits == expected)
    }

    @Test func writeAndReadBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-metrics-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let labels = LabelMap(ids: randomImage(UInt16.self, width: 7, height: 5, seed: 3).map { UInt32($0) })
        try labels.writePNG(to: directory.appendingPathComponent("l.png").path)
        #expect(try LabelMap.readPNG(path: directory.appendingPathComponent("l.png").path) == labels)
        let classes = try ClassMap(indices: Image(width: 3, height: 2, pixels: [0, 1, 2, 2, 1, 0]), classCount: 3)
        try classes.writePNG(to: directory.appendingPathComponent("c.png").path)
        let readClasses = try ClassMap.readPNG(path: directory.appendingPathComponent("c.png").path,
                                               names: classes.names)
        #expect(readClasses == classes)
        let mask = randomMask(width: 6, height: 4, seed: 2)
        try mask.writePNG(to: directory.appendingPathComponent("m.png").path)
        #expect(try Mask.readPNG(path: directory.appendingPathComponent("m.png").path) == mask)

        expectError("write label map") { try LabelMap(ids: Image(width: 1, height: 1, pixels: [70000])).writePNG(to: directory.appendingPathComponent("x.png").path) }
        expectError("read label map") { try LabelMap.readPNG(path: directory.appendingPathComponent("missing.png").path) }
        expectError("read mask") { try Mask.readPNG(path: directory.appendingPathComponent("missing.png").path) }
        expectError("write mask") { try mask.writePNG(to: "/nonexistent/dir/m.png") }
        expectError("write class map") { try classes.writePNG(to: "/nonexistent/dir/c.png") }
    }
}
