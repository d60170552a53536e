/// Add, Sub, Mul, Div, Mod and Pow with numpy broadcasting, on every numeric element type
/// (integer Add/Sub/Mul wrap; integer division by zero gives 0).
///
/// The output has the broadcast shape of the two inputs and the first input's type; Pow
/// accepts an exponent of another numeric type, as ONNX allows from opset 12.
struct Arithmetic: Operator {
    enum Function: Sendable { case add, sub, mul, div, mod(fmod: Bool), pow }

    let node: Node
    let function: Function

    init(_ node: Node, _ function: Function) throws {
        self.node = node
        if case .mod = function {
            try node.checkAttributes(["fmod"])
            let fmod = try node.int("fmod", default: 0)
            guard fmod == 0 || fmod == 1 else { throw node.error(.invalidModel, "fmod must be 0 or 1, not \(fmod)") }
            self.function = .mod(fmod: fmod == 1)
        } else {
            try node.checkAttributes([])
            self.function = function
        }
    }

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let a = try node.required(inputs, 0, "A"), b = try node.required(inputs, 1, "B")
        try node.check(a.elementType, in: ElementType.numeric, "A")
        if case .pow = function {
            try node.check(b.elementType, in: ElementType.numeric, "the exponent")
        } else if a.elementType != b.elementType {
            throw node.error(.invalidModel, "A is \(a.elementType) but B is \(b.elementType); both must have the same type")
        }
        guard let shape = broadcastShapes([a.shape, b.shape]) else {
            throw node.error(.invalidModel, "shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        return [TensorType(a.elementType, shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let a = node.tensor(inputs, 0), b = node.tensor(inputs, 1)
        _ = try visitNumeric(a.elementType, Kernel(function: function, a: a, b: b, out: outputs[0]))
    }

    private struct Kernel: NumericVisitor {
        let function: Function
        let a: Tensor, b: Tensor, out: Tensor

        func visit<T: NumericElement>(_: T.Type) throws {
            switch function {
            case .add: broadcastBinary(Add<T>(), a, b, into: out)
            case .sub: broadcastBinary(Subtract<T>(), a, b, into: out)
            case .mul: broadcastBinary(Multiply<T>(), a, b, into: out)
            case .div: broadcastBinary(Divide<T>(), a, b, into: out)
            case .mod(let fmod): broadcastBinary(Remainder<T>(fmod: fmod), a, b, into: out)
            case .pow:
                if T.self == Float.self && b.elementType == .float32 {
                    broadcastBinary(FloatPower(), a, b, into: out, cost: 8)
                } else {
                    _ = try visitNumeric(b.elementType, PowerKernel<T>(a: a, b: b, out: out))
                }
            }
        }
    }

    private struct PowerKernel<T: NumericElement>: NumericVisitor {
        let a: Tensor, b: Tensor, out: Tensor
        func visit<U: NumericElement>(_: U.Type) {
            broadcastBinary(Power<T, U>(), a, b, into: out, cost: 8)
        }
    }
}

struct Add<T: NumericElement>: BinaryFunctor {
    func callAsFunction(_ a: T, _ b: T) -> T { T.add(a, b) }
}
struct Subtract<T: NumericElement>: BinaryFunctor {
    func callAsFunction(_ a: T, _ b: T) -> T { T.subtract(a, b) }
}
struct Multiply<T: NumericElement>: BinaryFunctor {
    func callAsFunction(_ a: T, _ b: T) -> T { T.multiply(a, b) }
}
struct Divide<T: NumericElement>: BinaryFunctor {
    func callAsFunction(_ a: T, _ b: T) -> T { T.divide(a, b) }
}
struct Remainder<T: NumericElement>: BinaryFunctor {
    let fmod: Bool
    func callAsFunction(_ a: T, _ b: T) -> T { T.remainder(a, b, fmod: fmod) }
}
struct FloatPower: BinaryFunctor {
    func callAsFunction(_ a: Float, _ b: Float) -> Float { b == 2 ? a * a : Float.pow(a, b) }
}
/// Any base and exponent type, computed in double precision and converted to the base's type.
struct Power<T: NumericElement, U: NumericElement>: BinaryFunctor {
    func callAsFunction(_ a: T, _ b: U) -> T { T(convertingDouble: Double.pow(a.doubleValue, b.doubleValue)) }
}
