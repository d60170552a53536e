/// An error loading or running a model: the file is not ONNX, is damaged, uses an operator
/// or attribute the engine does not support, or the inputs do not fit.
///
/// The message names the file (or node) and the fix; `kind` lets callers and tests tell the
/// cases apart without parsing text.
///
/// ```swift
/// do { _ = try Model.load(path: "net.onnx") }
/// catch let e as InferenceError where e.kind == .unsupportedOperator { print(e) }
/// ```
public struct InferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a category.
    public enum Kind: String, Sendable, Equatable {
        /// The file is not an ONNX model at all (wrong signature, not a ModelProto).
        case notONNX
        /// The protobuf is truncated or inconsistent.
        case corrupt
        /// The IR version or the default-domain opset is outside the supported range.
        case unsupportedVersion
        /// A node uses an operator (or domain) the engine has no kernel for.
        case unsupportedOperator
        /// A node uses an attribute value, mode or element type its kernel does not support.
        case unsupportedAttribute
        /// The graph is malformed: a missing input, a cycle, shapes that cannot combine.
        case invalidModel
        /// An external-data file is missing, short or unreadable.
        case missingExternalData
        /// A caller's input has the wrong name, element type, rank or size.
        case inputMismatch
        /// The planned tensors would exceed the memory limit.
        case memoryLimit
        /// The run was cancelled between operators.
        case cancelled
    }

    /// The category.
    public let kind: Kind
    /// What is wrong, where, and how to fix it.
    public let message: String

    /// An error of `kind` with a full message.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
