import PixelEngine

/// Concat: inputs of one type and rank joined along `axis` (negative counts from the end);
/// every other extent must agree. Empty inputs contribute nothing.
struct Concat: Operator {
    let node: Node
    let axis: Int

    init(_ node: Node) throws {
        try node.checkAttributes(["axis"])
        guard node.attributes["axis"] != nil else { throw node.error(.invalidModel, "the attribute 'axis' is required") }
        self.node = node
        axis = try node.int("axis", default: 0)
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        guard !inputs.isEmpty else { throw node.error(.invalidModel, "needs at least one input") }
        let infos = try inputs.indices.map { try node.required(inputs, $0, "inputs[\($0)]") }
        let first = infos[0]
        let a = try node.axis(axis, rank: first.shape.count)
        var shape = first.shape
        shape[a] = 0
        for info in infos {
            guard info.elementType == first.elementType, info.shape.count == first.shape.count else {
                throw node.error(.invalidModel, "inputs mix \(first.elementType) \(first.shape) and \(info.elementType) \(info.shape)")
            }
            for d in 0..<shape.count where d != a && info.shape[d] != first.shape[d] {
                throw node.error(.invalidModel, "shapes \(first.shape) and \(info.shape) differ on axis \(d), not only on the concatenation axis \(a)")
            }
            shape[a] += info.shape[a]
        }
        return [TensorType(first.elementType, shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let out = outputs[0]
        let a = try node.axis(axis, rank: out.rank)
        let outer = product(out.shape[..<a])
        let size = out.elementType.byteSize
        let innerBytes = product(out.shape[(a + 1)...]) * size
        let rowBytes = out.shape[a] * innerBytes
        let parts = inputs.indices.map { node.tensor(inputs, $0) }
        guard rowBytes > 0 else { return }
        let base = out.storage.base
        parallelRows(outer, costPerRow: rowBytes / 4) { rows in
            for o in rows {
                var offset = o * rowBytes
                for part in parts {
                    let bytes = part.shape[a] * innerBytes
                    if bytes > 0 {
                        (base + offset).copyMemory(from: part.storage.base + o * bytes, byteCount: bytes)
                    }
                    offset += bytes
                }
            }
        }
    }
}
