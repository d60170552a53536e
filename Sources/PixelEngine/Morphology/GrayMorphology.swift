/// Gray-level morphology: erosion, dilation, opening, closing, top-hats and the
/// morphological gradient, equal sample for sample to `skimage.morphology`.
///
/// Conventions shared by every operation here (all exactly as scikit-image 0.26):
/// - Border: pixels outside the image are ignored (scikit-image `mode="ignore"`: erosion
///   pads with the type's maximum, dilation with its minimum; ±∞ for Float). For
///   footprints whose rows and columns are centred runs (rectangles, disks, diamonds,
///   crosses) this equals scikit-image's default `mode="reflect"` as well.
/// - Centre: element `((width - 1) / 2, (height - 1) / 2)` of the footprint; even sizes
///   are padded at the start like `pad_footprint(pad_end=False)`.
/// - Erosion and dilation use the footprint as given (no mirroring, as
///   `skimage.morphology.dilation`); opening and closing mirror it for their second step.
/// - Every channel is filtered independently; the output has the input's size, channels
///   and sample type.
extension Image {
    /// Grayscale erosion: each sample becomes the minimum over the footprint around it
    /// (`skimage.morphology.erosion`).
    ///
    /// - Parameter footprint: the neighbourhood; default the 3x3 cross.
    /// - Returns: an image of the same shape and type, pointwise `<=` the input where the
    ///   footprint contains its centre.
    /// - Throws: ``PixelEngineError`` (operation `erode`) for an empty image.
    ///
    /// ```swift
    /// let thinner = try img.erode(footprint: .square(3))
    /// ```
    public func erode(footprint: Footprint = .default) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "erode")
        return MorphologyDispatch.extremum(self, FootprintRuns(footprint, centering: .padStart, mirrored: false), minimum: true)
    }

    /// Grayscale dilation: each sample becomes the maximum over the footprint around it
    /// (`skimage.morphology.dilation`, which does not mirror the footprint).
    ///
    /// - Parameter footprint: the neighbourhood; default the 3x3 cross.
    /// - Returns: an image of the same shape and type.
    /// - Throws: ``PixelEngineError`` (operation `dilate`) for an empty image.
    ///
    /// ```swift
    /// let grown = try img.dilate(footprint: .disk(radius: 7))
    /// ```
    public func dilate(footprint: Footprint = .default) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "dilate")
        return MorphologyDispatch.extremum(self, FootprintRuns(footprint, centering: .padStart, mirrored: false), minimum: false)
    }

    /// Grayscale opening: erosion, then dilation by the mirrored footprint
    /// (`skimage.morphology.opening`). Removes bright details smaller than the footprint.
    ///
    /// - Returns: an image of the same shape and type, pointwise `<=` the input.
    /// - Throws: ``PixelEngineError`` (operation `open`) for an empty image.
    ///
    /// ```swift
    /// let background = try img.open(footprint: .disk(radius: 15))
    /// ```
    public func open(footprint: Footprint = .default) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "open")
        return opened(FootprintRuns(footprint, centering: .padStart, mirrored: false))
    }

    /// Grayscale closing: dilation, then erosion by the mirrored footprint
    /// (`skimage.morphology.closing`). Fills dark details smaller than the footprint.
    ///
    /// - Returns: an image of the same shape and type, pointwise `>=` the input.
    /// - Throws: ``PixelEngineError`` (operation `close`) for an empty image.
    ///
    /// ```swift
    /// let filled = try img.close(footprint: .square(5))
    /// ```
    public func close(footprint: Footprint = .default) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "close")
        return closed(FootprintRuns(footprint, centering: .padStart, mirrored: false))
    }

    /// White top-hat: the input minus its opening (`skimage.morphology.white_tophat`):
    /// the bright details smaller than the footprint.
    ///
    /// - Returns: an image of the same shape and type, all samples `>= 0`.
    /// - Throws: ``PixelEngineError`` (operation `whiteTopHat`) for an empty image.
    ///
    /// ```swift
    /// let spots = try img.whiteTopHat(footprint: .disk(radius: 4))
    /// ```
    public func whiteTopHat(footprint: Footprint = .default) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "whiteTopHat")
        return MorphologyDispatch.difference(self, opened(FootprintRuns(footprint, centering: .padStart, mirrored: false)))
    }

    /// Black top-hat: the closing minus the input (`skimage.morphology.black_tophat`):
    /// the dark details smaller than the footprint.
    ///
    /// - Returns: an image of the same shape and type, all samples `>= 0`.
    /// - Throws: ``PixelEngineError`` (operation `blackTopHat`) for an empty image.
    ///
    /// ```swift
    /// let pits = try img.blackTopHat(footprint: .disk(radius: 4))
    /// ```
    public func blackTopHat(footprint: Footprint = .default) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "blackTopHat")
        return MorphologyDispatch.difference(closed(FootprintRuns(footprint, centering: .padStart, mirrored: false)), self)
    }

    /// Morphological gradient: dilation minus erosion by the same footprint (OpenCV
    /// `MORPH_GRADIENT`; scikit-image `dilation(f) - erosion(f)`). Bright on edges.
    ///
    /// - Returns: an image of the same shape and type, all samples `>= 0` when the
    ///   footprint contains its centre.
    /// - Throws: ``PixelEngineError`` (operation `morphologicalGradient`) for an empty image
    ///   or a footprint without its centre (the difference could be negative).
    ///
    /// ```swift
    /// let edges = try img.morphologicalGradient(footprint: .square(3))
    /// ```
    public func morphologicalGradient(footprint: Footprint = .default) throws(PixelEngineError) -> Image {
        try Validate.nonEmpty(self, "morphologicalGradient")
        guard footprint[(footprint.width - 1) / 2, (footprint.height - 1) / 2] else {
            throw PixelEngineError("morphologicalGradient", "the footprint must contain its centre element")
        }
        let runs = FootprintRuns(footprint, centering: .padStart, mirrored: false)
        return MorphologyDispatch.difference(MorphologyDispatch.extremum(self, runs, minimum: false),
                                             MorphologyDispatch.extremum(self, runs, minimum: true))
    }

    func opened(_ runs: FootprintRuns) -> Image {
        MorphologyDispatch.extremum(MorphologyDispatch.extremum(self, runs, minimum: true), runs.negated, minimum: false)
    }

    func closed(_ runs: FootprintRuns) -> Image {
        MorphologyDispatch.extremum(MorphologyDispatch.extremum(self, runs, minimum: false), runs.negated, minimum: true)
    }
}
