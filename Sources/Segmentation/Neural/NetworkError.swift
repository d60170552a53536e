import Inference

/// An error preparing or running a network on an image: the model cannot take the image,
/// its outputs mean nothing per pixel, its model card is malformed, a built-in name is
/// unknown, or the engine refused (its message is kept, with the file named).
///
/// ```swift
/// do { _ = try NetworkModel.builtIn("nucleus") }
/// catch let e as NetworkError where e.kind == .unknownBuiltIn { print(e) }
/// ```
public struct NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a category.
    public enum Kind: Sendable, Equatable {
        /// The model's input is not `[1, channels, height, width]`, or there are several.
        case notAnImageNetwork
        /// The image's channels cannot become the model's input channels.
        case channels
        /// The output is not one value per class per pixel of the input.
        case output
        /// A `segsh.*` metadata value cannot be read.
        case modelCard
        /// `load_model(name)` with a name that is no built-in model.
        case unknownBuiltIn
        /// A call's option (tile size, percentiles…) is out of range.
        case option
        /// The image does not suit the task (instances from a semantic model…).
        case task
        /// The engine's error, of this kind.
        case engine(InferenceError.Kind)
        /// The run was cancelled between tiles or operators.
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
