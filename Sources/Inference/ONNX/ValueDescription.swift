/// One extent of a model input or output as the file declares it.
public enum Dimension: Sendable, Equatable, CustomStringConvertible {
    /// A fixed extent, e.g. 3 channels.
    case fixed(Int)
    /// A named extent the caller chooses, e.g. `"batch"` or `"height"`.
    case symbolic(String)
    /// An extent the file leaves open without a name.
    case unknown

    public var description: String {
        switch self {
        case .fixed(let n): "\(n)"
        case .symbolic(let name): name
        case .unknown: "?"
        }
    }
}

/// A model input or output: its name, element type and declared shape.
///
/// ```swift
/// let model = try Model.load(path: "unet.onnx")
/// model.inputs[0].name          // "input"
/// model.inputs[0].dimensions    // [.symbolic("batch"), .fixed(3), .symbolic("height"), .symbolic("width")]
/// ```
public struct ValueDescription: Sendable {
    /// The value's name in the graph.
    public let name: String
    /// The element type, nil when the file does not say or uses a type the engine lacks.
    public let elementType: ElementType?
    /// The declared extents; empty for a scalar or when the file declares no shape
    /// (see ``hasShape``).
    public let dimensions: [Dimension]
    /// False when the file declares no shape at all (any rank is accepted then).
    public let hasShape: Bool

    public init(name: String, elementType: ElementType?, dimensions: [Dimension], hasShape: Bool = true) {
        self.name = name
        self.elementType = elementType
        self.dimensions = dimensions
        self.hasShape = hasShape
    }

    /// The declared shape as text, e.g. `[batch, 3, 512, 512] float`.
    public var typeDescription: String {
        let shape = hasShape ? "[\(dimensions.map(\.description).joined(separator: ", "))]" : "[any shape]"
        return "\(shape) \(elementType?.description ?? "unknown type")"
    }

    /// Whether a tensor of `shape` fits the declaration.
    func accepts(_ shape: [Int]) -> Bool {
        guard hasShape else { return true }
        guard shape.count == dimensions.count else { return false }
        for (extent, dimension) in zip(shape, dimensions) {
            if case .fixed(let n) = dimension, n != extent { return false }
        }
        return true
    }
}
