extension Graph {
    /// The graph with its nodes ordered so that every value is produced before it is read.
    ///
    /// Kahn's algorithm, taking ready nodes in file order so that an already sorted graph
    /// keeps its order. A node reading a value nothing defines, or a cycle, is an
    /// `.invalidModel` error naming the node.
    func topologicallySorted(source: String) throws -> Graph {
        var defined = Set(constants.keys).union(inputs.map(\.name))
        var producer: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.outputs where !output.isEmpty {
                if defined.contains(output) || producer[output] != nil {
                    throw node.error(.invalidModel, "\(source): the value '\(output)' is defined twice; the model is malformed, export it again")
                }
                producer[output] = index
            }
        }
        var waiting = [Int](repeating: 0, count: nodes.count)
        var dependents = [[Int]](repeating: [], count: nodes.count)
        for (index, node) in nodes.enumerated() {
            for input in Set(node.inputs) where !input.isEmpty {
                if let p = producer[input] {
                    waiting[index] += 1
                    dependents[p].append(index)
                } else if !defined.contains(input) {
                    throw node.error(.invalidModel, "\(source): reads the value '\(input)', which no node, initializer or graph input defines; the model is malformed, export it again")
                }
            }
        }
        // A min-heap would keep file order exactly; a sorted ready list is enough for the
        // graph sizes met here (thousands of nodes).
        var ready = (0..<nodes.count).filter { waiting[$0] == 0 }.reversed() as [Int]
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        while let next = ready.popLast() {
            order.append(next)
            var released: [Int] = []
            for d in dependents[next] {
                waiting[d] -= 1
                if waiting[d] == 0 { released.append(d) }
            }
            if !released.isEmpty {
                ready.append(contentsOf: released)
                ready.sort(by: >)
            }
        }
        guard order.count == nodes.count else {
            let stuck = nodes.indices.first { waiting[$0] > 0 }!
            throw nodes[stuck].error(.invalidModel, "\(source): the graph has a cycle through this node; ONNX graphs must be acyclic, export the model again")
        }
        for node in nodes { for output in node.outputs where !output.isEmpty { defined.insert(output) } }
        for output in outputs where !defined.contains(output.name) {
            throw InferenceError(.invalidModel, "\(source): the graph output '\(output.name)' is not produced by any node; the model is malformed, export it again")
        }
        var sorted = self
        sorted.nodes = order.map { nodes[$0] }
        return sorted
    }
}
