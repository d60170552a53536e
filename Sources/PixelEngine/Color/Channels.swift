extension Image {
    /// One channel as a gray image.
    ///
    /// - Parameter index: the channel, `0..<channels` (0 = red or gray, 3 = alpha of RGBA).
    /// - Returns: a one-channel image of the same type and size.
    /// - Throws: ``PixelEngineError`` when `index` is out of range.
    ///
    /// ```swift
    /// let green = try rgb.channel(1)
    /// ```
    @inlinable
    public func channel(_ index: Int) throws(PixelEngineError) -> Image {
        try checkChannel(index, "channel")
        return extractChannel(index)
    }

    @inlinable
    func extractChannel(_ index: Int) -> Image {
        let c = channels
        return mapRows(outputChannels: 1) { _, input, output in
            var i = index
            for x in 0..<output.count {
                output[x] = input[i]
                i &+= c
            }
        }
    }

    /// Every channel as its own gray image, in order (R, G, B, A).
    ///
    /// - Returns: `channels` one-channel images of the same type and size.
    ///
    /// ```swift
    /// let planes = rgb.splitChannels()   // [r, g, b]
    /// ```
    @inlinable
    public func splitChannels() -> [Image] {
        channels == 1 ? [self] : (0..<channels).map { extractChannel($0) }
    }

    /// Interleaves gray (or multi-channel) images into one image, channels in order.
    ///
    /// - Parameter planes: images of the same size whose channel counts add up to 1...4,
    ///   e.g. three gray planes → RGB, an RGB image and a gray plane → RGBA.
    /// - Returns: an image with the summed channel count.
    /// - Throws: ``PixelEngineError`` when `planes` is empty, the sizes differ, or the
    ///   channel counts add up to more than 4.
    ///
    /// ```swift
    /// let swapped = try Image.mergeChannels([b, g, r])
    /// ```
    @inlinable
    public static func mergeChannels(_ planes: [Image]) throws(PixelEngineError) -> Image {
        let op = "mergeChannels"
        guard let first = planes.first else { throw PixelEngineError(op, "needs at least one image") }
        for plane in planes.dropFirst() { try Validate.sameSize(first, plane, op) }
        let total = planes.reduce(0) { $0 + $1.channels }
        guard total <= 4 else {
            throw PixelEngineError(op, "the images have \(total) channels together; at most 4 are supported")
        }
        if planes.count == 1 { return first }
        let width = first.width
        var merged = Image(width: width, height: first.height, channels: total)
        var at = 0
        merged.withUnsafeMutableSamples { out in
            for plane in planes {
                let c = plane.channels, offset = at
                plane.withUnsafeSamples { source in
                    parallelRows(first.height, costPerRow: width * c) { rows in
                        for y in rows {
                            var s = y &* width &* c
                            var o = y &* width &* total &+ offset
                            for _ in 0..<width {
                                for k in 0..<c { out[o &+ k] = source[s &+ k] }
                                s &+= c
                                o &+= total
                            }
                        }
                    }
                }
                at += c
            }
        }
        return merged
    }

    /// This image with an alpha channel added: gray → gray+alpha, RGB → RGBA.
    ///
    /// - Parameter alpha: the alpha of every pixel; `nil` is opaque (the type's maximum).
    /// - Returns: an image with one more channel.
    /// - Throws: ``PixelEngineError`` when the image already has alpha (2 or 4 channels).
    ///
    /// ```swift
    /// let rgba = try rgb.addingAlpha()
    /// ```
    @inlinable
    public func addingAlpha(_ alpha: Sample? = nil) throws(PixelEngineError) -> Image {
        try Validate.channels(self, [1, 3], "addingAlpha")
        let a = alpha ?? Sample.nominalMax
        let c = channels
        return mapRows(outputChannels: c + 1) { _, input, output in
            var i = 0, o = 0
            for _ in 0..<(input.count / c) {
                for k in 0..<c { output[o &+ k] = input[i &+ k] }
                output[o &+ c] = a
                i &+= c
                o &+= c &+ 1
            }
        }
    }

    /// This image without its alpha channel: gray+alpha → gray, RGBA → RGB. Gray and RGB
    /// images are returned unchanged. Colours are not composited over a background
    /// (scikit-image's `rgba2rgb` blends over white; here alpha is simply dropped).
    ///
    /// - Returns: an image with 1 or 3 channels.
    ///
    /// ```swift
    /// let rgb = rgba.droppingAlpha()
    /// ```
    @inlinable
    public func droppingAlpha() -> Image {
        if channels == 1 || channels == 3 { return self }
        let c = channels, outC = channels - 1
        return mapRows(outputChannels: outC) { _, input, output in
            var i = 0, o = 0
            for _ in 0..<(input.count / c) {
                for k in 0..<outC { output[o &+ k] = input[i &+ k] }
                i &+= c
                o &+= outC
            }
        }
    }
}
