import PixelEngine

/// A value prepared for a terminal: scaled to its drawn size, either as RGB or as
/// indices into a fixed palette (which the sixel encoder sends unchanged).
enum DisplayPicture: Sendable {
    case rgb(Image<UInt8>)
    case indexed(Image<UInt8>, palette: [RGB8])

    var width: Int {
        switch self {
        case .rgb(let i), .indexed(let i, _): i.width
        }
    }
    var height: Int {
        switch self {
        case .rgb(let i), .indexed(let i, _): i.height
        }
    }

    /// The picture as RGB (palette looked up).
    var rgb: Image<UInt8> {
        switch self {
        case .rgb(let image): return image
        case .indexed(let indices, let palette):
            return indices.mapRows(outputChannels: 3) { (_, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>) in
                for x in 0..<input.count {
                    let c = palette[Int(input[x])]
                    output[x &* 3] = c.r
                    output[x &* 3 &+ 1] = c.g
                    output[x &* 3 &+ 2] = c.b
                }
            }
        }
    }
}

/// Preparation of each kind of value.
enum PictureMaker {
    /// Side of the checkerboard squares that transparent pixels are composited over, in
    /// drawn pixels.
    static let checkerSide = 8
    /// The two checkerboard grays (as image viewers draw transparency).
    static let checkerDark: UInt8 = 0x66, checkerLight: UInt8 = 0x99
    /// The gap between montage tiles, in drawn pixels, and its colour.
    static let montageGap = 8
    static let montageBackground = RGB8(128, 128, 128)

    /// `image` resized to `size` (nearest neighbour to enlarge, bilinear to shrink by less
    /// than 2×, area averaging to shrink more) as 8-bit RGB; alpha is composited over a
    /// checkerboard of `checker`-pixel squares.
    static func rgb(_ image: AnyImage, size: PixelSize, checker: Int) throws(PixelEngineError) -> Image<UInt8> {
        switch image {
        case .uint8(let i): try rgb(i, size: size, checker: checker)
        case .uint16(let i): try rgb(i, size: size, checker: checker)
        case .float32(let i): try rgb(i, size: size, checker: checker)
        }
    }

    static func rgb<S: PixelSample>(_ image: Image<S>, size: PixelSize, checker: Int) throws(PixelEngineError) -> Image<UInt8> {
        let grows = size.width > image.width || size.height > image.height
        // Enlarged pixels stay crisp squares; shrinking by less than 2× is bilinear (3–4×
        // faster than area averaging here, and without visible aliasing at such ratios),
        // by more it averages areas so fine texture does not alias.
        let interpolation: Interpolation = grows ? .nearest
            : (size.width * 2 > image.width && size.height * 2 > image.height ? .bilinear : .area)
        let scaled = try image.resize(width: size.width, height: size.height, interpolation: interpolation)
        let color = scaled.channels == 3 && S.self == UInt8.self ? unsafeBitCast(scaled, to: Image<UInt8>.self) : scaled.displayRGB()
        guard scaled.channels == 2 || scaled.channels == 4 else { return color }
        let alphaChannel = scaled.channels - 1
        let side = max(1, checker)
        return scaled.withUnsafeSamples { source in
            color.mapRows { (y: Int, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>) in
                let row = y &* scaled.rowStride
                for x in 0..<scaled.width {
                    let a = UInt32(alphaByte(source[row &+ x &* scaled.channels &+ alphaChannel]))
                    let back = UInt32((x / side + y / side) & 1 == 0 ? checkerDark : checkerLight)
                    for k in 0..<3 {
                        let v = UInt32(input[x &* 3 &+ k])
                        output[x &* 3 &+ k] = UInt8(truncatingIfNeeded: (v &* a &+ back &* (255 &- a) &+ 127) / 255)
                    }
                }
            }
        }
    }

    /// An alpha sample scaled to 0…255 (as ``Image/displayRGB()`` scales colour).
    @inline(__always)
    static func alphaByte<S: PixelSample>(_ s: S) -> UInt8 {
        if S.self == UInt8.self { return unsafeBitCast(s, to: UInt8.self) }
        if S.self == UInt16.self {
            return UInt8(truncatingIfNeeded: (UInt32(unsafeBitCast(s, to: UInt16.self)) &* 255 &+ 32767) / 65535)
        }
        let f = s.doubleValue / S.nominalMax.doubleValue
        return f > 0 ? (f >= 1 ? 255 : UInt8(f * 255 + 0.5)) : 0
    }

    /// A mask resized (nearest) as indices into black, white.
    static func mask(_ mask: Mask, size: PixelSize) throws(PixelEngineError) -> DisplayPicture {
        .indexed(try mask.resize(width: size.width, height: size.height).bits,
                 palette: [RGB8(0, 0, 0), RGB8(255, 255, 255)])
    }

    /// A class map resized (nearest) as indices into its class colours; with more classes
    /// than `paletteLimit` entries, class `i` takes entry `i % paletteLimit`.
    static func classes(_ map: ClassMap, size: PixelSize, paletteLimit: Int) throws(PixelEngineError) -> DisplayPicture {
        let indices = try map.resize(width: size.width, height: size.height).indices
        let colors = map.classes.map(\.color)
        guard colors.count > paletteLimit else { return .indexed(indices, palette: colors) }
        let limit = UInt8(truncatingIfNeeded: paletteLimit)
        return .indexed(indices.map { $0 % limit }, palette: Array(colors[..<paletteLimit]))
    }

    /// A label map resized (nearest) as indices into a palette of its ``LabelPalette``
    /// colours, background (0) at index 0 in black. See ``LabelSlots``.
    static func labels(_ map: LabelMap, size: PixelSize, paletteLimit: Int) throws(PixelEngineError) -> DisplayPicture {
        let ids = try map.resize(width: size.width, height: size.height).ids
        let slots = LabelSlots(ids: ids, paletteSize: paletteLimit)
        let indices: Image<UInt8> = ids.mapRows(outputChannels: 1) { (_, input: UnsafeBufferPointer<UInt32>, output: UnsafeMutableBufferPointer<UInt8>) in
            var lastID: UInt32 = 0, lastSlot: UInt8 = 0
            for x in 0..<input.count {
                let id = input[x]
                if id != lastID {
                    lastID = id
                    lastSlot = slots.slot(for: id)
                }
                output[x] = id == 0 ? 0 : lastSlot
            }
        }
        return .indexed(indices, palette: slots.palette)
    }
}

/// How label ids become palette indices (slots) for PAL8 output, deterministically:
///
/// 1. all ids ≤ `paletteSize − 1`: slot = id, colour = `LabelPalette.color(for: id)`;
/// 2. else, at most `paletteSize − 1` distinct ids: slots 1, 2, … in ascending id order,
///    each with its id's `LabelPalette` colour;
/// 3. else ids wrap: slot = 1 + (id − 1) mod (`paletteSize` − 1), colour =
///    `LabelPalette.color(for: slot)` (objects whose ids differ by a multiple of
///    `paletteSize − 1` share a colour).
///
/// In cases 1 and 2 the colours are the ones overlays and PNG previews use; every id
/// present has its own palette entry, so no instance loses its colour to quantisation.
struct LabelSlots: Sendable {
    private(set) var palette: [RGB8]
    private var lookup: [UInt32: UInt8] = [:]
    private var wrap: UInt32 = 0

    init(ids: Image<UInt32>, paletteSize: Int) {
        let entries = min(256, max(2, paletteSize))
        var present = Set<UInt32>()
        ids.withUnsafeSamples { s in
            var last: UInt32 = 0
            for id in s where id != last {
                last = id
                present.insert(id)
            }
        }
        present.remove(0)
        let highest = present.max() ?? 0
        if Int(highest) < entries {
            palette = LabelPalette.table(count: max(2, Int(highest) + 1))
        } else if present.count < entries {
            palette = [RGB8(0, 0, 0)]
            for (k, id) in present.sorted().enumerated() {
                lookup[id] = UInt8(k + 1)
                palette.append(LabelPalette.color(for: id))
            }
        } else {
            wrap = UInt32(entries - 1)
            palette = LabelPalette.table(count: entries)
        }
    }

    func slot(for id: UInt32) -> UInt8 {
        if id == 0 { return 0 }
        if wrap > 0 { return UInt8(truncatingIfNeeded: 1 + (id - 1) % wrap) }
        return lookup[id] ?? UInt8(truncatingIfNeeded: id)
    }
}
