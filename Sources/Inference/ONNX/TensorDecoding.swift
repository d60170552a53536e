import Foundation

/// Turns `TensorProto`s (initializers, `Constant` values, test data) into ``Tensor``s.
///
/// ONNX stores elements either as little-endian bytes in `raw_data`, in an external file, or
/// in the typed repeated fields (`float_data`, `int32_data` for every type of 32 bits or
/// fewer, `int64_data`, `double_data`, `uint64_data` for uint32/uint64). Every hosts Swift
/// runs this engine on (x86-64, arm64) is little-endian, so raw bytes are copied as they are.
struct TensorDecoder {
    /// The model file, for messages.
    let source: String
    /// The folder external-data locations are relative to; nil when the model came from bytes.
    let directory: String?
    /// External-data files already opened, so many tensors in one file read it once.
    let externalFiles: ExternalDataFiles

    init(source: String, directory: String?) {
        self.source = source
        self.directory = directory
        externalFiles = ExternalDataFiles(source: source, directory: directory)
    }

    /// The element type of a `TensorProto.DataType` number, or a typed error naming `what`.
    static func elementType(_ dataType: Int32, what: String, source: String) throws -> ElementType {
        if let type = ElementType(rawValue: Int(dataType)) { return type }
        let name = Onnx_TensorProto.DataType(rawValue: Int(dataType)).map { "\($0)" } ?? "number \(dataType)"
        throw InferenceError(.unsupportedAttribute, """
            \(source): \(what) has the element type \(name), which the engine does not support \
            (supported: \(ElementType.allCases.map(\.description).joined(separator: ", "))); \
            export the model with float32 weights
            """)
    }

    /// The shape `dims` describes, refusing negative extents.
    static func shape(_ dims: [Int64], what: String, source: String) throws -> [Int] {
        guard dims.allSatisfy({ $0 >= 0 && $0 < Int64(Int32.max) }) else {
            throw InferenceError(.corrupt, "\(source): \(what) has the impossible shape \(dims); the file is damaged, export it again")
        }
        return dims.map { Int($0) }
    }

    /// Decodes one tensor; `what` names it in messages (e.g. "initializer 'conv1.weight'").
    func decode(_ proto: Onnx_TensorProto, what: String) throws -> Tensor {
        let type = try Self.elementType(proto.dataType, what: what, source: source)
        let shape = try Self.shape(proto.dims, what: what, source: source)
        let count = shape.reduce(1, *)
        let tensor = Tensor(uninitialized: type, shape: shape)
        let byteCount = count * type.byteSize

        if proto.hasDataLocation && proto.dataLocation == .external {
            try externalFiles.read(proto.externalData, byteCount: byteCount, what: what, into: tensor.storage.base)
            return tensor
        }
        if proto.hasRawData {
            let raw = proto.rawData
            guard raw.count == byteCount else {
                throw InferenceError(.corrupt, "\(source): \(what) of shape \(shape) \(type) needs \(byteCount) bytes of raw data but has \(raw.count); the file is damaged, export it again")
            }
            raw.withUnsafeBytes { bytes in
                if byteCount > 0 { tensor.storage.base.copyMemory(from: bytes.baseAddress!, byteCount: byteCount) }
            }
            return tensor
        }

        func fill<Source, T: TensorElement>(_ values: [Source], field: String, _ convert: (Source) -> T) throws {
            guard values.count == count else {
                throw InferenceError(.corrupt, "\(source): \(what) of shape \(shape) needs \(count) values in \(field) but has \(values.count); the file is damaged, export it again")
            }
            tensor.withUnsafeMutableBufferPointer(of: T.self) { out in
                for i in 0..<count { out[i] = convert(values[i]) }
            }
        }
        switch type {
        case .float32: try fill(proto.floatData, field: "float_data") { (v: Float) in v }
        case .float64: try fill(proto.doubleData, field: "double_data") { (v: Double) in v }
        case .int64: try fill(proto.int64Data, field: "int64_data") { (v: Int64) in v }
        case .int32: try fill(proto.int32Data, field: "int32_data") { (v: Int32) in v }
        case .int16: try fill(proto.int32Data, field: "int32_data") { (v: Int32) in Int16(truncatingIfNeeded: v) }
        case .int8: try fill(proto.int32Data, field: "int32_data") { (v: Int32) in Int8(truncatingIfNeeded: v) }
        case .uint16: try fill(proto.int32Data, field: "int32_data") { (v: Int32) in UInt16(truncatingIfNeeded: v) }
        case .uint8: try fill(proto.int32Data, field: "int32_data") { (v: Int32) in UInt8(truncatingIfNeeded: v) }
        case .bool: try fill(proto.int32Data, field: "int32_data") { (v: Int32) in v != 0 }
        case .uint32: try fill(proto.uint64Data, field: "uint64_data") { (v: UInt64) in UInt32(truncatingIfNeeded: v) }
        case .uint64: try fill(proto.uint64Data, field: "uint64_data") { (v: UInt64) in v }
        }
        return tensor
    }

    /// The bytes `proto` would take once decoded, without decoding it (for the memory check).
    static func byteCount(_ proto: Onnx_TensorProto) -> Int {
        let size = ElementType(rawValue: Int(proto.dataType))?.byteSize ?? 4
        return proto.dims.reduce(1) { $0 * Int(max(0, min($1, Int64(Int32.max)))) } * size
    }
}
