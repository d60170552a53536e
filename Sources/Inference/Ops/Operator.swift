/// What load-time passes know about a value: its element type, its shape, and its contents
/// when they are constant (initializers, folded subgraphs, `Shape` of a known shape).
public struct ValueInfo: Sendable {
    /// The element type.
    public var elementType: ElementType
    /// The concrete shape.
    public var shape: [Int]
    /// The value itself when it is known before running.
    public var constant: Tensor?

    public init(_ elementType: ElementType, shape: [Int], constant: Tensor? = nil) {
        self.elementType = elementType
        self.shape = shape
        self.constant = constant
    }

    /// Describes a known tensor.
    public init(constant: Tensor) {
        self.init(constant.elementType, shape: constant.shape, constant: constant)
    }
}

/// The type and shape of one operator output.
public struct TensorType: Sendable, Equatable {
    public var elementType: ElementType
    public var shape: [Int]

    public init(_ elementType: ElementType, _ shape: [Int]) {
        self.elementType = elementType
        self.shape = shape
    }
}

/// Per-run state an operator may consult: cancellation is checked by the executor between
/// operators, so kernels need it only inside loops that can run for seconds.
public struct ExecutionContext: Sendable {
    /// True when the caller asked to stop.
    public let isCancelled: @Sendable () -> Bool

    public init(isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.isCancelled = isCancelled
    }
}

/// A kernel for one node, built once at load time from the node's attributes.
///
/// The contract:
/// - `init` (through the registry's factory) validates attributes and refuses unsupported
///   ones with `.unsupportedAttribute`, naming the node.
/// - `infer` computes every output's type and shape from the inputs' (`nil` for an omitted
///   optional input). It may read `constant` inputs (a Reshape's shape) and must throw
///   `.invalidModel` when a needed one is not constant or shapes cannot combine, and
///   `.unsupportedAttribute` for element types it does not handle.
/// - `run` writes every output; outputs arrive allocated with exactly the inferred shapes
///   and may be zero-filled or hold garbage. It never writes its inputs. Inputs and
///   outputs never share storage.
///
/// Operators are stateless after `init`, so one plan can run on several threads at once.
public protocol Operator: Sendable {
    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType]
    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws
}

/// Makes the kernel for a node; throws when the node's attributes are unsupported.
public typealias OperatorFactory = @Sendable (Node) throws -> any Operator
