import Foundation
import Segmentation
import TestSupport
import Testing

/// Region tables against a naive transcription of scikit-image's definitions, on seeded
/// random label maps of odd sizes, with 1 to 4 intensity channels; and independence from
/// the schedule and from how ids are spread.
@Suite("Measure regionprops properties")
struct MeasureRegionpropsPropertyTests {
    static let sizes = [(1, 1), (9, 1), (1, 9), (5, 3), (23, 17), (33, 40)]

    /// Random rectangles, discs and lines over speckle, ids from a sparse set.
    static func randomLabels(width: Int, height: Int, seed: UInt64, idScale: UInt32 = 7) -> LabelMap {
        var rng = SeededGenerator(seed: seed)
        var ids = [UInt32](repeating: 0, count: width * height)
        for i in 0..<ids.count where Double.random(in: 0..<1, using: &rng) < 0.1 {
            ids[i] = UInt32.random(in: 1...4, using: &rng) * idScale
        }
        for _ in 0..<max(2, width * height / 60) {
            let id = UInt32.random(in: 1...40, using: &rng) * idScale
            let cx = Int.random(in: 0..<width, using: &rng), cy = Int.random(in: 0..<height, using: &rng)
            let rx = Int.random(in: 0...6, using: &rng), ry = Int.random(in: 0...6, using: &rng)
            let kind = Int.random(in: 0..<3, using: &rng)
            for y in max(0, cy - ry)...min(height - 1, cy + ry) {
                for x in max(0, cx - rx)...min(width - 1, cx + rx) {
                    let dx = Double(x - cx) / Double(rx + 1), dy = Double(y - cy) / Double(ry + 1)
                    let inside = switch kind {
                    case 0: true
                    case 1: dx * dx + dy * dy < 1
                    default: abs(x - cx) == abs(y - cy)
                    }
                    if inside { ids[y * width + x] = id }
                }
            }
        }
        return LabelMap(ids: Image(width: width, height: height, pixels: ids))
    }

    // MARK: naive reference (a transcription of scikit-image's definitions)

    static func naive(_ labels: LabelMap, _ label: UInt32, intensity: Image<Float>?) -> [String: Double] {
        let w = labels.width, h = labels.height
        var inside = [[Bool]](repeating: [Bool](repeating: false, count: w), count: h)
        var pixels: [(r: Int, c: Int)] = []
        for r in 0..<h { for c in 0..<w where labels[c, r] == label { inside[r][c] = true; pixels.append((r, c)) } }
        func at(_ r: Int, _ c: Int) -> Bool { r >= 0 && r < h && c >= 0 && c < w && inside[r][c] }
        var v: [String: Double] = [:]
        let n = Double(pixels.count)
        v["area"] = n
        let cr = pixels.map { Double($0.r) }.reduce(0, +) / n, cc = pixels.map { Double($0.c) }.reduce(0, +) / n
        v["centroid-0"] = cr
        v["centroid-1"] = cc
        let minR = pixels.map(\.r).min()!, maxR = pixels.map(\.r).max()!
        let minC = pixels.map(\.c).min()!, maxC = pixels.map(\.c).max()!
        v["bbox-0"] = Double(minR); v["bbox-1"] = Double(minC); v["bbox-2"] = Double(maxR + 1); v["bbox-3"] = Double(maxC + 1)
        let boxArea = Double((maxR - minR + 1) * (maxC - minC + 1))
        v["area_bbox"] = boxArea
        v["extent"] = n / boxArea
        v["equivalent_diameter_area"] = (4 * n / Double.pi).squareRoot()

        // Inertia tensor [[a, b], [b, c]] from central moments.
        let mu20 = pixels.map { pow(Double($0.r) - cr, 2) }.reduce(0, +)
        let mu02 = pixels.map { pow(Double($0.c) - cc, 2) }.reduce(0, +)
        let mu11 = pixels.map { (Double($0.r) - cr) * (Double($0.c) - cc) }.reduce(0, +)
        let a = mu02 / n, b = -mu11 / n, c = mu20 / n
        let root = (pow((a - c) / 2, 2) + b * b).squareRoot()
        let l1 = max(0, (a + c) / 2 + root), l2 = max(0, (a + c) / 2 - root)
        v["axis_major_length"] = 4 * l1.squareRoot()
        v["axis_minor_length"] = 4 * l2.squareRoot()
        v["eccentricity"] = l1 == 0 ? 0 : (1 - l2 / l1).squareRoot()
        if abs(a - c) + abs(b) > 1e-9 { v["orientation"] = 0.5 * atan2(-2 * b, c - a) }

        // perimeter: boundary = image − erosion by the 4-cross (outside is background), then
        // convolve with [[10, 2, 10], [2, 1, 2], [10, 2, 10]] and weight.
        let border = (0..<h).map { r in (0..<w).map { c in
            at(r, c) && !(at(r - 1, c) && at(r + 1, c) && at(r, c - 1) && at(r, c + 1))
        } }
        func isBorder(_ r: Int, _ c: Int) -> Int { r >= 0 && r < h && c >= 0 && c < w && border[r][c] ? 1 : 0 }
        var weights = [Double](repeating: 0, count: 50)
        for i in [5, 7, 15, 17, 25, 27] { weights[i] = 1 }
        for i in [21, 33] { weights[i] = 2.0.squareRoot() }
        for i in [13, 23] { weights[i] = (1 + 2.0.squareRoot()) / 2 }
        var perimeter = 0.0
        for r in 0..<h {
            for c in 0..<w {
                let code = isBorder(r, c) + 2 * (isBorder(r - 1, c) + isBorder(r + 1, c) + isBorder(r, c - 1) + isBorder(r, c + 1))
                    + 10 * (isBorder(r - 1, c - 1) + isBorder(r - 1, c + 1) + isBorder(r + 1, c - 1) + isBorder(r + 1, c + 1))
                perimeter += weights[code]
            }
        }
        v["perimeter"] = perimeter

        // perimeter_crofton: pad by 1, convolve with [[0, 0, 0], [0, 1, 4], [0, 2, 8]]
        // (convolution flips the kernel), histogram the codes, weight.
        let kernel = [[0, 0, 0], [0, 1, 4], [0, 2, 8]]
        let s2 = 2.0.squareRoot(), pi = Double.pi
        let coefs = [0, pi / 4 * (1 + 1 / s2), pi / (4 * s2), pi / (2 * s2), 0, pi / 4 * (1 + 1 / s2), 0, pi / (4 * s2),
                     pi / 4, pi / 2, pi / (4 * s2), pi / (4 * s2), pi / 4, pi / 2, 0, 0]
        var crofton = 0.0
        for i in 0..<(h + 2) {
            for j in 0..<(w + 2) {
                var code = 0
                for ka in 0..<3 {
                    for kb in 0..<3 {
                        // padded (i - ka + 1, j - kb + 1) is original (i - ka, j - kb)
                        if at(i - ka, j - kb) { code += kernel[ka][kb] }
                    }
                }
                crofton += coefs[code]
            }
        }
        v["perimeter_crofton"] = crofton

        // area_convex: hull of every pixel's edge midpoints (doubled coordinates), pixel
        // centres inside or on it.
        var points: [(y: Int, x: Int)] = []
        for p in pixels {
            points += [(2 * p.r - 1, 2 * p.c), (2 * p.r + 1, 2 * p.c), (2 * p.r, 2 * p.c - 1), (2 * p.r, 2 * p.c + 1)]
        }
        points.sort { $0.y != $1.y ? $0.y < $1.y : $0.x < $1.x }
        func cross(_ o: (y: Int, x: Int), _ a: (y: Int, x: Int), _ b: (y: Int, x: Int)) -> Int {
            (a.y - o.y) * (b.x - o.x) - (a.x - o.x) * (b.y - o.y)
        }
        var lower: [(y: Int, x: Int)] = [], upper: [(y: Int, x: Int)] = []
        for p in points {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        for p in points.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        let hull = Array(lower.dropLast()) + Array(upper.dropLast()) // counter-clockwise in (y, x)
        var convex = 0
        for r in minR...maxR {
            for c in minC...maxC {
                let p = (y: 2 * r, x: 2 * c)
                if hull.indices.allSatisfy({ cross(hull[$0], hull[($0 + 1) % hull.count], p) >= 0 }) { convex += 1 }
            }
        }
        v["area_convex"] = Double(convex)
        v["solidity"] = n / Double(convex)

        if let intensity {
            for ch in 0..<intensity.channels {
                let values = pixels.map { Double(intensity[$0.c, $0.r, ch]) }
                let suffix = intensity.channels == 1 ? "" : "-\(ch)"
                v["intensity_mean" + suffix] = values.reduce(0, +) / n
                v["intensity_min" + suffix] = values.min()!
                v["intensity_max" + suffix] = values.max()!
            }
        }
        return v
    }

    static func expectMatchesNaive(_ labels: LabelMap, intensity: Image<Float>?, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let table = try intensity.map { try labels.regionprops(intensity: $0) } ?? labels.regionprops()
        #expect(table.labels == labels.labels, sourceLocation: sourceLocation)
        for row in table.rows {
            let expected = naive(labels, row.label, intensity: intensity)
            for (name, want) in expected {
                guard let got = row[name] else {
                    Issue.record("no column \(name)", sourceLocation: sourceLocation)
                    continue
                }
                if name == "orientation" {
                    // Orientation is defined modulo π: compare the doubled angle.
                    let ok = abs(cos(2 * got) - cos(2 * want)) < 1e-9 && abs(sin(2 * got) - sin(2 * want)) < 1e-9
                    #expect(ok, "label \(row.label) orientation: got \(got), naive \(want)", sourceLocation: sourceLocation)
                } else {
                    #expect(abs(got - want) <= 1e-9 * max(1, abs(want)),
                            "\(labels.width)x\(labels.height) label \(row.label) \(name): got \(got), naive \(want)",
                            sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test(arguments: sizes.indices)
    func matchesNaiveReference(_ sizeIndex: Int) throws {
        let (w, h) = Self.sizes[sizeIndex]
        for seed in 0..<3 {
            let labels = Self.randomLabels(width: w, height: h, seed: UInt64(sizeIndex * 10 + seed))
            try Self.expectMatchesNaive(labels, intensity: nil)
        }
    }

    @Test(arguments: 1...4)
    func intensityChannels(_ channels: Int) throws {
        let labels = Self.randomLabels(width: 21, height: 15, seed: UInt64(100 + channels))
        let intensity = randomImage(Float.self, width: 21, height: 15, channels: channels, seed: UInt64(channels))
        try Self.expectMatchesNaive(labels, intensity: intensity)
        let table = try labels.regionprops(intensity: intensity, properties: [.intensityMean])
        #expect(table.columnNames == ["label"] + RegionProperty.intensityMean.columnNames(channels: channels))
    }

    /// Every sample type gives the same statistics as its values converted to Double.
    @Test func intensitySampleTypes() throws {
        let labels = Self.randomLabels(width: 19, height: 13, seed: 7)
        let u8 = randomImage(UInt8.self, width: 19, height: 13, seed: 1)
        let u16 = randomImage(UInt16.self, width: 19, height: 13, seed: 2)
        let u32 = randomImage(UInt32.self, width: 19, height: 13, seed: 3)
        let props: [RegionProperty] = [.intensityMean, .intensityMin, .intensityMax]
        for (table, image) in [(try labels.regionprops(intensity: u8, properties: props), u8.map { Float($0) }),
                               (try labels.regionprops(intensity: u16, properties: props), u16.map { Float($0) })] {
            #expect(table == (try labels.regionprops(intensity: image, properties: props)))
        }
        let big = try labels.regionprops(intensity: u32, properties: props)
        for row in big.rows {
            let values = (0..<u32.pixelCount).filter { labels.ids.pixels[$0] == row.label }.map { Double(u32.pixels[$0]) }
            #expect(row["intensity_max"] == values.max())
            #expect(row["intensity_min"] == values.min())
            #expect(abs(row["intensity_mean"]! - values.reduce(0, +) / Double(values.count)) <= 1e-6)
        }
    }

    /// A NaN sample makes its region's mean, min and max NaN (as NumPy), and only its region's.
    @Test func nanIntensity() throws {
        let labels = LabelMap(ids: Image(width: 4, height: 2, pixels: [1, 1, 2, 2, 1, 1, 2, 2] as [UInt32]))
        for nanAt in [0, 1, 5] {
            var pixels: [Float] = [0.5, 0.25, 1, 2, 0.75, 0.125, 3, 4]
            pixels[nanAt] = .nan
            let table = try labels.regionprops(intensity: Image(width: 4, height: 2, pixels: pixels),
                                               properties: [.intensityMean, .intensityMin, .intensityMax])
            for name in ["intensity_mean", "intensity_min", "intensity_max"] {
                #expect(table[label: 1]![name]!.isNaN, "NaN at \(nanAt): \(name)")
            }
            #expect(table[label: 2]!["intensity_mean"] == 2.5)
            #expect(table[label: 2]!["intensity_min"] == 1 && table[label: 2]!["intensity_max"] == 4)
        }
    }

    @Test func scheduleIndependent() throws {
        let labels = Self.randomLabels(width: 64, height: 61, seed: 42)
        let intensity = randomImage(Float.self, width: 64, height: 61, channels: 3, seed: 9)
        _ = try expectScheduleIndependent { try labels.regionprops(intensity: intensity) }
    }

    /// Ids beyond the direct-index limit take the sparse path; only the label column changes.
    @Test func sparseIdsMatchDenseIds() throws {
        let dense = Self.randomLabels(width: 30, height: 22, seed: 5, idScale: 1)
        let sparse = LabelMap(ids: dense.ids.map { $0 == 0 ? 0 : $0 &* 100_000_000 &+ 12_345 })
        let intensity = randomImage(UInt16.self, width: 30, height: 22, seed: 6)
        let a = try dense.regionprops(intensity: intensity)
        let b = try expectScheduleIndependent { try sparse.regionprops(intensity: intensity) }
        #expect(b.labels == a.labels.map { $0 &* 100_000_000 &+ 12_345 })
        #expect(Array(a.columns.dropFirst()) == Array(b.columns.dropFirst()))
    }

    /// 10,000 labels (2x2 squares on a grid) in one table.
    @Test func tenThousandLabels() throws {
        let side = 100
        let labels = LabelMap(ids: Image<UInt32>.generate(width: side * 3, height: side * 3) { rows, out in
            for y in rows {
                for x in 0..<(side * 3) {
                    out[y * side * 3 + x] = (x % 3 == 2 || y % 3 == 2) ? 0 : UInt32((y / 3) * side + x / 3 + 1)
                }
            }
        })
        let table = try labels.regionprops()
        #expect(table.count == side * side)
        #expect(table.column("area")!.allSatisfy { $0 == 4 })
        #expect(table.column("perimeter")!.allSatisfy { $0 == 4 })
        #expect(table.column("solidity")!.allSatisfy { $0 == 1 })
        #expect(table[label: 10_000]?["centroid-0"] == Double(3 * (side - 1)) + 0.5)
    }

    @Test func emptyAndBackgroundOnly() throws {
        let none = try LabelMap(width: 4, height: 3).regionprops()
        #expect(none.isEmpty && none.columnNames == ["label"] + RegionProperty.shape.flatMap { $0.columnNames() })
        let zero = try LabelMap(width: 0, height: 0).regionprops(intensity: Image<UInt8>(width: 0, height: 0))
        #expect(zero.isEmpty && zero.columnNames.contains("intensity_mean"))
    }

    @Test func propertiesChooseColumns() throws {
        let labels = Self.randomLabels(width: 12, height: 9, seed: 3)
        let table = try labels.regionprops(properties: [.solidity, .bbox, .area, .solidity])
        #expect(table.columnNames == ["label", "solidity", "bbox-0", "bbox-1", "bbox-2", "bbox-3", "area"])
        let full = try labels.regionprops()
        #expect(table.column("solidity") == full.column("solidity"))
        #expect(table.column("area") == full.column("area"))
    }

    @Test func errors() {
        let labels = LabelMap(width: 4, height: 3)
        expectError("regionprops") { try labels.regionprops(intensity: Image<UInt8>(width: 3, height: 4)) }
        expectError("regionprops") { try labels.regionprops(properties: [.area, .intensityMax]) }
    }
}
