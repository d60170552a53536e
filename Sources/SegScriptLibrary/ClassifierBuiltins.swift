import Foundation
import SegScript
import Segmentation

#if canImport(Glibc)
import Glibc
#endif

/// A trained pixel classifier (`type(m) == "model"`); prints its summary.
///
///     m = train_pixels(rgb, truth, trees: 20)
///     print(m)           # classes, trees, features, training pixels
///     m.classes          # ["background", "disk", …]
public struct ModelValue: HostValue {
    /// The classifier.
    public let model: PixelClassifier

    /// Wraps a classifier.
    public init(_ model: PixelClassifier) { self.model = model }

    public var typeName: String { "model" }
    public var summary: String {
        "model, \(model.classes.count) classes, \(model.forest.treeCount) trees, \(model.forest.featureCount) features"
    }
    public var description: String { model.summary }
    public var memberNames: [String] { ["classes", "trees", "features", "feature_names", "training_pixels", "channels", "bank"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "classes": .list(model.classNames.map { .string($0) })
        case "trees": .number(Double(model.forest.treeCount))
        case "features": .number(Double(model.forest.featureCount))
        case "feature_names": .list(model.featureNames.map { .string($0) })
        case "training_pixels": .number(Double(model.trainingPixels))
        case "channels": .number(Double(model.channels))
        case "bank": .string(model.bank.description)
        default: nil
        }
    }
}

extension ValueType {
    static let model = ValueType.host("model")
}

/// Topic "classify": the pixel classifier (filter bank + random forest) trained from
/// scribbles or ground truth.
enum ClassifierBuiltins {
    /// What model files record as their producer.
    static let producer = "segsh " + segshVersion

    static let all: [Builtin] = [trainPixels, classify, probabilities, saveModel, loadModel, importance]

    static let trainPixels = Builtin(
        "train_pixels", topic: "classify",
        parameters: [Parameter("image", .oneOf([.image, .list]), help: "the picture, or a list of pictures (same channel count)"),
                     Parameter("scribbles", .oneOf([.image, .classes, .labels, .string, .record, .list]),
                               help: "marked pixels: an image, class map (ground truth), label map, PNG path or record of masks; a list for several images"),
                     Parameter("classes", .list, default: Value.none, help: "class names, in order (scribble value 1 is the first)"),
                     Parameter("features", .string, default: .string("default"), help: "feature bank: \"default\", or e.g. \"gaussian,hessian@1,3.5\""),
                     Parameter("trees", .integer, default: .number(100), help: "trees in the forest"),
                     Parameter("max_depth", .integer, default: Value.none, help: "deepest a tree may grow; none: no limit"),
                     Parameter("seed", .integer, default: Value.none, help: "random seed; default: the session seed"),
                     Parameter("fraction", .number, default: .number(0.01), help: "share of a ground-truth class map's pixels used, per class")],
        summary: "Trains a pixel classifier (features + random forest) from scribbles or ground truth.",
        help: """
            Scribbles mark a few pixels per class; everything else is unlabelled:
              - a gray image, label map or palette PNG: value k marks the k-th class (0 = unlabelled);
              - an RGB(A) image or PNG: each colour other than black is a class, classes sorted by
                colour (0xRRGGBB), so several scribble pictures agree;
              - a class map (ground truth): every pixel is labelled; `fraction` of each class's pixels
                are drawn (seeded), at least one per class;
              - a record of masks, {background: bg, cell: strokes}: one class per field, in order,
                named by the field (the first is drawn black, as a background); no pixel in two masks.
            image and scribbles may be lists of equal length: all their pixels train one model.
            The features (per channel) are Gaussian smoothing, Laplacian of Gaussian, gradient
            magnitude, difference of Gaussians, structure-tensor and Hessian eigenvalues at several
            sigmas (49 per channel by default). On a terminal, progress is shown on stderr.
            The same inputs and seed give the same model on every machine and thread count.
            """,
        examples: ["m = train_pixels(rgb, sample(\"shapes\", truth: true, width: 64, height: 64), features: \"gaussian,gradient@1,3.5\", trees: 10, fraction: 0.05)",
                   "m = train_pixels(rgb, sample(\"shapes\", truth: true, width: 64, height: 64), classes: [\"bg\", \"disk\", \"square\", \"triangle\"], features: \"gaussian@1\", trees: 5, seed: 3)"]) { context, args in
        let images: [AnyImage]
        let imageValues: [Value]
        if case .list(let list) = args["image"] { imageValues = list } else { imageValues = [args["image"]] }
        images = try imageValues.enumerated().map { i, v in
            guard case .host(let h as ImageValue) = v else {
                throw ScriptError("'image' must be an image or a list of images; item \(i + 1) is \(v.typeName)", argument: "image")
            }
            return h.image
        }
        guard !images.isEmpty else { throw ScriptError("'image' is an empty list; give at least one image", argument: "image") }
        var scribbleValues: [Value]
        if case .list(let list) = args["scribbles"] { scribbleValues = list } else { scribbleValues = [args["scribbles"]] }
        guard scribbleValues.count == images.count else {
            throw ScriptError("\(images.count) image(s) but \(scribbleValues.count) scribble value(s); give one scribbles per image", argument: "scribbles")
        }
        let fraction = try args.number("fraction")
        guard fraction > 0 && fraction <= 1 else {
            throw ScriptError("fraction must be in (0, 1], got \(Value.format(fraction)); 0.01 uses 1% of each class's pixels", argument: "fraction")
        }
        // Colour scribbles are read together so that a colour is the same class in all of them.
        var colorPictures: [(Int, Image<UInt8>)] = []
        var labels = [TrainingLabels?](repeating: nil, count: images.count)
        var recordNames: [String]?
        for (i, v) in scribbleValues.enumerated() {
            let which = scribbleValues.count > 1 ? "item \(i + 1) of 'scribbles'" : "'scribbles'"
            do {
                switch v {
                case .host(let h as ClassesValue):
                    labels[i] = .groundTruth(h.classes, fraction: fraction)
                case .record(let r):
                    let (scribbles, names) = try ScribbleRecord.scribbles(r, width: images[i].width, height: images[i].height, which: which)
                    if let earlier = recordNames, earlier != names {
                        throw ScriptError("\(which) names the classes \(names) but an earlier record named \(earlier); give every image's scribbles the same fields in the same order", argument: "scribbles")
                    }
                    recordNames = names
                    labels[i] = .scribbles(scribbles)
                case .host(let h as LabelsValue):
                    labels[i] = .scribbles(try Scribbles(labels: h.labels))
                case .host(let h as ImageValue):
                    switch h.image {
                    case .uint8(let img) where img.channels >= 3: colorPictures.append((i, img))
                    case .uint8(let img) where img.channels == 1: labels[i] = .scribbles(try Scribbles(indices: img))
                    default:
                        throw ScriptError("\(which) is a \(h.summary) image; scribbles are uint8 gray (class values) or RGB (class colours)", argument: "scribbles")
                    }
                case .string(let path):
                    let decoded: PNG.Decoded
                    do {
                        decoded = try PNG.read(path: path, options: .init(keepPaletteIndices: true))
                    } catch {
                        throw ScriptError("cannot read scribbles '\(path)': \(error)", argument: "scribbles")
                    }
                    if case .uint8(let img) = decoded.image, img.channels >= 3 {
                        colorPictures.append((i, img))
                    } else {
                        labels[i] = .scribbles(try Scribbles.decode(decoded, source: path))
                    }
                default:
                    throw ScriptError("\(which) is \(v.typeName); give an image, a class map, a label map or a PNG path", argument: "scribbles")
                }
            } catch let e as PixelEngineError {
                throw ScriptError(e.message, argument: "scribbles")
            }
        }
        if !colorPictures.isEmpty {
            do {
                let (scribbles, _) = try Scribbles.fromColors(colorPictures.map(\.1))
                for (j, (i, _)) in colorPictures.enumerated() { labels[i] = .scribbles(scribbles[j]) }
            } catch let e as PixelEngineError {
                throw ScriptError(e.message, argument: "scribbles")
            }
        }
        var classes: [SemanticClass]?
        if let recordNames {
            guard args.optional("classes") == nil else {
                throw ScriptError("the scribbles record already names the classes (\(recordNames.joined(separator: ", "))); leave out 'classes'", argument: "classes")
            }
            classes = recordNames.enumerated().map { k, name in
                SemanticClass(name: name, color: SemanticClass.classPalette[k % SemanticClass.classPalette.count])
            }
        } else if args.optional("classes") != nil {
            let names = try args.list("classes").map { v -> String in
                guard case .string(let s) = v else { throw ScriptError("class names must be strings, got \(v.typeName)", argument: "classes") }
                return s
            }
            guard !names.isEmpty else { throw ScriptError("'classes' is empty; give one name per class or leave it out", argument: "classes") }
            // Colours from the labels where they define them, the default palette otherwise.
            var colors: [RGB8] = []
            for l in labels {
                switch l {
                case .scribbles(let s)? where s.colors.count > colors.count: colors = s.colors
                case .groundTruth(let m, _)? where m.classes.count > colors.count: colors = m.classes.map(\.color)
                default: break
                }
            }
            classes = names.enumerated().map { k, name in
                SemanticClass(name: name, color: k < colors.count ? colors[k] : SemanticClass.classPalette[(k + 1) % SemanticClass.classPalette.count])
            }
        }
        let bank: FeatureBank
        do {
            bank = try FeatureBank.parse(try args.string("features"))
        } catch let e as PixelEngineError {
            throw ScriptError(e.message, argument: "features")
        }
        let trees = try args.integer("trees", in: 1...10_000)
        let maxDepth = try args.optional("max_depth").map { _ in try args.integer("max_depth", in: 1...10_000) }
        let parameters = RandomForest.Parameters(trees: trees, maxDepth: maxDepth, seed: try args.seed("seed", context))
        let examples = zip(images, labels).map { TrainingExample(image: $0, labels: $1!) }
        let progress = TerminalProgress()
        defer { progress.finish() }
        do {
            return .host(ModelValue(try PixelClassifier.train(examples, classes: classes, bank: bank, parameters: parameters,
                                                              progress: progress.report,
                                                              cancel: { (try? context.checkCancelled()) == nil })))
        } catch let e as PixelEngineError {
            if e.message == "cancelled" { throw ScriptError("interrupted") }
            throw ScriptError(e.message, argument: argument(for: e.message))
        }
    }

    /// The parameter an engine message is about, so the caret points at it.
    static func argument(for message: String) -> String? {
        if message.contains("class name") || message.contains("has no labelled pixels") { return "classes" }
        if message.contains("labels") || message.contains("labelled") || message.contains("scribble") { return "scribbles" }
        if message.contains("channels") || message.contains("image") { return "image" }
        return nil
    }

    static let classify = Builtin(
        "classify", topic: "classify",
        parameters: [Parameter("model", .model), Parameter("image", .image, help: "the same channel count as the training images")],
        summary: "Classifies every pixel with a trained model: a class map.",
        help: "The class of a pixel is the most probable one (ties: the lower class index).",
        examples: ["m = train_pixels(rgb, sample(\"shapes\", truth: true, width: 64, height: 64), features: \"gaussian@1,3.5\", trees: 5)\nc = classify(m, rgb)"]) { context, args in
        let model = try args.host("model", as: ModelValue.self).model
        let image = try args.image("image")
        let progress = TerminalProgress()
        defer { progress.finish() }
        do {
            return .classes(try model.classify(image, progress: progress.report, cancel: { (try? context.checkCancelled()) == nil }))
        } catch let e as PixelEngineError {
            if e.message == "cancelled" { throw ScriptError("interrupted") }
            throw ScriptError(e.message, argument: "image")
        }
    }

    static let probabilities = Builtin(
        "probabilities", topic: "classify",
        parameters: [Parameter("model", .model), Parameter("image", .image, help: "the same channel count as the training images")],
        summary: "The probability of each class at each pixel: a list of float images, one per class.",
        help: "Values are in [0, 1] and sum to 1 at each pixel. p[1] > 0.5 is a mask of class 1.",
        examples: ["m = train_pixels(rgb, sample(\"shapes\", truth: true, width: 64, height: 64), features: \"gaussian@1,3.5\", trees: 5)\np = probabilities(m, rgb)\nfg = p[1] > 0.5"]) { context, args in
        let model = try args.host("model", as: ModelValue.self).model
        let image = try args.image("image")
        let progress = TerminalProgress()
        defer { progress.finish() }
        do {
            return .list(try model.probabilities(image, progress: progress.report, cancel: { (try? context.checkCancelled()) == nil })
                .map { Value.image($0) })
        } catch let e as PixelEngineError {
            if e.message == "cancelled" { throw ScriptError("interrupted") }
            throw ScriptError(e.message, argument: "image")
        }
    }

    static let saveModel = Builtin(
        "save_model", topic: "classify",
        parameters: [Parameter("model", .model), Parameter("path", .string, help: "conventionally ends in .segmodel"),
                     Parameter("overwrite", .bool, default: .bool(false), help: "replace an existing file")],
        summary: "Writes a trained model to a file (versioned binary format, written atomically).",
        help: "Like save: an existing file is replaced only with overwrite: true, and never a file this run read.",
        examples: ["m = train_pixels(rgb, sample(\"shapes\", truth: true, width: 64, height: 64), features: \"gaussian@1\", trees: 3)\nsave_model(m, \"/tmp/segsh-example.segmodel\", overwrite: true)"]) { context, args in
        let model = try args.host("model", as: ModelValue.self).model
        let path = try args.string("path")
        try checkOutput(path, overwrite: try args.bool("overwrite"), context: context)
        do {
            try model.save(to: path, producer: producer)
        } catch let e as PixelEngineError {
            throw ScriptError(e.message, argument: "path")
        }
        context.ledger.recordWrite(path)
        return .none
    }

    static let loadModel = Builtin(
        "load_model", topic: "classify",
        parameters: [Parameter("path", .string, help: "a file written by save_model")],
        summary: "Reads a model written by save_model.",
        help: "Refuses truncated or damaged files, files from a newer segsh and unknown feature sets, with the reason.",
        examples: ["save_model(train_pixels(rgb, sample(\"shapes\", truth: true, width: 64, height: 64), features: \"gaussian@1\", trees: 3), \"/tmp/segsh-example2.segmodel\", overwrite: true)\nm = load_model(\"/tmp/segsh-example2.segmodel\")"]) { context, args in
        let path = try args.string("path")
        do {
            let model = try PixelClassifier.load(path: path)
            context.ledger.recordRead(path)
            return .host(ModelValue(model))
        } catch let e as PixelEngineError {
            throw ScriptError(e.message, argument: "path")
        }
    }

    static let importance = Builtin(
        "importance", topic: "classify",
        parameters: [Parameter("model", .model)],
        summary: "Each feature's importance (mean decrease in impurity, summing to 1): a table, most important first.",
        examples: ["m = train_pixels(rgb, sample(\"shapes\", truth: true, width: 64, height: 64), features: \"gaussian@1,3.5\", trees: 5)\nt = importance(m)\nprint(t[0].feature)"]) { _, args in
        .host(RecordTable(columns: ["feature", "importance"],
                          rows: try args.host("model", as: ModelValue.self).model.importances.map { [.string($0.name), .number($0.value)] }))
    }
}

/// A one-line progress display on stderr, only when stderr is a terminal (never into the
/// script's output). Reports may come from worker threads; the line is rewritten in place
/// and cleared at the end.
final class TerminalProgress: @unchecked Sendable {
    private let enabled = isatty(2) == 1
    private let lock = NSLock()
    private var shown = false
    private var lastDraw = ContinuousClock.now

    func report(_ progress: PixelClassifier.Progress) {
        guard enabled else { return }
        let text: String
        switch progress {
        case .features(let image, let images, let bytes):
            let megabytes = (bytes + (1 << 20) - 1) >> 20
            text = images > 1 ? "features of image \(image + 1)/\(images) (about \(megabytes) MB)" : "features (about \(megabytes) MB)"
        case .training(let done, let total): text = "training: \(done)/\(total) trees"
        case .predicting(let done, let total): text = "classifying: \(100 * done / max(total, 1))%"
        }
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        let final = { if case .features = progress { return true } else { return false } }()
        guard final || now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        shown = true
        Self.writeError("\r\u{1B}[2K" + text)
    }

    /// Writes to file descriptor 2 directly (the C `stderr` global is not concurrency-safe).
    private static func writeError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { Self.writeError("\r\u{1B}[2K") }
        shown = false
    }
}
