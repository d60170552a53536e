extension Graph {
    /// The graph without `Identity` nodes and inference-mode `Dropout` nodes (whose mask
    /// output nobody reads): readers of their output read their input instead.
    ///
    /// A removed node's output that is a graph output keeps its name through
    /// ``outputSources``; the executor copies the source tensor out under that name.
    func withoutIdentities() -> Graph {
        var rename: [String: String] = [:]
        func resolve(_ name: String) -> String {
            var name = name
            while let next = rename[name] { name = next }
            return name
        }
        let consumers = consumerCounts()
        let graphOutputs = Set(outputs.map(\.name))
        var kept: [Node] = []
        for node in nodes {
            let passThrough: Bool
            switch node.domain.isEmpty ? node.opType : "" {
            case "Identity":
                passThrough = node.inputs.count == 1 && node.outputs.count == 1
            case "Dropout":
                // In inference Dropout copies its input; the mask (second output) must be unused.
                let maskUnused = node.outputs.count < 2 || node.outputs[1].isEmpty
                    || (consumers[node.outputs[1]] == nil && !graphOutputs.contains(node.outputs[1]))
                passThrough = !node.inputs.isEmpty && !node.inputs[0].isEmpty && maskUnused && !isTraining(node)
            default:
                passThrough = false
            }
            if passThrough && !node.inputs[0].isEmpty {
                rename[node.outputs[0]] = node.inputs[0]
            } else {
                kept.append(node)
            }
        }
        var result = self
        result.nodes = kept.map { node in
            var node = node
            node.inputs = node.inputs.map { $0.isEmpty ? $0 : resolve($0) }
            return node
        }
        for output in outputs {
            let source = resolve(self.source(ofOutput: output.name))
            if source != output.name { result.outputSources[output.name] = source }
        }
        return result
    }

    /// Whether a Dropout node may run in training mode (its `training_mode` input is not a
    /// constant false), which must not be treated as a copy.
    private func isTraining(_ node: Node) -> Bool {
        guard node.inputs.count >= 3, !node.inputs[2].isEmpty else { return false }
        guard let flag = constants[node.inputs[2]], flag.elementType == .bool, flag.count == 1 else { return true }
        return flag.elements(as: Bool.self)[0]
    }
}
