/// The graph after shape inference for one set of input shapes: what is known about every
/// value, and the nodes still to run (folded nodes removed).
struct InferredGraph: Sendable {
    /// The graph whose nodes must run; its constants include the folded values.
    var graph: Graph
    /// Element type, shape (and contents when constant) of every value, by name.
    var values: [String: ValueInfo]
    /// The types each remaining node's kernel produces, by node name (may be fewer than the
    /// node's outputs when trailing optional outputs are absent).
    var outputTypes: [String: [TensorType]]
}

extension Graph {
    /// Shape inference by abstract interpretation: walks the nodes in order, asking each
    /// kernel for its output types given what is known of its inputs. A node whose inputs are
    /// all constant runs now (constant folding) and its outputs become constants; `Shape` of
    /// a value whose shape is known is constant even when the value is not.
    ///
    /// - Parameters:
    ///   - inputShapes: the shape of every graph input.
    ///   - kernels: each node's kernel (or why it has none), by node name.
    func inferred(inputShapes: [String: [Int]], kernels: [String: Result<any Operator, InferenceError>],
                  source: String) throws -> InferredGraph {
        var values: [String: ValueInfo] = [:]
        for (name, tensor) in constants { values[name] = ValueInfo(constant: tensor) }
        for input in inputs {
            guard let shape = inputShapes[input.name] else {
                preconditionFailure("Graph.inferred: no shape for input '\(input.name)'")
            }
            values[input.name] = ValueInfo(input.elementType ?? .float32, shape: shape)
        }

        var remaining: [Node] = []
        var folded = constants
        var outputTypes: [String: [TensorType]] = [:]
        for node in nodes {
            let infos: [ValueInfo?] = try node.inputs.map { name in
                guard !name.isEmpty else { return nil }
                guard let info = values[name] else {
                    throw node.error(.invalidModel, "\(source): reads '\(name)' before it is computed")
                }
                return info
            }
            if node.opType == "Shape", node.domain.isEmpty, let input = infos.first ?? nil, node.outputs.count == 1 {
                let shape = try ConstantFolding.shape(of: node, input: input)
                values[node.outputs[0]] = ValueInfo(constant: shape)
                folded[node.outputs[0]] = shape
                continue
            }
            let kernel = try kernels[node.name, default: .failure(node.error(.unsupportedOperator, "no kernel"))].get()
            let inferredTypes = try kernel.infer(infos)
            let produced = node.outputs.enumerated().filter { !$0.element.isEmpty }
            if let missing = produced.first(where: { $0.offset >= inferredTypes.count }) {
                throw node.error(.invalidModel, "\(source): the output '\(missing.element)' is not produced by this operator")
            }
            let types = Array(inferredTypes.prefix(node.outputs.count))
            if infos.allSatisfy({ $0 == nil || $0?.constant != nil }) && ConstantFolding.mayFold(node) {
                let tensors = try ConstantFolding.evaluate(kernel, node: node, inputs: infos, types: types)
                for (name, tensor) in zip(node.outputs, tensors) where !name.isEmpty {
                    values[name] = ValueInfo(constant: tensor)
                    folded[name] = tensor
                }
                continue
            }
            for (name, type) in zip(node.outputs, types) where !name.isEmpty {
                values[name] = ValueInfo(type.elementType, shape: type.shape)
            }
            outputTypes[node.name] = types
            remaining.append(node)
        }
        var graph = self
        graph.nodes = remaining
        graph.constants = folded
        return InferredGraph(graph: graph.withoutDeadNodes(), values: values, outputTypes: outputTypes)
    }
}
