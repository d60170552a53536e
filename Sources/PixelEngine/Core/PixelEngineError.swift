/// An error a user can cause in a pixel-engine operation: mismatched sizes, a wrong channel
/// count, an out-of-range parameter, an empty image.
///
/// The message names the operation, the offending values and, where there is one, the fix:
/// `gaussian: sigma must be > 0, got -1`.
public struct PixelEngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operation that refused, as users know it (`"gaussian"`, `"erode"`).
    public let operation: String
    /// What is wrong and how to fix it.
    public let message: String

    public init(_ operation: String, _ message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }
}
