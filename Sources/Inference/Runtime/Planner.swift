extension ExecutionPlan {
    /// Builds the plan for `inferred`: value slots, steps, the memory plan and the totals,
    /// refusing it with `.memoryLimit` before anything large is allocated.
    static func make(_ inferred: InferredGraph, kernels: [String: Result<any Operator, InferenceError>],
                     inputShapes: [String: [Int]], source: String, memoryLimit: Int) throws -> ExecutionPlan {
        let graph = inferred.graph
        var ids: [String: Int] = [:]
        var slots: [Slot] = []
        var types: [TensorType] = []
        func add(_ slot: Slot, _ type: TensorType) -> Int {
            slots.append(slot)
            types.append(type)
            return slots.count - 1
        }
        for (name, tensor) in graph.constants.sorted(by: { $0.key < $1.key }) {
            ids[name] = add(.constant(tensor), TensorType(tensor.elementType, tensor.shape))
        }
        var inputTypes: [(name: String, elementType: ElementType)] = []
        for input in graph.inputs {
            let info = inferred.values[input.name]!
            ids[input.name] = add(.input(input.name), TensorType(info.elementType, info.shape))
            inputTypes.append((input.name, info.elementType))
        }

        let returned = graph.outputValueNames
        var steps: [Step] = []
        var firstStep: [Int: Int] = [:]
        var lastStep: [Int: Int] = [:]
        var flops = 0
        for (index, node) in graph.nodes.enumerated() {
            let kernel = try kernels[node.name]!.get()
            let nodeTypes = inferred.outputTypes[node.name]!
            var outputs: [Int] = []
            for (position, type) in nodeTypes.enumerated() {
                let name = node.outputs[position]
                // Unread optional outputs still get memory: kernels write every output.
                let slot: Slot = returned.contains(name) ? .owned(type) : .arena(offset: 0, type: type)
                let id = add(slot, type)
                if !name.isEmpty { ids[name] = id }
                outputs.append(id)
                firstStep[id] = index
                lastStep[id] = index
            }
            let inputs = node.inputs.map { name in name.isEmpty ? -1 : ids[name]! }
            for id in inputs where id >= 0 { lastStep[id] = index }
            steps.append(Step(node: node, kernel: kernel, inputs: inputs, outputs: outputs))
            let infos = node.inputs.map { $0.isEmpty ? nil : inferred.values[$0] }
            flops += CostModel.flops(node, inputs: infos, outputs: nodeTypes)
        }

        var requests: [MemoryPlan.Request] = []
        for (id, slot) in slots.enumerated() {
            guard case .arena(_, let type) = slot else { continue }
            requests.append(.init(id: id, bytes: type.shape.reduce(1, *) * type.elementType.byteSize,
                                  firstStep: firstStep[id]!, lastStep: lastStep[id]!))
        }
        let memory = MemoryPlan(requests)
        for (id, offset) in memory.offsets {
            guard case .arena(_, let type) = slots[id] else { continue }
            slots[id] = .arena(offset: offset, type: type)
        }

        var outputTypes: [String: TensorType] = [:]
        var results: [(name: String, value: Int)] = []
        var resultBytes = 0
        for output in graph.outputs {
            let id = ids[graph.source(ofOutput: output.name)]!
            results.append((output.name, id))
            outputTypes[output.name] = types[id]
            resultBytes += types[id].shape.reduce(1, *) * types[id].elementType.byteSize
        }
        let weightBytes = graph.constants.values.reduce(0) { $0 + $1.byteCount }
        let total = memory.arenaBytes + weightBytes + resultBytes
        guard total <= memoryLimit else {
            throw InferenceError(.memoryLimit, """
                \(source): for inputs \(inputShapes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) \
                the model needs \(formatBytes(total)) (activations \(formatBytes(memory.arenaBytes)), weights \(formatBytes(weightBytes)), \
                results \(formatBytes(resultBytes))), over the memory limit of \(formatBytes(memoryLimit)); \
                use a smaller input (tile the image) or raise the limit
                """)
        }
        return ExecutionPlan(source: source, inputShapes: inputShapes, inputTypes: inputTypes, slots: slots, steps: steps,
                             results: results, arenaBytes: memory.arenaBytes, weightBytes: weightBytes, flops: flops,
                             outputTypes: outputTypes)
    }
}
