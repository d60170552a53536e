import Foundation
import SegScript
import Segmentation

/// The language's numeric model for pixel values (README, "Numbers in pictures"):
///
/// - Every pixel value takes part as numbers in its own units: a uint8 image 0…255, a
///   uint16 image 0…65535, a float image as it is, a **mask 0 and 1**, a **label map its
///   ids**; a number applies to every sample. (`float(img)` is different: it rescales to
///   0…1, as scikit-image's `img_as_float`.)
/// - `+` and `*` of unsigned operands (uint8, uint16, masks) and whole numbers ≥ 0 stay
///   unsigned, in the wider of the two types, and saturate at its maximum; when any sample
///   was clipped the statement prints a note saying how many. Everything else gives a
///   float image: `-` (the difference may be negative), unary `-`, `/` (true division,
///   x / 0 = ±inf), `%`, `**`, label maps, fractions and negative numbers.
/// - Comparisons give a mask, comparing values in those units. `==` and `!=` between two
///   masks, or two label maps, compare the whole values (a bool).
/// - Operands must have the same size; a one-channel operand applies to every channel of
///   the other (`rgb * mask` blacks out the background).
enum PixelArithmetic {
    /// An operand: its samples (unsigned or float) or a number.
    enum Operand {
        case uint8(Image<UInt8>)
        case uint16(Image<UInt16>)
        case float(Image<Float>)
        case number(Double)

        /// The operand for `value`, or nil when it takes no part in pixel arithmetic.
        init?(_ value: Value) {
            switch value {
            case .number(let n): self = .number(n)
            case .host(let h as ImageValue):
                switch h.image {
                case .uint8(let i): self = .uint8(i)
                case .uint16(let i): self = .uint16(i)
                case .float32(let i): self = .float(i)
                }
            case .host(let h as MaskValue): self = .uint8(h.mask.bits)
            case .host(let h as LabelsValue): self = .float(PixelArithmetic.floats(h.labels.ids))
            default: return nil
            }
        }

        var shape: (width: Int, height: Int, channels: Int)? {
            switch self {
            case .uint8(let i): (i.width, i.height, i.channels)
            case .uint16(let i): (i.width, i.height, i.channels)
            case .float(let i): (i.width, i.height, i.channels)
            case .number: nil
            }
        }

        var typeName: String {
            switch self {
            case .uint8: "uint8"
            case .uint16: "uint16"
            case .float: "float32"
            case .number: "number"
            }
        }

        /// The samples as floats, in their own units (a uint8 200 is 200.0).
        var floats: Image<Float>? {
            switch self {
            case .uint8(let i): PixelArithmetic.floats(i)
            case .uint16(let i): PixelArithmetic.floats(i)
            case .float(let i): i
            case .number: nil
            }
        }
    }

    /// What an operation produced, and how many samples were clipped.
    struct Result {
        let image: AnyImage
        let clipped: Int
        let limit: Int
    }

    /// `l op r` under the model, or nil when neither side is a pixel value or the operator
    /// does not apply (the caller reports a type error).
    static func binary(_ op: BinaryOperator, _ l: Value, _ r: Value) throws -> Value? {
        guard let a = Operand(l), let b = Operand(r), a.shape != nil || b.shape != nil else { return nil }
        do {
            return try compute(op, a, b)
        } catch let e as ScriptError {
            throw ScriptError("'\(op.symbol)': " + e.message)
        }
    }

    static func compute(_ op: BinaryOperator, _ a: Operand, _ b: Operand) throws -> Value? {
        if op.isComparison { return .host(MaskValue(try compare(op, a, b))) }
        let result: Result
        switch op {
        case .add, .multiply:
            result = try unsignedOrFloat(op, a, b)
        case .subtract, .divide, .modulo, .power:
            result = Result(image: .float32(try floatOp(op, a, b)), clipped: 0, limit: 0)
        default:
            return nil
        }
        var note: String?
        if result.clipped > 0 {
            let total = result.image.width * result.image.height * result.image.channels
            note = "\(result.clipped) of \(total) samples were clipped at \(result.limit) (\(result.image.sampleType) + and * saturate); "
                + "convert first with astype(x, \"float\") to keep them"
        }
        return .host(ImageValue(result.image, note: note))
    }

    /// `-x` for a pixel value: a float image (an unsigned type has no negative numbers).
    static func negate(_ v: Value) -> Value? {
        guard let a = Operand(v), let f = a.floats else { return nil }
        return .host(ImageValue(.float32(map(f) { -$0 })))
    }

    // MARK: Unsigned

    /// `+` or `*`, unsigned when both operands are, else float.
    static func unsignedOrFloat(_ op: BinaryOperator, _ a: Operand, _ b: Operand) throws -> Result {
        func isUnsigned(_ o: Operand) -> Bool {
            switch o {
            case .uint8, .uint16: true
            case .float: false
            case .number(let n): n >= 0 && n == n.rounded() && n.isFinite
            }
        }
        guard isUnsigned(a), isUnsigned(b) else {
            return Result(image: .float32(try floatOp(op, a, b)), clipped: 0, limit: 0)
        }
        let wide: Bool = switch (a, b) {
        case (.uint16, _), (_, .uint16): true
        default: false
        }
        let limit = wide ? 65535 : 255
        let (x, y) = (try integers(a), try integers(b))
        let shape = try commonShape(a, b)
        var clipped = 0
        let add = op == .add
        let count = shape.width * shape.height * shape.channels
        var out = [Int](repeating: 0, count: count)
        try combine(x, y, shape: shape) { i, p, q in
            let v = add ? p + q : (p == 0 || q == 0 ? 0 : (p > Int.max / q ? Int.max : p * q))
            if v > limit { clipped += 1; out[i] = limit } else { out[i] = v }
        }
        let image: AnyImage = wide
            ? .uint16(Image(width: shape.width, height: shape.height, channels: shape.channels, pixels: out.map { UInt16($0) }))
            : .uint8(Image(width: shape.width, height: shape.height, channels: shape.channels, pixels: out.map { UInt8($0) }))
        return Result(image: image, clipped: clipped, limit: limit)
    }

    /// An operand's samples (or its number, clamped) as integers.
    enum Integers {
        case samples([Int], width: Int, height: Int, channels: Int)
        case constant(Int)
    }

    static func integers(_ o: Operand) throws -> Integers {
        switch o {
        case .uint8(let i): .samples(i.pixels.map(Int.init), width: i.width, height: i.height, channels: i.channels)
        case .uint16(let i): .samples(i.pixels.map(Int.init), width: i.width, height: i.height, channels: i.channels)
        case .number(let n): .constant(n >= 1e15 ? Int(1e15) : Int(n))
        case .float: preconditionFailure("integers: a float operand")
        }
    }

    static func combine(_ x: Integers, _ y: Integers, shape: (width: Int, height: Int, channels: Int),
                        _ body: (Int, Int, Int) -> Void) throws {
        let count = shape.width * shape.height * shape.channels
        func at(_ v: Integers, _ i: Int) -> Int {
            switch v {
            case .constant(let c): return c
            case .samples(let s, _, _, let channels): return channels == shape.channels ? s[i] : s[i / shape.channels]
            }
        }
        for i in 0..<count { body(i, at(x, i), at(y, i)) }
    }

    // MARK: Float

    static func floatOp(_ op: BinaryOperator, _ a: Operand, _ b: Operand) throws -> Image<Float> {
        let shape = try commonShape(a, b)
        let f: (Float, Float) -> Float
        switch op {
        case .add: f = { $0 + $1 }
        case .subtract: f = { $0 - $1 }
        case .multiply: f = { $0 * $1 }
        case .divide: f = { $0 / $1 }
        case .modulo:
            // Python's and numpy's sign convention: the result has the divisor's sign.
            f = { x, y in
                let m = fmodf(x, y)
                return m != 0 && (m < 0) != (y < 0) ? m + y : m
            }
        case .power: f = { powf($0, $1) }
        default: preconditionFailure("floatOp: \(op)")
        }
        let count = shape.width * shape.height * shape.channels
        let xs = a.floats?.pixels, ys = b.floats?.pixels
        let xc: Float = if case .number(let n) = a { Float(n) } else { 0 }
        let yc: Float = if case .number(let n) = b { Float(n) } else { 0 }
        let xChannels = a.shape?.channels ?? shape.channels, yChannels = b.shape?.channels ?? shape.channels
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let x = xs.map { xChannels == shape.channels ? $0[i] : $0[i / shape.channels] } ?? xc
            let y = ys.map { yChannels == shape.channels ? $0[i] : $0[i / shape.channels] } ?? yc
            out[i] = f(x, y)
        }
        return Image(width: shape.width, height: shape.height, channels: shape.channels, pixels: out)
    }

    static func compare(_ op: BinaryOperator, _ a: Operand, _ b: Operand) throws -> Mask {
        let shape = try commonShape(a, b)
        guard shape.channels == 1, a.shape.map({ $0.channels == 1 }) ?? true, b.shape.map({ $0.channels == 1 }) ?? true else {
            throw ScriptError("'\(op.symbol)' compares one-channel values; the image has \(shape.channels) channels (use gray(x) or channel(x, i) first)")
        }
        let xs = a.floats?.pixels, ys = b.floats?.pixels
        let xc: Double = if case .number(let n) = a { n } else { 0 }
        let yc: Double = if case .number(let n) = b { n } else { 0 }
        let holds: (Double, Double) -> Bool = switch op {
        case .less: { $0 < $1 }
        case .lessEqual: { $0 <= $1 }
        case .greater: { $0 > $1 }
        case .greaterEqual: { $0 >= $1 }
        case .equal: { $0 == $1 }
        default: { $0 != $1 }
        }
        var bits = [UInt8](repeating: 0, count: shape.width * shape.height)
        for i in bits.indices where holds(xs.map { Double($0[i]) } ?? xc, ys.map { Double($0[i]) } ?? yc) { bits[i] = 1 }
        return Mask(uncheckedBits: Image(width: shape.width, height: shape.height, pixels: bits))
    }

    /// The shape of the result: the operands' common size; a one-channel operand spreads
    /// over the other's channels.
    static func commonShape(_ a: Operand, _ b: Operand) throws -> (width: Int, height: Int, channels: Int) {
        try commonShape([a.shape, b.shape])
    }

    static func commonShape(_ shapes: [(width: Int, height: Int, channels: Int)?]) throws -> (width: Int, height: Int, channels: Int) {
        let present = shapes.compactMap { $0 }
        guard var s = present.first else { preconditionFailure("commonShape: only numbers") }
        for t in present.dropFirst() {
            guard s.width == t.width, s.height == t.height else {
                throw ScriptError("sizes differ: \(s.width)x\(s.height) and \(t.width)x\(t.height); resize or crop one to match")
            }
            guard s.channels == t.channels || s.channels == 1 || t.channels == 1 else {
                throw ScriptError("channel counts differ: \(ImageLayout.channelName(s.channels)) and \(ImageLayout.channelName(t.channels)); use gray(x) or channel(x, i) first")
            }
            s.channels = max(s.channels, t.channels)
        }
        return s
    }

    // MARK: Conversions

    /// Samples as floats in their own units.
    static func floats<S: PixelSample>(_ image: Image<S>) -> Image<Float> {
        Image(width: image.width, height: image.height, channels: image.channels, pixels: image.pixels.map { Float($0.doubleValue) })
    }

    /// Samples of any image as floats in their own units.
    static func floats(_ image: AnyImage) -> Image<Float> {
        switch image {
        case .uint8(let i): floats(i)
        case .uint16(let i): floats(i)
        case .float32(let i): i
        }
    }

    static func map(_ image: Image<Float>, _ f: (Float) -> Float) -> Image<Float> {
        Image(width: image.width, height: image.height, channels: image.channels, pixels: image.pixels.map(f))
    }

    /// `value` as an image of `type`, values kept (rounded to nearest and clipped into the
    /// range of an integer type); the number of clipped samples.
    static func astype(_ value: Value, _ type: SampleType) throws -> (AnyImage, clipped: Int) {
        guard let o = Operand(value), let f = o.floats else {
            throw ScriptError("'x' must be an image, a mask or a label map, got \(value.typeName)", argument: "x")
        }
        func integral<T: FixedWidthInteger & PixelSample>(_: T.Type) -> (Image<T>, Int) {
            var clipped = 0
            let limit = Float(T.max)
            let pixels = f.pixels.map { v -> T in
                if v.isNaN { clipped += 1; return 0 }
                let r = v.rounded(.toNearestOrEven)
                if r < 0 { clipped += 1; return 0 }
                if r > limit { clipped += 1; return T.max }
                return T(r)
            }
            return (Image(width: f.width, height: f.height, channels: f.channels, pixels: pixels), clipped)
        }
        switch type {
        case .uint8:
            let (i, c) = integral(UInt8.self)
            return (.uint8(i), c)
        case .uint16:
            let (i, c) = integral(UInt16.self)
            return (.uint16(i), c)
        default:
            return (.float32(f), 0)
        }
    }

    /// `where(mask, a, b)`: `a` where the mask is set, `b` elsewhere. Both unsigned (or whole
    /// numbers that fit) keep the wider unsigned type; otherwise a float image.
    static func select(_ mask: Mask, _ a: Value, _ b: Value) throws -> AnyImage {
        guard let x = Operand(a) else { throw ScriptError("'a' must be an image, mask, label map or number, got \(a.typeName)", argument: "a") }
        guard let y = Operand(b) else { throw ScriptError("'b' must be an image, mask, label map or number, got \(b.typeName)", argument: "b") }
        let m = Operand.uint8(mask.bits)
        let shape = try commonShape([m.shape, x.shape, y.shape])
        func fits(_ o: Operand, _ limit: Double) -> Bool {
            switch o {
            case .uint8: true
            case .uint16: limit >= 65535
            case .float: false
            case .number(let n): n >= 0 && n <= limit && n == n.rounded()
            }
        }
        let wide: Bool = switch (x, y) {
        case (.uint16, _), (_, .uint16): true
        case (.number(let n), _) where n > 255: true
        case (_, .number(let n)) where n > 255: true
        default: false
        }
        let limit: Double = wide ? 65535 : 255
        let count = shape.width * shape.height * shape.channels
        let bits = mask.bits.pixels
        func pick(_ i: Int) -> Bool { bits[shape.channels == 1 ? i : i / shape.channels] != 0 }
        if fits(x, limit), fits(y, limit) {
            let (xs, ys) = (try integers(x), try integers(y))
            var out = [Int](repeating: 0, count: count)
            try combine(xs, ys, shape: shape) { i, p, q in out[i] = pick(i) ? p : q }
            return wide
                ? .uint16(Image(width: shape.width, height: shape.height, channels: shape.channels, pixels: out.map { UInt16($0) }))
                : .uint8(Image(width: shape.width, height: shape.height, channels: shape.channels, pixels: out.map { UInt8($0) }))
        }
        let xs = x.floats?.pixels, ys = y.floats?.pixels
        let xc: Float = if case .number(let n) = x { Float(n) } else { 0 }
        let yc: Float = if case .number(let n) = y { Float(n) } else { 0 }
        let xChannels = x.shape?.channels ?? shape.channels, yChannels = y.shape?.channels ?? shape.channels
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count {
            if pick(i) {
                out[i] = xs.map { xChannels == shape.channels ? $0[i] : $0[i / shape.channels] } ?? xc
            } else {
                out[i] = ys.map { yChannels == shape.channels ? $0[i] : $0[i / shape.channels] } ?? yc
            }
        }
        return .float32(Image(width: shape.width, height: shape.height, channels: shape.channels, pixels: out))
    }
}

