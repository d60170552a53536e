import Foundation
import SegScript
import Segmentation

// Shared helpers of the library builtins: typed argument access and value wrapping.

extension ValueType {
    static let image = ValueType.host("image")
    static let mask = ValueType.host("mask")
    static let labels = ValueType.host("labels")
    static let classes = ValueType.host("classes")
    static let table = ValueType.host("table")
}

extension Value {
    static func image(_ i: AnyImage) -> Value { .host(ImageValue(i)) }
    static func image<S: PixelSample>(_ i: Image<S>) -> Value { .host(ImageValue(AnyImage(i))) }
    static func mask(_ m: Mask) -> Value { .host(MaskValue(m)) }
    static func labels(_ l: LabelMap) -> Value { .host(LabelsValue(l)) }
    static func classes(_ c: ClassMap) -> Value { .host(ClassesValue(c)) }
    static func table(_ t: RegionTable) -> Value { .host(TableValue(t)) }
}

extension Arguments {
    /// Parameter `name` as an image (a mask counts as a 0/255 uint8 image).
    func image(_ name: String) throws -> AnyImage {
        switch self[name] {
        case .host(let h as ImageValue): return h.image
        case .host(let h as MaskValue): return .uint8(h.mask.image)
        default: throw ScriptError("'\(name)' must be an image, got \(self[name].typeName)", argument: name)
        }
    }

    /// Parameter `name` as a one-channel image.
    func grayImage(_ name: String) throws -> AnyImage {
        let i = try image(name)
        guard i.channels == 1 else {
            throw ScriptError("'\(name)' must be a gray image (1 channel), got \(ImageLayout.channelName(i.channels)); use gray(x) first", argument: name)
        }
        return i
    }

    func mask(_ name: String) throws -> Mask { try host(name, as: MaskValue.self).mask }
    func labels(_ name: String) throws -> LabelMap { try host(name, as: LabelsValue.self).labels }

    /// Parameter `name` as an integer within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int {
        let n = try integer(name)
        guard range.contains(n) else {
            let bound = range.upperBound == Int.max ? ">= \(range.lowerBound)" : "in \(range.lowerBound)...\(range.upperBound)"
            throw ScriptError("\(name) must be \(bound), got \(n)", argument: name)
        }
        return n
    }

    /// Parameter `name` as a number > 0.
    func positive(_ name: String) throws -> Double {
        let x = try number(name)
        guard x > 0, x.isFinite else { throw ScriptError("\(name) must be > 0, got \(Value.format(x))", argument: name) }
        return x
    }

    /// Parameter `name` as one of `choices`, with a suggestion for a near miss.
    func choice(_ name: String, _ choices: [String]) throws -> String {
        let s = try string(name)
        guard choices.contains(s) else {
            throw ScriptError("\(name) must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(s)\"",
                              argument: name, suggestion: choices.min { editDistance($0, s) < editDistance($1, s) }
                                .flatMap { editDistance($0, s) <= 2 ? $0 : nil })
        }
        return s
    }

    /// A footprint: a number is a disk radius, a string "square:N", "disk:N", "diamond:N".
    func footprint(_ name: String) throws -> Footprint {
        do {
            switch self[name] {
            case .number:
                return try Footprint.disk(radius: try integer(name, in: 0...1000))
            case .string(let s):
                let parts = s.split(separator: ":")
                guard parts.count == 2, let n = Int(parts[1]) else {
                    throw ScriptError("footprint must be a radius or \"disk:R\", \"square:N\", \"diamond:R\", got \"\(s)\"", argument: name)
                }
                switch parts[0] {
                case "disk": return try Footprint.disk(radius: n)
                case "square": return try Footprint.square(n)
                case "diamond": return try Footprint.diamond(radius: n)
                default: throw ScriptError("unknown footprint shape '\(parts[0])': use disk, square or diamond", argument: name)
                }
            default:
                throw ScriptError("footprint must be a number or a string, got \(self[name].typeName)", argument: name)
            }
        } catch let e as PixelEngineError {
            throw ScriptError(e.message, argument: name)
        }
    }

    /// Parameter `name` as a seed: the argument, or the session's default seed.
    /// The seed is recorded in the run's ledger (for the manifest).
    func seed(_ name: String, _ context: CallContext) throws -> UInt64 {
        let seed = optional(name) == nil ? context.seed : UInt64(try integer(name, in: 0...Int.max))
        context.ledger.recordSeed(seed)
        return seed
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var prev = row[0]
        row[0] = i
        for j in 1...max(b.count, 1) where !b.isEmpty {
            let cur = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
            prev = cur
        }
    }
    return row[b.count]
}

/// Applies a same-type image operation to whichever sample type `image` holds.
protocol ImageOperation {
    func apply<S: PixelSample>(_ image: Image<S>) throws -> Image<S>
}

extension AnyImage {
    func map(_ op: some ImageOperation) throws -> AnyImage {
        switch self {
        case .uint8(let i): .uint8(try op.apply(i))
        case .uint16(let i): .uint16(try op.apply(i))
        case .float32(let i): .float32(try op.apply(i))
        }
    }

}

/// What the REPL draws for a value: an RGB picture for the pixel types, nil otherwise.
///
///     if let picture = LibraryDisplay.picture(for: value) { display.show(picture) }
public enum LibraryDisplay {
    /// The value as an 8-bit RGB picture (images, masks, label maps, class maps).
    public static func picture(for value: Value) -> Image<UInt8>? {
        switch value {
        case .host(let s as ShownValue): picture(for: s.value)
        case .host(let h as ImageValue): ((try? ImageDisplay.render(h.image).picture) ?? h.image).displayRGB()
        case .host(let h as MaskValue): h.mask.displayRGB()
        case .host(let h as LabelsValue): h.labels.displayRGB()
        case .host(let h as ClassesValue): h.classes.displayRGB()
        default: nil
        }
    }

    /// How the picture of `value` maps its values, for its caption ("contrast 200…3260
    /// (auto)"), when it is not shown as it is.
    public static func note(for value: Value) -> String? {
        switch value {
        case .host(let s as ShownValue): s.note
        case .host(let h as ImageValue): (try? ImageDisplay.render(h.image))?.note
        default: nil
        }
    }

    static func displayable(_ value: Value) -> (any RGBDisplayable)? {
        switch value {
        case .host(let s as ShownValue): displayable(s.value)
        case .host(let h as ImageValue): (try? ImageDisplay.render(h.image).picture) ?? h.image
        case .host(let h as MaskValue): h.mask
        case .host(let h as LabelsValue): h.labels
        case .host(let h as ClassesValue): h.classes
        default: nil
        }
    }
}

/// An operation from an image of any sample type to a fixed result type.
protocol ImageQuery {
    associatedtype Result
    func apply<S: PixelSample>(_ image: Image<S>) throws -> Result
}

extension AnyImage {
    func query<Q: ImageQuery>(_ q: Q) throws -> Q.Result {
        switch self {
        case .uint8(let i): try q.apply(i)
        case .uint16(let i): try q.apply(i)
        case .float32(let i): try q.apply(i)
        }
    }
}

/// A query given as a closure over the float conversion (for operations without integer paths).
struct Query<R>: ImageQuery {
    let body: (AnyImage) throws -> R
    func apply<S: PixelSample>(_ image: Image<S>) throws -> R { try body(AnyImage(image)) }
}
