extension Graph {
    /// The graph without nodes none of whose outputs reach a graph output, and without
    /// constants nothing reads.
    ///
    /// Nodes must be in topological order; a backward sweep marks what is live.
    func withoutDeadNodes() -> Graph {
        var live = outputValueNames
        var kept: [Node] = []
        for node in nodes.reversed() where node.outputs.contains(where: { live.contains($0) }) {
            kept.append(node)
            for input in node.inputs where !input.isEmpty { live.insert(input) }
        }
        var result = self
        result.nodes = kept.reversed()
        result.constants = constants.filter { live.contains($0.key) }
        return result
    }
}
