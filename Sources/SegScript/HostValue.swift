/// A value the language core does not know: an image, a mask, a label map, a table, a
/// model. The library layer conforms its types to this protocol; the core calls these
/// hooks for member access, indexing, operators, `len` and `for` loops.
///
/// Every hook has a default ("not supported"), so a minimal conformance is a type name,
/// a summary and a description. Host values should be cheap to copy (references or
/// copy-on-write storage): the interpreter copies values freely.
///
///     struct MaskValue: HostValue {
///         let mask: Mask
///         var typeName: String { "mask" }
///         var summary: String { "mask \(mask.width)x\(mask.height)" }
///         var description: String { "<mask \(mask.width)x\(mask.height)>" }
///         func unary(_ op: UnaryOperator) throws -> Value? {
///             op == .not ? .host(MaskValue(mask: mask.inverted())) : nil
///         }
///     }
public protocol HostValue: Sendable, CustomStringConvertible {
    /// The type name used in messages and by `type()`: "image", "mask", "table".
    var typeName: String { get }
    /// Type and size, for the REPL's `:vars`: "image 512x512 rgb uint8".
    var summary: String { get }
    /// The field `name` (`m.area`), `nil` if there is none. Throw for other failures.
    func member(_ name: String) throws -> Value?
    /// The names `member` accepts, for "did you mean" suggestions.
    var memberNames: [String] { get }
    /// `self[index]`, `nil` if this value cannot be indexed by `index`.
    func index(_ index: Value) throws -> Value?
    /// `self op other` (`selfOnLeft`) or `other op self`; `nil` if unsupported, which
    /// becomes a type error naming both types. Throw for size mismatches and the like.
    func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value?
    /// `op self`; `nil` if unsupported.
    func unary(_ op: UnaryOperator) throws -> Value?
    /// The number of elements, for `len()`; `nil` if the value has no length.
    var length: Int? { get }
    /// The elements a `for` loop visits; `nil` if the value is not iterable.
    func elements() throws -> [Value]?
    /// The value as text for a display `width` columns wide (`print`, the REPL's echo):
    /// a table lays its columns out to fit. The default is `description`.
    func text(width: Int) -> String
    /// Something the user should know about how this value was just computed by an
    /// operator ("1834 samples were clipped at 255"): the interpreter prints it as a
    /// `note:` line naming the operator's position. Nil by default.
    var operatorNote: String? { get }
}

extension HostValue {
    public var summary: String { typeName }
    public func member(_ name: String) throws -> Value? { nil }
    public var memberNames: [String] { [] }
    public func index(_ index: Value) throws -> Value? { nil }
    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? { nil }
    public func unary(_ op: UnaryOperator) throws -> Value? { nil }
    public var length: Int? { nil }
    public func elements() throws -> [Value]? { nil }
    public func text(width: Int) -> String { description }
    public var operatorNote: String? { nil }
}
