extension Samples {
    /// A fluorescence-microscopy-like image of cell nuclei, with their ground truth.
    ///
    /// Bright elliptical nuclei of varied size, elongation, orientation and brightness on a
    /// dark background; about a third come in touching or overlapping pairs and triples.
    /// Each nucleus has a brighter core, a soft one-pixel rim and a grainy chromatin
    /// texture; the whole field is lit unevenly (a smooth gradient) and has additive noise.
    /// The truth labels every pixel inside a nucleus's ellipse with that nucleus's id;
    /// where ellipses overlap, the pixel goes to the nucleus whose ellipse-normalised
    /// distance is smallest (the usual "nearest centre" split of touching nuclei).
    ///
    /// - Parameters:
    ///   - width, height: the image size, each in 8...8192 (default 256x256).
    ///   - count: the number of nuclei, 0 to one per 100 pixels (default 30); nuclei are
    ///     sized so that they cover about 16% of the field. If the field is too crowded to
    ///     place them all without overlap, fewer are drawn.
    ///   - seed: any integer; the same seed gives the same pixels on every machine.
    /// - Returns: a gray `UInt8` image and a label map of the same size with labels
    ///   `1...n`, numbered in raster order of each nucleus's first pixel, 0 for background.
    /// - Throws: ``PixelEngineError`` (operation `cells`) for a size or count out of range.
    ///
    /// ```swift
    /// let (image, truth) = try Samples.cells(width: 256, height: 256, count: 30, seed: 1)
    /// ```
    public static func cells(width: Int = 256, height: Int = 256, count: Int = 30,
                             seed: UInt64 = 0) throws(PixelEngineError) -> (image: Image<UInt8>, truth: LabelMap) {
        let op = "cells"
        try validateSize(width, height, op)
        let maxCount = width * height / 100
        if !(0...maxCount).contains(count) {
            throw PixelEngineError(op, "count must be in 0...\(maxCount) for \(width)x\(height), got \(count)")
        }
        var rng = SampleRandom(seed: seed, stream: 1)
        let nuclei = placeNuclei(width: width, height: height, count: count, rng: &rng)
        let field = Illumination(rng: &rng)
        let noiseSeed = rng.next()
        let grid = NucleusGrid(nuclei, width: width, height: height)

        var ids = [UInt32](repeating: 0, count: width * height)
        let image = ids.withUnsafeMutableBufferPointer { idsBuffer in
            let idsOut = idsBuffer
            return Image<UInt8>.generate(width: width, height: height, costPerRow: width * 40) { rows, out in
                for y in rows {
                    for x in 0..<width {
                        var signal = 0.0
                        var nearest = Double.infinity, owner: UInt32 = 0
                        for i in grid.candidates(x: x, y: y) {
                            let n = nuclei[i]
                            let dx = Double(x) - n.cx, dy = Double(y) - n.cy
                            let u = (dx * n.cos + dy * n.sin) / n.a
                            let v = (dy * n.cos - dx * n.sin) / n.b
                            let r2 = u * u + v * v
                            if r2 <= 1 && r2 < nearest {
                                nearest = r2
                                owner = UInt32(i + 1)
                            }
                            let value = n.intensity(x: x, y: y, r2: r2)
                            if value > signal { signal = value }
                        }
                        let p = y * width + x
                        idsOut[p] = owner
                        let lit = (0.1 + signal) * field.gain(x: Double(x) / Double(width), y: Double(y) / Double(height))
                        let noisy = lit + 0.022 * SampleRandom.pixelNoise(p, noiseSeed)
                        out[p] = UInt8(clamping: noisy * 255)
                    }
                }
            }
        }
        return (image, LabelMap(ids: Image(width: width, height: height, pixels: rasterOrdered(ids))))
    }

    /// Renumbers nonzero ids `1...n` in raster order of first appearance.
    static func rasterOrdered(_ ids: [UInt32]) -> [UInt32] {
        var map: [UInt32: UInt32] = [:]
        return ids.map { id in
            if id == 0 { return 0 }
            if let m = map[id] { return m }
            let m = UInt32(map.count + 1)
            map[id] = m
            return m
        }
    }

    /// One nucleus: an ellipse with semi-axes `a ≥ b` along (cos, sin), and its look.
    struct Nucleus: Sendable {
        var cx: Double, cy: Double
        var a: Double, b: Double
        var cos: Double, sin: Double
        var brightness: Double
        var textureSeed: UInt64

        /// The largest distance from the centre to the ellipse (plus the soft rim).
        var reach: Double { a + 1.5 }

        /// The emitted intensity at (x, y), whose normalised squared radius is `r2`.
        @inline(__always)
        func intensity(x: Int, y: Int, r2: Double) -> Double {
            // Soft rim: full inside r = 1 - rim, zero outside r = 1 + rim (rim ≈ 1 pixel).
            let rim = 1 / b
            let outer = (1 + rim) * (1 + rim)
            if r2 >= outer { return 0 }
            let r = r2.squareRoot()
            var edge = 1.0
            if r > 1 - rim {
                let t = (1 + rim - r) / (2 * rim)
                edge = t * t * (3 - 2 * t)
            }
            let core = 0.8 + 0.2 * (1 - min(r2, 1))
            let grain = 0.78 + 0.44 * SampleRandom.fractalNoise(Double(x) / 2.6, Double(y) / 2.6, textureSeed, octaves: 2)
            return brightness * core * grain * edge
        }
    }

    /// Places nuclei: single ones apart from all others, and pairs and triples whose
    /// members overlap each other by 10–30% of their radii.
    static func placeNuclei(width: Int, height: Int, count: Int, rng: inout SampleRandom) -> [Nucleus] {
        let w = Double(width), h = Double(height)
        let meanRadius = min(22, max(3, (w * h * 0.16 / (Double(max(count, 1)) * 3.141592653589793)).squareRoot()))
        var nuclei: [Nucleus] = []
        func make(_ cx: Double, _ cy: Double) -> Nucleus {
            let a = meanRadius * rng.uniform(0.8, 1.3)
            let b = a * rng.uniform(0.6, 0.95)
            let (c, s) = rng.direction()
            return Nucleus(cx: cx, cy: cy, a: a, b: b, cos: c, sin: s,
                           brightness: rng.uniform(0.45, 0.9), textureSeed: rng.next())
        }
        func inside(_ n: Nucleus) -> Bool {
            n.cx - n.b >= 0 && n.cx + n.b <= w - 1 && n.cy - n.b >= 0 && n.cy + n.b <= h - 1
        }
        func apart(_ n: Nucleus, from others: ArraySlice<Nucleus>, gap: Double) -> Bool {
            others.allSatisfy { o in
                let dx = n.cx - o.cx, dy = n.cy - o.cy
                let d = n.a + o.a + gap
                return dx * dx + dy * dy >= d * d
            }
        }
        var attempts = 0
        while nuclei.count < count && attempts < 400 * max(count, 1) {
            attempts += 1
            let roll = rng.unit()
            let groupSize = min(count - nuclei.count, roll < 0.62 ? 1 : (roll < 0.86 ? 2 : 3))
            let first = make(rng.uniform(0, w - 1), rng.uniform(0, h - 1))
            guard inside(first), apart(first, from: nuclei[...], gap: 2) else { continue }
            var group = [first]
            var tries = 0
            while group.count < groupSize && tries < 40 {
                tries += 1
                let anchor = group[rng.below(group.count)]
                let (dx, dy) = rng.direction()
                var n = make(0, 0)
                let distance = (anchor.b + n.b) * rng.uniform(0.72, 0.92)
                n.cx = anchor.cx + dx * distance
                n.cy = anchor.cy + dy * distance
                // Members overlap their anchor but do not swallow one another.
                let crowded = group.contains { o in
                    let ex = n.cx - o.cx, ey = n.cy - o.cy
                    let d = 0.6 * (n.b + o.b)
                    return ex * ex + ey * ey < d * d
                }
                if inside(n) && !crowded && apart(n, from: nuclei[...], gap: 2) { group.append(n) }
            }
            nuclei.append(contentsOf: group)
        }
        return nuclei
    }

    /// A smooth, uneven illumination: a tilted plane with a gentle vignette.
    struct Illumination: Sendable {
        var gx: Double, gy: Double, vignette: Double, cx: Double, cy: Double

        init(rng: inout SampleRandom) {
            gx = rng.uniform(-0.45, 0.45)
            gy = rng.uniform(-0.45, 0.45)
            vignette = rng.uniform(0.1, 0.3)
            cx = rng.uniform(0.3, 0.7)
            cy = rng.uniform(0.3, 0.7)
        }

        /// The gain at (x, y) in 0...1 image coordinates: 0.25 to 1.45 at the extremes,
        /// mostly 0.7 to 1.2.
        @inline(__always)
        func gain(x: Double, y: Double) -> Double {
            let dx = x - cx, dy = y - cy
            return 1 + gx * (x - 0.5) + gy * (y - 0.5) - vignette * (dx * dx + dy * dy)
        }
    }

    /// Buckets of nuclei by grid cell, so that a pixel tests only the nuclei near it.
    struct NucleusGrid: Sendable {
        let cell: Int, columns: Int
        let start: [Int], members: [Int]

        init(_ nuclei: [Nucleus], width: Int, height: Int) {
            cell = 32
            columns = (width + cell - 1) / cell
            let rows = (height + cell - 1) / cell
            var buckets = [[Int]](repeating: [], count: columns * rows)
            for (i, n) in nuclei.enumerated() {
                let x0 = max(0, Int((n.cx - n.reach).rounded(.down)) / cell)
                let x1 = min(columns - 1, max(0, Int((n.cx + n.reach).rounded(.up))) / cell)
                let y0 = max(0, Int((n.cy - n.reach).rounded(.down)) / cell)
                let y1 = min(rows - 1, max(0, Int((n.cy + n.reach).rounded(.up))) / cell)
                if x0 > x1 || y0 > y1 { continue }
                for by in y0...y1 { for bx in x0...x1 { buckets[by * columns + bx].append(i) } }
            }
            var start = [0]
            var members: [Int] = []
            for b in buckets {
                members.append(contentsOf: b)
                start.append(members.count)
            }
            self.start = start
            self.members = members
        }

        /// The nuclei that may cover pixel (x, y), in creation order.
        @inline(__always)
        func candidates(x: Int, y: Int) -> ArraySlice<Int> {
            let b = (y / cell) * columns + x / cell
            return members[start[b]..<start[b + 1]]
        }
    }
}
