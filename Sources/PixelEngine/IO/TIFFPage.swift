extension TIFF.Page {
    /// A page as the engine's images, and what changed on the way.
    public struct Picture: Sendable, Equatable {
        /// One image (1–4 channels), or one gray image per sample when the page has more
        /// than 4 samples per pixel (``isPlanes``).
        public var images: [AnyImage]
        /// The page had more than 4 channels and comes as a list of planes.
        public var isPlanes: Bool
        /// A sentence for each conversion that changed values (empty when none did).
        public var notes: [String]
    }

    /// The page as pictures. The engine holds 8- and 16-bit unsigned and 32-bit float
    /// samples; the rest is mapped to the nearest:
    /// - 1-, 2- and 4-bit samples are scaled to 0…255 (1-bit: 0 and 255), as PNG's are;
    /// - palette pages become 8-bit RGB through their colour map;
    /// - 8-bit CMYK becomes RGB (Pillow's formula);
    /// - signed 8- and 16-bit, and 16-bit float samples become float32, values unchanged;
    /// - 32- and 64-bit integers and 64-bit floats become float32; a note says so when a
    ///   value does not survive (integers beyond ±2²⁴, doubles that round).
    /// Min-is-white pages are not inverted (as tifffile); the values are as stored.
    public func picture() -> Picture {
        var notes: [String] = []
        if photometric == 3, samplesPerPixel == 1, !palette.isEmpty {
            return Picture(images: [.uint8(expandPalette())], isPlanes: false, notes: [])
        }
        if photometric == 5, samplesPerPixel == 4, case .uint8(let cmyk) = samples, bitsPerSample == 8 {
            return Picture(images: [.uint8(cmykToRGB(cmyk))], isPlanes: false, notes: [])
        }
        let images: [AnyImage]
        switch samples {
        case .uint8(let v):
            if bitsPerSample < 8 {
                let top = UInt16((1 << bitsPerSample) - 1)
                images = split(v.map { UInt8(UInt16($0) * 255 / top) })
            } else {
                images = split(v)
            }
        case .uint16(let v): images = split(v)
        case .float32(let v): images = split(v)
        case .int8(let v): images = split(v.map { Float($0) })
        case .int16(let v): images = split(v.map { Float($0) })
        case .float16(let v): images = split(v.map(Self.halfToFloat))
        case .uint32(let v): images = split(widen(v, "unsigned 32-bit", &notes))
        case .int32(let v): images = split(widen(v, "signed 32-bit", &notes))
        case .uint64(let v): images = split(widen(v, "unsigned 64-bit", &notes))
        case .int64(let v): images = split(widen(v, "signed 64-bit", &notes))
        case .float64(let v):
            var changed = 0
            let values = v.map { d -> Float in
                let f = Float(d)
                if Double(f) != d, !d.isNaN { changed &+= 1 }
                return f
            }
            if changed > 0 {
                notes.append("64-bit float samples are held as float32: \(changed) of \(v.count) values were rounded")
            }
            images = split(values)
        }
        return Picture(images: images, isPlanes: images.count > 1, notes: notes)
    }

    /// The page as object ids, exactly: one channel of unsigned or non-negative signed
    /// integers up to 2³²−1 (palette pages give their indices).
    ///
    /// - Throws: ``PixelEngineError`` (`label map`) for several channels, float samples,
    ///   negative ids or ids over 2³²−1, each with the fix.
    public func ids() throws(PixelEngineError) -> Image<UInt32> {
        guard samplesPerPixel == 1 else {
            throw PixelEngineError("label map", "a label image has one channel, this page has \(samplesPerPixel); load it as an image and pick a channel")
        }
        func make(_ values: [UInt32]) -> Image<UInt32> { Image(width: width, height: height, channels: 1, pixels: values) }
        func signed<T: BinaryInteger>(_ v: [T]) throws(PixelEngineError) -> Image<UInt32> {
            var bad: T?
            let values = v.map { x -> UInt32 in
                if let id = UInt32(exactly: x) { return id }
                if bad == nil { bad = x }
                return 0
            }
            if let bad {
                throw PixelEngineError("label map", "id \(bad) is not an object id (0 … 4294967295); relabel the image first")
            }
            return make(values)
        }
        switch samples {
        case .uint8(let v): return make(v.map { UInt32($0) })
        case .uint16(let v): return make(v.map { UInt32($0) })
        case .uint32(let v): return make(v)
        case .uint64(let v): return try signed(v)
        case .int8(let v): return try signed(v)
        case .int16(let v): return try signed(v)
        case .int32(let v): return try signed(v)
        case .int64(let v): return try signed(v)
        case .float16, .float32, .float64:
            throw PixelEngineError("label map", "the page holds \(bitsPerSample)-bit float intensities, not object ids; threshold and label it first")
        }
    }

    // MARK: Conversions

    private func split<S: PixelSample>(_ values: [S]) -> [AnyImage] {
        let c = samplesPerPixel
        if c <= 4 { return [AnyImage(Image(width: width, height: height, channels: c, pixels: values))] }
        let count = width * height
        return (0..<c).map { plane in
            let samples = [S](unsafeUninitializedCapacity: count) { out, initialized in
                values.withUnsafeBufferPointer { v in
                    for i in 0..<count { out[i] = v[i &* c &+ plane] }
                }
                initialized = count
            }
            return AnyImage(Image(width: width, height: height, channels: 1, pixels: samples))
        }
    }

    /// Integers to float32, with a note when one is beyond ±2²⁴ (where float32 rounds).
    private func widen<T: BinaryInteger>(_ v: [T], _ name: String, _ notes: inout [String]) -> [Float] {
        var rounded = 0
        let values = v.map { x -> Float in
            let f = Float(x)
            if T(exactly: f) != x { rounded &+= 1 }
            return f
        }
        if rounded > 0 {
            notes.append("\(name) integer samples are held as float32: \(rounded) of \(v.count) values beyond ±16777216 were rounded; load it as labels to keep ids exact")
        }
        return values
    }

    private func expandPalette() -> Image<UInt8> {
        let lut = palette
        let index: (Int) -> Int
        switch samples {
        case .uint8(let v): index = { Int(v[$0]) }
        case .uint16(let v): index = { Int(v[$0]) }
        default: index = { _ in 0 }
        }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            let k = index(i)
            let c = k < lut.count ? lut[k] : RGB8(0, 0, 0)
            out[3 * i] = c.r
            out[3 * i + 1] = c.g
            out[3 * i + 2] = c.b
        }
        return Image(width: width, height: height, channels: 3, pixels: out)
    }

    private func cmykToRGB(_ cmyk: [UInt8]) -> Image<UInt8> {
        let count = width * height
        let out = [UInt8](unsafeUninitializedCapacity: count * 3) { rgb, initialized in
            cmyk.withUnsafeBufferPointer { ink in
                for i in 0..<count {
                    let nk = 255 &- Int(ink[4 &* i &+ 3])
                    for k in 0..<3 {
                        // Pillow's cmyk2rgb: nk − round(c · nk / 255).
                        let t = Int(ink[4 &* i &+ k]) &* nk &+ 128
                        rgb[3 &* i &+ k] = UInt8(clamping: nk &- (((t >> 8) &+ t) >> 8))
                    }
                }
            }
            initialized = count * 3
        }
        return Image(width: width, height: height, channels: 3, pixels: out)
    }

    /// An IEEE 754 half float (as its bits) as a Float, exactly.
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int(h >> 10) & 0x1f
        let mantissa = Float(h & 0x3ff)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
