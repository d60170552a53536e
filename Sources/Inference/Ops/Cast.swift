import PixelEngine

/// Cast: every element converted to the type `to`. Floats to integers truncate toward zero
/// and saturate (NaN becomes 0); integers to narrower integers wrap; anything to bool is
/// "not zero"; bool to numbers is 0 or 1. float16, bfloat16 and strings are not supported.
struct Cast: Operator {
    let node: Node
    let target: ElementType

    init(_ node: Node) throws {
        try node.checkAttributes(["to"])
        self.node = node
        let to = try node.int("to", default: -1)
        guard let type = ElementType(rawValue: to) else {
            throw node.error(.unsupportedAttribute, "casting to the ONNX data type \(to) is not supported (supported: \(ElementType.allCases.map(\.description).joined(separator: ", ")))")
        }
        target = type
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "input")
        return [TensorType(target, x.shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0), out = outputs[0]
        if x.elementType == target { return copyBytes(x, into: out) }
        // Bools are the bytes 0 and 1: as a source they convert like UInt8.
        let source = x.elementType == .bool ? Tensor(.uint8, shape: x.shape, storage: x.storage) : x
        _ = try visitNumeric(source.elementType, SourceKernel(x: source, out: out))
    }

    private struct SourceKernel: NumericVisitor {
        let x: Tensor, out: Tensor
        func visit<T: NumericElement>(_: T.Type) throws {
            if out.elementType == .bool {
                let src = x.pointer(T.self), dst = out.pointer(Bool.self)
                for i in 0..<x.count { dst[i] = src[i] != T.zeroValue }
            } else {
                _ = try visitNumeric(out.elementType, TargetKernel<T>(x: x, out: out))
            }
        }
    }

    private struct TargetKernel<T: NumericElement>: NumericVisitor {
        let x: Tensor, out: Tensor
        func visit<U: NumericElement>(_: U.Type) {
            let src = x.pointer(T.self), dst = out.pointer(U.self)
            parallelRows(x.count) { range in
                for i in range { dst[i] = U(casting: src[i]) }
            }
        }
    }
}

extension NumericElement {
    /// `value` converted as Cast does.
    init<S: NumericElement>(casting value: S) {
        if Self.isFloatingPoint || S.isFloatingPoint {
            self.init(convertingDouble: value.doubleValue)
        } else {
            self.init(integerBits: value.integerBits)
        }
    }
}
