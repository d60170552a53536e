import Segmentation
import Testing
import TestSupport

@Suite("Watershed: label utilities")
struct WatershedLabelUtilitiesTests {
    static func map(_ w: Int, _ h: Int, _ ids: [UInt32]) -> LabelMap {
        LabelMap(ids: Image(width: w, height: h, pixels: ids))
    }

    @Test("relabel_sequential as skimage, with forward and inverse maps")
    func relabel() throws {
        let labels = Self.map(4, 2, [0, 5, 5, 9, 3, 0, 100, 0])
        let r = try expectScheduleIndependent { try labels.relabelSequential() }
        #expect(r.labels.ids.pixels == [0, 2, 2, 3, 1, 0, 4, 0])
        #expect(r.forward == [0: 0, 3: 1, 5: 2, 9: 3, 100: 4])
        #expect(r.inverse == [0: 0, 1: 3, 2: 5, 3: 9, 4: 100])
        let shifted = try labels.relabelSequential(offset: 10)
        #expect(shifted.labels.ids.pixels == [0, 11, 11, 12, 10, 0, 13, 0])
        let big = Self.map(2, 1, [UInt32.max, 7])
        #expect(try big.relabelSequential().labels.ids.pixels == [2, 1])
        expectError("relabelSequential") { try labels.relabelSequential(offset: 0) }
        expectError("relabelSequential") { try labels.relabelSequential(offset: .max - 1) }
    }

    @Test("filter by size keeps minSize...maxSize")
    func filter() throws {
        let labels = Self.map(5, 2, [1, 1, 1, 2, 2, 3, 0, 4, 4, 4])
        #expect(try labels.filterBySize(minSize: 2).ids.pixels == [1, 1, 1, 2, 2, 0, 0, 4, 4, 4])
        #expect(try labels.filterBySize(minSize: 2, maxSize: 2).ids.pixels == [0, 0, 0, 2, 2, 0, 0, 0, 0, 0])
        #expect(try labels.filterBySize().ids == labels.ids)
        expectError("filterLabels") { try labels.filterBySize(minSize: -1) }
        expectError("filterLabels") { try labels.filterBySize(minSize: 5, maxSize: 4) }
    }

    @Test("expand_labels equals skimage, ties included", arguments: [1.0, 3, 10, 100])
    func expand(_ distance: Double) throws {
        let labels = try WatershedFixture.labels("ex_labels")
        let got = try expectScheduleIndependent { try labels.expandLabels(distance: distance) }
        #expect(got == (try WatershedFixture.labels("ex_d\(Int(distance))")))
    }

    @Test("expand_labels edge cases")
    func expandEdges() throws {
        let empty = LabelMap(width: 3, height: 2)
        #expect(try empty.expandLabels(distance: 5) == empty)
        let full = Self.map(2, 1, [4, 6])
        #expect(try full.expandLabels(distance: 2) == full)
        let one = Self.map(5, 1, [0, 0, 7, 0, 0])
        #expect(try one.expandLabels(distance: 1).ids.pixels == [0, 7, 7, 7, 0])
        #expect(try one.expandLabels(distance: 0).ids.pixels == [0, 0, 7, 0, 0])
        #expect(try one.expandLabels(distance: 1, sampling: (1, 0.5)).ids.pixels == [7, 7, 7, 7, 7])
        expectError("expandLabels") { try one.expandLabels(distance: -1) }
        expectError("expandLabels") { try one.expandLabels(distance: .nan) }
        expectError("expandLabels") { try one.expandLabels(sampling: (0, 1)) }
        expectError("expandLabels") { try LabelMap(width: 0, height: 1).expandLabels() }
    }

    @Test("labels from markers: components and points")
    func fromMarkers() throws {
        let mask = Mask(width: 5, height: 3) { x, y in (x == 0 && y == 0) || (x == 1 && y == 1) || (x == 4) }
        #expect(try LabelMap.fromMarkers(mask).ids.pixels == [1, 0, 0, 0, 2, 0, 1, 0, 0, 2, 0, 0, 0, 0, 2])
        #expect(try LabelMap.fromMarkers(mask, connectivity: 1).ids.pixels == [1, 0, 0, 0, 2, 0, 3, 0, 0, 2, 0, 0, 0, 0, 2])
        let points = [PixelCoordinate(x: 2, y: 1), PixelCoordinate(x: 0, y: 2)]
        #expect(try LabelMap.fromPoints(points, width: 3, height: 3).ids.pixels == [0, 0, 0, 0, 0, 1, 2, 0, 0])
        expectError("labelsFromMarkers") { try LabelMap.fromPoints([PixelCoordinate(x: 3, y: 0)], width: 3, height: 3) }
        expectError("labelsFromMarkers") { try LabelMap.fromMarkers(mask, connectivity: 3) }
        expectError("labelsFromMarkers") { try LabelMap.fromMarkers(Mask(width: 0, height: 2)) }
    }
}
