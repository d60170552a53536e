/// The output of a ``FeatureBank``: one float plane per feature.

/// Per-pixel features of one image: `names.count` single-channel `Float` planes of the same
/// size, `planes[i]` named `names[i]` (see ``FeatureBank/featureNames(channels:)``).
///
/// ```swift
/// let stack = try FeatureBank.default.compute(img)
/// var buffer = [Float](repeating: 0, count: stack.width * stack.planes.count)
/// buffer.withUnsafeMutableBufferPointer { stack.pixelMajor(rows: 0..<1, into: $0) }
/// ```
public struct FeatureStack: Sendable {
    /// Pixels per row of every plane.
    public let width: Int
    /// Rows of every plane.
    public let height: Int
    /// The feature names, parallel to ``planes``.
    public let names: [String]
    /// One single-channel `Float` image per feature, each `width × height`.
    public let planes: [Image<Float>]

    /// A stack over existing planes.
    ///
    /// - Parameters:
    ///   - names: one name per plane.
    ///   - planes: single-channel planes, all of one size, at least one.
    /// - Throws: `PixelEngineError("features", …)` when the counts differ, there is no
    ///   plane, or a plane has another size or more than one channel.
    ///
    /// ```swift
    /// let stack = try FeatureStack(names: ["a"], planes: [Image<Float>(width: 4, height: 3)])
    /// ```
    public init(names: [String], planes: [Image<Float>]) throws(PixelEngineError) {
        guard let first = planes.first else {
            throw PixelEngineError("features", "a feature stack needs at least one plane")
        }
        if names.count != planes.count {
            throw PixelEngineError("features", "\(names.count) names for \(planes.count) planes; give one name per plane")
        }
        for (name, plane) in zip(names, planes) {
            if plane.width != first.width || plane.height != first.height || plane.channels != 1 {
                throw PixelEngineError("features", """
                    plane '\(name)' is \(plane.width)x\(plane.height)x\(plane.channels); every plane must be \
                    \(first.width)x\(first.height) with one channel
                    """)
            }
        }
        self.init(width: first.width, height: first.height, names: names, checkedPlanes: planes)
    }

    init(width: Int, height: Int, names: [String], checkedPlanes planes: [Image<Float>]) {
        self.width = width
        self.height = height
        self.names = names
        self.planes = planes
    }

    /// The number of features (planes).
    public var featureCount: Int { planes.count }

    /// Copies rows `rows` pixel-major into `buffer`: pixel `(x, y)` occupies
    /// `buffer[((y − rows.lowerBound) · width + x) · featureCount ..< … + featureCount]`,
    /// its features in plane order. This is the layout a random forest reads.
    ///
    /// Runs on the calling thread; call it from parallel tasks on disjoint row ranges.
    ///
    /// - Parameters:
    ///   - rows: a range inside `0..<height`.
    ///   - buffer: at least `rows.count · width · featureCount` floats.
    ///
    /// ```swift
    /// var row = [Float](repeating: 0, count: stack.width * stack.featureCount)
    /// row.withUnsafeMutableBufferPointer { stack.pixelMajor(rows: 5..<6, into: $0) }
    /// ```
    public func pixelMajor(rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= height,
                     "pixelMajor: rows \(rows) outside 0..<\(height)")
        let features = planes.count
        let pixels = rows.count &* width
        precondition(buffer.count >= pixels &* features,
                     "pixelMajor: buffer of \(buffer.count) floats for \(pixels) pixels × \(features) features")
        guard pixels > 0, let out = buffer.baseAddress else { return }
        let start = rows.lowerBound &* width
        // Blocks of pixels keep the written span of `out` in L1 while each plane's run of
        // the block is read with unit stride.
        let block = 64
        withPlanePointers(planes) { sources in
            var p0 = 0
            while p0 < pixels {
                let n = min(block, pixels &- p0)
                for f in 0..<features {
                    let source = sources[f] + (start &+ p0)
                    var destination = out + (p0 &* features &+ f)
                    for i in 0..<n {
                        destination.pointee = source[i]
                        destination += features
                    }
                }
                p0 &+= n
            }
        }
    }
}

/// Calls `body` with a read pointer to the samples of every plane, nesting one
/// `withUnsafeSamples` per plane so that each pointer is valid for the whole call.
func withPlanePointers<R>(_ planes: [Image<Float>], _ body: ([UnsafePointer<Float>]) -> R) -> R {
    func nest(_ index: Int, _ pointers: inout [UnsafePointer<Float>]) -> R {
        if index == planes.count { return body(pointers) }
        return planes[index].withUnsafeSamples { samples in
            pointers.append(samples.baseAddress!)
            return nest(index + 1, &pointers)
        }
    }
    var pointers: [UnsafePointer<Float>] = []
    pointers.reserveCapacity(planes.count)
    return nest(0, &pointers)
}
