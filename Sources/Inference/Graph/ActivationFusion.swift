extension Graph {
    /// The activations a `Conv` kernel applies to its output itself, by operator name.
    static let fusableActivations: Set<String> = ["Relu", "LeakyRelu", "Clip", "HardSwish", "HardSigmoid", "Sigmoid"]

    /// The graph with each activation that is the only reader of a `Conv`'s output merged
    /// into the Conv, which saves a pass over the activation tensor.
    ///
    /// The Conv gets internal attributes its kernel implements: `segsh.activation` (the
    /// operator name), and as the activation needs them `segsh.alpha`, `segsh.beta`
    /// (LeakyRelu, HardSigmoid) and `segsh.min`, `segsh.max` (Clip, whose bounds must be
    /// constant). `accepts` asks whether the Conv kernel takes the fused node; when it does
    /// not, the activation stays a node of its own.
    func fusingActivations(accepts: (Node) -> Bool) -> Graph {
        let producers = producers()
        let consumers = consumerCounts()
        let graphOutputs = outputValueNames
        var result = self
        var removed = Set<Int>()
        var replaced: [Int: Node] = [:]
        for (index, activation) in nodes.enumerated()
        where activation.domain.isEmpty && Self.fusableActivations.contains(activation.opType) {
            guard activation.outputs.count == 1, let input = activation.inputs.first, !input.isEmpty,
                  let convIndex = producers[input], replaced[convIndex] == nil else { continue }
            var conv = nodes[convIndex]
            guard conv.opType == "Conv", conv.domain.isEmpty, conv.outputs == [input],
                  consumers[input] == 1, !graphOutputs.contains(input),
                  conv.attributes["segsh.activation"] == nil,
                  let extra = fusedAttributes(activation) else { continue }
            conv.attributes["segsh.activation"] = .string(activation.opType)
            for (key, value) in extra { conv.attributes[key] = .float(value) }
            conv.outputs = activation.outputs
            guard accepts(conv) else { continue }
            replaced[convIndex] = conv
            removed.insert(index)
        }
        result.nodes = nodes.enumerated().compactMap { index, node in
            removed.contains(index) ? nil : (replaced[index] ?? node)
        }
        return result.withoutDeadNodes()
    }

    /// The `segsh.*` float attributes describing `activation`, or nil when it cannot be fused
    /// (a Clip bound that is not a constant scalar, an unknown attribute).
    private func fusedAttributes(_ activation: Node) -> [String: Float]? {
        switch activation.opType {
        case "Relu", "Sigmoid", "HardSwish":
            return activation.attributes.isEmpty ? [:] : nil
        case "LeakyRelu":
            guard Set(activation.attributes.keys).isSubset(of: ["alpha"]),
                  let alpha = try? activation.float("alpha", default: 0.01) else { return nil }
            return ["segsh.alpha": alpha]
        case "HardSigmoid":
            guard Set(activation.attributes.keys).isSubset(of: ["alpha", "beta"]),
                  let alpha = try? activation.float("alpha", default: 0.2),
                  let beta = try? activation.float("beta", default: 0.5) else { return nil }
            return ["segsh.alpha": alpha, "segsh.beta": beta]
        case "Clip":
            guard activation.attributes.isEmpty else { return nil }
            func bound(_ position: Int, _ absent: Float) -> Float? {
                guard activation.inputs.count > position, !activation.inputs[position].isEmpty else { return absent }
                guard let t = float32Constant(activation.inputs[position]), t.count == 1 else { return nil }
                return t.floats[0]
            }
            guard let low = bound(1, -.infinity), let high = bound(2, .infinity) else { return nil }
            return ["segsh.min": low, "segsh.max": high]
        default:
            return nil
        }
    }
}
