import PixelEngine
import Testing
import TestSupport

@Suite("Morphology: fill holes, small objects and holes, clear border, skeletonize")
struct MorphologyRegionCleanupTests {
    @Test("fillHoles equals scipy.ndimage.binary_fill_holes", arguments: ["blobs", "noise", "frame", "tiny"])
    func fillHoles(_ name: String) throws {
        let mask = try MorphologyFixture.mask("fill_\(name)")
        let expected = try MorphologyFixture.image("fill_\(name)_out", UInt8.self)
        for limit in [1, 7] {
            let filled = try ParallelRows.$taskLimit.withValue(limit) { () throws -> Mask in try mask.fillHoles() }
            #expect(filled.bits == expected)
        }
    }

    @Test("removeSmallObjects / removeSmallHoles equal scikit-image",
          arguments: ["blobs", "noise"], [1, 2])
    func small(_ name: String, _ connectivity: Int) throws {
        let mask = try MorphologyFixture.mask("small_\(name)")
        for size in [1, 2, 5, 30] {
            let objects = try MorphologyFixture.image("small_\(name)_objects_c\(connectivity)_\(size)", UInt8.self)
            let holes = try MorphologyFixture.image("small_\(name)_holes_c\(connectivity)_\(size)", UInt8.self)
            #expect(try mask.removeSmallObjects(minSize: size, connectivity: connectivity).bits == objects)
            #expect(try mask.removeSmallHoles(areaThreshold: size, connectivity: connectivity).bits == holes)
        }
    }

    @Test("clearBorder equals skimage.segmentation.clear_border", arguments: [0, 1, 3])
    func clearBorder(_ buffer: Int) throws {
        let mask = try MorphologyFixture.mask("clear_mask")
        #expect(try mask.clearBorder(bufferSize: buffer).bits == MorphologyFixture.image("clear_mask_b\(buffer)", UInt8.self))
        let labels = LabelMap(ids: try MorphologyFixture.image("clear_labels", UInt32.self))
        #expect(try labels.clearBorder(bufferSize: buffer).ids == MorphologyFixture.image("clear_labels_b\(buffer)", UInt32.self))
    }

    @Test("skeletonize equals skimage.morphology.skeletonize",
          arguments: ["blobs", "noise", "rect", "full", "edge", "line"])
    func skeletonize(_ name: String) throws {
        let mask = try MorphologyFixture.mask("skel_\(name)")
        expectClose(try mask.skeletonize().bits, try MorphologyFixture.image("skel_\(name)_out", UInt8.self))
    }

    @Test("bad input throws, naming the operation")
    func errors() {
        let mask = Mask(width: 4, height: 3)
        let empty = Mask(width: 0, height: 2)
        expectError("fillHoles") { try mask.fillHoles(connectivity: 3) }
        expectError("fillHoles") { try empty.fillHoles() }
        expectError("removeSmallObjects") { try mask.removeSmallObjects(minSize: -1) }
        expectError("removeSmallObjects") { try mask.removeSmallObjects(connectivity: 0) }
        expectError("removeSmallHoles") { try mask.removeSmallHoles(areaThreshold: -5) }
        expectError("clearBorder") { try mask.clearBorder(bufferSize: 3) }
        expectError("clearBorder") { try mask.clearBorder(bufferSize: -1) }
        expectError("clearBorder") { try LabelMap(width: 2, height: 2).clearBorder(bufferSize: 2) }
        expectError("skeletonize") { try empty.skeletonize() }
    }
}
