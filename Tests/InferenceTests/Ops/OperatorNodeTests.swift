import Foundation
import SwiftProtobuf
import Testing
@testable import Inference

/// Runs ONNX's backend node tests (Debian's libonnx-testdata) straight through the
/// operators, without the model reader or executor: each node's inputs are handed to `infer`
/// as constants (as load-time folding would see them), outputs are allocated with the
/// inferred shapes, and the graph outputs are compared with the suite's tolerance
/// (rtol 1e-3, atol 1e-7). Tests whose operators or element types the registry does not
/// claim are counted as unsupported; a test whose node refuses an attribute with
/// `.unsupportedAttribute` too.
@Suite("Operator node tests")
struct OperatorNodeTests {
    static let root = "/usr/share/libonnx-testdata/data/node"

    enum Outcome: Equatable { case passed, unsupported(String), failed(String) }

    @Test func nodeTestsOfTheRegisteredOperators() throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.root))?.sorted() ?? []
        try #require(!names.isEmpty, "ONNX node tests not found under \(Self.root); Scripts/setup installs libonnx-testdata")
        var passed = 0, unsupported = 0
        var failures: [String] = []
        let trace = ProcessInfo.processInfo.environment["SEGSH_NODE_TEST_TRACE"] != nil
        for name in names {
            let outcome = Self.run(directory: "\(Self.root)/\(name)")
            if trace { print("\(name): \(outcome)") }
            switch outcome {
            case .passed: passed += 1
            case .unsupported: unsupported += 1
            case .failed(let why): failures.append("\(name): \(why)")
            }
        }
        print("operator node tests: \(passed) passed, \(failures.count) failed, \(unsupported) unsupported")
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }

    /// Runs one test directory.
    static func run(directory: String) -> Outcome {
        guard let data = FileManager.default.contents(atPath: "\(directory)/model.onnx"),
              let model = try? Onnx_ModelProto(serializedBytes: data) else { return .unsupported("unreadable model") }
        let opset = Int(model.opsetImport.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version ?? 0)
        let graph = model.graph
        guard graph.node.allSatisfy({ ($0.domain.isEmpty || $0.domain == "ai.onnx") && OperatorRegistry.factories[$0.opType] != nil }) else {
            return .unsupported("operator")
        }
        var values: [String: Tensor] = [:]
        for initializer in graph.initializer {
            guard let t = tensor(initializer) else { return .unsupported("initializer type") }
            values[initializer.name] = t
        }
        let fed = graph.input.filter { values[$0.name] == nil }
        let set = "\(directory)/test_data_set_0"
        for value in fed + graph.output {
            guard case .tensorType(let type)? = value.type.value, ElementType(rawValue: Int(type.elemType)) != nil else {
                return .unsupported("\(value.name) is not a tensor of a supported element type")
            }
        }
        for (i, input) in fed.enumerated() {
            guard let t = readTensor("\(set)/input_\(i).pb") else { return .unsupported("input \(input.name) type") }
            values[input.name] = t
        }
        do {
            for proto in graph.node {
                guard let node = node(proto, opset: opset) else { return .unsupported("attribute kind") }
                let op = try OperatorRegistry.make(node)
                let infos = node.inputs.map { $0.isEmpty ? nil : values[$0].map { ValueInfo(constant: $0) } }
                let tensors = node.inputs.map { $0.isEmpty ? nil : values[$0] }
                let types = try op.infer(infos)
                if let huge = types.first(where: { $0.shape.reduce(1, *) > 1 << 26 }) {
                    return .failed("\(node.label) inferred the implausible output shape \(huge.shape)")
                }
                let outputs = types.map { Tensor(zeros: $0.elementType, shape: $0.shape) }
                try op.run(tensors, outputs, ExecutionContext())
                for (name, t) in zip(node.outputs, outputs) where !name.isEmpty { values[name] = t }
            }
        } catch let error as InferenceError {
            if error.kind == .unsupportedAttribute || error.kind == .unsupportedOperator { return .unsupported(error.message) }
            return .failed(error.message)
        } catch {
            return .failed("\(error)")
        }
        for (i, output) in graph.output.enumerated() {
            guard let expected = readTensor("\(set)/output_\(i).pb") else { return .unsupported("output type") }
            guard let actual = values[output.name] else { return .failed("output \(output.name) not produced") }
            if let difference = compare(actual, expected) { return .failed("output \(output.name): \(difference)") }
        }
        return .passed
    }

    /// Nil when `actual` matches `expected` within rtol 1e-3, atol 1e-7 (exactly for integers
    /// and bools); otherwise what differs.
    static func compare(_ actual: Tensor, _ expected: Tensor) -> String? {
        guard actual.elementType == expected.elementType, actual.shape == expected.shape else {
            return "got \(actual.elementType) \(actual.shape), expected \(expected.elementType) \(expected.shape)"
        }
        guard let a = actual.doubles(), let e = expected.doubles() else { return "unreadable" }
        for i in 0..<a.count {
            let ok = a[i] == e[i] || (a[i].isNaN && e[i].isNaN)
                || (expected.elementType == .float32 || expected.elementType == .float64) && abs(a[i] - e[i]) <= 1e-7 + 1e-3 * abs(e[i])
            if !ok { return "element \(i): got \(a[i]), expected \(e[i])" }
        }
        return nil
    }

    static func readTensor(_ path: String) -> Tensor? {
        guard let data = FileManager.default.contents(atPath: path),
              let proto = try? Onnx_TensorProto(serializedBytes: data) else { return nil }
        return tensor(proto)
    }

    static func tensor(_ proto: Onnx_TensorProto) -> Tensor? {
        guard let type = ElementType(rawValue: Int(proto.dataType)) else { return nil }
        let t = Tensor(zeros: type, shape: proto.dims.map { Int($0) })
        if proto.hasRawData {
            guard proto.rawData.count == t.byteCount else { return nil }
            proto.rawData.withUnsafeBytes { if t.byteCount > 0 { t.storage.base.copyMemory(from: $0.baseAddress!, byteCount: t.byteCount) } }
            return t
        }
        func store<T>(_ values: [T], _: T.Type) -> Tensor? {
            guard values.count == t.count else { return nil }
            values.withUnsafeBytes { if t.byteCount > 0 { t.storage.base.copyMemory(from: $0.baseAddress!, byteCount: t.byteCount) } }
            return t
        }
        switch type {
        case .float32: return store(proto.floatData, Float.self)
        case .float64: return store(proto.doubleData, Double.self)
        case .int64: return store(proto.int64Data, Int64.self)
        case .uint64: return store(proto.uint64Data, UInt64.self)
        case .uint32: return store(proto.uint64Data.map { UInt32(truncatingIfNeeded: $0) }, UInt32.self)
        case .int32: return store(proto.int32Data, Int32.self)
        case .int16: return store(proto.int32Data.map { Int16(truncatingIfNeeded: $0) }, Int16.self)
        case .uint16: return store(proto.int32Data.map { UInt16(truncatingIfNeeded: $0) }, UInt16.self)
        case .int8: return store(proto.int32Data.map { Int8(truncatingIfNeeded: $0) }, Int8.self)
        case .uint8: return store(proto.int32Data.map { UInt8(truncatingIfNeeded: $0) }, UInt8.self)
        case .bool: return store(proto.int32Data.map { $0 != 0 }, Bool.self)
        }
    }

    static func node(_ proto: Onnx_NodeProto, opset: Int) -> Node? {
        var attributes: [String: Attribute] = [:]
        for a in proto.attribute {
            switch a.type {
            case .float: attributes[a.name] = .float(a.f)
            case .int: attributes[a.name] = .int(Int(a.i))
            case .string: attributes[a.name] = .string(String(decoding: a.s, as: UTF8.self))
            case .floats: attributes[a.name] = .floats(a.floats)
            case .ints: attributes[a.name] = .ints(a.ints.map { Int($0) })
            case .tensor:
                guard let t = tensor(a.t) else { return nil }
                attributes[a.name] = .tensor(t)
            default: return nil
            }
        }
        return Node(name: proto.name, opType: proto.opType, domain: proto.domain, opsetVersion: opset,
                    inputs: proto.input, outputs: proto.output, attributes: attributes)
    }
}
