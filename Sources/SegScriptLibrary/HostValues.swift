import Foundation
import SegScript
import Segmentation

// The pixel types as SegScript values. Each wraps a copy-on-write pixel-engine value, so
// copying a value is cheap.

/// An image value (`type(img) == "image"`): any sample type, 1–4 channels.
///
///     let v = Value.host(ImageValue(.uint8(gray)))  // summary: "64x64 gray uint8"
public struct ImageValue: HostValue {
    /// The image.
    public let image: AnyImage
    /// The pictures `side_by_side` assembled it from, in order (empty otherwise): a
    /// terminal lays them out itself, each with a caption. Operations on the image drop them.
    public let tiles: [Value]
    /// What the operator that made it wants the user to know (clipped samples), if any.
    public let operatorNote: String?

    /// Wraps an image (with the pictures it was assembled from, for `side_by_side`, and the
    /// note of the operator that computed it).
    public init(_ image: AnyImage, tiles: [Value] = [], note: String? = nil) {
        self.image = image
        self.tiles = tiles
        self.operatorNote = note
    }

    public var typeName: String { "image" }
    public var summary: String { "\(image.width)x\(image.height) \(ImageLayout.channelName(image.channels)) \(image.sampleType)" }
    public var description: String { "<image \(summary)>" }
    public var memberNames: [String] { ["width", "height", "channels", "dtype"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "width": .number(Double(image.width))
        case "height": .number(Double(image.height))
        case "channels": .number(Double(image.channels))
        case "dtype": .string(image.sampleType.rawValue)
        default: nil
        }
    }

    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        try pixelErrors { try combine(op, other, selfOnLeft: selfOnLeft) }
    }

    func combine(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        // Comparisons with a number or an image of the same type: the typed kernels.
        if let comparison = Self.comparison(op, flipped: !selfOnLeft) {
            switch other {
            case .number(let n):
                return .host(MaskValue(try image.compare(comparison, n)))
            case .host(let h as ImageValue) where h.image.sampleType == image.sampleType:
                return .host(MaskValue(try image.compare(comparison, h.image)))
            default: break
            }
        }
        let me = Value.host(ImageValue(image))
        return try PixelArithmetic.binary(op, selfOnLeft ? me : other, selfOnLeft ? other : me)
    }

    public func unary(_ op: UnaryOperator) throws -> Value? {
        switch op {
        case .plus: .host(ImageValue(image))
        case .negate: PixelArithmetic.negate(.host(self))
        case .not: nil
        }
    }

    /// The comparison `image op other`, or with `flipped` the one for `other op image`.
    static func comparison(_ op: BinaryOperator, flipped: Bool) -> ComparisonOperator? {
        switch op {
        case .less: flipped ? .greater : .less
        case .lessEqual: flipped ? .greaterOrEqual : .lessOrEqual
        case .greater: flipped ? .less : .greater
        case .greaterEqual: flipped ? .lessOrEqual : .greaterOrEqual
        case .equal: .equal
        case .notEqual: .notEqual
        default: nil
        }
    }
}

extension AnyImage {
    func compare(_ op: ComparisonOperator, _ n: Double) throws(PixelEngineError) -> Mask {
        switch self {
        case .uint8(let i): try i.compare(op, n)
        case .uint16(let i): try i.compare(op, n)
        case .float32(let i): try i.compare(op, n)
        }
    }

    func compare(_ op: ComparisonOperator, _ other: AnyImage) throws(PixelEngineError) -> Mask {
        switch (self, other) {
        case let (.uint8(a), .uint8(b)): return try a.compare(op, b)
        case let (.uint16(a), .uint16(b)): return try a.compare(op, b)
        case let (.float32(a), .float32(b)): return try a.compare(op, b)
        default: return try floatImage.compare(op, other.floatImage)
        }
    }
}

/// A mask value (`type(m) == "mask"`): one bool per pixel. `&`, `|`, `!` combine masks.
public struct MaskValue: HostValue {
    /// The mask.
    public let mask: Mask

    /// Wraps a mask.
    public init(_ mask: Mask) { self.mask = mask }

    public var typeName: String { "mask" }
    public var summary: String {
        let total = mask.width * mask.height
        let percent = total == 0 ? 0 : Int((Double(mask.count) * 100 / Double(total)).rounded())
        return "mask \(mask.width)x\(mask.height) (\(percent)% set)"
    }
    public var description: String { "<\(summary)>" }
    public var memberNames: [String] { ["width", "height", "count"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "width": .number(Double(mask.width))
        case "height": .number(Double(mask.height))
        case "count": .number(Double(mask.count))
        default: nil
        }
    }

    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        try pixelErrors { try combine(op, other, selfOnLeft: selfOnLeft) }
    }

    func combine(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        if let o = other.host(as: MaskValue.self) {
            switch op {
            case .and: return .host(MaskValue(try mask.and(o.mask)))
            case .or: return .host(MaskValue(try mask.or(o.mask)))
            case .equal: return .bool(mask == o.mask)
            case .notEqual: return .bool(mask != o.mask)
            default: break
            }
        }
        // Arithmetic and comparisons: the mask counts as 0 and 1.
        let me = Value.host(self)
        return try PixelArithmetic.binary(op, selfOnLeft ? me : other, selfOnLeft ? other : me)
    }

    public func unary(_ op: UnaryOperator) throws -> Value? {
        switch op {
        case .not: .host(MaskValue(mask.not()))
        case .negate: PixelArithmetic.negate(.host(self))
        case .plus: .host(ImageValue(.uint8(mask.bits)))
        }
    }
}

/// A label map value (`type(l) == "labels"`): one object id per pixel, 0 = background.
public struct LabelsValue: HostValue {
    /// The label map.
    public let labels: LabelMap

    /// Wraps a label map.
    public init(_ labels: LabelMap) { self.labels = labels }

    public var typeName: String { "labels" }
    public var summary: String {
        let n = labels.labels.count
        return "labels \(labels.width)x\(labels.height), \(n) instance\(n == 1 ? "" : "s")"
    }
    public var description: String { "<\(summary)>" }
    public var memberNames: [String] { ["width", "height", "count"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "width": .number(Double(labels.width))
        case "height": .number(Double(labels.height))
        case "count": .number(Double(labels.labels.count))
        default: nil
        }
    }

    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        try pixelErrors { try combine(op, other, selfOnLeft: selfOnLeft) }
    }

    func combine(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        if case .number(let n) = other, let comparison = ImageValue.comparison(op, flipped: !selfOnLeft) {
            return .host(MaskValue(try labels.ids.compare(comparison, n)))  // `cells > 0`: the foreground
        }
        if let o = other.host(as: LabelsValue.self) {
            switch op {
            case .equal: return .bool(labels == o.labels)
            case .notEqual: return .bool(labels != o.labels)
            default: break
            }
        }
        // Arithmetic and comparisons: the ids count as numbers.
        let me = Value.host(self)
        return try PixelArithmetic.binary(op, selfOnLeft ? me : other, selfOnLeft ? other : me)
    }

    public func unary(_ op: UnaryOperator) throws -> Value? {
        op == .negate ? PixelArithmetic.negate(.host(self)) : nil
    }
}

/// A class map value (`type(c) == "classes"`): one class index per pixel, with names.
/// `c == "disk"` (or `c == 1`) is the mask of one class, `c != 0` everything but class 0.
public struct ClassesValue: HostValue {
    /// The class map.
    public let classes: ClassMap

    /// Wraps a class map.
    public init(_ classes: ClassMap) { self.classes = classes }

    public var typeName: String { "classes" }
    public var summary: String {
        "classes \(classes.width)x\(classes.height), \(classes.classes.count) classes"
    }
    public var description: String { "<\(summary)>" }
    public var memberNames: [String] { ["width", "height", "names"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "width": .number(Double(classes.width))
        case "height": .number(Double(classes.height))
        case "names": .list(classes.names.map { .string($0) })
        default: nil
        }
    }

    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        try pixelErrors { try combine(op, other, selfOnLeft: selfOnLeft) }
    }

    func combine(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        if op == .equal || op == .notEqual, let index = try classIndex(other) {
            // `truth == "disk"`: the mask of one class (by name or index).
            let mask = try classes.indices.compare(.equal, Double(index))
            return .host(MaskValue(op == .equal ? mask : mask.not()))
        }
        guard let o = other.host(as: ClassesValue.self) else { return nil }
        switch op {
        case .equal: return .bool(classes == o.classes)
        case .notEqual: return .bool(classes != o.classes)
        default: return nil
        }
    }
}

extension ClassesValue {
    /// The class a number (index) or string (name) designates; nil for other values.
    func classIndex(_ value: Value) throws -> Int? {
        switch value {
        case .number(let n):
            guard let i = Value.exactInteger(n), classes.classes.indices.contains(i) else {
                throw ScriptError("class \(Value.format(n)) does not exist: the classes are 0...\(classes.classes.count - 1)")
            }
            return i
        case .string(let name):
            guard let i = classes.names.firstIndex(of: name) else {
                throw ScriptError("no class named \"\(name)\": the classes are \(classes.names.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            return i
        default:
            return nil
        }
    }
}

/// A region table value (`type(m) == "table"`): one row per object. `m.area` is a column
/// (a list), `m[0]` a row (a record), `len(m)` the number of rows; `for r in m` visits rows.
/// Columns are spelled with underscores everywhere in the language (`centroid_0`, where
/// scikit-image writes `centroid-0`): in `m.columns`, rows, printed tables, reports and CSV.
public struct TableValue: TabularValue {
    /// The table, its columns renamed to the language's spelling.
    public let table: RegionTable

    /// Wraps a table, renaming its columns as the language spells them (`centroid_0`).
    public init(_ table: RegionTable) {
        self.table = table.columnNames.contains(where: { $0.contains("-") })
            ? RegionTable(columnNames: table.columnNames.map(Self.memberName), labels: table.labels, columns: table.columns)
            : table
    }

    /// The language's spelling of a region table column: `centroid-0` → `centroid_0`.
    static func memberName(_ column: String) -> String { column.replacingOccurrences(of: "-", with: "_") }

    public var columnNames: [String] { table.columnNames }
    public var rowCount: Int { table.count }
    public func cell(_ row: Int, _ column: Int) -> Value { .number(table.columns[column][row]) }
    public func reordered(_ rows: [Int]) -> TableValue { TableValue(table.reordered(rows)) }
}

/// Runs `body`, turning a pixel-engine error into a script error (so that the operator's
/// node places it at the operator).
func pixelErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as PixelEngineError {
        throw ScriptError(e.description)
    }
}
