/// The generic ways to write a kernel. Everything is `@inlinable` so that the closure and
/// the sample type specialise at the call site, and rows are spread over cores with
/// ``parallelRows(_:costPerRow:_:)``.
extension Image {
    /// Builds an image row band by row band, in parallel.
    ///
    /// `fill` receives a range of rows it owns and a pointer to the whole output; it must
    /// write every sample of those rows (the storage starts uninitialised) and nothing else.
    ///
    /// ```swift
    /// let ramp = Image<UInt8>.generate(width: 256, height: 4) { rows, out in
    ///     for y in rows { for x in 0..<256 { out[y * 256 + x] = UInt8(x) } }
    /// }
    /// ```
    @inlinable
    public static func generate(
        width: Int, height: Int, channels: Int = 1, costPerRow: Int? = nil,
        _ fill: (_ rows: Range<Int>, _ output: UnsafeMutableBufferPointer<Sample>) -> Void
    ) -> Image {
        checkShape(width: width, height: height, channels: channels)
        let count = width * height * channels
        let samples = [Sample](unsafeUninitializedCapacity: count) { buffer, initialized in
            let output = buffer
            parallelRows(height, costPerRow: costPerRow ?? width &* channels) { rows in
                fill(rows, output)
            }
            initialized = count
        }
        return Image(width: width, height: height, channels: channels, pixels: samples)
    }

    /// A new image from this one, row by row, in parallel: `body` gets the row index, the
    /// input row and the output row (of `outputChannels` samples per pixel) and must write
    /// the whole output row.
    @inlinable
    public func mapRows<Out: PixelSample>(
        outputChannels: Int? = nil,
        _ body: (_ y: Int, _ input: UnsafeBufferPointer<Sample>, _ output: UnsafeMutableBufferPointer<Out>) -> Void
    ) -> Image<Out> {
        let outChannels = outputChannels ?? channels
        let inStride = rowStride
        let outStride = width &* outChannels
        return withUnsafeSamples { input in
            Image<Out>.generate(width: width, height: height, channels: outChannels,
                                costPerRow: max(inStride, outStride)) { rows, output in
                for y in rows {
                    body(y,
                         UnsafeBufferPointer(rebasing: input[(y &* inStride)..<(y &* inStride &+ inStride)]),
                         UnsafeMutableBufferPointer(rebasing: output[(y &* outStride)..<(y &* outStride &+ outStride)]))
                }
            }
        }
    }

    /// Applies `transform` to every sample independently, in parallel.
    ///
    /// Convenient, but `transform` is called per sample rather than inlined when the work is
    /// split across threads; hot loops use ``mapBands(_:)``.
    ///
    /// ```swift
    /// let inverted = img.map { 255 - $0 }
    /// let asFloat: Image<Float> = img.map { Float($0) / 255 }
    /// ```
    @inlinable
    public func map<Out: PixelSample>(_ transform: (Sample) -> Out) -> Image<Out> {
        mapRows { _, input, output in
            for i in 0..<input.count { output[i] = transform(input[i]) }
        }
    }

    /// Combines two images of the same shape sample by sample, in parallel.
    /// The shapes must match (callers validate user input first, see ``PixelEngineError``).
    @inlinable
    public func zip<Other: PixelSample, Out: PixelSample>(
        _ other: Image<Other>, _ combine: (Sample, Other) -> Out
    ) -> Image<Out> {
        precondition(width == other.width && height == other.height && channels == other.channels,
                     "Image.zip: \(self) and \(other) differ in shape")
        return other.withUnsafeSamples { second in
            mapRows { y, input, output in
                let base = y &* input.count
                for i in 0..<input.count { output[i] = combine(input[i], second[base &+ i]) }
            }
        }
    }

    /// A new image from this one, band of rows by band of rows, in parallel: `body` gets
    /// `count` consecutive input samples and must write the `count` output samples.
    ///
    /// Unlike ``map(_:)``, the per-sample code is written inside `body` itself, so the loop
    /// compiles (and vectorises) as one piece even when the bands run on other threads;
    /// a per-sample closure passed through the parallel scheduler is called, not inlined.
    /// Use this for hot point operations.
    ///
    /// ```swift
    /// let doubled: Image<UInt8> = img.mapBands { input, output, count in
    ///     for i in 0..<count { output[i] = input[i] &<< 1 }
    /// }
    /// ```
    @inlinable
    public func mapBands<Out: PixelSample>(
        _ body: (_ input: UnsafePointer<Sample>, _ output: UnsafeMutablePointer<Out>, _ count: Int) -> Void
    ) -> Image<Out> {
        let stride = rowStride
        return withUnsafeSamples { input in
            Image<Out>.generate(width: width, height: height, channels: channels, costPerRow: stride) { rows, output in
                guard let source = input.baseAddress, let target = output.baseAddress else { return }
                let offset = rows.lowerBound &* stride
                body(source + offset, target + offset, rows.count &* stride)
            }
        }
    }

    /// As ``mapBands(_:)`` over two images of the same shape (checked by the
    /// caller): `body` gets `count` samples of each.
    @inlinable
    public func zipBands<Out: PixelSample>(
        _ other: Image,
        _ body: (_ a: UnsafePointer<Sample>, _ b: UnsafePointer<Sample>, _ output: UnsafeMutablePointer<Out>, _ count: Int) -> Void
    ) -> Image<Out> {
        precondition(width == other.width && height == other.height && channels == other.channels,
                     "zipBands: \(self) and \(other) differ in shape")
        let stride = rowStride
        return withUnsafeSamples { first in
            other.withUnsafeSamples { second in
                Image<Out>.generate(width: width, height: height, channels: channels, costPerRow: stride) { rows, output in
                    guard let a = first.baseAddress, let b = second.baseAddress, let o = output.baseAddress else { return }
                    let offset = rows.lowerBound &* stride
                    body(a + offset, b + offset, o + offset, rows.count &* stride)
                }
            }
        }
    }
}
