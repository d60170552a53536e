import Segmentation
import Testing
import TestSupport

@Suite("Watershed: peak_local_max")
struct WatershedPeakLocalMaxTests {
    struct Variant: Sendable, CustomStringConvertible {
        let name: String
        var minDistance = 1
        var thresholdAbs: Double? = nil
        var thresholdRel: Double? = nil
        var excludeBorder: Int? = nil
        var numPeaks: Int? = nil
        var numPeaksPerLabel: Int? = nil
        var labels = false
        var description: String { name }
    }

    static let variants = [
        Variant(name: "md1"),
        Variant(name: "md3", minDistance: 3),
        Variant(name: "md5", minDistance: 5),
        Variant(name: "md0", minDistance: 0),
        Variant(name: "md3_nob", minDistance: 3, excludeBorder: 0),
        Variant(name: "md2_b4", minDistance: 2, excludeBorder: 4),
        Variant(name: "md3_rel", minDistance: 3, thresholdRel: 0.5),
        Variant(name: "md2_abs", minDistance: 2, thresholdAbs: 3),
        Variant(name: "md2_n5", minDistance: 2, numPeaks: 5),
        Variant(name: "md3_lab", minDistance: 3, labels: true),
        Variant(name: "md1_lab_nob", minDistance: 1, excludeBorder: 0, labels: true),
        Variant(name: "md3_lab_n1", minDistance: 3, numPeaksPerLabel: 1, labels: true),
        Variant(name: "md2_lab_n4", minDistance: 2, numPeaks: 4, labels: true),
    ]

    func run<S: PixelSample>(_ image: Image<S>, _ v: Variant, labels: LabelMap) throws -> Peaks {
        try expectScheduleIndependent {
            try image.peakLocalMax(minDistance: v.minDistance, thresholdAbs: v.thresholdAbs, thresholdRel: v.thresholdRel,
                                   excludeBorder: v.excludeBorder, numPeaks: v.numPeaks, numPeaksPerLabel: v.numPeaksPerLabel,
                                   labels: v.labels ? labels : nil)
        }
    }

    @Test("EDT (float): same peaks in the same order as skimage", arguments: variants)
    func edt(_ v: Variant) throws {
        let peaks = try run(try WatershedFixture.image("pk_edt", Float.self), v, labels: try WatershedFixture.labels("pk_labels"))
        #expect(peaks.coordinates == (try WatershedFixture.points("pk_edt_\(v.name)")))
    }

    @Test("8-bit with plateaus: same peaks in the same order as skimage", arguments: variants)
    func plateaus(_ v: Variant) throws {
        let peaks = try run(try WatershedFixture.image("pk_u8", UInt8.self), v, labels: try WatershedFixture.labels("pk_labels_u8"))
        #expect(peaks.coordinates == (try WatershedFixture.points("pk_u8_\(v.name)")))
    }

    @Test("markers carry ids 1...n at the peaks")
    func markers() throws {
        let image = Image<Float>(width: 7, height: 7, pixels: (0..<49).map { $0 == 24 ? 2 : ($0 == 10 ? 1 : 0) })
        let peaks = try image.peakLocalMax(minDistance: 1)
        #expect(peaks.coordinates == [PixelCoordinate(x: 3, y: 3), PixelCoordinate(x: 3, y: 1)])
        #expect(peaks.markers[3, 3] == 1 && peaks.markers[3, 1] == 2)
        #expect(peaks.markers.labels == [1, 2])
        #expect(try Image<UInt8>(width: 5, height: 4, repeating: 9).peakLocalMax().coordinates.isEmpty)
        #expect(try Image<UInt8>(width: 1, height: 1, repeating: 9).peakLocalMax().coordinates.isEmpty)
    }

    @Test("bad input throws")
    func errors() {
        let image = Image<Float>(width: 4, height: 3)
        expectError("peakLocalMax") { try Image<Float>(width: 0, height: 3).peakLocalMax() }
        expectError("peakLocalMax") { try Image<Float>(width: 4, height: 3, channels: 2).peakLocalMax() }
        expectError("peakLocalMax") { try image.peakLocalMax(minDistance: -1) }
        expectError("peakLocalMax") { try image.peakLocalMax(excludeBorder: -2) }
        expectError("peakLocalMax") { try image.peakLocalMax(numPeaks: -1) }
        expectError("peakLocalMax") { try image.peakLocalMax(thresholdAbs: .nan) }
        expectError("peakLocalMax") { try image.peakLocalMax(labels: LabelMap(width: 3, height: 3)) }
    }
}
