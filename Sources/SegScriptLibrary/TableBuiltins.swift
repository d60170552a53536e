import Foundation
import SegScript
import Segmentation

/// A value given to `show` with options: the title above its picture, and for a table,
/// every row (an echo or `print` shows the head and tail of a long table). Display sinks
/// unwrap it (``LibraryDisplay/shown(_:)``); as text it is the value's full text.
public struct ShownValue: HostValue {
    /// The value shown.
    public let value: Value
    /// A line above the picture (`show(img, title: "…")`), if any.
    public let title: String?
    /// A note under the title: how the picture's values were mapped to grey levels or
    /// colours ("contrast 200…3260 (auto, 0.35–99.65 %)"), if they were.
    public let note: String?

    init(_ value: Value, title: String? = nil, note: String? = nil) {
        self.value = value
        self.title = title
        self.note = note
    }

    public var typeName: String { value.typeName }
    public var summary: String { value.summary }
    public var description: String { text(width: 80) }

    public func text(width: Int) -> String {
        var lines = title.map { [$0] } ?? []
        if case .host(let t as any TabularValue) = value {
            lines.append(TableText.render(t, width: width, allRows: true))
        } else {
            lines.append(value.echoText(width: width))
        }
        return lines.joined(separator: "\n")
    }

    /// The caption a terminal prints under the picture: the title, then the note.
    public var caption: String? {
        let parts = [title, note].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "  ")
    }
}

extension LibraryDisplay {
    /// `value` without a ``ShownValue`` wrapper, and the wrapper's caption.
    static func shown(_ value: Value) -> (value: Value, caption: String?) {
        if case .host(let s as ShownValue) = value { return (s.value, s.caption) }
        return (value, nil)
    }
}

/// `show`, `sort` and `describe`: looking at values, and at tables in particular.
enum TableBuiltins {
    static let all: [Builtin] = [show, sort, describe]

    static let show = Builtin(
        "show", topic: "core",
        parameters: [Parameter("value"),
                     Parameter("title", .oneOf([.string, .none]), default: Value.none, help: "a line with the picture or table"),
                     Parameter("range", .oneOf([.list, .none]), default: Value.none,
                               help: "[low, high]: the values shown black and white (default: automatic for 16-bit and float)"),
                     Parameter("cmap", .oneOf([.string, .none]), default: Value.none,
                               help: "colour map of a gray image, with a colour bar: \"viridis\", \"magma\", \"gray\"")],
        summary: "Displays a value: pictures are drawn in the terminal, tables print every row.",
        help: """
            A bare expression at the prompt is shown too, but a long table then prints only its first \
            and last rows; show(t) prints them all. 16-bit images, and float images beyond 0…1, are \
            shown with an automatic contrast stretch (the darkest and brightest 0.35 % saturated), \
            and the caption gives the range; range: [lo, hi] fixes it.
            """,
        examples: ["show([1, 2, 3])", "show(measure(cells), title: \"nuclei\")",
                   "show(distance(fg), cmap: \"magma\", title: \"distance to background\")",
                   "show(img, range: [50, 200])"]) { context, args in
        let title = args.optional("title")?.string
        var value = args["value"]
        if args.optional("range") != nil || args.optional("cmap") != nil {
            guard case .host(let h as ImageValue) = value else {
                throw ScriptError("range and cmap apply to images, got \(value.typeName)", argument: args.optional("range") != nil ? "range" : "cmap")
            }
            var range: ClosedRange<Double>?
            if let list = args.optional("range")?.list {
                guard list.count == 2, let lo = list[0].number, let hi = list[1].number, lo < hi, lo.isFinite, hi.isFinite else {
                    throw ScriptError("range must be [low, high] with low < high, got \(args["range"].debugDescription)", argument: "range")
                }
                range = lo...hi
            }
            let cmap = try args.optional("cmap").map { _ in try args.choice("cmap", ImageDisplay.colorMaps) }
            let (picture, note) = try ImageDisplay.render(h.image, range: range, cmap: cmap)
            context.display(.host(ShownValue(.host(ImageValue(picture)), title: title, note: note)))
            return .none
        }
        if title != nil, case .host(let h as ImageValue) = value, let note = LibraryDisplay.note(for: value) {
            value = .host(ShownValue(.host(ImageValue((try? ImageDisplay.render(h.image).picture) ?? h.image)), title: title, note: note))
            context.display(value)
            return .none
        }
        if title == nil, value.host(as: ShownValue.self) != nil || !isTable(value) {
            context.display(value)
        } else {
            context.display(.host(ShownValue(value, title: title)))
        }
        return .none
    }

    static func isTable(_ value: Value) -> Bool {
        if case .host(_ as any TabularValue) = value { true } else { false }
    }

    static let sort = Builtin(
        "sort", topic: "measure",
        parameters: [Parameter("values", .oneOf([.table, .list]), help: "a table, or a list of numbers, strings or records"),
                     Parameter("by", .oneOf([.string, .none]), default: Value.none, help: "the column (or record field) to sort by"),
                     Parameter("descending", .bool, default: .bool(false), help: "largest first")],
        summary: "The rows of a table (or items of a list) in order of a column: sort(m, by: \"area\").",
        help: """
            The sort is stable: rows with equal values keep their order. Missing values (none, nan) \
            go last in either direction. A sorted region table still works with keep().
            """,
        examples: ["big = sort(measure(cells), by: \"area\", descending: true); print(big[0].area >= big[1].area)",
                   "sort([3, 1, 2])  # [1, 2, 3]", "sort([{n: \"b\"}, {n: \"a\"}], by: \"n\")"]) { _, args in
        let descending = try args.bool("descending")
        let by = args.optional("by")?.string
        switch args["values"] {
        case .host(let t as any TabularValue):
            guard let by else {
                throw ScriptError("which column? give by: one of \(t.columnNames.joined(separator: ", "))", argument: "by")
            }
            let j = try t.columnPosition(by, argument: "by")
            let keys = (0..<t.rowCount).map { t.cell($0, j) }
            return .host(t.reordered(try order(keys, descending: descending)))
        case .list(let items):
            let keys: [Value] = try items.enumerated().map { i, item in
                guard let by else { return item }
                guard case .record(let r) = item else {
                    throw ScriptError("item \(i) is a \(item.typeName), not a record: by: needs records", argument: "values")
                }
                guard let v = r[by] else {
                    throw ScriptError("item \(i) has no field '\(by)'", argument: "by", suggestion: Suggestions.nearest(by, among: r.names))
                }
                return v
            }
            return .list(try order(keys, descending: descending).map { items[$0] })
        default:
            throw ScriptError("'values' must be a table or a list, got \(args["values"].typeName)", argument: "values")
        }
    }

    /// The positions of `keys` in sorted order (stable; none and nan last).
    static func order(_ keys: [Value], descending: Bool) throws -> [Int] {
        var kind: String?
        for (i, key) in keys.enumerated() {
            switch key {
            case .none: continue
            case .number(let n) where n.isNaN: continue
            case .number, .string, .bool:
                if let kind, kind != key.typeName {
                    throw ScriptError("cannot order a \(kind) and a \(key.typeName) (item \(i)); sort values of one type", argument: "values")
                }
                kind = key.typeName
            default:
                throw ScriptError("cannot order a \(key.typeName) (item \(i)); sort numbers, strings or bools", argument: "values")
            }
        }
        func missing(_ v: Value) -> Bool {
            if case .none = v { return true }
            if case .number(let n) = v { return n.isNaN }
            return false
        }
        func less(_ a: Value, _ b: Value) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): x < y
            case let (.string(x), .string(y)): x < y
            case let (.bool(x), .bool(y)): !x && y
            default: false
            }
        }
        return keys.indices.sorted { i, j in
            let (a, b) = (keys[i], keys[j])
            let (ma, mb) = (missing(a), missing(b))
            if ma || mb { return ma == mb ? i < j : mb }
            if less(a, b) { return !descending }
            if less(b, a) { return descending }
            return i < j
        }
    }

    static let describe = Builtin(
        "describe", topic: "measure",
        parameters: [Parameter("table", .table)],
        summary: "Summary statistics of each numeric column: count, mean, std, min, quartiles, max (as pandas describe).",
        help: """
            One row per numeric column. std is the sample standard deviation (n - 1, as pandas); \
            the quartiles interpolate linearly between values (numpy's default). Missing values \
            (none, nan) are left out of every statistic and of count.
            """,
        examples: ["d = describe(measure(cells)); print(d.column[1], d[1].max >= d[1].min)"]) { _, args in
        guard case .host(let t as any TabularValue) = args["table"] else {
            throw ScriptError("'table' must be a table, got \(args["table"].typeName)", argument: "table")
        }
        var rows: [[Value]] = []
        for (j, name) in t.columnNames.enumerated() {
            var xs: [Double] = []
            var numeric = true
            for i in 0..<t.rowCount {
                switch t.cell(i, j) {
                case .number(let n): if !n.isNaN { xs.append(n) }
                case .none: break
                default: numeric = false
                }
            }
            guard numeric else { continue }
            let stats = ColumnStatistics(xs)
            rows.append([.string(name), .number(Double(xs.count))] + [stats.mean, stats.std, stats.min, stats.q25,
                                                                     stats.median, stats.q75, stats.max].map { $0.map(Value.number) ?? .none })
        }
        return .host(RecordTable(columns: ["column", "count", "mean", "std", "min", "q25", "median", "q75", "max"], rows: rows))
    }
}

/// The statistics `describe` gives for one column (nil where there are too few values).
struct ColumnStatistics {
    let mean, std, min, q25, median, q75, max: Double?

    init(_ values: [Double]) {
        let xs = values.sorted()
        let n = xs.count
        guard n > 0 else {
            (mean, std, min, q25, median, q75, max) = (nil, nil, nil, nil, nil, nil, nil)
            return
        }
        let m = xs.reduce(0, +) / Double(n)
        mean = m
        std = n > 1 ? (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot() : nil
        min = xs[0]
        max = xs[n - 1]
        func quantile(_ q: Double) -> Double {
            let position = q * Double(n - 1)
            let lo = Int(position.rounded(.down)), hi = Swift.min(lo + 1, n - 1)
            return xs[lo] + (xs[hi] - xs[lo]) * (position - Double(lo))
        }
        q25 = quantile(0.25)
        median = quantile(0.5)
        q75 = quantile(0.75)
    }
}
