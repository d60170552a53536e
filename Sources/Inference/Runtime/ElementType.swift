/// The element types a tensor can hold, as ONNX numbers them (`TensorProto.DataType`).
///
/// The engine computes in `float32`; integer types carry shapes and indices, `bool` and
/// `uint8` what comparison and masking operators need. Other ONNX types are read by the
/// model reader only where a kernel supports them.
public enum ElementType: Int, Sendable, CaseIterable, CustomStringConvertible {
    case float32 = 1
    case uint8 = 2
    case int8 = 3
    case uint16 = 4
    case int16 = 5
    case int32 = 6
    case int64 = 7
    case bool = 9
    case float64 = 11
    case uint32 = 12
    case uint64 = 13

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .uint8, .int8, .bool: 1
        case .uint16, .int16: 2
        case .float32, .int32, .uint32: 4
        case .int64, .float64, .uint64: 8
        }
    }

    /// The ONNX spelling (`tensor(float)` without the wrapper).
    public var description: String {
        switch self {
        case .float32: "float"
        case .uint8: "uint8"
        case .int8: "int8"
        case .uint16: "uint16"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .bool: "bool"
        case .float64: "double"
        case .uint32: "uint32"
        case .uint64: "uint64"
        }
    }

    /// The element type of a Swift scalar type.
    public static func of<T: TensorElement>(_: T.Type) -> ElementType { T.elementType }
}

/// A Swift type that can be a tensor element; binds the Swift type to its ``ElementType``.
public protocol TensorElement: Sendable {
    /// The element type tensors of this Swift type have.
    static var elementType: ElementType { get }
}

extension Float: TensorElement { public static var elementType: ElementType { .float32 } }
extension Double: TensorElement { public static var elementType: ElementType { .float64 } }
extension UInt8: TensorElement { public static var elementType: ElementType { .uint8 } }
extension Int8: TensorElement { public static var elementType: ElementType { .int8 } }
extension UInt16: TensorElement { public static var elementType: ElementType { .uint16 } }
extension Int16: TensorElement { public static var elementType: ElementType { .int16 } }
extension Int32: TensorElement { public static var elementType: ElementType { .int32 } }
extension UInt32: TensorElement { public static var elementType: ElementType { .uint32 } }
extension Int64: TensorElement { public static var elementType: ElementType { .int64 } }
extension UInt64: TensorElement { public static var elementType: ElementType { .uint64 } }
extension Bool: TensorElement { public static var elementType: ElementType { .bool } }
