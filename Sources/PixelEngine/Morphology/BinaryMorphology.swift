/// Binary morphology on masks, equal pixel for pixel to `skimage.morphology.binary_erosion`,
/// `binary_dilation`, `binary_opening` and `binary_closing` (default `mode="ignore"`).
///
/// Conventions, as scikit-image's binary functions (which differ from its gray ones):
/// - Border: pixels outside the mask are ignored: erosion treats them as set, dilation
///   as unset, so objects touching the edge are not eroded from outside.
/// - Centre: element `(width / 2, height / 2)`; even sizes are padded at the end
///   (`pad_footprint(pad_end=True)`), one pixel away from the gray convention.
/// - Dilation mirrors the footprint (as `scipy.ndimage.binary_dilation`); erosion does not.
///   Opening is erosion then dilation, closing dilation then erosion, by the same footprint.
/// For symmetric odd footprints (square, disk, diamond, cross) all of this coincides with
/// the gray operations applied to the 0/1 bits.
extension Mask {
    /// Binary erosion: a pixel stays set when every footprint neighbour inside the mask is
    /// set (`skimage.morphology.binary_erosion`).
    ///
    /// - Parameter footprint: the neighbourhood; default the 3x3 cross.
    /// - Returns: a mask of the same size, a subset of this one when the footprint
    ///   contains its centre.
    /// - Throws: ``PixelEngineError`` (operation `erode`) for an empty mask.
    ///
    /// ```swift
    /// let core = try mask.erode(footprint: .disk(radius: 2))
    /// ```
    public func erode(footprint: Footprint = .default) throws(PixelEngineError) -> Mask {
        try Validate.nonEmpty(bits, "erode")
        return eroded(FootprintRuns(footprint, centering: .padEnd, mirrored: false))
    }

    /// Binary dilation: a pixel is set when any pixel of the mirrored footprint around it
    /// is set (`skimage.morphology.binary_dilation`).
    ///
    /// - Returns: a mask of the same size, a superset of this one when the footprint
    ///   contains its centre.
    /// - Throws: ``PixelEngineError`` (operation `dilate`) for an empty mask.
    ///
    /// ```swift
    /// let grown = try mask.dilate(footprint: .square(3))
    /// ```
    public func dilate(footprint: Footprint = .default) throws(PixelEngineError) -> Mask {
        try Validate.nonEmpty(bits, "dilate")
        return dilated(FootprintRuns(footprint, centering: .padEnd, mirrored: false))
    }

    /// Binary opening: erosion then dilation (`skimage.morphology.binary_opening`).
    /// Removes specks and thin protrusions smaller than the footprint.
    ///
    /// - Returns: a mask of the same size, a subset of this one.
    /// - Throws: ``PixelEngineError`` (operation `open`) for an empty mask.
    ///
    /// ```swift
    /// let clean = try mask.open(footprint: .disk(radius: 5))
    /// ```
    public func open(footprint: Footprint = .default) throws(PixelEngineError) -> Mask {
        try Validate.nonEmpty(bits, "open")
        let runs = FootprintRuns(footprint, centering: .padEnd, mirrored: false)
        return eroded(runs).dilated(runs)
    }

    /// Binary closing: dilation then erosion (`skimage.morphology.binary_closing`).
    /// Fills gaps and holes smaller than the footprint.
    ///
    /// - Returns: a mask of the same size.
    /// - Throws: ``PixelEngineError`` (operation `close`) for an empty mask.
    ///
    /// ```swift
    /// let solid = try mask.close(footprint: .disk(radius: 3))
    /// ```
    public func close(footprint: Footprint = .default) throws(PixelEngineError) -> Mask {
        try Validate.nonEmpty(bits, "close")
        let runs = FootprintRuns(footprint, centering: .padEnd, mirrored: false)
        return dilated(runs).eroded(runs)
    }

    func eroded(_ runs: FootprintRuns) -> Mask {
        Mask(uncheckedBits: MorphologyDispatch.extremum(bits, runs, minimum: true, identity: 1))
    }

    func dilated(_ runs: FootprintRuns) -> Mask {
        Mask(uncheckedBits: MorphologyDispatch.extremum(bits, runs.negated, minimum: false, identity: 0))
    }
}
