/// The colours of ``LabelMap/compare(truth:threshold:)`` and ``Mask/compare(truth:)``.
public enum CompareColors {
    /// True positives (matched predicted objects, or correctly predicted pixels): green.
    public static let truePositive = RGB8(0, 200, 80)
    /// False positives (unmatched predicted objects, or wrongly predicted pixels): red.
    public static let falsePositive = RGB8(240, 40, 40)
    /// False negatives (unmatched true objects, or missed pixels): blue.
    public static let falseNegative = RGB8(40, 120, 255)
}

extension LabelMap {
    /// A picture of how this prediction matches the true objects at IoU threshold
    /// `threshold` (the matching of ``InstanceMatching``), over a black background.
    ///
    /// Predicted objects matched with IoU ≥ τ (true positives) are tinted and outlined in
    /// ``CompareColors/truePositive``, unmatched predicted objects (false positives) in
    /// ``CompareColors/falsePositive``; unmatched true objects (false negatives) are tinted
    /// where no predicted object covers them and outlined in
    /// ``CompareColors/falseNegative`` on top of everything. Tint: the overlay blend with
    /// alpha 0.4; outlines: the objects' inner boundaries (connectivity 1).
    ///
    /// - Parameters:
    ///   - truth: the true objects; same size.
    ///   - threshold: τ in (0, 1], default 0.5.
    /// - Returns: an RGB uint8 image of the map's size.
    /// - Throws: ``PixelEngineError`` (`compare`) when sizes differ or τ is outside (0, 1].
    ///
    /// ```swift
    /// let picture = try pred.compare(truth: truth)
    /// ```
    public func compare(truth: LabelMap, threshold: Double = 0.5) throws(PixelEngineError) -> Image<UInt8> {
        try compare(truth: truth, on: Image<UInt8>(width: width, height: height, channels: 3), threshold: threshold)
    }

    /// As ``compare(truth:threshold:)``, drawn over `image` (shown as ``Image/displayRGB()``).
    ///
    /// - Throws: ``PixelEngineError`` (`compare`) when sizes differ or τ is outside (0, 1].
    ///
    /// ```swift
    /// let picture = try pred.compare(truth: truth, on: cells)
    /// ```
    public func compare<S: PixelSample>(truth: LabelMap, on image: Image<S>,
                                        threshold: Double = 0.5) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.sameSize(ids, truth.ids, "compare")
        try Validate.sameSize(image, ids, "compare")
        let overlap = try InstanceOverlap(predicted: self, truth: truth)
        let matching: InstanceMatching
        do {
            matching = try overlap.matching(threshold: threshold)
        } catch {
            throw PixelEngineError("compare", error.message)
        }
        // Status per id: 1 TP, 2 FP (predicted ids); 3 FN (true ids).
        var predStatus = [UInt32: UInt8](minimumCapacity: overlap.predictedIDs.count)
        for (j, id) in overlap.predictedIDs.enumerated() { predStatus[id] = matching.trueForPredicted[j] >= 0 ? 1 : 2 }
        var missed = Set<UInt32>()
        for (i, id) in overlap.trueIDs.enumerated() where matching.predictedForTrue[i] < 0 { missed.insert(id) }

        let w = width, h = height
        let statusImage: Image<UInt8> = ids.withUnsafeSamples { p in
            truth.ids.withUnsafeSamples { t in
                Image<UInt8>.generate(width: w, height: h) { rows, out in
                    var lastP: UInt32 = 0, lastPStatus: UInt8 = 0
                    var lastT: UInt32 = 0, lastTMissed = false
                    for y in rows {
                        for x in 0..<w {
                            let k = y &* w &+ x
                            let pid = p[k]
                            if pid != 0 {
                                if pid != lastP { lastP = pid; lastPStatus = predStatus[pid] ?? 0 }
                                out[k] = lastPStatus
                                continue
                            }
                            let tid = t[k]
                            if tid != 0 {
                                if tid != lastT { lastT = tid; lastTMissed = missed.contains(tid) }
                                out[k] = lastTMissed ? 3 : 0
                            } else {
                                out[k] = 0
                            }
                        }
                    }
                }
            }
        }
        let classes = [SemanticClass(name: "none", color: RGB8(0, 0, 0)),
                       SemanticClass(name: "true positive", color: CompareColors.truePositive),
                       SemanticClass(name: "false positive", color: CompareColors.falsePositive),
                       SemanticClass(name: "false negative", color: CompareColors.falseNegative)]
        let tinted = try image.overlay(try ClassMap(indices: statusImage, classes: classes), alpha: 0.4)

        // Outlines: predicted objects by status, then missed true objects on top.
        let predEdges = try boundaries(mode: .inner)
        let missedTruth = LabelMap(ids: truth.ids.map { missed.contains($0) ? $0 : 0 })
        let missedEdges = try missedTruth.boundaries(mode: .inner)
        let colors = [CompareColors.truePositive, CompareColors.falsePositive, CompareColors.falseNegative]
        return statusImage.withUnsafeSamples { status in
            predEdges.bits.withUnsafeSamples { pe in
                missedEdges.bits.withUnsafeSamples { me in
                    tinted.mapRows { (y: Int, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>) in
                        for x in 0..<w {
                            let k = y &* w &+ x
                            var color: RGB8?
                            if me[k] != 0 {
                                color = colors[2]
                            } else if pe[k] != 0, status[k] == 1 || status[k] == 2 {
                                color = colors[Int(status[k]) - 1]
                            }
                            let o = x &* 3
                            if let c = color {
                                output[o] = c.r; output[o &+ 1] = c.g; output[o &+ 2] = c.b
                            } else {
                                output[o] = input[o]; output[o &+ 1] = input[o &+ 1]; output[o &+ 2] = input[o &+ 2]
                            }
                        }
                    }
                }
            }
        }
    }
}

extension Mask {
    /// A picture of a predicted mask against the true one, pixel by pixel: correctly
    /// predicted pixels in ``CompareColors/truePositive``, wrongly predicted ones in
    /// ``CompareColors/falsePositive``, missed ones in ``CompareColors/falseNegative``,
    /// background black.
    ///
    /// - Returns: an RGB uint8 image of the mask's size.
    /// - Throws: ``PixelEngineError`` (`compare`) when sizes differ.
    ///
    /// ```swift
    /// let picture = try predicted.compare(truth: trueMask)
    /// ```
    public func compare(truth: Mask) throws(PixelEngineError) -> Image<UInt8> {
        try Validate.sameSize(bits, truth.bits, "compare")
        let tp = CompareColors.truePositive, fp = CompareColors.falsePositive, fn = CompareColors.falseNegative
        return truth.bits.withUnsafeSamples { t in
            bits.mapRows(outputChannels: 3) { (y: Int, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>) in
                let w = input.count
                for x in 0..<w {
                    let a = input[x] != 0, b = t[y &* w &+ x] != 0
                    let c = a ? (b ? tp : fp) : (b ? fn : RGB8(0, 0, 0))
                    output[x &* 3] = c.r; output[x &* 3 &+ 1] = c.g; output[x &* 3 &+ 2] = c.b
                }
            }
        }
    }
}
