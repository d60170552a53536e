import Foundation
import PixelEngine

/// How a network sees an image and what its outputs mean, read from the ONNX
/// `metadata_props` under `segsh.*` keys; every value a model leaves out gets a default, and
/// ``assumed`` names those keys so a summary can say which values were guessed.
///
/// | key | value |
/// |---|---|
/// | `segsh.task` | `"semantic"` (a class per pixel) or `"instances"` (objects) |
/// | `segsh.classes` | JSON list of the output channels' names |
/// | `segsh.colors` | JSON list of `"#rrggbb"`, one per class |
/// | `segsh.output` | `"logits"` (softmax applied here) or `"probabilities"` |
/// | `segsh.channels` | `"gray"`, `"rgb"` or `"bgr"`: the input's channel order |
/// | `segsh.normalize` | `"percentile"`, `"meanstd"`, `"unit"` or `"none"` |
/// | `segsh.percentiles` | JSON `[low, high]`, for `percentile` |
/// | `segsh.mean`, `segsh.std` | JSON lists, one per channel, for `meanstd` (on values scaled to [0, 1]) |
/// | `segsh.multiple_of` | input height and width must be multiples of this |
/// | `segsh.tile` | preferred tile size in pixels |
/// | `segsh.instances` | JSON record: the post-processing recipe (``InstanceRecipe``) |
/// | `segsh.training` | JSON record: data recipe, seed, epochs, validation |
/// | `segsh.name`, `segsh.description`, `segsh.version` | text |
///
/// Defaults: 3-channel inputs are `rgb` with ImageNet mean/std, 1-channel inputs `gray`
/// with percentiles 1–99.8 (as StarDist and cellpose); classes `class 0…n−1`; `logits`;
/// `semantic`, or `instances` when the classes are background, interior and boundary;
/// multiple of 16; tiles of 512.
///
/// ```swift
/// let card = try ModelCard(metadata: ["segsh.classes": "[\"bg\", \"cell\"]"], inputChannels: 1,
///                          outputChannels: 2, source: "cells.onnx")
/// card.assumed   // ["segsh.task", "segsh.output", "segsh.channels", …]
/// ```
public struct ModelCard: Sendable, Equatable {
    /// What the network's output is turned into.
    public enum Task: String, Sendable, Equatable, CaseIterable {
        /// One class per pixel.
        case semantic
        /// Objects (a label map), by the model's ``InstanceRecipe``.
        case instances
    }

    /// Whether the output channels still need a softmax.
    public enum OutputKind: String, Sendable, Equatable, CaseIterable {
        case logits, probabilities
    }

    /// The channel layout the network was trained on.
    public enum ChannelOrder: String, Sendable, Equatable, CaseIterable {
        case gray, rgb, bgr
    }

    /// How sample values become the network's input values.
    public enum Normalization: Sendable, Equatable, CustomStringConvertible {
        /// `(x − p_low) / (p_high − p_low)` with the image's percentiles over all its channels.
        case percentile(low: Double, high: Double)
        /// Values scaled to [0, 1] (by 255, 65535, or as they are for float), then
        /// `(x − mean[c]) / std[c]` per channel.
        case meanStd(mean: [Double], std: [Double])
        /// Values scaled to [0, 1] only.
        case unit
        /// The samples as they are.
        case none

        /// ImageNet's channel means and deviations (RGB order, values in [0, 1]).
        public static let imageNet = Normalization.meanStd(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])

        /// The key word written in model cards and accepted by `normalize:`.
        public var keyword: String {
            switch self {
            case .percentile: "percentile"
            case .meanStd: "meanstd"
            case .unit: "unit"
            case .none: "none"
            }
        }

        public var description: String {
            switch self {
            case .percentile(let low, let high): "percentile \(networkNumber(low))–\(networkNumber(high))"
            case .meanStd(let mean, let std):
                "mean \(mean.map(networkNumber).joined(separator: ", ")), std \(std.map(networkNumber).joined(separator: ", "))"
            case .unit: "unit (scaled to [0, 1])"
            case .none: "none (raw values)"
            }
        }
    }

    /// The model's name (`segsh.name`), if given.
    public var name: String?
    /// What the model does (`segsh.description`), if given.
    public var about: String?
    /// The model's version (`segsh.version`), if given.
    public var version: String?
    /// What the output becomes.
    public var task: Task
    /// One class per output channel, in order, with its display colour.
    public var classes: [SemanticClass]
    /// Logits or probabilities.
    public var output: OutputKind
    /// The input's channel order.
    public var channels: ChannelOrder
    /// How samples are normalised.
    public var normalization: Normalization
    /// Input height and width are padded to multiples of this (≥ 1).
    public var multipleOf: Int
    /// The preferred tile size in pixels (the network's input size when it is fixed).
    public var tile: Int
    /// How instances are made from the probabilities.
    public var instances: InstanceRecipe
    /// The training record (`segsh.training`), as JSON text.
    public var training: String?
    /// The `segsh.*` keys whose values were assumed, in the order of the table above.
    public var assumed: [String]

    /// The keys this card reads.
    public static let keys = ["segsh.task", "segsh.classes", "segsh.colors", "segsh.output", "segsh.channels",
                              "segsh.normalize", "segsh.percentiles", "segsh.mean", "segsh.std", "segsh.multiple_of",
                              "segsh.tile", "segsh.instances", "segsh.training", "segsh.name", "segsh.description",
                              "segsh.version"]

    /// Reads the card from a model's metadata.
    ///
    /// - Parameters:
    ///   - metadata: the ONNX `metadata_props`; keys other than `segsh.*` are ignored.
    ///   - inputChannels: the network's input channel count (decides the defaults).
    ///   - outputChannels: the network's output channel count (the number of classes).
    ///   - fixedSize: the input's height and width when the network fixes them.
    ///   - source: the file, named in errors.
    /// - Throws: ``NetworkError`` (`.modelCard`) for a value that cannot be read, naming
    ///   the key, the value and what is expected.
    public init(metadata: [String: String], inputChannels: Int, outputChannels: Int,
                fixedSize: (height: Int, width: Int)? = nil, source: String) throws(NetworkError) {
        var assumed: [String] = []
        func bad(_ key: String, _ expected: String) -> NetworkError {
            NetworkError(.modelCard, "\(source): metadata \(key) is \(Self.quoted(metadata[key] ?? "")); expected \(expected)")
        }
        func word<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type, default value: T) throws(NetworkError) -> T
            where T.RawValue == String {
            guard let text = metadata[key] else { assumed.append(key); return value }
            guard let v = T(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw bad(key, "one of " + T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            }
            return v
        }
        func json(_ key: String) throws(NetworkError) -> Any? {
            guard let text = metadata[key] else { return nil }
            guard let data = text.data(using: .utf8),
                  let v = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                throw bad(key, "JSON")
            }
            return v
        }
        func numbers(_ key: String, count: Int?) throws(NetworkError) -> [Double]? {
            guard let v = try json(key) else { return nil }
            guard let list = v as? [Any], let values = Optional(list.compactMap { ($0 as? NSNumber)?.doubleValue }),
                  values.count == list.count, !values.isEmpty, count == nil || values.count == count!,
                  values.allSatisfy(\.isFinite) else {
                throw bad(key, count.map { "a JSON list of \($0) numbers" } ?? "a JSON list of numbers")
            }
            return values
        }
        func integer(_ key: String, in range: ClosedRange<Int>) throws(NetworkError) -> Int? {
            guard let text = metadata[key] else { return nil }
            guard let v = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(v) else {
                throw bad(key, "an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return v
        }

        name = metadata["segsh.name"]
        about = metadata["segsh.description"]
        version = metadata["segsh.version"]
        guard (1...256).contains(outputChannels) else {
            throw NetworkError(.output, "\(source): the output has \(outputChannels) channels; a class map holds 1 to 256 classes")
        }
        let classCount = outputChannels == 1 ? 2 : outputChannels
        var names: [String]
        if let v = try json("segsh.classes") {
            guard let list = v as? [String], !list.isEmpty else { throw bad("segsh.classes", "a JSON list of class names") }
            guard list.count == classCount || (outputChannels == 1 && list.count == 1) else {
                throw NetworkError(.modelCard, "\(source): metadata segsh.classes names \(list.count) classes but the output has \(outputChannels) channels; give one name per channel")
            }
            names = list
            if outputChannels == 1 && list.count == 1 { names = ["background", list[0]] }
        } else {
            assumed.append("segsh.classes")
            names = outputChannels == 1 ? ["background", "foreground"] : (0..<classCount).map { "class \($0)" }
        }
        var colors = (0..<classCount).map { SemanticClass.classPalette[$0 % SemanticClass.classPalette.count] }
        if let v = try json("segsh.colors") {
            guard let list = v as? [String], list.count == names.count || (outputChannels == 1 && list.count == 1) else {
                throw bad("segsh.colors", "a JSON list of \(names.count) colours \"#rrggbb\"")
            }
            let parsed = list.map { RGB8(hex: $0) }
            guard parsed.allSatisfy({ $0 != nil }) else { throw bad("segsh.colors", "colours written \"#rrggbb\"") }
            colors = parsed.count == names.count ? parsed.map { $0! } : [colors[0], parsed[0]!]
        } else {
            assumed.append("segsh.colors")
        }
        classes = zip(names, colors).map { SemanticClass(name: $0, color: $1) }

        let looksInstance = names.count == 3 && names[1].lowercased() == "interior" && names[2].lowercased() == "boundary"
        task = try word("segsh.task", Task.self, default: looksInstance ? .instances : .semantic)
        output = try word("segsh.output", OutputKind.self, default: .logits)
        channels = try word("segsh.channels", ChannelOrder.self, default: inputChannels == 1 ? .gray : .rgb)
        if channels == .gray && inputChannels != 1 && inputChannels != 3 || channels != .gray && inputChannels != 3 {
            throw NetworkError(.modelCard, "\(source): metadata segsh.channels is \"\(channels.rawValue)\" but the input has \(inputChannels) channels")
        }

        switch metadata["segsh.normalize"]?.trimmingCharacters(in: .whitespaces).lowercased() {
        case nil:
            assumed.append("segsh.normalize")
            normalization = inputChannels == 3 ? .imageNet : .percentile(low: 1, high: 99.8)
        case "percentile":
            let p = try numbers("segsh.percentiles", count: 2) ?? { assumed.append("segsh.percentiles"); return [1, 99.8] }()
            guard 0 <= p[0], p[0] < p[1], p[1] <= 100 else { throw bad("segsh.percentiles", "[low, high] with 0 <= low < high <= 100") }
            normalization = .percentile(low: p[0], high: p[1])
        case "meanstd":
            let imageNet = inputChannels == 3 && channels != .gray
            guard imageNet || metadata["segsh.mean"] != nil && metadata["segsh.std"] != nil else {
                throw NetworkError(.modelCard, "\(source): metadata segsh.normalize is \"meanstd\" but segsh.mean and segsh.std are missing; give one value per input channel")
            }
            let mean = try numbers("segsh.mean", count: inputChannels) ?? { assumed.append("segsh.mean"); return [0.485, 0.456, 0.406] }()
            let std = try numbers("segsh.std", count: inputChannels) ?? { assumed.append("segsh.std"); return [0.229, 0.224, 0.225] }()
            guard std.allSatisfy({ $0 > 0 }) else { throw bad("segsh.std", "values > 0") }
            normalization = .meanStd(mean: mean, std: std)
        case "unit": normalization = .unit
        case "none": normalization = .none
        default: throw bad("segsh.normalize", "one of \"percentile\", \"meanstd\", \"unit\", \"none\"")
        }

        if let m = try integer("segsh.multiple_of", in: 1...1024) {
            multipleOf = m
        } else {
            assumed.append("segsh.multiple_of")
            multipleOf = fixedSize == nil ? 16 : 1
        }
        if let fixedSize {
            tile = max(fixedSize.height, fixedSize.width)
        } else if let t = try integer("segsh.tile", in: 16...8192) {
            tile = t
        } else {
            assumed.append("segsh.tile")
            tile = 512
        }
        if let v = try json("segsh.instances") {
            guard let record = v as? [String: Any] else { throw bad("segsh.instances", "a JSON record such as {\"method\": \"interior_boundary_watershed\", \"foreground\": 0.5, \"seed\": 0.7}") }
            instances = try InstanceRecipe(record: record, source: source)
        } else {
            if task == .instances { assumed.append("segsh.instances") }
            instances = InstanceRecipe()
        }
        if task == .instances {
            try instances.check(classes: names, source: source)
        }
        training = metadata["segsh.training"]
        self.assumed = Self.keys.filter(assumed.contains)
    }

    /// `text` in double quotes, cut to 60 characters.
    static func quoted(_ text: String) -> String {
        "\"" + (text.count > 60 ? String(text.prefix(57)) + "…" : text) + "\""
    }
}

/// A number without a trailing `.0`.
func networkNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}
