/// The exact Euclidean distance transform of a mask together with its feature transform:
/// for every pixel, the distance to and the position of the nearest background pixel.
///
/// Built by ``Mask/featureTransform(sampling:)``. `nearest` holds raster indices
/// (`y * width + x`) of background pixels; background pixels point at themselves.
///
/// ```swift
/// let ft = try mask.featureTransform()
/// if let (x, y) = ft.nearest(x: 10, y: 4) { print("closest background at", x, y) }
/// ```
public struct FeatureTransform: Sendable, Equatable {
    /// Distance of each pixel to the nearest background pixel, in units of `sampling`
    /// (0 on background; `+infinity` everywhere when the mask has no background).
    public let distances: Image<Float>
    /// Raster index (`y * width + x`) of each pixel's nearest background pixel;
    /// ``FeatureTransform/none`` everywhere when the mask has no background.
    public let nearestIndices: Image<UInt32>

    /// The index stored when there is no background pixel at all.
    public static let none = UInt32.max

    /// A feature transform from its two planes (the ``Mask/featureTransform(sampling:)``
    /// result); both must have the same size and one channel.
    public init(distances: Image<Float>, nearestIndices: Image<UInt32>) {
        precondition(distances.width == nearestIndices.width && distances.height == nearestIndices.height
                     && distances.channels == 1 && nearestIndices.channels == 1,
                     "FeatureTransform: \(distances) and \(nearestIndices) differ in shape")
        self.distances = distances
        self.nearestIndices = nearestIndices
    }

    /// The column and row of the background pixel nearest to (`x`, `y`), or nil when the
    /// mask has no background.
    public func nearest(x: Int, y: Int) -> (x: Int, y: Int)? {
        let index = nearestIndices[x, y]
        if index == Self.none { return nil }
        let w = nearestIndices.width
        return (Int(index) % w, Int(index) / w)
    }
}

extension Mask {
    /// The exact Euclidean distance transform: for every set pixel, the distance to the
    /// nearest unset pixel (`scipy.ndimage.distance_transform_edt(mask, sampling)`).
    ///
    /// Linear time (Maurer, Qi and Raghavan 2003, the algorithm scipy uses): a parallel pass
    /// down the columns finds each pixel's nearest background pixel in its column, then a
    /// parallel pass along the rows takes the lower envelope of those candidates.
    ///
    /// - Parameter sampling: pixel spacing along y (rows) and x (columns), both > 0;
    ///   default 1 × 1.
    /// - Returns: a one-channel `Float` image of the mask's size: 0 on unset pixels, the
    ///   distance (in `sampling` units) elsewhere, equal to scipy's within float rounding.
    ///   A mask with no unset pixel has no finite distance: every pixel is `+infinity`
    ///   (scipy instead measures to a phantom pixel just outside the image).
    /// - Throws: ``PixelEngineError`` (`distanceTransform`) for an empty mask or a spacing
    ///   that is not finite and > 0.
    ///
    /// ```swift
    /// let edt = try mask.distanceTransform()
    /// let radius = try edt.statistics().max
    /// ```
    public func distanceTransform(sampling: (y: Double, x: Double)? = nil) throws(PixelEngineError) -> Image<Float> {
        try EDTKernel.validate(self, sampling, "distanceTransform")
        return EDTKernel.run(self, sampling: sampling, features: false).distances
    }

    /// The Euclidean distance transform and, for every pixel, its nearest unset pixel
    /// (`scipy.ndimage.distance_transform_edt(mask, sampling, return_indices=True)`).
    ///
    /// Ties between equidistant background pixels are broken as scipy breaks them (the
    /// same algorithm, run in the same order): first the upper of two candidates in a
    /// column, then the leftmost candidate along the row. The fixtures check the indices
    /// equal scipy's, ties included.
    ///
    /// - Parameter sampling: pixel spacing along y and x, both > 0; default 1 × 1.
    /// - Returns: distances as ``distanceTransform(sampling:)`` and nearest-background
    ///   raster indices; with no background at all, distances are `+infinity` and indices
    ///   ``FeatureTransform/none``.
    /// - Throws: ``PixelEngineError`` (`featureTransform`) for an empty mask or a bad spacing.
    ///
    /// ```swift
    /// let ft = try (labels.ids .== 0).featureTransform()
    /// ```
    public func featureTransform(sampling: (y: Double, x: Double)? = nil) throws(PixelEngineError) -> FeatureTransform {
        try EDTKernel.validate(self, sampling, "featureTransform")
        let result = EDTKernel.run(self, sampling: sampling, features: true)
        return FeatureTransform(distances: result.distances, nearestIndices: result.indices!)
    }
}

/// The two passes of the distance transform.
///
/// Column pass: `nearestRow[y * w + x]` becomes the row of the background pixel nearest
/// to (x, y) within column x (the upper one on ties), or a value outside `0..<h` when the
/// column has none. Row pass: for row y the candidates are (x', nearestRow(x')) for every
/// column x' that has background; a stack keeps those on the lower envelope (Maurer's
/// `RemoveFT` test, exactly as scipy evaluates it) and a sweep picks, for every x, the
/// first candidate of minimal distance.
enum EDTKernel {
    static func validate(_ mask: Mask, _ sampling: (y: Double, x: Double)?, _ operation: String) throws(PixelEngineError) {
        if mask.width == 0 || mask.height == 0 {
            throw PixelEngineError(operation, "the mask is empty (\(mask.width)x\(mask.height))")
        }
        if let s = sampling {
            try Validate.positive(s.y, "sampling.y", operation)
            try Validate.positive(s.x, "sampling.x", operation)
        }
        if mask.width > Int(Int32.max) / 2 || mask.height > Int(Int32.max) / 4 || mask.width * mask.height >= Int(UInt32.max) {
            throw PixelEngineError(operation, "the mask is too large (\(mask.width)x\(mask.height))")
        }
    }

    /// Columns handled together by one task of the column pass: wide enough to vectorise,
    /// narrow enough that the per-column state stays in L1.
    static let strip = 256

    static func run(_ mask: Mask, sampling: (y: Double, x: Double)?, features: Bool) -> (distances: Image<Float>, indices: Image<UInt32>?) {
        let w = mask.width, h = mask.height
        let hasBackground = mask.bits.withUnsafeSamples { bits in bits.contains(0) }
        if !hasBackground {
            return (Image(width: w, height: h, repeating: .infinity),
                    features ? Image(width: w, height: h, repeating: FeatureTransform.none) : nil)
        }
        // Every element is written by the column pass.
        let nearestRow = [Int32](unsafeUninitializedCapacity: w * h) { rows, initialized in
            mask.bits.withUnsafeSamples { bits in
                columnPass(bits.baseAddress!, rows.baseAddress!, width: w, height: h)
            }
            initialized = w * h
        }
        var indices: [UInt32] = features ? [UInt32](repeating: 0, count: w * h) : []
        // Squared distances fit Int32 below 32768 on a side; beyond, the double path (exact
        // for these integers too) takes over.
        let exactInt32 = w < 32768 && h < 32768
        let largest = (w - 1) * (w - 1) + (h - 1) * (h - 1)
        let rootTable = sampling == nil && exactInt32
            ? (0...Swift.min(largest, 1 << 16)).map { Float(Double($0).squareRoot()) } : []
        let distances = nearestRow.withUnsafeBufferPointer { rows in
            rootTable.withUnsafeBufferPointer { roots in
                indices.withUnsafeMutableBufferPointer { idx in
                    let idxBase = features ? idx.baseAddress : nil
                    return Image<Float>.generate(width: w, height: h, costPerRow: w * 8) { band, out in
                        let stack = UnsafeMutablePointer<Int32>.allocate(capacity: w)
                        let scratch = UnsafeMutablePointer<Int>.allocate(capacity: 2 * w)
                        let d2 = UnsafeMutablePointer<Int32>.allocate(capacity: w)
                        defer {
                            stack.deallocate()
                            scratch.deallocate()
                            d2.deallocate()
                        }
                        for y in band {
                            let rowIdx = idxBase.map { $0 + y * w }
                            if let s = sampling ?? (exactInt32 ? nil : (1, 1)) {
                                rowPassSampled(rows.baseAddress! + y * w, y: y, height: h, width: w, sy: s.y, sx: s.x,
                                               stack: stack, out: out.baseAddress! + y * w, indices: rowIdx)
                            } else {
                                rowPass(rows.baseAddress! + y * w, y: y, height: h, width: w,
                                        stack: stack, scratch: scratch, d2: d2, roots: roots,
                                        out: out.baseAddress! + y * w, indices: rowIdx)
                            }
                        }
                    }
                }
            }
        }
        return (distances, features ? Image(width: w, height: h, pixels: indices) : nil)
    }

    /// Nearest background row within each column; strips of columns run in parallel, each
    /// sweeping down then up the image row by row. The inner loops are select-free integer
    /// arithmetic on 0/1 mask bits, so they vectorise.
    static func columnPass(_ bits: UnsafePointer<UInt8>, _ nearest: UnsafeMutablePointer<Int32>, width w: Int, height h: Int) {
        let strips = (w + strip - 1) / strip
        // Sentinels far outside the image so that "none above"/"none below" lose every
        // comparison; the row pass treats anything outside 0..<h as none.
        let noneAbove = Int32(-(1 << 29)), noneBelow = Int32(1 << 30)
        parallelRows(strips, costPerRow: strip * h * 4) { range in
            let state = UnsafeMutablePointer<Int32>.allocate(capacity: strip)
            defer { state.deallocate() }
            for s in range {
                let x0 = s * strip, n = Swift.min(strip, w - x0)
                state.initialize(repeating: noneAbove, count: n)
                for y in 0..<h {
                    columnDown(bits + y * w + x0, state, nearest + y * w + x0, n, Int32(truncatingIfNeeded: y))
                }
                state.update(repeating: noneBelow, count: n)
                for y in stride(from: h - 1, through: 0, by: -1) {
                    columnUp(bits + y * w + x0, state, nearest + y * w + x0, n, Int32(truncatingIfNeeded: y))
                }
            }
        }
    }

    /// Downward step: the last background row seen so far in each column.
    @inline(never)
    static func columnDown(_ b: UnsafePointer<UInt8>, _ state: UnsafeMutablePointer<Int32>,
                           _ o: UnsafeMutablePointer<Int32>, _ n: Int, _ y: Int32) {
        for i in 0..<n {
            let background = Int32(truncatingIfNeeded: b[i]) &- 1  // all ones on background
            let v = (y & background) | (state[i] & ~background)
            state[i] = v
            o[i] = v
        }
    }

    /// Upward step: the next background row below, kept where strictly closer than the one
    /// above (ties keep the upper pixel, as scipy).
    @inline(never)
    static func columnUp(_ b: UnsafePointer<UInt8>, _ state: UnsafeMutablePointer<Int32>,
                         _ o: UnsafeMutablePointer<Int32>, _ n: Int, _ y: Int32) {
        for i in 0..<n {
            let background = Int32(truncatingIfNeeded: b[i]) &- 1
            let below = (y & background) | (state[i] & ~background)
            state[i] = below
            let above = o[i]
            let closer = ((below &- y) &- (y &- above)) >> 31  // all ones when below is closer
            o[i] = (below & closer) | (above & ~closer)
        }
    }

    /// One row of the unit-spacing transform in exact integer arithmetic (scipy's doubles
    /// hold the same integers exactly, so decisions and ties agree).
    @inline(__always)
    static func rowPass(_ nearest: UnsafePointer<Int32>, y: Int, height h: Int, width w: Int,
                        stack: UnsafeMutablePointer<Int32>, scratch: UnsafeMutablePointer<Int>, d2: UnsafeMutablePointer<Int32>,
                        roots: UnsafeBufferPointer<Float>,
                        out: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<UInt32>?) {
        let hh = UInt32(truncatingIfNeeded: h)
        // Squared vertical distance of each column's candidate; -1 when the column has none.
        let g = scratch, stackR = scratch + w
        for u in 0..<w {
            let r = Int(nearest[u])
            let d = r &- y
            g[u] = UInt32(bitPattern: nearest[u]) < hh ? d &* d : -1
        }
        // A background pixel strictly inside a background run of this row is nearest only
        // to itself: its neighbours beat it everywhere else. It is left out of the envelope
        // (which then loses exactly that site and nothing else, since such a site never
        // removes one) and its own answer, 0, is written directly below.
        var l = -1
        for u in 0..<w {
            let wR = g[u]
            if wR < 0 { continue }
            if wR == 0 && u > 0 && u < w &- 1 && g[u &- 1] == 0 && g[u &+ 1] == 0 { continue }
            while l >= 1 {
                let v = Int(stack[l]), t = Int(stack[l &- 1])
                let a = v &- t, b = u &- v, c = a &+ b
                if c &* stackR[l] &- b &* stackR[l &- 1] &- a &* wR &- a &* b &* c <= 0 { break }
                l &-= 1
            }
            l &+= 1
            stack[l] = Int32(truncatingIfNeeded: u)
            stackR[l] = wR
        }
        let maxl = l
        l = 0
        var site = Int(stack[0])
        var siteR = stackR[0]
        for x in 0..<w {
            var dx = site &- x
            var d1 = siteR &+ dx &* dx
            while l < maxl {
                let next = Int(stack[l &+ 1])
                let nextR = stackR[l &+ 1]
                dx = next &- x
                let d2 = nextR &+ dx &* dx
                if d1 <= d2 { break }
                d1 = d2
                l &+= 1
                site = next
                siteR = nextR
            }
            let background = g[x] == 0
            d2[x] = background ? 0 : Int32(truncatingIfNeeded: d1)
            if let indices {
                let s = background ? x : site
                indices[x] = UInt32(truncatingIfNeeded: Int(nearest[s]) &* w &+ s)
            }
        }
        // Square roots of the (exact integer) squared distances, rounded once to Float; small
        // ones from a table, as a scalar square root with its errno check costs more.
        let count = Int32(truncatingIfNeeded: roots.count)
        for x in 0..<w {
            let v = d2[x]
            out[x] = v < count ? roots[Int(v)] : Float(Double(v).squareRoot())
        }
    }

    /// One row with pixel spacing, evaluated in doubles in scipy's order of operations.
    static func rowPassSampled(_ nearest: UnsafePointer<Int32>, y: Int, height h: Int, width w: Int,
                               sy: Double, sx: Double,
                               stack: UnsafeMutablePointer<Int32>, out: UnsafeMutablePointer<Float>,
                               indices: UnsafeMutablePointer<UInt32>?) {
        let hh = UInt32(truncatingIfNeeded: h)
        @inline(__always) func r2(_ u: Int) -> Double {
            let t = Double(Int(nearest[u]) - y) * sy
            return t * t
        }
        var l = -1
        for u in 0..<w where UInt32(bitPattern: nearest[u]) < hh {
            let wR = r2(u)
            while l >= 1 {
                let v = Int(stack[l]), t = Int(stack[l - 1])
                let a = Double(v - t) * sx, b = Double(u - v) * sx
                let c = a + b
                if c * r2(v) - b * r2(t) - a * wR - a * b * c <= 0 { break }
                l -= 1
            }
            l += 1
            stack[l] = Int32(truncatingIfNeeded: u)
        }
        let maxl = l
        l = 0
        for x in 0..<w {
            var site = Int(stack[l])
            var t = Double(site - x) * sx
            var d1 = r2(site) + t * t
            while l < maxl {
                let next = Int(stack[l + 1])
                t = Double(next - x) * sx
                let d2 = r2(next) + t * t
                if d1 <= d2 { break }
                d1 = d2
                l += 1
                site = next
            }
            out[x] = Float(d1.squareRoot())
            if let indices {
                indices[x] = UInt32(truncatingIfNeeded: Int(nearest[site]) * w + site)
            }
        }
    }
}
