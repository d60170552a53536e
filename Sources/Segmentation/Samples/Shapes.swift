extension Samples {
    /// The classes of ``shapes(width:height:count:seed:)``, in index order: background,
    /// disk, square, triangle, with their display colours.
    public static let shapeClasses: [SemanticClass] = [
        SemanticClass(name: "background", color: RGB8(0, 0, 0)),
        SemanticClass(name: "disk", color: RGB8(230, 159, 0)),
        SemanticClass(name: "square", color: RGB8(86, 180, 233)),
        SemanticClass(name: "triangle", color: RGB8(0, 158, 115)),
    ]

    /// A colour picture of disks, squares and triangles on a textured background, with a
    /// semantic ground truth.
    ///
    /// Objects have random sizes, orientations and saturated colours, a gentle shading and
    /// fine noise; they do not overlap. The background is a muted fractal texture. Every
    /// class appears at least once when `count ≥ 3`.
    ///
    /// - Parameters:
    ///   - width, height: the image size, each in 8...8192 (default 256x256).
    ///   - count: the number of objects, 0 to one per 400 pixels (default 9); fewer are
    ///     drawn if they do not fit.
    ///   - seed: any integer; the same seed gives the same pixels on every machine.
    /// - Returns: an RGB `UInt8` image and a ``ClassMap`` of the same size whose classes are
    ///   ``shapeClasses`` (0 background, 1 disk, 2 square, 3 triangle).
    /// - Throws: ``PixelEngineError`` (operation `shapes`) for a size or count out of range.
    ///
    /// ```swift
    /// let (picture, truth) = try Samples.shapes(seed: 3)
    /// truth.names   // ["background", "disk", "square", "triangle"]
    /// ```
    public static func shapes(width: Int = 256, height: Int = 256, count: Int = 9,
                              seed: UInt64 = 0) throws(PixelEngineError) -> (image: Image<UInt8>, truth: ClassMap) {
        let op = "shapes"
        try validateSize(width, height, op)
        let maxCount = width * height / 400
        if !(0...maxCount).contains(count) {
            throw PixelEngineError(op, "count must be in 0...\(maxCount) for \(width)x\(height), got \(count)")
        }
        var rng = SampleRandom(seed: seed, stream: 2)
        let shapes = placeShapes(width: width, height: height, count: count, rng: &rng)
        let background = (rng.uniform(0.3, 0.55), rng.uniform(0.3, 0.55), rng.uniform(0.3, 0.55))
        let textureSeed = rng.next(), noiseSeed = rng.next()
        let textureScale = Double(max(width, height)) / 6

        var classes = [UInt8](repeating: 0, count: width * height)
        let image = classes.withUnsafeMutableBufferPointer { classBuffer in
            let classOut = classBuffer
            return Image<UInt8>.generate(width: width, height: height, channels: 3, costPerRow: width * 30) { rows, out in
                for y in rows {
                    for x in 0..<width {
                        let p = y * width + x
                        var colour: (Double, Double, Double)
                        var kind: UInt8 = 0
                        let t = SampleRandom.fractalNoise(Double(x) / textureScale * 4, Double(y) / textureScale * 4,
                                                          textureSeed, octaves: 4)
                        let shade = 0.75 + 0.5 * t
                        colour = (background.0 * shade, background.1 * shade * (0.9 + 0.2 * t), background.2 * shade)
                        for s in shapes where s.contains(Double(x), Double(y)) {
                            kind = s.kind
                            // A soft light from the top left.
                            let light = 1.08 - 0.16 * ((Double(x) - s.cx) + (Double(y) - s.cy)) / (2 * s.size)
                            colour = (s.colour.0 * light, s.colour.1 * light, s.colour.2 * light)
                            break
                        }
                        classOut[p] = kind
                        let n = 0.03 * SampleRandom.pixelNoise(p, noiseSeed)
                        out[p * 3] = UInt8(clamping: (colour.0 + n) * 255)
                        out[p * 3 + 1] = UInt8(clamping: (colour.1 + n) * 255)
                        out[p * 3 + 2] = UInt8(clamping: (colour.2 + n) * 255)
                    }
                }
            }
        }
        let truth: ClassMap
        do {
            truth = try ClassMap(indices: Image(width: width, height: height, pixels: classes), classes: shapeClasses)
        } catch {
            preconditionFailure("shapes: class indices are 0...3 by construction: \(error)")
        }
        return (image, truth)
    }

    /// One object of ``shapes(width:height:count:seed:)``: class 1 disk (radius `size`),
    /// 2 square (half side `size`), 3 triangle (circumradius `size`), turned by (cos, sin).
    struct Shape: Sendable {
        var kind: UInt8
        var cx: Double, cy: Double, size: Double
        var cos: Double, sin: Double
        var colour: (Double, Double, Double)

        @inline(__always)
        func contains(_ x: Double, _ y: Double) -> Bool {
            let dx = x - cx, dy = y - cy
            if dx * dx + dy * dy > size * size * 1.001 { return false }
            let u = dx * cos + dy * sin, v = dy * cos - dx * sin
            switch kind {
            case 1:
                return true
            case 2:
                // Half side `size / sqrt 2` so the corners touch the circumcircle.
                let half = size * 0.7071067811865476
                return abs(u) <= half && abs(v) <= half
            default:
                // Equilateral: three half-planes at distance size/2 (the inradius) from the
                // centre, with normals at 270°, 30° and 150°.
                let h = size * 0.5
                let c = 0.8660254037844386
                return -v <= h && (v * 0.5 + u * c) <= h && (v * 0.5 - u * c) <= h
            }
        }
    }

    /// Places non-overlapping shapes; the first three are one of each class.
    static func placeShapes(width: Int, height: Int, count: Int, rng: inout SampleRandom) -> [Shape] {
        let w = Double(width), h = Double(height)
        let typical = max(4, (w * h * 0.35 / (Double(max(count, 1)) * 3.141592653589793)).squareRoot())
        var shapes: [Shape] = []
        var attempts = 0
        while shapes.count < count && attempts < 300 * max(count, 1) {
            attempts += 1
            let kind = shapes.count < 3 ? UInt8(shapes.count + 1) : UInt8(1 + rng.below(3))
            let size = min(min(w, h) / 2 - 1, typical * rng.uniform(0.6, 1.15))
            let cx = rng.uniform(size, w - 1 - size), cy = rng.uniform(size, h - 1 - size)
            let (c, s) = rng.direction()
            // A saturated colour: one channel high, one low, one anywhere.
            let order = rng.below(6)
            let high = rng.uniform(0.75, 0.95), low = rng.uniform(0.05, 0.2), mid = rng.uniform(0.1, 0.9)
            let colour: (Double, Double, Double) = switch order {
            case 0: (high, low, mid)
            case 1: (high, mid, low)
            case 2: (low, high, mid)
            case 3: (mid, high, low)
            case 4: (low, mid, high)
            default: (mid, low, high)
            }
            let shape = Shape(kind: kind, cx: cx, cy: cy, size: size, cos: c, sin: s, colour: colour)
            let free = shapes.allSatisfy { o in
                let dx = o.cx - cx, dy = o.cy - cy
                let d = o.size + size + 3
                return dx * dx + dy * dy >= d * d
            }
            if free && size >= 3 { shapes.append(shape) }
        }
        return shapes
    }
}
