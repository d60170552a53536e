/// Which pixels ``LabelMap/boundaries(mode:connectivity:background:)`` marks, as
/// `skimage.segmentation.find_boundaries`.
public enum BoundaryMode: String, Sendable, Hashable, CaseIterable {
    /// Pixels with a differently labelled neighbour, on both sides of every edge.
    case thick
    /// The object pixels of ``thick`` only (never background).
    case inner
    /// The background pixels of ``thick``, plus the object pixels where two objects touch
    /// (so touching objects stay separated).
    case outer
}

extension LabelMap {
    /// The boundaries between objects and between objects and background.
    ///
    /// Matches `skimage.segmentation.find_boundaries(ids, connectivity, mode, background)`
    /// exactly: a pixel is on the boundary when the largest and smallest id among itself
    /// and its neighbours differ (neighbours outside the image are ignored).
    ///
    /// - Parameters:
    ///   - mode: `.thick` (default), `.inner` or `.outer`.
    ///   - connectivity: 1 (the 4 edge neighbours) or 2 (all 8).
    ///   - background: the id treated as background by `.inner` and `.outer`.
    /// - Returns: a mask of the map's size.
    /// - Throws: ``PixelEngineError`` (`boundaries`) when connectivity is not 1 or 2.
    ///
    /// ```swift
    /// let edges = try labels.boundaries(mode: .inner)
    /// ```
    public func boundaries(mode: BoundaryMode = .thick, connectivity: Int = 1,
                           background: UInt32 = 0) throws(PixelEngineError) -> Mask {
        try Validate.inRange(connectivity, 1...2, "connectivity", "boundaries")
        return BoundaryKernel.find(ids, mode: mode, connectivity: connectivity, background: background)
    }
}

extension Mask {
    /// The boundaries of the mask's regions; see
    /// ``LabelMap/boundaries(mode:connectivity:background:)`` (false is background).
    ///
    /// ```swift
    /// let edge = try mask.boundaries(mode: .inner)
    /// ```
    public func boundaries(mode: BoundaryMode = .thick, connectivity: Int = 1) throws(PixelEngineError) -> Mask {
        try Validate.inRange(connectivity, 1...2, "connectivity", "boundaries")
        return BoundaryKernel.find(bits, mode: mode, connectivity: connectivity, background: 0)
    }
}

extension ClassMap {
    /// The boundaries between classes; class 0 is the background for `.inner` and
    /// `.outer`. See ``LabelMap/boundaries(mode:connectivity:background:)``.
    ///
    /// ```swift
    /// let edges = try classMap.boundaries()
    /// ```
    public func boundaries(mode: BoundaryMode = .thick, connectivity: Int = 1) throws(PixelEngineError) -> Mask {
        try Validate.inRange(connectivity, 1...2, "connectivity", "boundaries")
        return BoundaryKernel.find(indices, mode: mode, connectivity: connectivity, background: 0)
    }
}

extension Image {
    /// The image with the boundaries of `labels` painted in `color`, like
    /// `skimage.segmentation.mark_boundaries` (whose default mode is also `.outer`).
    ///
    /// - Parameters:
    ///   - labels: the objects; same size as the image.
    ///   - color: the boundary colour (default yellow).
    ///   - mode: which boundary pixels to paint; see ``BoundaryMode``.
    /// - Returns: an RGB uint8 image (the image shown as ``displayRGB()`` with the boundary
    ///   pixels replaced by `color`).
    /// - Throws: ``PixelEngineError`` (`mark boundaries`) when sizes differ.
    ///
    /// ```swift
    /// let outlined = try img.markBoundaries(labels, color: RGB8(255, 0, 0))
    /// ```
    public func markBoundaries(_ labels: LabelMap, color: RGB8 = RGB8(255, 255, 0),
                               mode: BoundaryMode = .outer) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.sameSize(self, labels.ids, "mark boundaries")
        return BoundaryKernel.paint(displayRGB(), try labels.boundaries(mode: mode), color)
    }

    /// The image with the boundaries of `mask` painted in `color`; see
    /// ``markBoundaries(_:color:mode:)-(LabelMap,_,_)``.
    ///
    /// ```swift
    /// let outlined = try img.markBoundaries(mask)
    /// ```
    public func markBoundaries(_ mask: Mask, color: RGB8 = RGB8(255, 255, 0),
                               mode: BoundaryMode = .outer) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.sameSize(self, mask.bits, "mark boundaries")
        return BoundaryKernel.paint(displayRGB(), try mask.boundaries(mode: mode), color)
    }

    /// The image with the boundaries between classes painted in `color`; see
    /// ``markBoundaries(_:color:mode:)-(LabelMap,_,_)``.
    ///
    /// ```swift
    /// let outlined = try img.markBoundaries(classMap, color: RGB8(255, 255, 255))
    /// ```
    public func markBoundaries(_ classes: ClassMap, color: RGB8 = RGB8(255, 255, 0),
                               mode: BoundaryMode = .outer) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.sameSize(self, classes.indices, "mark boundaries")
        return BoundaryKernel.paint(displayRGB(), try classes.boundaries(mode: mode), color)
    }
}

/// The boundary kernel: a 3×3 min/max test per pixel, in parallel over rows.
@usableFromInline
enum BoundaryKernel {
    @inlinable
    static func find<T: PixelSample & FixedWidthInteger>(_ image: Image<T>, mode: BoundaryMode,
                                                          connectivity: Int, background: T) -> Mask {
        let w = image.width, h = image.height
        let full = connectivity == 2
        let bits = image.withUnsafeSamples { source in
            Image<UInt8>.generate(width: w, height: h, costPerRow: w &* 12) { rows, output in
                let src = source.baseAddress!
                for y in rows {
                    let y0 = max(y &- 1, 0), y1 = min(y &+ 1, h &- 1)
                    for x in 0..<w {
                        let x0 = max(x &- 1, 0), x1 = min(x &+ 1, w &- 1)
                        let v = src[y &* w &+ x]
                        // Footprint of the connectivity: the cross, or the full 3×3.
                        var lo = v, hi = v
                        for yy in y0...y1 {
                            for xx in x0...x1 where full || yy == y || xx == x {
                                let n = src[yy &* w &+ xx]
                                lo = min(lo, n)
                                hi = max(hi, n)
                            }
                        }
                        var edge = lo != hi
                        switch mode {
                        case .thick:
                            break
                        case .inner:
                            edge = edge && v != background
                        case .outer:
                            if edge && v != background {
                                // Keep object pixels only where another object touches
                                // (8-neighbourhood): dilation(ids) != erosion(ids, bg → max).
                                var hi8 = v, lo8 = v
                                for yy in y0...y1 {
                                    for xx in x0...x1 {
                                        let n = src[yy &* w &+ xx]
                                        hi8 = max(hi8, n)
                                        lo8 = min(lo8, n == background ? T.max : n)
                                    }
                                }
                                edge = hi8 != lo8
                            }
                        }
                        output[y &* w &+ x] = edge ? 1 : 0
                    }
                }
            }
        }
        return Mask(uncheckedBits: bits)
    }

    @usableFromInline
    static func paint(_ base: Image<UInt8>, _ edges: Mask, _ color: RGB8) -> Image<UInt8> {
        edges.bits.withUnsafeSamples { bits in
            base.mapRows { (y: Int, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>) in
                let w = input.count / 3
                let row = bits.baseAddress! + y &* w
                for x in 0..<w {
                    let i = x &* 3
                    if row[x] != 0 {
                        output[i] = color.r; output[i &+ 1] = color.g; output[i &+ 2] = color.b
                    } else {
                        output[i] = input[i]; output[i &+ 1] = input[i &+ 1]; output[i &+ 2] = input[i &+ 2]
                    }
                }
            }
        }
    }
}
