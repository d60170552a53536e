/// A model's computation as the load-time passes see it: nodes, known tensors, and the
/// graph's inputs and outputs.
///
/// Passes take a graph and return a rewritten one; nothing here is shared with the caller.
struct Graph: Sendable {
    /// The nodes, in topological order once ``topologicallySorted()`` has run.
    var nodes: [Node]
    /// Tensors known before running: initializers and `Constant` node values, by value name.
    var constants: [String: Tensor]
    /// The values the caller supplies (initializers excluded).
    var inputs: [ValueDescription]
    /// The values returned to the caller.
    var outputs: [ValueDescription]
    /// Which value each graph output takes its tensor from, when a pass removed the node that
    /// produced it under its own name (an `Identity` feeding an output).
    var outputSources: [String: String] = [:]
    /// Nodes whose attributes could not be read (an attribute kind the engine does not
    /// handle), by node name: the error is raised when the node is planned.
    var nodeErrors: [String: InferenceError] = [:]

    /// The value a graph output's tensor comes from.
    func source(ofOutput name: String) -> String { outputSources[name] ?? name }

    /// The names every graph output reads from.
    var outputValueNames: Set<String> { Set(outputs.map { source(ofOutput: $0.name) }) }

    /// How many nodes read each value (a value read twice by one node counts twice).
    func consumerCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for node in nodes {
            for input in node.inputs where !input.isEmpty { counts[input, default: 0] += 1 }
        }
        return counts
    }

    /// The index of the node producing each value.
    func producers() -> [String: Int] {
        var producers: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.outputs where !output.isEmpty { producers[output] = index }
        }
        return producers
    }
}
