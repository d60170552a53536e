/// Peaks found by ``Image/peakLocalMax(minDistance:thresholdAbs:thresholdRel:excludeBorder:numPeaks:numPeaksPerLabel:labels:)``:
/// their coordinates and a marker label map ready for ``Image/watershed(markers:connectivity:mask:compactness:watershedLine:)``.
///
/// ```swift
/// let peaks = try edt.peakLocalMax(minDistance: 5)
/// let regions = try (-edt).watershed(markers: peaks.markers, mask: mask)
/// ```
public struct Peaks: Sendable, Equatable {
    /// The peaks, in scikit-image's order: by decreasing value, ties in raster order (with
    /// `labels`: label by label, ascending).
    public let coordinates: [PixelCoordinate]
    /// The image's size; peak `i` carries id `i + 1`, everything else 0.
    public let markers: LabelMap

    /// Peaks from coordinates; builds the marker map.
    public init(coordinates: [PixelCoordinate], width: Int, height: Int) {
        self.coordinates = coordinates
        var ids = Image<UInt32>(width: width, height: height)
        ids.withUnsafeMutableSamples { out in
            for (i, p) in coordinates.enumerated() { out[p.y * width + p.x] = UInt32(i + 1) }
        }
        markers = LabelMap(ids: ids)
    }
}

extension Image {
    /// Local maxima separated by at least `minDistance` (`skimage.feature.peak_local_max`,
    /// whose result set and order it reproduces, ties and plateaus included).
    ///
    /// The steps are scikit-image's: a candidate is a pixel equal to the maximum of the
    /// `(2·minDistance+1)²` square around it (clipped at the border) and greater than the
    /// threshold; a constant image (or label) has no candidates; candidates within
    /// `excludeBorder` pixels of the edge are dropped; the rest are sorted by decreasing
    /// value (stable, so ties stay in raster order) and taken greedily, each rejecting the
    /// later ones closer than `minDistance` in the Chebyshev (max-norm) distance.
    /// (As numpy's `-image` on unsigned data wraps, a candidate of value 0 in an integer
    /// image sorts first; it can only be a candidate when `thresholdAbs` is negative.)
    ///
    /// - Parameters:
    ///   - minDistance: ≥ 0; 0 keeps every pixel above the threshold.
    ///   - thresholdAbs: minimum value of a peak (strictly exceeded); default the image minimum.
    ///   - thresholdRel: minimum as a fraction of the image maximum; the larger threshold wins.
    ///   - excludeBorder: border width without peaks; nil (default) means `minDistance`
    ///     (scikit-image's `True`), 0 means none (`False`).
    ///   - numPeaks: at most this many peaks, the highest; nil for no limit.
    ///   - numPeaksPerLabel: with `labels`, at most this many per label.
    ///   - labels: search each nonzero label separately, as if the rest of the image were
    ///     the lowest possible value (scikit-image's per-label bounding-box crops).
    /// - Returns: the peaks and their marker map.
    /// - Throws: ``PixelEngineError`` (`peakLocalMax`) for an empty or multi-channel image,
    ///   negative distances or counts, or labels of another size.
    ///
    /// ```swift
    /// let edt = try mask.distanceTransform()
    /// let peaks = try edt.peakLocalMax(minDistance: 7, labels: try mask.connectedComponents().labels)
    /// ```
    public func peakLocalMax(minDistance: Int = 1, thresholdAbs: Double? = nil, thresholdRel: Double? = nil,
                             excludeBorder: Int? = nil, numPeaks: Int? = nil, numPeaksPerLabel: Int? = nil,
                             labels: LabelMap? = nil) throws(PixelEngineError) -> Peaks {
        let op = "peakLocalMax"
        try Validate.nonEmpty(self, op)
        try Validate.channels(self, [1], op)
        if minDistance < 0 { throw PixelEngineError(op, "minDistance must be >= 0, got \(minDistance)") }
        if let b = excludeBorder, b < 0 { throw PixelEngineError(op, "excludeBorder must be >= 0, got \(b)") }
        if let n = numPeaks, n < 0 { throw PixelEngineError(op, "numPeaks must be >= 0, got \(n)") }
        if let n = numPeaksPerLabel, n < 0 { throw PixelEngineError(op, "numPeaksPerLabel must be >= 0, got \(n)") }
        if let labels { try Validate.sameSize(self, labels.ids, op) }
        if let t = thresholdAbs, t.isNaN { throw PixelEngineError(op, "thresholdAbs is NaN") }
        if let t = thresholdRel, t.isNaN { throw PixelEngineError(op, "thresholdRel is NaN") }
        let options = PeakKernel.Options(minDistance: minDistance, thresholdAbs: thresholdAbs, thresholdRel: thresholdRel,
                                         border: excludeBorder ?? minDistance, numPeaks: numPeaks,
                                         numPeaksPerLabel: numPeaksPerLabel)
        let points: [PixelCoordinate]
        switch Sample.sampleType {
        case .uint8: points = PeakKernel.find(unsafeBitCast(self, to: Image<UInt8>.self), options, labels)
        case .uint16: points = PeakKernel.find(unsafeBitCast(self, to: Image<UInt16>.self), options, labels)
        case .uint32: points = PeakKernel.find(unsafeBitCast(self, to: Image<UInt32>.self), options, labels)
        case .float32: points = PeakKernel.find(unsafeBitCast(self, to: Image<Float>.self), options, labels)
        }
        return Peaks(coordinates: points, width: width, height: height)
    }
}

/// The scikit-image peak_local_max pipeline, per sample type.
enum PeakKernel {
    struct Options {
        let minDistance: Int
        let thresholdAbs: Double?
        let thresholdRel: Double?
        let border: Int
        let numPeaks: Int?
        let numPeaksPerLabel: Int?
    }

    /// The threshold as numpy compares it: float32 images in `Float` (NEP 50 keeps Python
    /// scalars in the array's type), integer images in `Double`.
    struct Threshold {
        let inFloat: Bool
        let float: Float
        let double: Double

        @inline(__always)
        func passes<S: PixelSample>(_ v: S) -> Bool { inFloat ? v.floatValue > float : v.doubleValue > double }
    }

    static func threshold<S: PixelSample>(_ image: Image<S>, _ o: Options) -> Threshold {
        let (lo, hi) = image.withUnsafeSamples { s in (s.min()!, s.max()!) }
        if S.isFloatingPoint {
            var t = o.thresholdAbs.map { Float($0) } ?? lo.floatValue
            if let rel = o.thresholdRel {
                let r = Float(rel) * hi.floatValue
                if r > t { t = r }
            }
            return Threshold(inFloat: true, float: t, double: 0)
        }
        var t = o.thresholdAbs ?? lo.doubleValue
        if let rel = o.thresholdRel {
            let r = rel * hi.doubleValue
            if r > t { t = r }
        }
        return Threshold(inFloat: false, float: 0, double: t)
    }

    /// Sort key of numpy's `argsort(-x, kind="stable")`: ascending key, stable.
    @inline(__always)
    static func sortKey<S: PixelSample>(_ v: S) -> Double {
        switch S.sampleType {
        case .uint8: Double(0 &- unsafeBitCast(v, to: UInt8.self))
        case .uint16: Double(0 &- unsafeBitCast(v, to: UInt16.self))
        case .uint32: Double(0 &- unsafeBitCast(v, to: UInt32.self))
        case .float32: -Double(unsafeBitCast(v, to: Float.self))
        }
    }

    static func find<S: PixelSample>(_ image: Image<S>, _ o: Options, _ labels: LabelMap?) -> [PixelCoordinate] {
        let above = threshold(image, o)
        let w = image.width, h = image.height
        guard let labels else {
            var candidates = peakMask(image, o.minDistance, above, labelMask: nil)
            excludeBorder(&candidates, width: w, height: h, o.border)
            let points = (0..<(w * h)).filter { candidates[$0] }.map { PixelCoordinate(x: $0 % w, y: $0 / w) }
            return highest(points, image, o.minDistance, o.numPeaks)
        }
        // scikit-image: bounding boxes of the labels after zeroing the border band, crops of
        // the original labels inside them, the rest of each crop at the type's lowest value.
        let boxes = labelBoxes(labels, border: o.border)
        let lowest: S = S.isFloatingPoint ? S(clamping: -Double(Float.greatestFiniteMagnitude)) : .zero
        var all: [PixelCoordinate] = []
        let largest = boxes.map { ($0.1.maxX - $0.1.minX + 1) * ($0.1.maxY - $0.1.minY + 1) }.max() ?? 0
        var cropped = [S](repeating: lowest, count: largest)
        var inLabel = [Bool](repeating: false, count: largest)
        var points: [PixelCoordinate] = []
        image.withUnsafeSamples { img in
            labels.ids.withUnsafeSamples { ids in
                for (label, box) in boxes {
                    let cw = box.maxX - box.minX + 1, ch = box.maxY - box.minY + 1
                    for y in 0..<ch {
                        let row = (box.minY + y) * w + box.minX
                        for x in 0..<cw {
                            let inside = ids[row + x] == label
                            inLabel[y * cw + x] = inside
                            cropped[y * cw + x] = inside ? img[row + x] : lowest
                        }
                    }
                    points.removeAll(keepingCapacity: true)
                    cropCandidates(cropped, inLabel, width: cw, height: ch, o.minDistance, above, into: &points)
                    let crop = Image(width: cw, height: ch, pixels: Array(cropped[0..<(cw * ch)]))
                    for p in highest(points, crop, o.minDistance, o.numPeaksPerLabel) {
                        all.append(PixelCoordinate(x: p.x + box.minX, y: p.y + box.minY))
                    }
                }
            }
        }
        if let n = o.numPeaks, all.count > n {
            let sorted = all.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
            return highest(sorted, image, o.minDistance, n)
        }
        return all
    }

    /// Candidates: equal to the maximum over the square window, above the threshold; none
    /// for a constant image (with a label mask: only the label's isolated pixels).
    static func peakMask<S: PixelSample>(_ image: Image<S>, _ minDistance: Int, _ above: Threshold,
                                         labelMask: [Bool]?) -> [Bool] {
        let pixels = image.pixels
        if minDistance == 0 || pixels.count == 1 {
            return pixels.map { above.passes($0) }
        }
        // Dilation ignores outside pixels: the maximum over the clipped window, which is
        // scipy's maximum_filter with mode="nearest".
        let size = 2 * minDistance + 1
        let footprint = try! Footprint.rectangle(width: size, height: size)
        let maxima = try! image.dilate(footprint: footprint).pixels
        var out = (0..<pixels.count).map { pixels[$0] == maxima[$0] }
        let trivial = labelMask.map { m in (0..<out.count).allSatisfy { !m[$0] || out[$0] } } ?? !out.contains(false)
        if trivial {
            out = [Bool](repeating: false, count: out.count)
            if let labelMask {
                for i in isolatedPixels(labelMask, width: image.width, height: image.height) { out[i] = true }
            }
        }
        for i in 0..<out.count where out[i] && !above.passes(pixels[i]) { out[i] = false }
        return out
    }

    /// ``peakMask(_:_:_:labelMask:)`` for one label's crop (the first `width × height`
    /// values of the buffers), appending the candidates in raster order. Small crops take
    /// the window maximum directly; large ones go through ``Image/dilate(footprint:)``.
    static func cropCandidates<S: PixelSample>(_ values: [S], _ inLabel: [Bool], width cw: Int, height ch: Int,
                                               _ d: Int, _ above: Threshold, into points: inout [PixelCoordinate]) {
        let n = cw * ch
        if d == 0 || n == 1 || n >= 4096 {
            let crop = Image(width: cw, height: ch, pixels: Array(values[0..<n]))
            let mask = peakMask(crop, d, above, labelMask: Array(inLabel[0..<n]))
            for i in 0..<n where mask[i] { points.append(PixelCoordinate(x: i % cw, y: i / cw)) }
            return
        }
        // Clipped-window maximum, rows then columns.
        var rowMax = [S](repeating: values[0], count: n)
        for y in 0..<ch {
            for x in 0..<cw {
                var m = values[y * cw + x]
                for xx in Swift.max(0, x - d)...Swift.min(cw - 1, x + d) where values[y * cw + xx] > m { m = values[y * cw + xx] }
                rowMax[y * cw + x] = m
            }
        }
        var trivial = true
        var found: [Int] = []
        for y in 0..<ch {
            for x in 0..<cw {
                var m = rowMax[y * cw + x]
                for yy in Swift.max(0, y - d)...Swift.min(ch - 1, y + d) where rowMax[yy * cw + x] > m { m = rowMax[yy * cw + x] }
                let i = y * cw + x
                if values[i] == m {
                    found.append(i)
                } else if inLabel[i] {
                    trivial = false
                }
            }
        }
        if trivial {
            for i in isolatedPixels(Array(inLabel[0..<n]), width: cw, height: ch) where above.passes(values[i]) {
                points.append(PixelCoordinate(x: i % cw, y: i / cw))
            }
            return
        }
        for i in found where above.passes(values[i]) { points.append(PixelCoordinate(x: i % cw, y: i / cw)) }
    }

    /// Pixels of `mask` removed by a binary opening with the 4-neighbour cross, outside
    /// the crop counted as unset (scipy's `binary_opening` with border_value 0).
    static func isolatedPixels(_ mask: [Bool], width w: Int, height h: Int) -> [Int] {
        func at(_ m: [Bool], _ x: Int, _ y: Int) -> Bool { x >= 0 && x < w && y >= 0 && y < h && m[y * w + x] }
        let eroded = (0..<(w * h)).map { i -> Bool in
            let x = i % w, y = i / w
            return mask[i] && at(mask, x - 1, y) && at(mask, x + 1, y) && at(mask, x, y - 1) && at(mask, x, y + 1)
        }
        return (0..<(w * h)).filter { i in
            let x = i % w, y = i / w
            let opened = eroded[i] || at(eroded, x - 1, y) || at(eroded, x + 1, y) || at(eroded, x, y - 1) || at(eroded, x, y + 1)
            return mask[i] && !opened
        }
    }

    static func excludeBorder(_ mask: inout [Bool], width w: Int, height h: Int, _ b: Int) {
        guard b > 0 else { return }
        for y in 0..<h {
            for x in 0..<w where y < b || y >= h - b || x < b || x >= w - b { mask[y * w + x] = false }
        }
    }

    /// Bounding boxes of each label after the border band is cleared (`ndi.find_objects`),
    /// ascending by label.
    static func labelBoxes(_ labels: LabelMap, border b: Int) -> [(UInt32, (minX: Int, minY: Int, maxX: Int, maxY: Int))] {
        let w = labels.width, h = labels.height
        typealias Box = (minX: Int, minY: Int, maxX: Int, maxY: Int)
        let top = labels.maxLabel
        if top == 0 { return [] }
        // Dense per-id boxes while ids are small; a dictionary beyond.
        let dense = top < 1 << 22
        var boxes = [Box](repeating: (Int.max, Int.max, -1, -1), count: dense ? Int(top) + 1 : 0)
        var sparse: [UInt32: Box] = [:]
        labels.ids.withUnsafeSamples { ids in
            for y in b..<Swift.max(b, h - b) {
                for x in b..<Swift.max(b, w - b) {
                    let l = ids[y * w + x]
                    if l == 0 { continue }
                    let box = dense ? boxes[Int(l)] : (sparse[l] ?? (Int.max, Int.max, -1, -1))
                    let grown: Box = (Swift.min(box.minX, x), Swift.min(box.minY, y), Swift.max(box.maxX, x), Swift.max(box.maxY, y))
                    if dense { boxes[Int(l)] = grown } else { sparse[l] = grown }
                }
            }
        }
        if dense {
            return boxes.enumerated().filter { $0.element.maxX >= 0 }.map { (UInt32($0.offset), $0.element) }
        }
        return sparse.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `_get_high_intensity_peaks`: sort by decreasing value (stable), keep a minimum
    /// Chebyshev spacing greedily, at most `limit`.
    static func highest<S: PixelSample>(_ points: [PixelCoordinate], _ image: Image<S>, _ minDistance: Int, _ limit: Int?) -> [PixelCoordinate] {
        let w = image.width
        let keys = image.withUnsafeSamples { s in points.map { sortKey(s[$0.y * w + $0.x]) } }
        let order = (0..<points.count).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        var sorted = order.map { points[$0] }
        if minDistance > 1 {
            sorted = spaced(sorted, minDistance, limit)
        }
        if let limit, sorted.count > limit { sorted.removeLast(sorted.count - limit) }
        return sorted
    }

    /// `ensure_spacing` with the max norm: accept in order, rejecting points closer than
    /// `spacing` to an accepted one; stop after `limit` acceptances. A grid of cells of side
    /// `spacing` keeps the search local.
    static func spaced(_ points: [PixelCoordinate], _ spacing: Int, _ limit: Int?) -> [PixelCoordinate] {
        var cells: [Int: [PixelCoordinate]] = [:]
        var kept: [PixelCoordinate] = []
        @inline(__always) func key(_ cx: Int, _ cy: Int) -> Int { cy &* 1_000_003 &+ cx }
        for p in points {
            if let limit, kept.count >= limit { break }
            let cx = p.x / spacing, cy = p.y / spacing
            var close = false
            search: for dy in -1...1 {
                for dx in -1...1 {
                    for q in cells[key(cx + dx, cy + dy)] ?? [] where Swift.max(abs(q.x - p.x), abs(q.y - p.y)) < spacing {
                        close = true
                        break search
                    }
                }
            }
            if !close {
                kept.append(p)
                cells[key(cx, cy), default: []].append(p)
            }
        }
        return kept
    }
}
