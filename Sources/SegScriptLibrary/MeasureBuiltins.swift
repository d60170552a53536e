import Foundation
import SegScript
import Segmentation

private struct Props: ImageQuery {
    let labels: LabelMap, properties: [RegionProperty]?
    func apply<S: PixelSample>(_ i: Image<S>) throws -> RegionTable { try labels.regionprops(intensity: i, properties: properties) }
}
private struct HistogramCounts: ImageQuery {
    let bins: Int
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Histogram { try i.histogram(bins: bins) }
}
private struct HistogramPlot: ImageQuery {
    let bins: Int, thresholds: [Double], log: Bool
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<UInt8> {
        try i.histogramPlot(bins: bins, thresholds: thresholds, logScale: log)
    }
}
private struct Overlay: ImageQuery {
    let over: Value, alpha: Double
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<UInt8> {
        switch over {
        case .host(let h as LabelsValue): try i.overlay(h.labels, alpha: alpha)
        case .host(let h as ClassesValue): try i.overlay(h.classes, alpha: alpha)
        case .host(let h as MaskValue): try i.overlay(h.mask, alpha: alpha)
        default: throw ScriptError("'over' must be labels, classes or a mask, got \(over.typeName)", argument: "over")
        }
    }
}
private struct Outline: ImageQuery {
    let over: Value, color: RGB8
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<UInt8> {
        switch over {
        case .host(let h as LabelsValue): try i.markBoundaries(h.labels, color: color)
        case .host(let h as ClassesValue): try i.markBoundaries(h.classes, color: color)
        case .host(let h as MaskValue): try i.markBoundaries(h.mask, color: color)
        default: throw ScriptError("'over' must be labels, classes or a mask, got \(over.typeName)", argument: "over")
        }
    }
}
private struct CompareOn: ImageQuery {
    let prediction: LabelMap, truth: LabelMap, threshold: Double
    func apply<S: PixelSample>(_ i: Image<S>) throws -> Image<UInt8> { try prediction.compare(truth: truth, on: i, threshold: threshold) }
}

private let overlayTypes = ValueType.oneOf([.labels, .classes, .mask])

extension Arguments {
    func color(_ name: String) throws -> RGB8 {
        let s = try string(name)
        let named: [String: RGB8] = ["red": RGB8(255, 0, 0), "green": RGB8(0, 255, 0), "blue": RGB8(0, 0, 255),
                                     "yellow": RGB8(255, 255, 0), "white": RGB8(255, 255, 255), "black": RGB8(0, 0, 0),
                                     "cyan": RGB8(0, 255, 255), "magenta": RGB8(255, 0, 255)]
        if let c = named[s] ?? RGB8(hex: s) { return c }
        throw ScriptError("color must be a name (red, yellow, …) or \"#rrggbb\", got \"\(s)\"", argument: name)
    }
}

/// Topics "measure", "evaluate" and "display".
enum MeasureBuiltins {
    static let measure: [Builtin] = [
        Builtin("measure", topic: "measure",
                parameters: [Parameter("labels", .labels),
                             Parameter("image", .image, default: Value.none, help: "intensity image for intensity_mean/min/max"),
                             Parameter("properties", .list, default: Value.none, help: "property names; default: all that apply")],
                summary: "A table of region properties, one row per object (skimage regionprops_table).",
                help: """
                    Columns: label, area, perimeter, centroid_0/1 (row, column), bbox_0…3, eccentricity, solidity, \
                    intensity_mean… (scikit-image's names, with `_` for its `-`, in tables, rows and CSV alike). \
                    Read a column with m.area (a list), a row with m[0] (a record), the names with m.columns; \
                    sort(m, by: "area") and describe(m) summarise it.
                    """,
                examples: ["m = measure(cells, img); print(len(m), m.area[0] > 0)", "measure(cells, properties: [\"area\", \"eccentricity\"])"]) { _, args in
            let labels = try args.labels("labels")
            var properties: [RegionProperty]?
            if let list = args.optional("properties") {
                properties = try (list.list ?? []).map { v in
                    let names = RegionProperty.allCases.map(\.rawValue)
                    guard let s = v.string, let p = RegionProperty(rawValue: s) else {
                        throw ScriptError("unknown property \(v.debugDescription); known: \(names.joined(separator: ", "))", argument: "properties",
                                          suggestion: v.string.flatMap { s in names.min { editDistance($0, s) < editDistance($1, s) } })
                    }
                    return p
                }
            }
            if args.optional("image") != nil {
                return .table(try args.image("image").query(Props(labels: labels, properties: properties)))
            }
            return .table(try labels.regionprops(properties: properties?.filter { !$0.needsIntensity }))
        },
        Builtin("filter", topic: "measure",
                parameters: [Parameter("table", .oneOf([.table, .list])),
                             Parameter("keep", .function, rowExpression: true,
                                       help: "a condition on each row's columns (`area > 50`), or a function called with each row (or item)")],
                summary: "The rows of a table (or items of a list) for which `keep` is true.",
                help: """
                    `keep` is written over the row's columns, evaluated once per row: \
                    `filter(m, area > 50 & eccentricity < 0.8)`; other names mean what they mean \
                    at the call (`filter(m, area > min_area)`). A function is called with each row \
                    (a record) or list item instead: `filter(m, big)`.
                    """,
                examples: ["print(len(filter(measure(cells), area > 120)))",
                           "def big(r) { return r.area > 120 }; print(len(filter(measure(cells), big)))"]) { context, args in
            let keep = args["keep"]
            func test(_ v: Value) throws -> Bool {
                let result = try context.call(keep, [v])
                guard case .bool(let b) = result else {
                    throw ScriptError("'keep' must return a bool, got \(result.typeName)", argument: "keep")
                }
                return b
            }
            switch args["table"] {
            case .list(let items):
                return .list(try items.filter(test))
            case .host(let t as any TabularValue):
                return .host(try t.reordered((0..<t.rowCount).filter { try test(t.row($0)) }))
            default:
                throw ScriptError("'table' must be a table or a list, got \(args["table"].typeName)", argument: "table")
            }
        },
        Builtin("table", topic: "measure",
                parameters: [Parameter("rows", .list, help: "records, one per row: [{file: \"a.png\", cells: 12}, …]")],
                summary: "A table made from a list of records (numbers, strings, bools): print it, filter it, save it as CSV.",
                help: """
                    The columns are the records' fields in order of first appearance; a record \
                    without a field leaves that cell empty (none). Collect one record per image in \
                    a loop or a `parallel for`, then `save(table(rows), "results.csv")`.
                    """,
                examples: ["t = table([{file: \"a.png\", cells: 12}, {file: \"b.png\", cells: 9}])\nprint(t.cells, len(filter(t, cells > 10)))"]) { _, args in
            .host(try RecordTable(records: try args.list("rows")))
        },
        Builtin("keep", topic: "measure",
                parameters: [Parameter("labels", .labels), Parameter("table", .table, help: "rows to keep, e.g. from filter")],
                summary: "The label map with only the objects listed in a table (others become background).",
                examples: ["def big(r) { return r.area > 120 }; keep(cells, filter(measure(cells), big))"]) { _, args in
            .labels(try args.labels("labels").keeping(try args.host("table", as: TableValue.self).table.labels))
        },
        Builtin("histogram", topic: "measure",
                parameters: [Parameter("image", .image), Parameter("bins", .integer, default: .number(256)),
                             Parameter("plot", .bool, default: .bool(true), help: "true: a picture; false: a record {counts, edges}"),
                             Parameter("thresholds", .list, default: .list([]), help: "values to mark on the plot"),
                             Parameter("log", .bool, default: .bool(false), help: "bar heights as log(1 + count), so small bins stay visible")],
                summary: "The intensity histogram, drawn as a picture (or as numbers with plot: false).",
                examples: ["show(histogram(img, thresholds: [otsu(img)]))", "show(histogram(img, log: true))", "h = histogram(img, bins: 8, plot: false); print(sum(h.counts))  # 4096"]) { _, args in
            let bins = try args.integer("bins", in: 1...65536)
            let image = try args.image("image")
            if try args.bool("plot") {
                let thresholds = try args.list("thresholds").map { v -> Double in
                    guard let n = v.number else { throw ScriptError("thresholds must be numbers", argument: "thresholds") }
                    return n
                }
                return .image(try image.query(HistogramPlot(bins: bins, thresholds: thresholds, log: try args.bool("log"))))
            }
            let h = try image.query(HistogramCounts(bins: bins))
            return .record(Record([("counts", .list(h.counts.map { .number(Double($0)) })),
                                   ("edges", .list(h.edges.map { .number($0) }))]))
        },
    ]

    static let evaluate: [Builtin] = [
        Builtin("evaluate", topic: "evaluate",
                parameters: [Parameter("prediction", .oneOf([.labels, .classes, .mask])),
                             Parameter("truth", .oneOf([.labels, .classes, .mask])),
                             Parameter("threshold", .number, default: .number(0.5), help: "IoU needed to match objects (labels)")],
                summary: "Scores a segmentation against the truth: prints as a table, fields hold the numbers.",
                help: """
                    Label maps: precision, recall, f1, accuracy (TP/(TP+FP+FN)) at `threshold`, mean_accuracy over \
                    IoU 0.5…0.95, aji, tp, fp, fn, splits, merges. Class maps and masks: pixel_accuracy, mean_iou, \
                    mean_dice, iou and dice per class, and heat_map (the confusion matrix as a picture).
                    """,
                examples: ["r = evaluate(cells, truth); print(r.f1 >= 0)"]) { _, args in
            let t = try args.number("threshold")
            guard t > 0, t <= 1 else { throw ScriptError("threshold must be in (0, 1], got \(Value.format(t))", argument: "threshold") }
            switch (args["prediction"], args["truth"]) {
            case let (.host(p as LabelsValue), .host(g as LabelsValue)):
                // The table and mean_accuracy cover the standard IoU 0.5…0.95; a `threshold`
                // outside that list is scored on its own for the headline fields.
                let m = try p.labels.evaluate(truth: g.labels)
                let standard = m.rows.first { abs($0.threshold - t) < 1e-9 }
                let row = try standard ?? p.labels.evaluate(truth: g.labels, thresholds: [t]).rows[0]
                let mean = m.meanAccuracy
                let fields: [(String, Double)] = [
                    ("precision", row.precision), ("recall", row.recall), ("f1", row.f1), ("accuracy", row.accuracy),
                    ("mean_accuracy", mean), ("aji", m.aggregatedJaccardIndex),
                    ("tp", Double(row.truePositives)), ("fp", Double(row.falsePositives)), ("fn", Double(row.falseNegatives)),
                    ("splits", Double(m.splits)), ("merges", Double(m.merges)),
                    ("true_count", Double(m.trueCount)), ("predicted_count", Double(m.predictedCount)),
                ]
                return .host(EvaluationValue(fields: Record(fields.map { ($0.0, .number($0.1)) }), table: m.description, heatMap: nil, instance: m))
            case let (.host(p as ClassesValue), .host(g as ClassesValue)):
                return try semanticRecord(try p.classes.evaluate(truth: g.classes))
            case let (.host(p as MaskValue), .host(g as MaskValue)):
                return try semanticRecord(try p.mask.evaluate(truth: g.mask))
            case let (p, g):
                throw ScriptError("prediction and truth must be the same kind (labels, classes or mask), got \(p.typeName) and \(g.typeName)", argument: "truth")
            }
        },
        Builtin("compare", topic: "evaluate",
                parameters: [Parameter("prediction", .oneOf([.labels, .mask])), Parameter("truth", .oneOf([.labels, .mask])),
                             Parameter("image", .image, default: Value.none, help: "draw on this picture (labels only)"),
                             Parameter("threshold", .number, default: .number(0.5))],
                summary: "A picture of agreement: matched objects / correct pixels green, misses and extras coloured.",
                examples: ["compare(cells, truth)", "compare(fg, truth > 0)"]) { _, args in
            let t = try args.number("threshold")
            switch (args["prediction"], args["truth"]) {
            case let (.host(p as LabelsValue), .host(g as LabelsValue)):
                if args.optional("image") != nil {
                    return .image(try args.image("image").query(CompareOn(prediction: p.labels, truth: g.labels, threshold: t)))
                }
                return .image(try p.labels.compare(truth: g.labels, threshold: t))
            case let (.host(p as MaskValue), .host(g as MaskValue)):
                return .image(try p.mask.compare(truth: g.mask))
            case let (p, g):
                throw ScriptError("prediction and truth must both be labels or both masks, got \(p.typeName) and \(g.typeName)", argument: "truth")
            }
        },
    ]

    static func semanticRecord(_ m: SemanticMetrics) throws -> Value {
        let fields = Record([("pixel_accuracy", .number(m.pixelAccuracy)), ("mean_iou", .number(m.meanIoU)),
                             ("mean_dice", .number(m.meanDice)), ("iou", .list(m.iou.map { .number($0) })),
                             ("dice", .list(m.dice.map { .number($0) }))])
        return .host(EvaluationValue(fields: fields, table: m.description, heatMap: try m.confusion.heatMap(), semantic: m))
    }

    static let display: [Builtin] = [
        Builtin("overlay", topic: "display",
                parameters: [Parameter("image", .image), Parameter("over", overlayTypes), Parameter("alpha", .number, default: .number(0.5))],
                summary: "The image with labels, classes or a mask blended over it in colour (an RGB uint8 image).",
                examples: ["show(overlay(img, cells))", "overlay(img, fg, alpha: 0.3)"]) { _, args in
            let alpha = try args.number("alpha")
            guard (0...1).contains(alpha) else { throw ScriptError("alpha must be in 0...1, got \(Value.format(alpha))", argument: "alpha") }
            return .image(try args.image("image").query(Overlay(over: args["over"], alpha: alpha)))
        },
        Builtin("outline", topic: "display",
                parameters: [Parameter("image", .image), Parameter("over", overlayTypes),
                             Parameter("color", .string, default: .string("yellow"), help: "a name or \"#rrggbb\"")],
                summary: "The image with the boundaries of objects, classes or a mask drawn on it (skimage mark_boundaries).",
                examples: ["show(outline(img, cells))", "outline(img, fg, color: \"#ff0000\")"]) { _, args in
            .image(try args.image("image").query(Outline(over: args["over"], color: try args.color("color"))))
        },
        Builtin("side_by_side", topic: "display",
                parameters: [Parameter("pictures", .oneOf([.image, .mask, .labels, .classes]), variadic: true)],
                summary: "The pictures in one row, on a white background, as one RGB image.",
                help: "In the terminal each picture gets a caption below it: its size and kind, \"N instances\" for a label map, \"N classes\" for a class map.",
                examples: ["show(side_by_side(img, fg, cells))"]) { _, args in
            let pictures = try args.list("pictures")
            let tiles = pictures.compactMap(LibraryDisplay.displayable)
            guard !tiles.isEmpty else { throw ScriptError("needs at least one picture") }
            return .host(ImageValue(.uint8(try montage(tiles)), tiles: pictures))
        },
    ]
}
