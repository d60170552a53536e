import PixelEngine
@testable import Segmentation
import Testing

@Suite("Neural: model card")
struct ModelCardTests {
    @Test func threeChannelDefaults() throws {
        let card = try ModelCard(metadata: [:], inputChannels: 3, outputChannels: 4, source: "user.onnx")
        #expect(card.task == .semantic)
        #expect(card.classes.map(\.name) == ["class 0", "class 1", "class 2", "class 3"])
        #expect(card.classes.map(\.color) == Array(SemanticClass.classPalette.prefix(4)))
        #expect(card.output == .logits)
        #expect(card.channels == .rgb)
        #expect(card.normalization == .imageNet)
        #expect(card.multipleOf == 16)
        #expect(card.tile == 512)
        #expect(card.assumed == ["segsh.task", "segsh.classes", "segsh.colors", "segsh.output", "segsh.channels",
                                 "segsh.normalize", "segsh.multiple_of", "segsh.tile"])
    }

    @Test func grayDefaultsAndOneOutputChannel() throws {
        let card = try ModelCard(metadata: [:], inputChannels: 1, outputChannels: 1, source: "fg.onnx")
        #expect(card.channels == .gray)
        #expect(card.normalization == .percentile(low: 1, high: 99.8))
        #expect(card.classes.map(\.name) == ["background", "foreground"])
    }

    @Test func fixedInputSizeSetsTheTile() throws {
        let card = try ModelCard(metadata: ["segsh.tile": "64"], inputChannels: 1, outputChannels: 2,
                                 fixedSize: (height: 32, width: 48), source: "fixed.onnx")
        #expect(card.tile == 48)
        #expect(card.multipleOf == 1)
    }

    @Test func fullCard() throws {
        let metadata = [
            "segsh.name": "nuclei", "segsh.description": "nuclei in fluorescence", "segsh.version": "2",
            "segsh.task": "instances", "segsh.classes": #"["background", "interior", "boundary"]"#,
            "segsh.colors": ##"["#000000", "#ffc800", "#0000ff"]"##, "segsh.output": "probabilities",
            "segsh.channels": "gray", "segsh.normalize": "percentile", "segsh.percentiles": "[2, 99.5]",
            "segsh.multiple_of": "8", "segsh.tile": "256",
            "segsh.instances": #"{"method": "interior_boundary_watershed", "foreground": 0.4, "seed": 0.8, "min_size": 15, "sigma": 1, "seeds": "distance", "min_distance": 4, "future": 1}"#,
            "segsh.training": #"{"seed": 1}"#,
        ]
        let card = try ModelCard(metadata: metadata, inputChannels: 1, outputChannels: 3, source: "n.onnx")
        #expect(card.assumed.isEmpty)
        #expect(card.name == "nuclei" && card.about == "nuclei in fluorescence" && card.version == "2")
        #expect(card.task == .instances)
        #expect(card.classes == [SemanticClass(name: "background", color: RGB8(0, 0, 0)),
                                 SemanticClass(name: "interior", color: RGB8(255, 200, 0)),
                                 SemanticClass(name: "boundary", color: RGB8(0, 0, 255))])
        #expect(card.output == .probabilities)
        #expect(card.normalization == .percentile(low: 2, high: 99.5))
        #expect(card.multipleOf == 8 && card.tile == 256)
        var recipe = InstanceRecipe(foreground: 0.4, seed: 0.8, minSize: 15, seeds: .distance, minDistance: 4, sigma: 1)
        recipe.ignored = ["future"]
        #expect(card.instances == recipe)
        #expect(card.training == #"{"seed": 1}"#)
    }

    @Test func meanStdOfAGrayNetwork() throws {
        let card = try ModelCard(metadata: ["segsh.normalize": "meanstd", "segsh.mean": "[0.5]", "segsh.std": "[0.25]"],
                                 inputChannels: 1, outputChannels: 2, source: "g.onnx")
        #expect(card.normalization == .meanStd(mean: [0.5], std: [0.25]))
    }

    @Test func instancesAreRecognisedByTheirClasses() throws {
        let card = try ModelCard(metadata: ["segsh.classes": #"["background", "interior", "boundary"]"#],
                                 inputChannels: 1, outputChannels: 3, source: "n.onnx")
        #expect(card.task == .instances)
        #expect(card.assumed.contains("segsh.instances"))
    }

    struct Bad: Sendable, CustomStringConvertible {
        let metadata: [String: String]
        let message: String
        var description: String { message }
    }

    static let bad: [Bad] = [
        Bad(metadata: ["segsh.classes": #"["a", "b"]"#],
            message: "m.onnx: metadata segsh.classes names 2 classes but the output has 3 channels; give one name per channel"),
        Bad(metadata: ["segsh.classes": "a, b, c"], message: "m.onnx: metadata segsh.classes is \"a, b, c\"; expected JSON"),
        Bad(metadata: ["segsh.normalize": "zscore"],
            message: "m.onnx: metadata segsh.normalize is \"zscore\"; expected one of \"percentile\", \"meanstd\", \"unit\", \"none\""),
        Bad(metadata: ["segsh.task": "detection"],
            message: "m.onnx: metadata segsh.task is \"detection\"; expected one of \"semantic\", \"instances\""),
        Bad(metadata: ["segsh.normalize": "percentile", "segsh.percentiles": "[99, 1]"],
            message: "m.onnx: metadata segsh.percentiles is \"[99, 1]\"; expected [low, high] with 0 <= low < high <= 100"),
        Bad(metadata: ["segsh.colors": #"["red", "green", "blue"]"#],
            message: "m.onnx: metadata segsh.colors is \"[\"red\", \"green\", \"blue\"]\"; expected colours written \"#rrggbb\""),
        Bad(metadata: ["segsh.multiple_of": "0"],
            message: "m.onnx: metadata segsh.multiple_of is \"0\"; expected an integer in 1...1024"),
        Bad(metadata: ["segsh.instances": #"{"method": "stardist"}"#],
            message: "m.onnx: metadata segsh.instances has method = stardist; expected \"interior_boundary_watershed\""),
        Bad(metadata: ["segsh.normalize": "meanstd"],
            message: "m.onnx: metadata segsh.normalize is \"meanstd\" but segsh.mean and segsh.std are missing; give one value per input channel"),
        Bad(metadata: ["segsh.task": "instances", "segsh.classes": ##"["a", "b", "c", "d"]"##, "segsh.colors": ##"["#000000", "#000000", "#000000", "#000000"]"##],
            message: "m.onnx: metadata segsh.classes names 4 classes but the output has 3 channels; give one name per channel"),
    ]

    @Test(arguments: bad)
    func refuses(_ c: Bad) {
        #expect(throws: NetworkError(.modelCard, c.message)) {
            try ModelCard(metadata: c.metadata, inputChannels: 1, outputChannels: 3, source: "m.onnx")
        }
    }

    @Test func instanceTaskNeedsAnInterior() {
        #expect(throws: NetworkError(.task, "m.onnx: an instance model's classes must be background, interior and boundary (or background and foreground); this one has a, b, c, d")) {
            try ModelCard(metadata: ["segsh.task": "instances", "segsh.classes": #"["a", "b", "c", "d"]"#],
                          inputChannels: 1, outputChannels: 4, source: "m.onnx")
        }
    }
}
