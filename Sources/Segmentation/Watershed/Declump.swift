/// The settings of ``Mask/declump(parameters:)``, usually derived from the mask by
/// ``Mask/declumpParameters(minDistance:sigma:h:minSize:connectivity:compactness:)``.
///
/// ```swift
/// var p = try mask.declumpParameters()
/// p.minSize = 20
/// let objects = try mask.declump(parameters: p)
/// ```
public struct DeclumpParameters: Sendable, Equatable, CustomStringConvertible {
    /// The typical object radius R in pixels: the median over connected components (of at
    /// least 5 pixels, when there are any) of each component's largest distance-transform
    /// value. A clump's maximum is the radius of its largest member, so R is the radius of
    /// a typical (largest-in-clump) object.
    public var typicalRadius: Double
    /// Standard deviation of the Gaussian smoothing the distance transform; default
    /// `max(0.5, 0.075·R)`, enough to remove the ridge noise of pixelated boundaries without
    /// flattening the peak of a small object beside a large one. 0 disables smoothing.
    public var sigma: Double
    /// Minimum distance between seeds (peak_local_max); default `max(1, round(0.3·R))`,
    /// under a third of an object's radius, so that two touching objects' centres, at least
    /// a radius apart, both stay seeds while ridge bumps closer than that merge.
    ///
    /// (Both factors sit inside the range that splits every disk of the acceptance
    /// generator: on 200 images with 3,489 touching disks of radius 10–25, smoothing of
    /// 0.05–0.075·R with distances of 0.25–0.35·R missed none; 0.1·R with 0.35·R missed one,
    /// and distances of 0.45·R lose small disks beside large ones.)
    public var minDistance: Int
    /// When set, seeds are the h-maxima (of this height) of the smoothed distance transform
    /// instead of peak_local_max.
    public var h: Double?
    /// Objects smaller than this many pixels are dropped at the end; default
    /// `round(0.1·π·R²)`, a tenth of a typical object's area.
    public var minSize: Int
    /// 1 or 2 (default): the connectivity of components, seeds and flooding.
    public var connectivity: Int
    /// Compactness of the watershed (default 0, the classic watershed).
    public var compactness: Double

    public init(typicalRadius: Double, sigma: Double, minDistance: Int, h: Double? = nil, minSize: Int,
                connectivity: Int = 2, compactness: Double = 0) {
        self.typicalRadius = typicalRadius
        self.sigma = sigma
        self.minDistance = minDistance
        self.h = h
        self.minSize = minSize
        self.connectivity = connectivity
        self.compactness = compactness
    }

    public var description: String {
        let seeds = h.map { "h-maxima h=\($0)" } ?? "peaks minDistance=\(minDistance)"
        return "declump: radius \(typicalRadius), sigma \(sigma), \(seeds), minSize \(minSize), connectivity \(connectivity), compactness \(compactness)"
    }
}

extension Mask {
    /// The parameters ``declump(minDistance:sigma:h:minSize:connectivity:compactness:)``
    /// would use: the given ones, and the others derived from the typical object radius
    /// (see ``DeclumpParameters``).
    ///
    /// - Returns: the resolved parameters (the radius is 0 for a mask with no set pixel and
    ///   `+infinity` for one with no unset pixel).
    /// - Throws: ``PixelEngineError`` (`declump`) for an empty mask or out-of-range values.
    ///
    /// ```swift
    /// print(try mask.declumpParameters())
    /// ```
    public func declumpParameters(minDistance: Int? = nil, sigma: Double? = nil, h: Double? = nil, minSize: Int? = nil,
                                  connectivity: Int = 2, compactness: Double = 0) throws(PixelEngineError) -> DeclumpParameters {
        try validateDeclump(minDistance: minDistance, sigma: sigma, h: h, minSize: minSize,
                            connectivity: connectivity, compactness: compactness)
        let edt = try distanceTransform()
        let cc = try connectedComponents(connectivity: connectivity)
        return Self.resolve(edt, cc, minDistance: minDistance, sigma: sigma, h: h, minSize: minSize,
                            connectivity: connectivity, compactness: compactness)
    }

    func validateDeclump(minDistance: Int?, sigma: Double?, h: Double?, minSize: Int?,
                         connectivity: Int, compactness: Double) throws(PixelEngineError) {
        let op = "declump"
        if width == 0 || height == 0 { throw PixelEngineError(op, "the mask is empty (\(width)x\(height))") }
        try Validate.inRange(connectivity, 1...2, "connectivity", op)
        if let minDistance, minDistance < 1 { throw PixelEngineError(op, "minDistance must be >= 1, got \(minDistance)") }
        if let sigma, !(sigma >= 0 && sigma.isFinite) { throw PixelEngineError(op, "sigma must be >= 0, got \(sigma)") }
        if let h { try Validate.positive(h, "h", op) }
        if let minSize, minSize < 0 { throw PixelEngineError(op, "minSize must be >= 0, got \(minSize)") }
        if !(compactness >= 0 && compactness.isFinite) { throw PixelEngineError(op, "compactness must be >= 0, got \(compactness)") }
    }

    static func resolve(_ edt: Image<Float>, _ cc: ConnectedComponents, minDistance: Int?, sigma: Double?, h: Double?,
                        minSize: Int?, connectivity: Int, compactness: Double) -> DeclumpParameters {
        let radius = typicalRadius(edt, cc)
        let r = radius.isFinite ? radius : 0
        return DeclumpParameters(typicalRadius: radius,
                                 sigma: sigma ?? Swift.max(0.5, 0.075 * r),
                                 minDistance: minDistance ?? Swift.max(1, Int((0.3 * r).rounded())),
                                 h: h,
                                 minSize: minSize ?? Int((0.1 * Double.pi * r * r).rounded()),
                                 connectivity: connectivity, compactness: compactness)
    }

    /// Splits touching round objects: the mask's distance transform, smoothed, gives one
    /// seed per object at its centre, and a watershed of the negated distance from those
    /// seeds, inside the mask, draws the boundaries along the necks between objects.
    ///
    /// Pipeline: EDT → Gaussian (`sigma`) → seeds by peak_local_max per connected component
    /// (`minDistance`, no border exclusion) or, with `h`, the h-maxima → watershed of
    /// −smoothed EDT restricted to the mask (`connectivity`, `compactness`; seeds of equal
    /// height leave the queue in raster order, see ``Image/watershed(markers:connectivity:mask:compactness:watershedLine:)``) → objects
    /// smaller than `minSize` removed → ids renumbered `1...n`. Every parameter left nil is
    /// derived from the typical object radius (see ``DeclumpParameters``).
    ///
    /// - Returns: a label map of the mask's size: ids `1...n`, 0 on background (and on
    ///   removed small objects). A mask with no unset pixel is one object.
    /// - Throws: ``PixelEngineError`` (`declump`) for an empty mask or out-of-range values.
    ///
    /// ```swift
    /// let nuclei = try (try gray.gaussian(sigma: 1) .> otsu).declump()
    /// ```
    public func declump(minDistance: Int? = nil, sigma: Double? = nil, h: Double? = nil, minSize: Int? = nil,
                        connectivity: Int = 2, compactness: Double = 0) throws(PixelEngineError) -> LabelMap {
        try validateDeclump(minDistance: minDistance, sigma: sigma, h: h, minSize: minSize,
                            connectivity: connectivity, compactness: compactness)
        let edt = try distanceTransform()
        let cc = try connectedComponents(connectivity: connectivity)
        let p = Self.resolve(edt, cc, minDistance: minDistance, sigma: sigma, h: h, minSize: minSize,
                             connectivity: connectivity, compactness: compactness)
        return try declump(p, edt: edt, components: cc)
    }

    /// ``declump(minDistance:sigma:h:minSize:connectivity:compactness:)`` with parameters
    /// already resolved.
    ///
    /// - Throws: ``PixelEngineError`` (`declump`) for an empty mask or out-of-range values.
    ///
    /// ```swift
    /// let objects = try mask.declump(parameters: try mask.declumpParameters(minSize: 0))
    /// ```
    public func declump(parameters p: DeclumpParameters) throws(PixelEngineError) -> LabelMap {
        let op = "declump"
        if width == 0 || height == 0 { throw PixelEngineError(op, "the mask is empty (\(width)x\(height))") }
        try validateDeclump(minDistance: p.minDistance, sigma: p.sigma, h: p.h, minSize: p.minSize,
                            connectivity: p.connectivity, compactness: p.compactness)
        return try declump(p, edt: nil, components: nil)
    }

    func declump(_ p: DeclumpParameters, edt knownEDT: Image<Float>?, components: ConnectedComponents?) throws(PixelEngineError) -> LabelMap {
        let op = "declump"
        try Validate.inRange(p.connectivity, 1...2, "connectivity", op)
        if p.minDistance < 1 { throw PixelEngineError(op, "minDistance must be >= 1, got \(p.minDistance)") }
        if !(p.sigma >= 0 && p.sigma.isFinite) { throw PixelEngineError(op, "sigma must be >= 0, got \(p.sigma)") }
        if let h = p.h { try Validate.positive(h, "h", op) }
        if p.minSize < 0 { throw PixelEngineError(op, "minSize must be >= 0, got \(p.minSize)") }
        let setCount = count
        if setCount == 0 { return LabelMap(width: width, height: height) }
        if setCount == width * height {
            return LabelMap(ids: Image(width: width, height: height, repeating: 1))
        }
        do {
            let edt: Image<Float>
            if let knownEDT { edt = knownEDT } else { edt = try distanceTransform() }
            let smooth = p.sigma > 0 ? try edt.gaussian(sigma: p.sigma, mode: .nearest) : edt
            let markers: LabelMap
            if let h = p.h {
                let tops = try smooth.hMaxima(h: h, connectivity: p.connectivity).and(self)
                markers = try LabelMap.fromMarkers(tops, connectivity: p.connectivity)
            } else {
                let labels: LabelMap
                if let components { labels = components.labels } else { labels = try connectedComponents(connectivity: p.connectivity).labels }
                markers = try smooth.peakLocalMax(minDistance: p.minDistance, excludeBorder: 0, labels: labels).markers
            }
            let landscape = smooth.map { -$0 }
            // Seeds of equal height (twin objects) leave the queue in raster order; the
            // flood is otherwise scikit-image's.
            let regions = p.compactness > 0
                ? try landscape.watershed(markers: markers, connectivity: p.connectivity, mask: self, compactness: p.compactness)
                : try landscape.watershedRasterTies(markers: markers, connectivity: p.connectivity, mask: self)
            return try regions.filterBySize(minSize: p.minSize).relabelSequential().labels
        } catch {
            throw PixelEngineError(op, "\(error.operation): \(error.message)")
        }
    }

    /// Median over components (of ≥ 5 pixels, if any) of the component's EDT maximum.
    static func typicalRadius(_ edt: Image<Float>, _ cc: ConnectedComponents) -> Double {
        if cc.count == 0 { return 0 }
        var peak = [Float](repeating: 0, count: cc.count + 1)
        edt.withUnsafeSamples { d in
            cc.labels.ids.withUnsafeSamples { l in
                for i in 0..<d.count where d[i] > peak[Int(l[i])] { peak[Int(l[i])] = d[i] }
            }
        }
        let sized = cc.stats.filter { $0.area >= 5 }
        let chosen = (sized.isEmpty ? cc.stats : sized).map { Double(peak[Int($0.label)]) }.sorted()
        let n = chosen.count
        return n % 2 == 1 ? chosen[n / 2] : (chosen[n / 2 - 1] + chosen[n / 2]) / 2
    }
}
