import Foundation
import Segmentation
import TestSupport
import Testing

/// RegionTable access, filtering, CSV, and filtering label maps by a measurement.
@Suite("Measure region table")
struct MeasureRegionTableTests {
    /// 2 (3 px), 5 (1 px), 9 (4 px; row variance 1/2, column variance 3/16, no covariance,
    /// so eccentricity √(1 − 0.375)).
    static let labels = LabelMap(ids: Image(width: 5, height: 3, pixels: [
        2, 2, 2, 0, 9,
        0, 0, 0, 9, 9,
        5, 0, 0, 0, 9,
    ] as [UInt32]))

    @Test func access() throws {
        let table = try Self.labels.regionprops(properties: [.area, .centroid])
        #expect(table.labels == [2, 5, 9])
        #expect(table.count == 3)
        #expect(table.column("area") == [3, 1, 4])
        #expect(table.column("label") == [2, 5, 9])
        #expect(table.column("nope") == nil)
        #expect(table[label: 9]?["area"] == 4)
        #expect(table[label: 9]?[.centroid] == 1)
        #expect(table[label: 9]?["centroid-0"] == 1)
        #expect(table[label: 9]?["centroid-1"] == 3.75)
        #expect(table[label: 3] == nil)
        #expect(table.rows.map(\.label) == [2, 5, 9])
        #expect(table.rows[0].values.map(\.name) == ["label", "area", "centroid-0", "centroid-1"])
    }

    @Test func filterAndSelect() throws {
        let table = try Self.labels.regionprops(properties: [.area, .centroid])
        let big = table.filter { $0["area"]! >= 3 }
        #expect(big.labels == [2, 9])
        #expect(big.column("centroid-1") == [1, 3.75])
        #expect(table.filter { _ in false }.isEmpty)
        #expect(table.selecting(["centroid-1", "area", "missing"]).columnNames == ["label", "centroid-1", "area"])
    }

    @Test func csvIsRFC4180AndStable() throws {
        let table = try Self.labels.regionprops(properties: [.area, .centroid, .eccentricity])
        let csv = table.csv()
        #expect(csv == """
            label,area,centroid-0,centroid-1,eccentricity\r
            2,3,0,1,1\r
            5,1,2,0,0\r
            9,4,1,3.75,0.7905694150420949\r

            """)
        #expect(csv == (try Self.labels.regionprops(properties: [.area, .centroid, .eccentricity])).csv())
        let odd = RegionTable(columnNames: ["label", "a,b", "say \"hi\""], labels: [1],
                              columns: [[1], [0.1], [-2.5e-7]])
        #expect(odd.csv() == "label,\"a,b\",\"say \"\"hi\"\"\"\r\n1,0.1,-2.5e-07\r\n")
        let special = RegionTable(columnNames: ["label", "x"], labels: [1, 2, 3], columns: [[1, 2, 3], [.nan, .infinity, 1e20]])
        #expect(special.csv() == "label,x\r\n1,nan\r\n2,inf\r\n3,1e+20\r\n")
    }

    @Test func writeCSVAtomically() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-measure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("regions.csv").path
        let table = try Self.labels.regionprops()
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try table.writeCSV(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == table.csv())
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["regions.csv"])
        expectError("writeCSV") { try table.writeCSV(to: folder.appendingPathComponent("missing/regions.csv").path) }
        expectError("writeCSV") { try table.writeCSV(to: folder.path + "/") }
    }

    @Test func filterLabelMapByMeasurement() throws {
        let table = try Self.labels.regionprops(properties: [.area])
        let kept = Self.labels.filter(by: table) { $0["area"]! > 1 }
        #expect(kept.ids.pixels == [2, 2, 2, 0, 9, 0, 0, 0, 9, 9, 0, 0, 0, 0, 9])
        let renumbered = Self.labels.filter(by: table, relabel: true) { $0["area"]! > 1 }
        #expect(renumbered.ids.pixels == [1, 1, 1, 0, 2, 0, 0, 0, 2, 2, 0, 0, 0, 0, 2])
        #expect(Self.labels.keeping([9, 0, 9, 77]).labels == [9])
        #expect(Self.labels.keeping([9, 77, 5], relabel: true).ids.pixels == [0, 0, 0, 0, 2, 0, 0, 0, 2, 2, 1, 0, 0, 0, 2])
        #expect(Self.labels.keeping([]).labels.isEmpty)
    }

    /// Large sparse ids take the binary-search path; it agrees with the table path.
    @Test func filterSparseIds() {
        let ids: [UInt32] = [4_000_000_000, 4_000_000_000, 0, 7, 3_000_000_000, 7]
        let labels = LabelMap(ids: Image(width: 3, height: 2, pixels: ids))
        #expect(labels.keeping([7, 4_000_000_000]).ids.pixels == [4_000_000_000, 4_000_000_000, 0, 7, 0, 7])
        #expect(labels.keeping([7, 4_000_000_000], relabel: true).ids.pixels == [2, 2, 0, 1, 0, 1])
        let big = MeasureRegionpropsPropertyTests.randomLabels(width: 40, height: 30, seed: 11, idScale: 1)
        let keep = Array(big.labels.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        let spread = LabelMap(ids: big.ids.map { $0 == 0 ? 0 : $0 &* 50_000_000 })
        let a = expectScheduleIndependent { big.keeping(keep, relabel: true) }
        let b = expectScheduleIndependent { spread.keeping(keep.map { $0 &* 50_000_000 }, relabel: true) }
        #expect(a == b)
    }
}
