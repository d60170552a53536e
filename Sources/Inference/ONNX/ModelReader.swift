import Foundation
import SwiftProtobuf

/// What the reader takes from a `ModelProto`: the graph and the facts the summary shows.
struct ParsedModel: Sendable {
    var graph: Graph
    var irVersion: Int
    var opsetVersion: Int
    var producer: String
    var metadata: [String: String]
    /// Bytes the decoded constants take.
    var weightBytes: Int
}

/// Reads an ONNX file: checks that it is one, that its versions are in range, and decodes
/// its graph, initializers and attributes.
struct ModelReader {
    /// IR versions the reader accepts (ONNX 1.7 … 1.15 era files).
    static let irVersions = 7...10
    /// Default-domain opsets the operators implement.
    static let opsetVersions = 11...18

    let source: String
    let directory: String?
    let memoryLimit: Int

    /// Parses `bytes`, refusing non-ONNX, damaged and out-of-range files with typed errors.
    func read(_ bytes: [UInt8]) throws -> ParsedModel {
        let proto = try decodeProto(bytes)
        let ir = Int(proto.irVersion)
        guard Self.irVersions.contains(ir) else {
            throw InferenceError(.unsupportedVersion, """
                \(source): ONNX IR version \(ir) is not supported (supported: \(Self.irVersions.lowerBound)–\(Self.irVersions.upperBound)); \
                export with a matching torch/onnx version or convert it with onnx.version_converter
                """)
        }
        var opsets: [String: Int] = [:]
        for entry in proto.opsetImport {
            let domain = entry.domain == "ai.onnx" ? "" : entry.domain
            opsets[domain] = Int(entry.version)
        }
        // A model whose nodes all belong to other domains need not import the default one;
        // its operators are then reported as unsupported.
        let usesDefaultDomain = proto.graph.node.contains { $0.domain.isEmpty || $0.domain == "ai.onnx" }
        guard let opset = opsets[""] ?? (usesDefaultDomain ? nil : 0) else {
            throw InferenceError(.invalidModel, "\(source): the model imports no default-domain opset; export it again with opset_version between \(Self.opsetVersions.lowerBound) and \(Self.opsetVersions.upperBound)")
        }
        guard Self.opsetVersions.contains(opset) || (opset == 0 && !usesDefaultDomain) else {
            throw InferenceError(.unsupportedVersion, """
                \(source): opset \(opset) is not supported (supported: \(Self.opsetVersions.lowerBound)–\(Self.opsetVersions.upperBound)); \
                export with torch.onnx.export(..., opset_version=17) or convert with onnx.version_converter
                """)
        }

        let graphProto = proto.graph
        let declaredBytes = graphProto.initializer.reduce(0) { $0 + TensorDecoder.byteCount($1) }
        guard declaredBytes <= memoryLimit else {
            throw InferenceError(.memoryLimit, "\(source): the weights take \(formatBytes(declaredBytes)), over the memory limit of \(formatBytes(memoryLimit)); raise the limit or use a smaller model")
        }

        let decoder = TensorDecoder(source: source, directory: directory)
        var constants: [String: Tensor] = [:]
        for initializer in graphProto.initializer {
            constants[initializer.name] = try decoder.decode(initializer, what: "initializer '\(initializer.name)'")
        }
        guard graphProto.sparseInitializer.isEmpty else {
            throw InferenceError(.unsupportedAttribute, "\(source): sparse initializers are not supported; export the model with dense weights")
        }

        var nodes: [Node] = []
        var nodeErrors: [String: InferenceError] = [:]
        let fileNames = Set(graphProto.node.map(\.name))
        var names = Set<String>()
        for (index, nodeProto) in graphProto.node.enumerated() {
            let domain = nodeProto.domain == "ai.onnx" ? "" : nodeProto.domain
            // Names key kernels and profiles, so empty and repeated ones are made unique.
            var name = nodeProto.name
            if name.isEmpty || names.contains(name) {
                if name.isEmpty { name = "\(nodeProto.opType)#\(index)" }
                while names.contains(name) || fileNames.contains(name) { name += "'" }
            }
            names.insert(name)
            var node = Node(name: name, opType: nodeProto.opType, domain: domain, opsetVersion: opsets[domain] ?? opset,
                            inputs: nodeProto.input, outputs: nodeProto.output)
            do {
                node.attributes = try attributes(of: nodeProto, nodeName: name, decoder: decoder)
            } catch let error as InferenceError {
                nodeErrors[name] = error
            }
            // A Constant's value is known now: it becomes a constant like an initializer.
            if node.opType == "Constant", domain.isEmpty, nodeErrors[name] == nil, node.outputs.count == 1,
               let value = try constantValue(node) {
                constants[node.outputs[0]] = value
                continue
            }
            nodes.append(node)
        }

        let inputs = try graphProto.input
            .filter { constants[$0.name] == nil }
            .map { try describe($0) }
        let outputs = try graphProto.output.map { try describe($0) }
        var metadata: [String: String] = [:]
        for entry in proto.metadataProps { metadata[entry.key] = entry.value }
        let producer = [proto.producerName, proto.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        return ParsedModel(
            graph: Graph(nodes: nodes, constants: constants, inputs: inputs, outputs: outputs, nodeErrors: nodeErrors),
            irVersion: ir, opsetVersion: opset, producer: producer, metadata: metadata,
            weightBytes: constants.values.reduce(0) { $0 + $1.byteCount })
    }

    /// Decodes the protobuf, telling a file that is not ONNX from one that is damaged.
    private func decodeProto(_ bytes: [UInt8]) throws -> Onnx_ModelProto {
        // Every ONNX writer puts ir_version (field 1, varint: tag 0x08) first; a file starting
        // otherwise that fails to parse is something else (a PNG, a text file).
        let looksLikeONNX = bytes.first == 0x08
        let proto: Onnx_ModelProto
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 64
            proto = try Onnx_ModelProto(serializedBytes: bytes, options: options)
        } catch {
            if looksLikeONNX {
                throw InferenceError(.corrupt, "\(source): the ONNX protobuf is truncated or damaged (\(error)); download or export the model again")
            }
            throw InferenceError(.notONNX, "\(source) is not an ONNX model (it does not parse as an ONNX ModelProto); give a .onnx file exported with torch.onnx.export or similar")
        }
        guard proto.hasGraph, proto.hasIrVersion else {
            if looksLikeONNX && proto.hasIrVersion {
                throw InferenceError(.corrupt, "\(source): the ONNX model has no graph (the file is truncated or damaged); download or export the model again")
            }
            throw InferenceError(.notONNX, "\(source) is not an ONNX model (no ONNX graph in it); give a .onnx file exported with torch.onnx.export or similar")
        }
        return proto
    }

    /// A graph input or output's declared type.
    private func describe(_ info: Onnx_ValueInfoProto) throws -> ValueDescription {
        guard case .tensorType(let tensorType)? = info.type.value else {
            if info.type.value == nil {
                return ValueDescription(name: info.name, elementType: nil, dimensions: [], hasShape: false)
            }
            throw InferenceError(.unsupportedAttribute, "\(source): the graph value '\(info.name)' is not a tensor (sequences, maps and optionals are not supported)")
        }
        let dimensions: [Dimension] = tensorType.shape.dim.map { dim in
            switch dim.value {
            case .dimValue(let n)?: .fixed(Int(n))
            case .dimParam(let name)?: name.isEmpty ? .unknown : .symbolic(name)
            case nil: .unknown
            }
        }
        return ValueDescription(name: info.name, elementType: ElementType(rawValue: Int(tensorType.elemType)),
                                dimensions: dimensions, hasShape: tensorType.hasShape)
    }

    /// A node's attributes; kinds the engine cannot represent are refused.
    private func attributes(of proto: Onnx_NodeProto, nodeName: String, decoder: TensorDecoder) throws -> [String: Attribute] {
        var result: [String: Attribute] = [:]
        let label = "\(proto.opType) node '\(nodeName)'"
        for attribute in proto.attribute {
            guard attribute.refAttrName.isEmpty else {
                throw InferenceError(.unsupportedAttribute, "\(source): \(label): attribute '\(attribute.name)' refers to a function attribute, which is not supported")
            }
            var type = attribute.type
            if type == .undefined {
                // IR < 3 files leave the type out; the set field tells it.
                if attribute.hasF { type = .float } else if attribute.hasI { type = .int }
                else if attribute.hasS { type = .string } else if attribute.hasT { type = .tensor }
                else if attribute.hasG { type = .graph } else if !attribute.floats.isEmpty { type = .floats }
                else if !attribute.ints.isEmpty { type = .ints } else if !attribute.strings.isEmpty { type = .strings }
            }
            switch type {
            case .float: result[attribute.name] = .float(attribute.f)
            case .int: result[attribute.name] = .int(Int(attribute.i))
            case .string: result[attribute.name] = .string(String(decoding: attribute.s, as: UTF8.self))
            case .tensor:
                result[attribute.name] = .tensor(try decoder.decode(attribute.t, what: "\(label) attribute '\(attribute.name)'"))
            case .graph: result[attribute.name] = .graph
            case .floats: result[attribute.name] = .floats(attribute.floats)
            case .ints: result[attribute.name] = .ints(attribute.ints.map { Int($0) })
            case .strings: result[attribute.name] = .strings(attribute.strings.map { String(decoding: $0, as: UTF8.self) })
            default:
                throw InferenceError(.unsupportedAttribute, "\(source): \(label): attribute '\(attribute.name)' of kind \(type) is not supported")
            }
        }
        return result
    }

    /// The tensor a `Constant` node produces, or nil when its attribute is one the engine
    /// cannot represent (the node then stays, and planning names it).
    private func constantValue(_ node: Node) throws -> Tensor? {
        guard node.attributes.count == 1, let (key, value) = node.attributes.first else { return nil }
        switch (key, value) {
        case ("value", .tensor(let t)): return t
        case ("value_float", .float(let v)): return Tensor(shape: [], floats: [v])
        case ("value_floats", .floats(let v)): return Tensor(shape: [v.count], floats: v)
        case ("value_int", .int(let v)): return Tensor(shape: [], int64s: [Int64(v)])
        case ("value_ints", .ints(let v)): return Tensor(shape: [v.count], int64s: v.map { Int64($0) })
        default: return nil
        }
    }
}

/// A byte count for people: `12.5 MB`.
func formatBytes(_ bytes: Int) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
    return unit == 0 ? "\(bytes) bytes" : "\(String(format: "%.1f", value)) \(units[unit])"
}
