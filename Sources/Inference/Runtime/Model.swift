import Foundation
import Synchronization

/// An ONNX model loaded for inference: its graph checked, optimised (Identity and Dropout
/// removed, BatchNormalization folded into Conv, activations fused), and a kernel built for
/// every node.
///
/// Running needs a plan for the input shapes (``plan(inputShapes:)``); ``run(_:context:)``
/// makes and caches plans itself.
///
/// ```swift
/// let model = try Model.load(path: "lraspp.onnx")
/// try model.checkSupported()
/// let x = Tensor(zeros: .float32, shape: [1, 3, 256, 256])
/// let logits = try model.run(["input": x])["out"]!
/// print(model.summary(inputShapes: ["input": [1, 3, 512, 512]]))
/// ```
public final class Model: Sendable {
    /// The default limit on planned memory (activations + weights + results): 8 GiB.
    public static let defaultMemoryLimit = 8 << 30

    /// The file the model came from, for messages.
    public let source: String
    /// The inputs the caller supplies (initializers are not inputs).
    public let inputs: [ValueDescription]
    /// The outputs a run returns.
    public let outputs: [ValueDescription]
    /// The file's `metadata_props`.
    public let metadata: [String: String]
    /// The ONNX IR version of the file.
    public let irVersion: Int
    /// The default-domain opset the model imports.
    public let opsetVersion: Int
    /// `producer_name` and `producer_version`, e.g. `"pytorch 2.5.1"`.
    public let producer: String
    /// The limit plans are checked against.
    public let memoryLimit: Int

    /// Element count of the model's weights (float initializers), as in the file.
    public let parameterCount: Int
    /// How many nodes use each operator in the file, most used first.
    public let operatorCounts: [(op: String, count: Int)]
    /// Operators in the file without a kernel, sorted.
    public let unsupportedOperators: [String]

    let graph: Graph
    let kernels: [String: Result<any Operator, InferenceError>]
    /// The first node of each unsupported operator, for messages.
    private let unsupportedNodes: [Node]
    private let supportedOperators: [String]
    /// The last few plans, most recent last.
    private let planCache = Mutex<[ExecutionPlan]>([])
    private static let planCacheSize = 4

    /// Loads the model in the file at `path`; external data is read from the file's folder.
    ///
    /// Throws ``InferenceError`` (`.notONNX`, `.corrupt`, `.unsupportedVersion`,
    /// `.missingExternalData`, `.invalidModel`, `.memoryLimit`) naming the file and the fix.
    /// Unsupported operators do not stop loading (``summary(inputShapes:)`` lists them);
    /// ``checkSupported()`` and planning refuse them.
    public static func load(path: String, memoryLimit: Int = Model.defaultMemoryLimit) throws -> Model {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw InferenceError(.notONNX, exists
                ? "\(path) cannot be read\(isDirectory.boolValue ? " (it is a folder)" : ""); give the path of a .onnx file"
                : "\(path) does not exist; check the path of the .onnx file")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try Model(bytes: [UInt8](data), source: path, directory: directory.isEmpty ? "." : directory, memoryLimit: memoryLimit)
    }

    /// Loads a model from the bytes of an ONNX file.
    ///
    /// - Parameters:
    ///   - source: how messages name the model (a path or a description).
    ///   - directory: the folder external-data files are read from; nil when there is none.
    public convenience init(bytes: [UInt8], source: String, directory: String?, memoryLimit: Int = Model.defaultMemoryLimit) throws {
        try self.init(bytes: bytes, source: source, directory: directory, memoryLimit: memoryLimit,
                      operators: OperatorRegistry.factories)
    }

    /// Loads a model whose kernels come from `operators` (tests add operators of their own).
    init(bytes: [UInt8], source: String, directory: String?, memoryLimit: Int,
         operators: [String: OperatorFactory]) throws {
        let parsed = try ModelReader(source: source, directory: directory, memoryLimit: memoryLimit).read(bytes)
        self.source = source
        self.memoryLimit = memoryLimit
        inputs = parsed.graph.inputs
        outputs = parsed.graph.outputs
        metadata = parsed.metadata
        irVersion = parsed.irVersion
        opsetVersion = parsed.opsetVersion
        producer = parsed.producer

        parameterCount = parsed.graph.constants.values.filter { $0.elementType == .float32 }.reduce(0) { $0 + $1.count }
        var counts: [String: Int] = [:]
        for node in parsed.graph.nodes { counts[Self.operatorName(node), default: 0] += 1 }
        operatorCounts = counts.map { (op: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.op < $1.op }
        supportedOperators = operators.keys.sorted()
        let unsupported = parsed.graph.nodes.filter { !$0.domain.isEmpty || operators[$0.opType] == nil }
        unsupportedOperators = Set(unsupported.map(Self.operatorName)).sorted()
        var firstOfEach: [String: Node] = [:]
        for node in unsupported where firstOfEach[Self.operatorName(node)] == nil { firstOfEach[Self.operatorName(node)] = node }
        unsupportedNodes = firstOfEach.values.sorted { $0.name < $1.name }

        func kernel(_ node: Node) -> Result<any Operator, InferenceError> {
            if let error = parsed.graph.nodeErrors[node.name] { return .failure(error) }
            guard node.domain.isEmpty, let factory = operators[node.opType] else {
                return .failure(Self.unsupportedError(node, source: source, supported: operators.keys.sorted()))
            }
            do {
                return .success(try factory(node))
            } catch let error as InferenceError {
                return .failure(InferenceError(error.kind, "\(source): \(error.message)"))
            } catch {
                return .failure(node.error(.invalidModel, "\(source): \(error)"))
            }
        }
        let sorted = try parsed.graph.topologicallySorted(source: source)
        graph = sorted.withoutIdentities()
            .foldingBatchNorms()
            .fusingActivations { fused in (try? kernel(fused).get()) != nil }
        var kernels: [String: Result<any Operator, InferenceError>] = [:]
        for node in graph.nodes { kernels[node.name] = kernel(node) }
        self.kernels = kernels
    }

    /// `Conv`, or `com.microsoft.FusedConv` for another domain.
    private static func operatorName(_ node: Node) -> String {
        node.domain.isEmpty ? node.opType : "\(node.domain).\(node.opType)"
    }

    private static func unsupportedError(_ node: Node, source: String, supported: [String]) -> InferenceError {
        let what = node.domain.isEmpty ? "the operator '\(node.opType)'" : "the operator '\(node.opType)' of the domain '\(node.domain)'"
        return node.error(.unsupportedOperator, """
            \(source): \(what) is not supported; export the model with supported operators \
            (supported: \(supported.joined(separator: ", ")))
            """)
    }

    /// Throws `.unsupportedOperator` naming the first node whose operator has no kernel (and
    /// listing the supported operators), or the first node whose attributes its kernel refuses.
    public func checkSupported() throws {
        if let node = unsupportedNodes.first {
            throw Self.unsupportedError(node, source: source, supported: supportedOperators)
        }
        for node in graph.nodes { _ = try kernels[node.name]!.get() }
    }

    /// The shape of every input for `inputShapes` (inputs with only fixed dimensions may be
    /// left out), checked against the declarations.
    func resolveShapes(_ inputShapes: [String: [Int]]) throws -> [String: [Int]] {
        let expected = inputs.map { "'\($0.name)' \($0.typeDescription)" }.joined(separator: ", ")
        for name in inputShapes.keys.sorted() where !inputs.contains(where: { $0.name == name }) {
            throw InferenceError(.inputMismatch, "\(source): the model has no input '\(name)'; its inputs are \(expected)")
        }
        var shapes: [String: [Int]] = [:]
        for input in inputs {
            if let shape = inputShapes[input.name] {
                guard shape.allSatisfy({ $0 >= 0 }) else {
                    throw InferenceError(.inputMismatch, "\(source): the shape \(shape) given for input '\(input.name)' has a negative extent")
                }
                guard input.accepts(shape) else {
                    throw InferenceError(.inputMismatch, mismatch(input, shape))
                }
                shapes[input.name] = shape
            } else {
                let fixed = input.dimensions.compactMap { if case .fixed(let n) = $0 { n } else { nil } }
                guard input.hasShape, fixed.count == input.dimensions.count else {
                    throw InferenceError(.inputMismatch, "\(source): the input '\(input.name)' is \(input.typeDescription); give its shape (e.g. inputShapes: [\"\(input.name)\": [1, 3, 512, 512]])")
                }
                shapes[input.name] = fixed
            }
        }
        return shapes
    }

    /// Why `shape` does not fit `input`, with the fix.
    private func mismatch(_ input: ValueDescription, _ shape: [Int]) -> String {
        if shape.count != input.dimensions.count {
            let hint = shape.count + 1 == input.dimensions.count ? " (add the batch axis: [1] + \(shape))" : ""
            return "\(source): the input '\(input.name)' has rank \(shape.count) (shape \(shape)) but the model expects rank \(input.dimensions.count): \(input.typeDescription); reshape it\(hint)"
        }
        let axis = zip(shape, input.dimensions).enumerated().first { _, pair in
            if case .fixed(let n) = pair.1 { return n != pair.0 }
            return false
        }!.offset
        return "\(source): the input '\(input.name)' has shape \(shape) but the model expects \(input.typeDescription): axis \(axis) must be \(input.dimensions[axis]), not \(shape[axis]); resize or rearrange the input"
    }

    /// Prepares the model for inputs of the given shapes: shape inference, constant folding,
    /// the memory plan. Throws `.inputMismatch` for shapes the model does not accept,
    /// `.unsupportedOperator`/`.unsupportedAttribute` naming a node, `.memoryLimit` when the
    /// plan would exceed the limit.
    public func plan(inputShapes: [String: [Int]]) throws -> ExecutionPlan {
        let shapes = try resolveShapes(inputShapes)
        let inferred = try graph.inferred(inputShapes: shapes, kernels: kernels, source: source)
        return try ExecutionPlan.make(inferred, kernels: kernels, inputShapes: shapes, source: source, memoryLimit: memoryLimit)
    }

    /// Runs the model on `inputs` by name and returns every output by name. Plans for the
    /// inputs' shapes on first use and keeps the last few plans.
    public func run(_ inputs: [String: Tensor], context: ExecutionContext = .init()) throws -> [String: Tensor] {
        for input in self.inputs {
            if let tensor = inputs[input.name], let type = input.elementType, tensor.elementType != type {
                throw InferenceError(.inputMismatch, "\(source): the input '\(input.name)' holds \(tensor.elementType) but the model expects \(type); convert it first")
            }
        }
        let shapes = inputs.mapValues(\.shape)
        let cached = planCache.withLock { plans in plans.last { $0.inputShapes == shapes } }
        let plan = try cached ?? {
            let plan = try self.plan(inputShapes: shapes)
            planCache.withLock { plans in
                plans.append(plan)
                if plans.count > Self.planCacheSize { plans.removeFirst() }
            }
            return plan
        }()
        return try plan.run(inputs, context: context)
    }
}
