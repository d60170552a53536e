import Foundation
@testable import Inference

/// Builds small ONNX models in Swift with the generated protobuf types, for tests.
///
/// ```swift
/// var b = ModelBuilder()
/// b.input("x", shape: [1, 4])
/// b.initializer("w", Tensor(shape: [1, 4], floats: [1, 2, 3, 4]))
/// b.node("Add", inputs: ["x", "w"], outputs: ["y"])
/// b.output("y")
/// let model = try b.model()
/// ```
struct ModelBuilder {
    var irVersion = 8
    var opset = 17
    var producer = "segsh-tests"
    var metadata: [String: String] = [:]
    /// Extra opset imports, by domain.
    var otherOpsets: [String: Int] = [:]
    private(set) var graph = Onnx_GraphProto()

    init(irVersion: Int = 8, opset: Int = 17) {
        self.irVersion = irVersion
        self.opset = opset
        graph.name = "test"
    }

    /// Declares a graph input with fixed extents.
    mutating func input(_ name: String, _ type: ElementType = .float32, shape: [Int]) {
        input(name, type, dimensions: shape.map { .fixed($0) })
    }

    /// Declares a graph input; nil dimensions leave the shape undeclared.
    mutating func input(_ name: String, _ type: ElementType = .float32, dimensions: [Inference.Dimension]?) {
        graph.input.append(Self.valueInfo(name, type, dimensions))
    }

    /// Declares a graph output (shape undeclared unless given).
    mutating func output(_ name: String, _ type: ElementType = .float32, dimensions: [Inference.Dimension]? = nil) {
        graph.output.append(Self.valueInfo(name, type, dimensions))
    }

    /// Adds an initializer, stored in `raw_data` unless `typedFields`.
    mutating func initializer(_ name: String, _ tensor: Tensor, typedFields: Bool = false) {
        graph.initializer.append(Onnx_TensorProto(tensor, name: name, typedFields: typedFields))
    }

    /// Adds an initializer stored in an external file (`location`, `offset`).
    mutating func externalInitializer(_ name: String, type: ElementType, shape: [Int], location: String, offset: Int, length: Int? = nil) {
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dataType = Int32(type.rawValue)
        proto.dims = shape.map { Int64($0) }
        proto.dataLocation = .external
        var entries = [("location", location), ("offset", "\(offset)")]
        if let length { entries.append(("length", "\(length)")) }
        proto.externalData = entries.map { key, value in
            var e = Onnx_StringStringEntryProto()
            e.key = key
            e.value = value
            return e
        }
        graph.initializer.append(proto)
    }

    /// Adds a node.
    mutating func node(_ op: String, inputs: [String], outputs: [String], attributes: [String: Attribute] = [:],
                       name: String = "", domain: String = "") {
        var node = Onnx_NodeProto()
        node.opType = op
        node.input = inputs
        node.output = outputs
        node.name = name
        if !domain.isEmpty { node.domain = domain }
        node.attribute = attributes.sorted { $0.key < $1.key }.map { Onnx_AttributeProto(name: $0.key, $0.value) }
        graph.node.append(node)
    }

    /// The ModelProto.
    var proto: Onnx_ModelProto {
        var model = Onnx_ModelProto()
        model.irVersion = Int64(irVersion)
        model.producerName = producer
        var opsetId = Onnx_OperatorSetIdProto()
        opsetId.domain = ""
        opsetId.version = Int64(opset)
        model.opsetImport = [opsetId]
        for (domain, version) in otherOpsets.sorted(by: { $0.key < $1.key }) {
            var other = Onnx_OperatorSetIdProto()
            other.domain = domain
            other.version = Int64(version)
            model.opsetImport.append(other)
        }
        model.metadataProps = metadata.sorted { $0.key < $1.key }.map { key, value in
            var e = Onnx_StringStringEntryProto()
            e.key = key
            e.value = value
            return e
        }
        model.graph = graph
        return model
    }

    /// The serialized model file.
    func bytes() throws -> [UInt8] { try proto.serializedBytes() }

    /// The model loaded with the real operators (or `operators`).
    func model(memoryLimit: Int = Model.defaultMemoryLimit, operators: [String: OperatorFactory] = OperatorRegistry.factories,
               directory: String? = nil) throws -> Model {
        try Model(bytes: bytes(), source: "test.onnx", directory: directory, memoryLimit: memoryLimit, operators: operators)
    }

    /// Writes the model file to `path`.
    func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
    }

    /// Writes `tensor` as a serialized TensorProto (the node tests' `input_0.pb` format).
    static func write(_ tensor: Tensor, to path: String) throws {
        let bytes: [UInt8] = try Onnx_TensorProto(tensor).serializedBytes()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private static func valueInfo(_ name: String, _ type: ElementType, _ dimensions: [Inference.Dimension]?) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = Int32(type.rawValue)
        if let dimensions {
            var shape = Onnx_TensorShapeProto()
            shape.dim = dimensions.map { d in
                var dim = Onnx_TensorShapeProto.Dimension()
                switch d {
                case .fixed(let n): dim.dimValue = Int64(n)
                case .symbolic(let s): dim.dimParam = s
                case .unknown: break
                }
                return dim
            }
            tensorType.shape = shape
        }
        info.type.tensorType = tensorType
        return info
    }
}

extension Onnx_TensorProto {
    /// The proto of `tensor`, in `raw_data` or in the typed field ONNX uses for its type.
    init(_ tensor: Tensor, name: String = "", typedFields: Bool = false) {
        self.init()
        self.name = name
        dataType = Int32(tensor.elementType.rawValue)
        dims = tensor.shape.map { Int64($0) }
        guard typedFields else {
            rawData = Data(bytes: tensor.storage.base, count: tensor.byteCount)
            return
        }
        switch tensor.elementType {
        case .float32: floatData = tensor.floats
        case .float64: doubleData = tensor.elements(as: Double.self)
        case .int64: int64Data = tensor.elements(as: Int64.self)
        case .int32: int32Data = tensor.elements(as: Int32.self)
        case .int16: int32Data = tensor.elements(as: Int16.self).map { Int32($0) }
        case .int8: int32Data = tensor.elements(as: Int8.self).map { Int32($0) }
        case .uint16: int32Data = tensor.elements(as: UInt16.self).map { Int32($0) }
        case .uint8: int32Data = tensor.elements(as: UInt8.self).map { Int32($0) }
        case .bool: int32Data = tensor.elements(as: Bool.self).map { $0 ? 1 : 0 }
        case .uint32: uint64Data = tensor.elements(as: UInt32.self).map { UInt64($0) }
        case .uint64: uint64Data = tensor.elements(as: UInt64.self)
        }
    }
}

extension Onnx_AttributeProto {
    /// The proto of one attribute.
    init(name: String, _ attribute: Attribute) {
        self.init()
        self.name = name
        switch attribute {
        case .float(let v): type = .float; f = v
        case .int(let v): type = .int; i = Int64(v)
        case .string(let v): type = .string; s = Data(v.utf8)
        case .tensor(let v): type = .tensor; t = Onnx_TensorProto(v)
        case .floats(let v): type = .floats; floats = v
        case .ints(let v): type = .ints; ints = v.map { Int64($0) }
        case .strings(let v): type = .strings; strings = v.map { Data($0.utf8) }
        case .graph: type = .graph; g = Onnx_GraphProto()
        }
    }
}
