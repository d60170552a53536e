import PixelEngine

/// An image as a network's input: `channels` planes of `height × width` floats, channel
/// after channel (the `C×H×W` of one NCHW batch item), normalised as a model card says.
///
/// ```swift
/// let input = try NetworkInput(AnyImage(gray), channels: 1, order: .gray,
///                              normalization: .percentile(low: 1, high: 99.8), source: "nuclei")
/// ```
public struct NetworkInput: Sendable, Equatable {
    /// The planes, `channels × height × width`, row-major.
    public var values: [Float]
    /// The number of planes.
    public let channels: Int
    /// The image's width.
    public let width: Int
    /// The image's height.
    public let height: Int

    /// Planes from raw values (already normalised).
    public init(values: [Float], channels: Int, width: Int, height: Int) {
        precondition(values.count == channels * width * height, "NetworkInput: \(values.count) values for \(channels)×\(height)×\(width)")
        self.values = values
        self.channels = channels
        self.width = width
        self.height = height
    }

    /// The network's input for `image`.
    ///
    /// Alpha is dropped. A colour image goes to a one-channel network as its luminance
    /// (``PixelEngine/Image/grayscale()``); a gray image goes to a three-channel network
    /// repeated in every channel; `bgr` reverses the colour channels. Percentiles are taken
    /// over the whole image and all its channels (never per tile, so tiles agree).
    ///
    /// - Throws: ``NetworkError`` (`.channels`) when the image's channels cannot become
    ///   `channels` (a 2-channel network and an RGB image, …), naming `source`.
    public init(_ image: AnyImage, channels: Int, order: ModelCard.ChannelOrder,
                normalization: ModelCard.Normalization, source: String) throws(NetworkError) {
        let (planes, scale) = Self.planes(image)
        var colour = planes.count
        var values: [[Float]]
        switch (colour, channels) {
        case let (c, k) where c == k: values = planes
        case (3, 1):
            values = [Self.planes(Self.gray(image)).0[0]]
            colour = 1
        case (1, 3): values = [planes[0], planes[0], planes[0]]
        default:
            throw NetworkError(.channels, "\(source) takes \(channels)-channel images; this one has \(image.channels) channel\(image.channels == 1 ? "" : "s")\(image.channels == 2 || image.channels == 4 ? " (alpha is dropped)" : ""); convert it first (grayscale, or pick channels)")
        }
        if order == .bgr && values.count == 3 { values.reverse() }
        switch normalization {
        case .none: break
        case .unit:
            if scale != 1 { for c in values.indices { Self.affine(&values[c], scale: scale, offset: 0) } }
        case .meanStd(let mean, let std):
            guard mean.count == values.count, std.count == values.count else {
                throw NetworkError(.option, "\(source): mean/std have \(mean.count) values for \(values.count) input channels")
            }
            for c in values.indices {
                let s = scale / Float(std[c])
                Self.affine(&values[c], scale: s, offset: -Float(mean[c] / std[c]))
            }
        case .percentile(let low, let high):
            let (lo, hi) = Self.percentiles(image: colour == planes.count ? image : Self.gray(image), low: low, high: high)
            let range = hi - lo
            let s = range > 1e-12 ? Float(1 / range) : 1
            for c in values.indices { Self.affine(&values[c], scale: s, offset: -Float(lo) * s) }
        }
        self.init(values: Array(values.joined()), channels: values.count, width: image.width, height: image.height)
    }

    /// `x * scale + offset` in place.
    static func affine(_ plane: inout [Float], scale: Float, offset: Float) {
        plane.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = p[i] * scale + offset }
        }
    }

    static func gray(_ image: AnyImage) -> AnyImage {
        switch image {
        case .uint8(let i): .uint8(i.grayscale())
        case .uint16(let i): .uint16(i.grayscale())
        case .float32(let i): .float32(i.grayscale())
        }
    }

    /// The colour planes (alpha dropped) as floats, and the factor that scales them to [0, 1].
    static func planes(_ image: AnyImage) -> ([[Float]], Float) {
        switch image {
        case .uint8(let i): (split(i), 1 / 255)
        case .uint16(let i): (split(i), 1 / 65535)
        case .float32(let i): (split(i), 1)
        }
    }

    static func split<S: PixelSample>(_ image: Image<S>) -> [[Float]] {
        let c = image.channels
        let kept = c == 2 ? 1 : c == 4 ? 3 : c
        let n = image.width * image.height
        return (0..<kept).map { k in
            image.withUnsafeSamples { s in
                [Float](unsafeUninitializedCapacity: n) { out, count in
                    var j = k
                    for i in 0..<n {
                        out[i] = Float(s[j].doubleValue)
                        j &+= c
                    }
                    count = n
                }
            }
        }
    }

    /// The `low` and `high` percentiles of every colour sample (numpy's linear interpolation).
    static func percentiles(image: AnyImage, low: Double, high: Double) -> (Double, Double) {
        switch image {
        case .uint8(let i): return histogramPercentiles(i, levels: 256, low, high)
        case .uint16(let i): return histogramPercentiles(i, levels: 65536, low, high)
        case .float32(let i):
            var all = split(i).flatMap { $0 }.filter { !$0.isNaN }
            all.sort()
            func at(_ q: Double) -> Double {
                guard !all.isEmpty else { return 0 }
                let r = q / 100 * Double(all.count - 1)
                let a = Int(r.rounded(.down)), b = min(a + 1, all.count - 1)
                return Double(all[a]) + (r - Double(a)) * (Double(all[b]) - Double(all[a]))
            }
            return (at(low), at(high))
        }
    }

    static func histogramPercentiles<S: PixelSample>(_ image: Image<S>, levels: Int, _ low: Double, _ high: Double) -> (Double, Double) {
        var counts = [Int](repeating: 0, count: levels)
        let c = image.channels
        let kept = c == 2 ? 1 : c == 4 ? 3 : c
        image.withUnsafeSamples { s in
            var i = 0
            while i < s.count {
                for k in 0..<kept { counts[Int(s[i &+ k].doubleValue)] &+= 1 }
                i &+= c
            }
        }
        let total = counts.reduce(0, +)
        func value(rank: Int) -> Int {
            var seen = 0
            for v in 0..<levels {
                seen += counts[v]
                if seen > rank { return v }
            }
            return levels - 1
        }
        func at(_ q: Double) -> Double {
            guard total > 0 else { return 0 }
            let r = q / 100 * Double(total - 1)
            let a = Int(r.rounded(.down))
            let va = Double(value(rank: a)), vb = Double(value(rank: min(a + 1, total - 1)))
            return va + (r - Double(a)) * (vb - va)
        }
        return (at(low), at(high))
    }
}
