extension RunLabeling {
    /// Per root: whether the component has a pixel within `bufferSize` of the image edge.
    func touchesBorder(bufferSize: Int) -> [Bool] {
        var touches = [Bool](repeating: false, count: runCount)
        let frame = bufferSize + 1
        for y in 0..<height {
            let edgeRow = y < frame || y >= height - frame
            for i in Int(rowFirst[y])..<Int(rowFirst[y + 1])
            where edgeRow || Int(starts[i]) < frame || Int(ends[i]) > width - frame {
                touches[Int(root[i])] = true
            }
        }
        return touches
    }
}

func validateBufferSize(_ bufferSize: Int, width: Int, height: Int) throws(PixelEngineError) {
    guard bufferSize >= 0 else {
        throw PixelEngineError("clearBorder", "bufferSize must be >= 0, got \(bufferSize)")
    }
    guard bufferSize < width && bufferSize < height else {
        throw PixelEngineError("clearBorder", "bufferSize \(bufferSize) must be smaller than the image (\(width)x\(height))")
    }
}

extension Mask {
    /// Removes the objects (8-connected components) that touch the image border, or come
    /// within `bufferSize` pixels of it (`skimage.segmentation.clear_border`).
    ///
    /// - Parameter bufferSize: the width of the border band beyond the outermost pixels;
    ///   0 (default) clears only objects on the outermost rows and columns.
    /// - Returns: a mask of the same size, a subset of this one.
    /// - Throws: ``PixelEngineError`` (operation `clearBorder`) for an empty mask, or a
    ///   `bufferSize` that is negative or not smaller than both sides.
    ///
    /// ```swift
    /// let whole = try cells.clearBorder()
    /// ```
    public func clearBorder(bufferSize: Int = 0) throws(PixelEngineError) -> Mask {
        try Validate.nonEmpty(bits, "clearBorder")
        try validateBufferSize(bufferSize, width: width, height: height)
        let runs = try runLabeling(connectivity: 2, operation: "clearBorder")
        let touches = runs.touchesBorder(bufferSize: bufferSize)
        return Mask(uncheckedBits: runs.paint(background: UInt8(0)) { i, _ in touches[Int(runs.root[i])] ? 0 : 1 })
    }
}

extension LabelMap {
    /// Sets to background the objects that touch the image border, or come within
    /// `bufferSize` pixels of it (`skimage.segmentation.clear_border` on a label image).
    ///
    /// As in scikit-image, an object is an 8-connected region of one id: when an id has
    /// several separate regions, only those touching the border are cleared. Other ids
    /// keep their values (no relabelling).
    ///
    /// - Parameter bufferSize: the width of the border band; 0 (default) is the outermost
    ///   rows and columns.
    /// - Returns: a label map of the same size.
    /// - Throws: ``PixelEngineError`` (operation `clearBorder`) for an empty label map, or a
    ///   `bufferSize` that is negative or not smaller than both sides.
    ///
    /// ```swift
    /// let interior = try labels.clearBorder(bufferSize: 2)
    /// ```
    public func clearBorder(bufferSize: Int = 0) throws(PixelEngineError) -> LabelMap {
        try Validate.nonEmpty(ids, "clearBorder")
        try validateBufferSize(bufferSize, width: width, height: height)
        return ids.withUnsafeSamples { samples in
            let runs = RunLabeling(samples.baseAddress!, width: width, height: height, background: 0,
                                   eightConnected: true, binary: false)
            let touches = runs.touchesBorder(bufferSize: bufferSize)
            return LabelMap(ids: runs.paint(background: UInt32(0)) { i, y in
                touches[Int(runs.root[i])] ? 0 : samples[y * width + Int(runs.starts[i])]
            })
        }
    }
}
