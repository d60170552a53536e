/// The axis of a ``Image/flip(_:)``.
public enum FlipAxis: String, Sendable, Hashable, CaseIterable {
    /// Left and right swap (`numpy.fliplr`, `cv2.flip(img, 1)`).
    case horizontal
    /// Top and bottom swap (`numpy.flipud`, `cv2.flip(img, 0)`).
    case vertical
    /// Both: the same as a rotation by 180° (`cv2.flip(img, -1)`).
    case both
}

extension Image {
    /// The image mirrored along `axis`.
    ///
    /// - Returns: an image of the same size, sample type and channels; pixel (x, y) comes
    ///   from (width−1−x, y) for `.horizontal`, (x, height−1−y) for `.vertical`.
    ///
    /// ```swift
    /// let mirrored = img.flip(.horizontal)
    /// ```
    @inlinable
    public func flip(_ axis: FlipAxis) -> Image {
        let w = width
        let c = channels
        let h = height
        let stride = rowStride
        let mirrorRows = axis != .horizontal
        let mirrorColumns = axis != .vertical
        return withUnsafeSamples { source in
            Image.generate(width: w, height: h, channels: c) { rows, output in
                guard let src = source.baseAddress, let dst = output.baseAddress else { return }
                for y in rows {
                    let s = src + (mirrorRows ? h &- 1 &- y : y) &* stride
                    let d = dst + y &* stride
                    if !mirrorColumns {
                        d.initialize(from: s, count: stride)
                        continue
                    }
                    switch c {
                    case 1:
                        var x = 0
                        var sx = w &- 1
                        while x < w { d[x] = s[sx]; x &+= 1; sx &-= 1 }
                    case 3 where Sample.self == UInt8.self && w > 2:
                        // 4-byte moves for 3-byte pixels: the extra byte read stays inside
                        // the row (the source's last pixel is done apart), the extra byte
                        // written is overwritten by the next pixel (the last is done apart).
                        let sb = UnsafeRawPointer(s), db = UnsafeMutableRawPointer(d)
                        for x in 1..<(w &- 1) {
                            let v = sb.loadUnaligned(fromByteOffset: (w &- 1 &- x) &* 3, as: UInt32.self)
                            db.storeBytes(of: v, toByteOffset: x &* 3, as: UInt32.self)
                        }
                        for x in [0, w &- 1] {
                            let sx = (w &- 1 &- x) &* 3
                            d[x &* 3] = s[sx]; d[x &* 3 &+ 1] = s[sx &+ 1]; d[x &* 3 &+ 2] = s[sx &+ 2]
                        }
                    case 3:
                        var x = 0
                        var sx = (w &- 1) &* 3
                        while x < stride {
                            d[x] = s[sx]; d[x &+ 1] = s[sx &+ 1]; d[x &+ 2] = s[sx &+ 2]
                            x &+= 3; sx &-= 3
                        }
                    default:
                        for x in 0..<w {
                            let sx = (w &- 1 &- x) &* c
                            for k in 0..<c { d[x &* c &+ k] = s[sx &+ k] }
                        }
                    }
                }
            }
        }
    }
}

extension Mask {
    /// The mask mirrored along `axis`; see ``Image/flip(_:)``.
    ///
    /// ```swift
    /// let mirrored = mask.flip(.vertical)
    /// ```
    public func flip(_ axis: FlipAxis) -> Mask { Mask(uncheckedBits: bits.flip(axis)) }
}

extension LabelMap {
    /// The label map mirrored along `axis`; see ``Image/flip(_:)``.
    ///
    /// ```swift
    /// let mirrored = labels.flip(.horizontal)
    /// ```
    public func flip(_ axis: FlipAxis) -> LabelMap { LabelMap(ids: ids.flip(axis)) }
}

extension ClassMap {
    /// The class map mirrored along `axis`; see ``Image/flip(_:)``.
    ///
    /// ```swift
    /// let mirrored = classes.flip(.horizontal)
    /// ```
    public func flip(_ axis: FlipAxis) -> ClassMap { withIndices(indices.flip(axis)) }

    /// This map's classes over new indices, which come from existing ones (so stay valid).
    @usableFromInline
    func withIndices(_ newIndices: Image<UInt8>) -> ClassMap {
        do {
            return try ClassMap(indices: newIndices, classes: classes)
        } catch {
            preconditionFailure("ClassMap geometry produced an invalid index: \(error)")
        }
    }
}
