import Foundation
import Testing
@testable import Inference

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("segsh-inference-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { "\(path)/\(name)" }
}

/// Expects `body` to throw an ``InferenceError`` of `kind` whose message contains every
/// string of `mentions`.
func expectError(_ kind: InferenceError.Kind, mentioning mentions: [String],
                 sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected a .\(kind) error", sourceLocation: sourceLocation)
    } catch let error as InferenceError {
        #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
        for text in mentions {
            #expect(error.message.contains(text), "'\(text)' not in: \(error.message)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected InferenceError, got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Model reader")
struct ModelReaderTests {
    /// A model with one Relu node and declared input/output types.
    static func reluModel(opset: Int = 17, irVersion: Int = 8) -> ModelBuilder {
        var b = ModelBuilder(irVersion: irVersion, opset: opset)
        b.input("image", dimensions: [.symbolic("batch"), .fixed(3), .symbolic("height"), .unknown])
        b.node("Relu", inputs: ["image"], outputs: ["out"], name: "relu1")
        b.output("out", dimensions: [.symbolic("batch"), .fixed(3), .symbolic("height"), .unknown])
        b.metadata = ["classes": "background,cell"]
        return b
    }

    @Test func readsDescriptions() throws {
        let model = try Self.reluModel().model(operators: TestOperators.factories)
        #expect(model.irVersion == 8 && model.opsetVersion == 17 && model.producer == "segsh-tests")
        #expect(model.metadata == ["classes": "background,cell"])
        #expect(model.inputs.map(\.name) == ["image"] && model.outputs.map(\.name) == ["out"])
        #expect(model.inputs[0].elementType == .float32)
        #expect(model.inputs[0].dimensions == [.symbolic("batch"), .fixed(3), .symbolic("height"), .unknown])
        #expect(model.operatorCounts.map(\.op) == ["Relu"] && model.unsupportedOperators.isEmpty)
    }

    @Test func initializersAreNotInputs() throws {
        var b = ModelBuilder()
        b.input("x", shape: [2])
        b.input("w", shape: [2])
        b.initializer("w", Tensor(shape: [2], floats: [1, 2]))
        b.node("Add", inputs: ["x", "w"], outputs: ["y"])
        b.output("y")
        let model = try b.model(operators: TestOperators.factories)
        #expect(model.inputs.map(\.name) == ["x"])
        #expect(model.parameterCount == 2)
    }

    @Test(arguments: ElementType.allCases)
    func decodesEveryElementTypeBothWays(type: ElementType) throws {
        let values: [Double] = [0, 1, 2, 7, 100]
        let tensor: Tensor
        switch type {
        case .float32: tensor = Tensor(shape: [5], elements: values.map { Float($0) })
        case .float64: tensor = Tensor(shape: [5], elements: values)
        case .int64: tensor = Tensor(shape: [5], elements: values.map { Int64($0) - 3 })
        case .int32: tensor = Tensor(shape: [5], elements: values.map { Int32($0) - 3 })
        case .int16: tensor = Tensor(shape: [5], elements: values.map { Int16($0) - 3 })
        case .int8: tensor = Tensor(shape: [5], elements: values.map { Int8($0) - 3 })
        case .uint8: tensor = Tensor(shape: [5], elements: values.map { UInt8($0) })
        case .uint16: tensor = Tensor(shape: [5], elements: values.map { UInt16($0) + 60000 - 100 })
        case .uint32: tensor = Tensor(shape: [5], elements: values.map { UInt32($0) + 4_000_000_000 })
        case .uint64: tensor = Tensor(shape: [5], elements: values.map { UInt64($0) << 40 })
        case .bool: tensor = Tensor(shape: [5], elements: values.map { $0 > 1 })
        }
        let decoder = TensorDecoder(source: "t.onnx", directory: nil)
        for typed in [false, true] {
            let decoded = try decoder.decode(Onnx_TensorProto(tensor, typedFields: typed), what: "t")
            #expect(decoded.elementType == type && decoded.shape == [5])
            #expect(ConformanceRun.compare(decoded, tensor) == nil, "typed fields: \(typed)")
        }
    }

    @Test func refusesUnsupportedElementTypesAndShortData() throws {
        var proto = Onnx_TensorProto()
        proto.name = "half"
        proto.dataType = Int32(Onnx_TensorProto.DataType.float16.rawValue)
        proto.dims = [2]
        proto.rawData = Data([0, 0, 0, 0])
        let decoder = TensorDecoder(source: "m.onnx", directory: nil)
        expectError(.unsupportedAttribute, mentioning: ["m.onnx", "'half'", "float16"]) { _ = try decoder.decode(proto, what: "initializer 'half'") }
        var short = Onnx_TensorProto(Tensor(shape: [4], floats: [1, 2, 3, 4]))
        short.rawData = short.rawData.prefix(10)
        expectError(.corrupt, mentioning: ["m.onnx", "16 bytes", "10"]) { _ = try decoder.decode(short, what: "w") }
    }

    @Test func constantNodesAndAttributes() throws {
        var b = ModelBuilder()
        b.input("x", shape: [2])
        b.node("Constant", inputs: [], outputs: ["c"], attributes: ["value_floats": .floats([10, 20])])
        b.node("Constant", inputs: [], outputs: ["k"], attributes: ["value_int": .int(4)])
        b.node("Constant", inputs: [], outputs: ["t"], attributes: ["value": .tensor(Tensor(shape: [1], floats: [0.5]))])
        b.node("Add", inputs: ["x", "c"], outputs: ["y"])
        b.output("y")
        b.output("k")
        b.output("t")
        let model = try b.model(operators: TestOperators.factories)
        let out = try model.run(["x": Tensor(shape: [2], floats: [1, 2])])
        #expect(out["y"]!.floats == [11, 22])
        #expect(out["k"]!.shape == [] && out["k"]!.integers == [4])
        #expect(out["t"]!.floats == [0.5])
        // Attributes of every kind, and names filled in.
        var c = ModelBuilder()
        c.input("x", shape: [1])
        c.node("Relu", inputs: ["x"], outputs: ["y"], attributes: [
            "f": .float(1.5), "i": .int(-2), "s": .string("abc"), "fs": .floats([1, 2]), "is": .ints([3, 4]), "ss": .strings(["p", "q"]),
        ])
        c.output("y")
        let graph = try ModelReader(source: "a.onnx", directory: nil, memoryLimit: 1 << 30).read(c.bytes()).graph
        let node = graph.nodes[0]
        #expect(node.name == "Relu#0")
        #expect(try node.float("f", default: 0) == 1.5 && node.int("i", default: 0) == -2 && node.string("s", default: "") == "abc")
        #expect(try node.floats("fs") == [1, 2] && node.ints("is") == [3, 4])
        if case .strings(let s)? = node.attributes["ss"] { #expect(s == ["p", "q"]) } else { Issue.record("strings attribute") }
    }

    // MARK: bad input

    @Test func refusesFilesThatAreNotONNX() throws {
        let folder = try TemporaryFolder()
        let png = folder.file("picture.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
            .write(to: URL(fileURLWithPath: png))
        expectError(.notONNX, mentioning: [png, ".onnx"]) { _ = try Model.load(path: png) }
        let text = folder.file("notes.txt")
        try "hello, this is not a network\n".write(toFile: text, atomically: true, encoding: .utf8)
        expectError(.notONNX, mentioning: [text]) { _ = try Model.load(path: text) }
        expectError(.notONNX, mentioning: [folder.file("missing.onnx"), "does not exist"]) { _ = try Model.load(path: folder.file("missing.onnx")) }
    }

    @Test func refusesTruncatedModels() throws {
        var b = Self.reluModel()
        b.initializer("weights", Tensor(shape: [64], floats: (0..<64).map { Float($0) }))
        let bytes = try b.bytes()
        let folder = try TemporaryFolder()
        let path = folder.file("half.onnx")
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
        expectError(.corrupt, mentioning: [path, "truncated"]) { _ = try Model.load(path: path) }
    }

    @Test func refusesVersionsOutOfRange() throws {
        expectError(.unsupportedVersion, mentioning: ["test.onnx", "opset 9", "11–18"]) {
            _ = try Self.reluModel(opset: 9).model(operators: TestOperators.factories)
        }
        expectError(.unsupportedVersion, mentioning: ["test.onnx", "IR version 5", "7–10"]) {
            _ = try Self.reluModel(irVersion: 5).model(operators: TestOperators.factories)
        }
    }

    @Test func refusesUnsupportedOperators() throws {
        var b = ModelBuilder()
        b.input("x", shape: [2])
        b.node("FancyOp", inputs: ["x"], outputs: ["y"], name: "fancy1")
        b.output("y")
        let model = try b.model(operators: TestOperators.factories)
        #expect(model.unsupportedOperators == ["FancyOp"])
        expectError(.unsupportedOperator, mentioning: ["test.onnx", "FancyOp", "'fancy1'", "supported: Add, BatchNormalization"]) {
            try model.checkSupported()
        }
        expectError(.unsupportedOperator, mentioning: ["FancyOp", "'fancy1'"]) { _ = try model.plan(inputShapes: [:]) }
        #expect(model.summary(inputShapes: nil).contains("FancyOp"))
    }

    @Test func refusesUnsupportedAttributes() throws {
        var b = ModelBuilder()
        b.input("x", shape: [2])
        b.node("Relu", inputs: ["x"], outputs: ["y"], attributes: ["mode": .string("odd")], name: "r")
        b.output("y")
        let model = try b.model(operators: TestOperators.factories)
        expectError(.unsupportedAttribute, mentioning: ["test.onnx", "Relu node 'r'", "'mode'"]) { try model.checkSupported() }
    }

    @Test func externalData() throws {
        let folder = try TemporaryFolder()
        let weights: [Float] = [1, 2, 3, 4]
        var bytes = Data(repeating: 0xAB, count: 8)
        weights.withUnsafeBytes { bytes.append(contentsOf: $0) }
        try bytes.write(to: URL(fileURLWithPath: folder.file("net.onnx.data")))
        func model(location: String, length: Int? = nil) -> ModelBuilder {
            var b = ModelBuilder()
            b.input("x", shape: [4])
            b.externalInitializer("w", type: .float32, shape: [4], location: location, offset: 8, length: length)
            b.node("Add", inputs: ["x", "w"], outputs: ["y"])
            b.output("y")
            return b
        }
        let path = folder.file("net.onnx")
        try model(location: "net.onnx.data", length: 16).write(to: path)
        let loaded = try Model.load(path: path)
        #expect(loaded.parameterCount == 4)
        let ok = try Model(bytes: model(location: "net.onnx.data").bytes(), source: path, directory: folder.path,
                           memoryLimit: 1 << 20, operators: TestOperators.factories)
        #expect(try ok.run(["x": Tensor(shape: [4], floats: [0, 0, 0, 1])])["y"]!.floats == [1, 2, 3, 5])

        try model(location: "gone.onnx.data").write(to: path)
        expectError(.missingExternalData, mentioning: [path, "gone.onnx.data", "initializer 'w'"]) { _ = try Model.load(path: path) }
        try Data(repeating: 0, count: 12).write(to: URL(fileURLWithPath: folder.file("short.data")))
        try model(location: "short.data").write(to: path)
        expectError(.missingExternalData, mentioning: [path, "short.data", "12 bytes"]) { _ = try Model.load(path: path) }
        try model(location: "../net.onnx.data").write(to: path)
        expectError(.invalidModel, mentioning: [path, "outside the model's folder"]) { _ = try Model.load(path: path) }
    }

    @Test func refusesCyclesAndUndefinedValues() throws {
        var b = ModelBuilder()
        b.input("x", shape: [2])
        b.node("Add", inputs: ["x", "b"], outputs: ["a"], name: "first")
        b.node("Relu", inputs: ["a"], outputs: ["b"], name: "second")
        b.output("b")
        expectError(.invalidModel, mentioning: ["test.onnx", "cycle"]) { _ = try b.model(operators: TestOperators.factories) }
        var c = ModelBuilder()
        c.input("x", shape: [2])
        c.node("Relu", inputs: ["nowhere"], outputs: ["y"], name: "r")
        c.output("y")
        expectError(.invalidModel, mentioning: ["test.onnx", "'nowhere'", "Relu node 'r'"]) { _ = try c.model(operators: TestOperators.factories) }
    }

    @Test func refusesMismatchedInputs() throws {
        let model = try Self.reluModel().model(operators: TestOperators.factories)
        expectError(.inputMismatch, mentioning: ["test.onnx", "'image'", "rank 3", "add the batch axis"]) {
            _ = try model.run(["image": Tensor(zeros: .float32, shape: [3, 4, 4])])
        }
        expectError(.inputMismatch, mentioning: ["'image'", "axis 1 must be 3, not 4"]) {
            _ = try model.run(["image": Tensor(zeros: .float32, shape: [1, 4, 4, 4])])
        }
        expectError(.inputMismatch, mentioning: ["no input 'picture'", "'image'"]) {
            _ = try model.run(["picture": Tensor(zeros: .float32, shape: [1, 3, 4, 4])])
        }
        expectError(.inputMismatch, mentioning: ["'image'", "int64", "float"]) {
            _ = try model.run(["image": Tensor(zeros: .int64, shape: [1, 3, 4, 4])])
        }
        expectError(.inputMismatch, mentioning: ["'image'", "give its shape"]) { _ = try model.plan(inputShapes: [:]) }
        let plan = try model.plan(inputShapes: ["image": [1, 3, 2, 2]])
        expectError(.inputMismatch, mentioning: ["'image'", "[1, 3, 4, 4]", "make a plan"]) {
            _ = try plan.run(["image": Tensor(zeros: .float32, shape: [1, 3, 4, 4])])
        }
        expectError(.inputMismatch, mentioning: ["'image' is missing"]) { _ = try plan.run([:]) }
    }

    @Test func refusesPlansOverTheMemoryLimit() throws {
        let model = try Self.reluModel().model(memoryLimit: 4096, operators: TestOperators.factories)
        #expect(try model.plan(inputShapes: ["image": [1, 3, 4, 4]]).plannedPeakBytes == 0)
        expectError(.memoryLimit, mentioning: ["test.onnx", "limit", "smaller input"]) {
            _ = try model.plan(inputShapes: ["image": [1, 3, 64, 64]])
        }
        var b = Self.reluModel()
        b.initializer("big", Tensor(zeros: .float32, shape: [2048]))
        expectError(.memoryLimit, mentioning: ["test.onnx", "weights", "limit"]) {
            _ = try b.model(memoryLimit: 4096, operators: TestOperators.factories)
        }
    }
}
