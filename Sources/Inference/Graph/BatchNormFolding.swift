extension Graph {
    /// The graph with each `BatchNormalization` that directly follows a `Conv` folded into the
    /// convolution's weights and bias.
    ///
    /// In inference BN computes `y = (x − mean) · s + β` per channel with
    /// `s = γ / √(var + ε)`; for `x = W ∗ input + b` that is the convolution with
    /// `W′[o] = W[o] · s[o]` and `b′ = (b − mean) · s + β`. Folds only when the weights, bias
    /// and BN parameters are constant float32 tensors, the Conv's output feeds only the BN and
    /// the BN runs in inference mode; otherwise the BN stays a node of its own.
    func foldingBatchNorms() -> Graph {
        let producers = producers()
        let consumers = consumerCounts()
        let graphOutputs = outputValueNames
        var result = self
        var removed = Set<Int>()
        var replaced: [Int: Node] = [:]
        for (index, bn) in nodes.enumerated() where bn.opType == "BatchNormalization" && bn.domain.isEmpty {
            guard bn.inputs.count == 5, bn.outputs.count == 1 || bn.outputs.dropFirst().allSatisfy(\.isEmpty),
                  (try? bn.int("training_mode", default: 0)) == 0,
                  let epsilon = try? bn.float("epsilon", default: 1e-5),
                  let convIndex = producers[bn.inputs[0]], replaced[convIndex] == nil, !removed.contains(convIndex)
            else { continue }
            var conv = nodes[convIndex]
            guard conv.opType == "Conv", conv.domain.isEmpty, conv.outputs.count == 1,
                  consumers[conv.outputs[0]] == 1, !graphOutputs.contains(conv.outputs[0]),
                  conv.inputs.count >= 2, let weight = float32Constant(conv.inputs[1]), weight.rank >= 3
            else { continue }
            let channels = weight.shape[0]
            let params = bn.inputs[1...4].map { float32Constant($0) }
            guard params.allSatisfy({ $0?.count == channels }) else { continue }
            let bias: Tensor?
            if conv.inputs.count >= 3, !conv.inputs[2].isEmpty {
                guard let b = float32Constant(conv.inputs[2]), b.count == channels else { continue }
                bias = b
            } else {
                bias = nil
            }

            let gamma = params[0]!.floats, beta = params[1]!.floats, mean = params[2]!.floats, variance = params[3]!.floats
            let scale = (0..<channels).map { gamma[$0] / (variance[$0] + epsilon).squareRoot() }
            let perChannel = weight.count / max(channels, 1)
            var w = weight.floats
            for o in 0..<channels {
                for i in 0..<perChannel { w[o * perChannel + i] *= scale[o] }
            }
            let b0 = bias?.floats ?? [Float](repeating: 0, count: channels)
            let b = (0..<channels).map { (b0[$0] - mean[$0]) * scale[$0] + beta[$0] }

            let weightName = uniqueConstantName("\(conv.name).bn_folded_weight", in: result)
            let biasName = uniqueConstantName("\(conv.name).bn_folded_bias", in: result)
            result.constants[weightName] = Tensor(shape: weight.shape, floats: w)
            result.constants[biasName] = Tensor(shape: [channels], floats: b)
            conv.inputs = [conv.inputs[0], weightName, biasName]
            conv.outputs = [bn.outputs[0]]
            replaced[convIndex] = conv
            removed.insert(index)
        }
        result.nodes = nodes.enumerated().compactMap { index, node in
            removed.contains(index) ? nil : (replaced[index] ?? node)
        }
        return result.withoutDeadNodes()
    }

    /// A constant float32 tensor named `name`, if there is one.
    func float32Constant(_ name: String) -> Tensor? {
        guard let t = constants[name], t.elementType == .float32 else { return nil }
        return t
    }

    /// `base`, or `base` with a suffix, so that it names no value of `graph`.
    func uniqueConstantName(_ base: String, in graph: Graph) -> String {
        var name = base
        let taken = Set(graph.nodes.flatMap(\.outputs)).union(graph.inputs.map(\.name))
        var n = 1
        while graph.constants[name] != nil || taken.contains(name) {
            n += 1
            name = "\(base)#\(n)"
        }
        return name
    }
}
