/// Summary statistics of an image's samples (``Image/statistics(channel:)``).
public struct ImageStatistics: Sendable, Equatable, CustomStringConvertible {
    /// The number of samples summarised.
    public let count: Int
    /// The smallest sample (NaN samples are skipped; NaN if all are NaN).
    public let min: Double
    /// The largest sample.
    public let max: Double
    /// The arithmetic mean (NaN if any sample is NaN, as numpy).
    public let mean: Double
    /// The population standard deviation (numpy's `std`, `ddof=0`).
    public let std: Double

    public init(count: Int, min: Double, max: Double, mean: Double, std: Double) {
        self.count = count
        self.min = min
        self.max = max
        self.mean = mean
        self.std = std
    }

    /// `"n=16 min=0 max=255 mean=127.5 std=73.9"`.
    public var description: String {
        "n=\(count) min=\(min) max=\(max) mean=\(mean) std=\(std)"
    }
}

extension Image {
    /// Count, min, max, mean and standard deviation of the samples.
    ///
    /// Values are in the sample's own units (0...255 for 8-bit). Integer images are summed
    /// exactly; float images in double precision, two passes (mean, then squared deviations).
    ///
    /// - Parameter channel: one channel, or `nil` for all samples of all channels together
    ///   (numpy's default, flattened).
    /// - Returns: the statistics.
    /// - Throws: ``PixelEngineError`` for an empty image or a channel out of range.
    ///
    /// ```swift
    /// let s = try gray8.statistics()
    /// print(s.mean, s.std)
    /// ```
    public func statistics(channel: Int? = nil) throws(PixelEngineError) -> ImageStatistics {
        let op = "statistics"
        try Validate.nonEmpty(self, op)
        try checkChannel(channel, op)
        switch TypedImage(self) {
        case .uint8(let image): return image.statisticsKernel(channel: channel)
        case .uint16(let image): return image.statisticsKernel(channel: channel)
        case .uint32(let image): return image.statisticsKernel(channel: channel)
        case .float32(let image): return image.statisticsKernel(channel: channel)
        }
    }

    /// ``statistics(channel:)`` for a concrete sample type.
    @inlinable
    func statisticsKernel(channel: Int?) -> ImageStatistics {
        let stride = channel == nil ? 1 : channels
        let start = channel ?? 0
        return withUnsafeSamples { s -> ImageStatistics in
            let n = s.count / stride
            if Sample.isFloatingPoint {
                var lo = Double.infinity, hi = -Double.infinity, sum = 0.0
                var i = start
                while i < s.count {
                    let v = s[i].doubleValue
                    sum += v
                    if v < lo { lo = v }
                    if v > hi { hi = v }
                    i &+= stride
                }
                let mean = sum / Double(n)
                var squares = 0.0
                i = start
                while i < s.count {
                    let d = s[i].doubleValue - mean
                    squares += d * d
                    i &+= stride
                }
                if lo > hi { lo = .nan; hi = .nan }
                return ImageStatistics(count: n, min: lo, max: hi, mean: mean, std: (squares / Double(n)).squareRoot())
            }
            // Integers: exact sums. 2⁶⁴ holds 2³² squared 16-bit values.
            var lo = Double.infinity, hi = -Double.infinity
            var sum: UInt64 = 0, squares: UInt64 = 0
            var overflow = false
            var i = start
            while i < s.count {
                let v = s[i].doubleValue
                let u = UInt64(v)
                sum &+= u
                let (sq, o1) = squares.addingReportingOverflow(u &* u)
                squares = sq
                overflow = overflow || o1 || u > 0xFFFF_FFFF
                if v < lo { lo = v }
                if v > hi { hi = v }
                i &+= stride
            }
            let mean = Double(sum) / Double(n)
            var variance: Double
            if overflow {
                var acc = 0.0
                i = start
                while i < s.count {
                    let d = s[i].doubleValue - mean
                    acc += d * d
                    i &+= stride
                }
                variance = acc / Double(n)
            } else {
                // n·Σv² − (Σv)², exactly in 128 bits, over n².
                let a = UInt64(n).multipliedFullWidth(by: squares)
                let b = sum.multipliedFullWidth(by: sum)
                let (low, borrow) = a.low.subtractingReportingOverflow(b.low)
                let high = a.high &- b.high &- (borrow ? 1 : 0)
                let numerator = Double(high) * 18_446_744_073_709_551_616.0 + Double(low)
                variance = numerator / (Double(n) * Double(n))
            }
            return ImageStatistics(count: n, min: lo, max: hi, mean: mean, std: variance.squareRoot())
        }
    }

    /// The `q`-th percentile of the samples, with numpy's default (linear) interpolation.
    ///
    /// With the samples sorted into `a[0] ≤ … ≤ a[n-1]`, the percentile is at the virtual
    /// index `(n-1)·q/100`, interpolated between its neighbours exactly as `numpy.percentile`
    /// (`method="linear"`): in double precision for integer images, in single precision for
    /// float images (numpy's result for a scalar `q`). NaN samples make the result NaN.
    ///
    /// - Parameters:
    ///   - q: the percentile, 0...100 (50 is the median).
    ///   - channel: one channel, or `nil` for all samples together.
    /// - Returns: the value, in the sample's units.
    /// - Throws: ``PixelEngineError`` for an empty image, `q` outside 0...100 or a channel
    ///   out of range.
    ///
    /// ```swift
    /// let median = try gray8.percentile(50)
    /// ```
    public func percentile(_ q: Double, channel: Int? = nil) throws(PixelEngineError) -> Double {
        try percentiles([q], channel: channel, operation: "percentile")[0]
    }

    /// Several percentiles at once (one sort or count for all); see ``percentile(_:channel:)``.
    ///
    /// ```swift
    /// let p = try gray16.percentiles([1, 99.8])
    /// ```
    public func percentiles(_ qs: [Double], channel: Int? = nil) throws(PixelEngineError) -> [Double] {
        try percentiles(qs, channel: channel, operation: "percentiles")
    }

    func percentiles(_ qs: [Double], channel: Int? = nil, operation op: String) throws(PixelEngineError) -> [Double] {
        try Validate.nonEmpty(self, op)
        try checkChannel(channel, op)
        for q in qs { try Validate.inRange(q, 0...100, "percentile", op) }
        let stride = channel == nil ? 1 : channels
        let start = channel ?? 0
        let n = pixelCount * channels / stride
        // Positions as numpy: virtual index (n-1)·q, neighbours clamped to the ends.
        let positions = qs.map { p -> (lo: Int, hi: Int, gamma: Double) in
            let virtual = Double(n - 1) * (p / 100)
            if virtual >= Double(n - 1) { return (n - 1, n - 1, virtual - Double(n - 1)) }
            let lo = virtual.rounded(.down)
            return (Int(lo), Int(lo) + 1, virtual - lo)
        }
        let order: (Int) -> Double
        var sortedFloats: [Float] = []
        var cumulative: [Int] = []
        switch TypedImage(self) {
        case .uint8(let image):
            cumulative = image.valueCounts(start: start, stride: stride, bins: 256)
        case .uint16(let image):
            cumulative = image.valueCounts(start: start, stride: stride, bins: 65536)
        case .uint32(let image):
            sortedFloats = []
            let values = image.withUnsafeSamples { s in Swift.stride(from: start, to: s.count, by: stride).map { s[$0] }.sorted() }
            return positions.map { lerp(Double(values[$0.lo]), Double(values[$0.hi]), $0.gamma) }
        case .float32(let image):
            sortedFloats = image.withUnsafeSamples { s in Swift.stride(from: start, to: s.count, by: stride).map { s[$0] } }
            if sortedFloats.contains(where: { $0.isNaN }) { return qs.map { _ in .nan } }
            sortedFloats.sort()
        }
        if !cumulative.isEmpty {
            for i in 1..<cumulative.count { cumulative[i] &+= cumulative[i - 1] }
            let counts = cumulative
            order = { k in
                // The smallest value whose cumulative count exceeds k.
                var low = 0, high = counts.count - 1
                while low < high {
                    let mid = (low + high) / 2
                    if counts[mid] > k { high = mid } else { low = mid + 1 }
                }
                return Double(low)
            }
            return positions.map { lerp(order($0.lo), order($0.hi), $0.gamma) }
        }
        let values = sortedFloats
        return positions.map { position -> Double in
            // numpy with a scalar q: float32 arithmetic, the weights rounded from double.
            let a = values[position.lo], b = values[position.hi]
            let d = b - a
            return Double(position.gamma >= 0.5 ? b - d * Float(1 - position.gamma) : a + d * Float(position.gamma))
        }
    }

    /// numpy's `_lerp`: the formula flips at t = 0.5 so that t = 1 gives `b` exactly.
    private func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let d = b - a
        return t >= 0.5 ? b - d * (1 - t) : a + d * t
    }

    @usableFromInline
    func checkChannel(_ channel: Int?, _ op: String) throws(PixelEngineError) {
        if let channel, !(0..<channels).contains(channel) {
            throw PixelEngineError(op, "channel must be in 0...\(channels - 1) for a \(ImageLayout.channelName(channels)) image, got \(channel)")
        }
    }
}

extension Image where Sample: FixedWidthInteger {
    /// How many samples hold each value 0..<bins (every `stride`-th sample from `start`).
    func valueCounts(start: Int, stride: Int, bins: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        counts.withUnsafeMutableBufferPointer { c in
            withUnsafeSamples { s in
                var i = start
                while i < s.count {
                    c[Int(s[i])] &+= 1
                    i &+= stride
                }
            }
        }
        return counts
    }
}
