/// Entry points from the public generic API into the specialised kernels.
///
/// Public morphology operations are generic over `PixelSample` but not `@inlinable`:
/// they cast to the concrete image type here, so each kernel is compiled (and vectorised)
/// once per sample type inside this module instead of in every client module.
enum MorphologyDispatch {
    /// Min (`minimum`) or max of every channel of `image` over `runs`; pixels outside the
    /// image are ignored, and `identity` (default: the type's extreme, ±∞ for Float) is
    /// written where no footprint offset falls inside the image.
    static func extremum<S: PixelSample>(
        _ image: Image<S>, _ runs: FootprintRuns, minimum: Bool, identity: S? = nil
    ) -> Image<S> {
        switch image {
        case let typed as Image<UInt8>:
            return typedExtremum(typed, runs, minimum: minimum, identity: identity as! UInt8?) as! Image<S>
        case let typed as Image<UInt16>:
            return typedExtremum(typed, runs, minimum: minimum, identity: identity as! UInt16?) as! Image<S>
        case let typed as Image<Float>:
            return typedExtremum(typed, runs, minimum: minimum, identity: identity as! Float?) as! Image<S>
        case let typed as Image<UInt32>:
            return typedExtremum(typed, runs, minimum: minimum, identity: identity as! UInt32?) as! Image<S>
        default:
            return typedExtremum(image, runs, minimum: minimum, identity: identity)
        }
    }

    static func typedExtremum<S: PixelSample>(
        _ image: Image<S>, _ runs: FootprintRuns, minimum: Bool, identity: S?
    ) -> Image<S> {
        let identity = identity ?? S(clamping: minimum ? Float.infinity : -Float.infinity)
        let width = image.width, height = image.height, channels = image.channels
        let planeCount = width * height
        func filterPlane(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<S>) {
            if minimum {
                ExtremumFilter.run(PickMin.self, src: src, dst: dst, width: width, height: height,
                                   runs: runs, identity: identity)
            } else {
                ExtremumFilter.run(PickMax.self, src: src, dst: dst, width: width, height: height,
                                   runs: runs, identity: identity)
            }
        }
        if channels == 1 {
            let out = [S](unsafeUninitializedCapacity: planeCount) { buffer, initialized in
                image.withUnsafeSamples { filterPlane($0.baseAddress!, buffer.baseAddress!) }
                initialized = planeCount
            }
            return Image(width: width, height: height, channels: 1, pixels: out)
        }
        // Interleaved channels: filter each plane separately.
        let input = UnsafeMutablePointer<S>.allocate(capacity: planeCount)
        let output = UnsafeMutablePointer<S>.allocate(capacity: planeCount)
        defer { input.deallocate(); output.deallocate() }
        var result = image
        result.withUnsafeMutableSamples { all in
            for c in 0..<channels {
                for i in 0..<planeCount { input[i] = all[i &* channels &+ c] }
                filterPlane(input, output)
                for i in 0..<planeCount { all[i &* channels &+ c] = output[i] }
            }
        }
        return result
    }

    /// `a - b` sample by sample, for results known not to underflow (top-hats, gradients).
    static func difference<S: PixelSample>(_ a: Image<S>, _ b: Image<S>) -> Image<S> {
        switch (a, b) {
        case let (a as Image<UInt8>, b as Image<UInt8>): return a.zip(b) { $0 &- $1 } as! Image<S>
        case let (a as Image<UInt16>, b as Image<UInt16>): return a.zip(b) { $0 &- $1 } as! Image<S>
        case let (a as Image<UInt32>, b as Image<UInt32>): return a.zip(b) { $0 &- $1 } as! Image<S>
        case let (a as Image<Float>, b as Image<Float>): return a.zip(b) { $0 - $1 } as! Image<S>
        default: return a.zip(b) { S(clamping: $0.doubleValue - $1.doubleValue) }
        }
    }
}
