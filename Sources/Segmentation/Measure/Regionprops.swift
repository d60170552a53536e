#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LabelMap {
    /// Measures every region (nonzero label) of the label map: `skimage.measure.regionprops_table`.
    ///
    /// Definitions, column names and coordinates are scikit-image's (see
    /// ``RegionProperty``): axis 0 is the row, so `centroid-0` is the mean row and
    /// `orientation` is the angle from the row axis to the major axis. A label that
    /// occurs in several places is one region.
    ///
    /// - Parameter properties: the measurements, in column order after `label`; nil (the
    ///   default) means every property that needs no intensity image
    ///   (``RegionProperty/shape``). Repeated entries are ignored.
    /// - Returns: one row per label present, ascending; an empty table when the map has
    ///   no labels (or no pixels).
    /// - Throws: ``PixelEngineError`` (operation `regionprops`) when an intensity property
    ///   is asked for without an intensity image.
    ///
    /// ```swift
    /// let cc = try mask.connectedComponents()
    /// let table = try cc.labels.regionprops(properties: [.area, .perimeter, .solidity])
    /// ```
    public func regionprops(properties: [RegionProperty]? = nil) throws(PixelEngineError) -> RegionTable {
        let properties = properties ?? RegionProperty.shape
        if let needing = properties.first(where: \.needsIntensity) {
            throw PixelEngineError("regionprops", "'\(needing)' needs an intensity image; pass intensity: with an image of the label map's size")
        }
        return RegionMeasurement.table(labels: self, intensity: Image<UInt8>?.none, properties: properties)
    }

    /// Measures every region of the label map, with intensity statistics from `intensity`:
    /// `skimage.measure.regionprops_table(labels, intensity, properties)`.
    ///
    /// - Parameters:
    ///   - intensity: an image of the label map's size, any sample type, 1 to 4 channels.
    ///     Values are used unscaled (a `UInt8` 255 stays 255). A multichannel image gives
    ///     one column per channel: `intensity_mean-0`, `intensity_mean-1`, …
    ///   - properties: the measurements, in column order after `label`; nil (the default)
    ///     means every property (``RegionProperty/allCases``).
    /// - Returns: one row per label present, ascending.
    /// - Throws: ``PixelEngineError`` (operation `regionprops`) when the sizes differ.
    ///
    /// ```swift
    /// let table = try labels.regionprops(intensity: gray)
    /// let bright = table.filter { $0["intensity_mean"]! > 120 }
    /// ```
    public func regionprops<S: PixelSample>(intensity: Image<S>, properties: [RegionProperty]? = nil) throws(PixelEngineError) -> RegionTable {
        try Validate.sameSize(ids, intensity, "regionprops")
        let properties = properties ?? RegionProperty.allCases
        // Dispatch to concrete sample types so the kernels are specialised.
        switch S.sampleType {
        case .uint8: return RegionMeasurement.table(labels: self, intensity: intensity as? Image<UInt8>, properties: properties)
        case .uint16: return RegionMeasurement.table(labels: self, intensity: intensity as? Image<UInt16>, properties: properties)
        case .uint32: return RegionMeasurement.table(labels: self, intensity: intensity as? Image<UInt32>, properties: properties)
        case .float32: return RegionMeasurement.table(labels: self, intensity: intensity as? Image<Float>, properties: properties)
        }
    }
}

extension ConnectedComponents {
    /// The region table of the components: `labels.regionprops(intensity:properties:)`.
    ///
    /// ```swift
    /// let table = try mask.connectedComponents().regionprops(intensity: gray)
    /// ```
    public func regionprops<S: PixelSample>(intensity: Image<S>, properties: [RegionProperty]? = nil) throws(PixelEngineError) -> RegionTable {
        try labels.regionprops(intensity: intensity, properties: properties)
    }

    /// The region table of the components: `labels.regionprops(properties:)`.
    public func regionprops(properties: [RegionProperty]? = nil) throws(PixelEngineError) -> RegionTable {
        try labels.regionprops(properties: properties)
    }
}

/// Assembles a ``RegionTable`` from the passes of ``RegionAccumulation``.
enum RegionMeasurement {
    static func table<S: PixelSample>(labels: LabelMap, intensity: Image<S>?, properties requested: [RegionProperty]) -> RegionTable {
        var properties: [RegionProperty] = []
        for p in requested where !properties.contains(p) { properties.append(p) }
        let channels = intensity?.channels ?? 1
        let names = ["label"] + properties.flatMap { $0.columnNames(channels: channels) }
        let width = labels.width, height = labels.height
        guard width > 0 && height > 0 else {
            return RegionTable(columnNames: names, labels: [], columns: names.map { _ in [] })
        }
        let slots = LabelSlots(labels: labels)
        let bands = RegionAccumulation.bandCount(height: height, pixels: width * height, slots: slots.count)
        let wantHull = properties.contains(.areaConvex) || properties.contains(.solidity)
        let wantPerimeter = properties.contains(.perimeter)
        let wantCrofton = properties.contains(.perimeterCrofton)
        let wantIntensity = intensity != nil && properties.contains(where: \.needsIntensity)

        return labels.ids.withUnsafeSamples { idBuffer in
            let ids = idBuffer.baseAddress!
            // Pass A: moments, boxes, intensities, runs.
            let partsA: [RegionAccumulation.BandA]
            if let intensity, wantIntensity {
                partsA = intensity.withUnsafeSamples { samples in
                    RegionAccumulation.passA(ids: ids, width: width, height: height, slots: slots,
                                             intensity: samples.baseAddress!, channels: channels,
                                             recordRuns: wantHull, bands: bands)
                }
            } else {
                partsA = RegionAccumulation.passA(ids: ids, width: width, height: height, slots: slots,
                                                  intensity: UnsafePointer<S>?.none, channels: channels,
                                                  recordRuns: wantHull, bands: bands)
            }
            var moments = partsA[0].moments
            var stats = partsA[0].intensity
            for part in partsA.dropFirst() {
                for k in 0..<slots.count { moments[k].merge(part.moments[k]) }
                if wantIntensity {
                    for i in stride(from: 0, to: stats.count, by: 3) {
                        stats[i] += part.intensity[i]
                        stats[i + 1] = RegionAccumulation.nanMin(stats[i + 1], part.intensity[i + 1])
                        stats[i + 2] = RegionAccumulation.nanMax(stats[i + 2], part.intensity[i + 2])
                    }
                }
            }
            let present = (1..<slots.count).filter { moments[$0].n > 0 }

            // Pass B: boundary counters.
            var boundary: [Int32] = []
            if wantPerimeter || wantCrofton {
                let partsB = RegionAccumulation.passB(ids: ids, width: width, height: height, slots: slots,
                                                      perimeter: wantPerimeter, crofton: wantCrofton, bands: bands)
                boundary = partsB[0]
                for part in partsB.dropFirst() {
                    for i in 0..<boundary.count { boundary[i] &+= part[i] }
                }
            }

            let convex = wantHull ? convexAreas(parts: partsA, moments: moments, present: present, slotCount: slots.count) : []

            var columns: [[Double]] = [present.map { Double(slots.label(ofSlot: $0)) }]
            for property in properties {
                columns += column(property, present: present, moments: moments, stats: stats, channels: channels,
                                  boundary: boundary, convex: convex)
            }
            return RegionTable(columnNames: names, labels: present.map { slots.label(ofSlot: $0) }, columns: columns)
        }
    }

    /// Convex hull areas of the present slots, in parallel over regions.
    static func convexAreas(parts: [RegionAccumulation.BandA], moments: [RegionAccumulation.Moments],
                            present: [Int], slotCount: Int) -> [Int] {
        // Group the runs by slot, keeping row order (bands are in order, runs within a band too).
        var offsets = [Int](repeating: 0, count: slotCount + 1)
        for k in 0..<slotCount { offsets[k + 1] = offsets[k] + Int(moments[k].runs) }
        var fill = offsets
        var grouped = [RegionAccumulation.Run](repeating: .init(slot: 0, row: 0, start: 0, end: 0), count: offsets[slotCount])
        for part in parts {
            for run in part.runs {
                let k = Int(run.slot)
                grouped[fill[k]] = run
                fill[k] += 1
            }
        }
        var areas = [Int](repeating: 0, count: present.count)
        grouped.withUnsafeBufferPointer { grouped in
            areas.withUnsafeMutableBufferPointer { areas in
                let areas = areas
                let meanRuns = max(1, grouped.count / max(1, present.count))
                parallelRows(present.count, costPerRow: meanRuns * 8) { range in
                    var scratch = ConvexHullArea.Scratch()
                    for i in range {
                        let k = present[i]
                        let runs = UnsafeBufferPointer(rebasing: grouped[offsets[k]..<offsets[k + 1]])
                        areas[i] = ConvexHullArea.area(runs: runs, top: Int(moments[k].minR), bottom: Int(moments[k].maxR),
                                                       scratch: &scratch)
                    }
                }
            }
        }
        return areas
    }

    /// `p * q - r * s` exactly, as a Double (one rounding, up to the final conversion).
    static func exactDifference(_ p: Int, _ q: Int, _ r: Int, _ s: Int) -> Double {
        let a = p.multipliedFullWidth(by: q), b = r.multipliedFullWidth(by: s)
        var low = a.low &- b.low
        var high = a.high &- b.high &- (a.low < b.low ? 1 : 0)
        var sign = 1.0
        if high < 0 {
            sign = -1
            low = ~low &+ 1
            high = ~high &+ (low == 0 ? 1 : 0)
        }
        return sign * (Double(high) * 18_446_744_073_709_551_616.0 + Double(low))
    }

    /// Second moments of one region: `rr`, `cc`, `rc` are n² times the (co)variances,
    /// exact before the final rounding.
    struct Shape {
        var a: Double // column variance (inertia tensor [0][0])
        var c: Double // row variance (inertia tensor [1][1])
        var b: Double // minus the covariance (inertia tensor [0][1])
        var aMinusCZero: Bool
        var covariancePositive: Bool
        var atanY: Double
        var atanX: Double

        init(_ m: RegionAccumulation.Moments) {
            let n2 = Double(m.n) * Double(m.n)
            let rr = exactDifference(m.n, m.sumRR, m.sumR, m.sumR)
            let cc = exactDifference(m.n, m.sumCC, m.sumC, m.sumC)
            let rc = exactDifference(m.n, m.sumRC, m.sumR, m.sumC)
            a = cc / n2
            c = rr / n2
            b = -rc / n2
            aMinusCZero = rr == cc
            covariancePositive = rc > 0
            atanY = 2 * rc
            atanX = rr - cc
        }

        /// Eigenvalues of the inertia tensor, descending, clipped at 0.
        var eigenvalues: (Double, Double) {
            let half = (a - c) / 2
            let l1 = max(0, (a + c) / 2 + (half * half + b * b).squareRoot())
            let l2 = l1 > 0 ? max(0, (a * c - b * b) / l1) : 0
            return (l1, min(l1, l2))
        }

        var orientation: Double {
            if aMinusCZero { return covariancePositive ? Double.pi / 4 : -Double.pi / 4 }
            return 0.5 * atan2(atanY, atanX)
        }
    }

    static func column(_ property: RegionProperty, present: [Int], moments: [RegionAccumulation.Moments],
                       stats: [Double], channels: Int, boundary: [Int32], convex: [Int]) -> [[Double]] {
        func each(_ f: (RegionAccumulation.Moments) -> Double) -> [Double] { present.map { f(moments[$0]) } }
        func bboxArea(_ m: RegionAccumulation.Moments) -> Double {
            Double(Int(m.maxR - m.minR) + 1) * Double(Int(m.maxC - m.minC) + 1)
        }
        switch property {
        case .area:
            return [each { Double($0.n) }]
        case .perimeter:
            let w = RegionAccumulation.perimeterWeights
            return [present.map { k in
                let base = k * RegionAccumulation.boundaryCounters
                return (0..<3).reduce(0.0) { $0 + Double(boundary[base + $1]) * w[$1] }
            }]
        case .perimeterCrofton:
            let w = RegionAccumulation.croftonWeights
            return [present.map { k in
                let base = k * RegionAccumulation.boundaryCounters + 3
                return (0..<5).reduce(0.0) { $0 + Double(boundary[base + $1]) * w[$1] }
            }]
        case .centroid:
            return [each { Double($0.sumR) / Double($0.n) }, each { Double($0.sumC) / Double($0.n) }]
        case .bbox:
            return [each { Double($0.minR) }, each { Double($0.minC) }, each { Double($0.maxR) + 1 }, each { Double($0.maxC) + 1 }]
        case .areaBbox:
            return [each(bboxArea)]
        case .areaConvex:
            return [convex.map(Double.init)]
        case .equivalentDiameterArea:
            return [each { (4 * Double($0.n) / Double.pi).squareRoot() }]
        case .axisMajorLength:
            return [each { 4 * Shape($0).eigenvalues.0.squareRoot() }]
        case .axisMinorLength:
            return [each { 4 * Shape($0).eigenvalues.1.squareRoot() }]
        case .eccentricity:
            return [each { m in
                let (l1, l2) = Shape(m).eigenvalues
                return l1 == 0 ? 0 : (1 - l2 / l1).squareRoot()
            }]
        case .orientation:
            return [each { Shape($0).orientation }]
        case .solidity:
            return [present.indices.map { Double(moments[present[$0]].n) / Double(convex[$0]) }]
        case .extent:
            return [each { Double($0.n) / bboxArea($0) }]
        case .intensityMean, .intensityMin, .intensityMax:
            let offset = property == .intensityMean ? 0 : (property == .intensityMin ? 1 : 2)
            return (0..<channels).map { c in
                present.map { k in
                    let v = stats[(k * channels + c) * 3 + offset]
                    return offset == 0 ? v / Double(moments[k].n) : v
                }
            }
        }
    }
}
