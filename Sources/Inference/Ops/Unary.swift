import PixelEngine

/// The element-by-element operators of one input: activations (Relu, LeakyRelu, Sigmoid,
/// HardSigmoid, HardSwish, Tanh, Elu, Selu, Softplus, Softsign, ThresholdedRelu) and math
/// (Erf, Exp, Log, Sqrt, Neg, Abs, Reciprocal, Floor, Ceil, Round, Sign).
///
/// The output has the input's shape and type. float32 and float64 take every function;
/// signed integers take Neg, Abs, Relu and Sign.
struct Unary: Operator {
    enum Function: Sendable, Equatable {
        case relu, leakyRelu(alpha: Float), sigmoid, hardSigmoid(alpha: Float, beta: Float), hardSwish, tanh
        case elu(alpha: Float), selu(alpha: Float, gamma: Float), softplus, softsign, thresholdedRelu(alpha: Float)
        case erf, exp, log, sqrt, neg, abs, reciprocal, floor, ceil, round, sign

        /// Whether integers are accepted too.
        var takesIntegers: Bool { [.relu, .neg, .abs, .sign].contains(self) }
        /// A rough cost per element relative to an addition, for the parallel split.
        var cost: Int {
            switch self {
            case .sigmoid, .tanh, .elu, .selu, .softplus, .erf, .exp, .log: 16
            default: 1
            }
        }
    }

    let node: Node
    let function: Function

    /// The kernel for `node`, reading the attributes of `opType`.
    init(_ node: Node) throws {
        self.node = node
        switch node.opType {
        case "LeakyRelu":
            try node.checkAttributes(["alpha"])
            function = .leakyRelu(alpha: try node.float("alpha", default: 0.01))
        case "HardSigmoid":
            try node.checkAttributes(["alpha", "beta"])
            function = .hardSigmoid(alpha: try node.float("alpha", default: 0.2), beta: try node.float("beta", default: 0.5))
        case "Elu":
            try node.checkAttributes(["alpha"])
            function = .elu(alpha: try node.float("alpha", default: 1))
        case "Selu":
            try node.checkAttributes(["alpha", "gamma"])
            function = .selu(alpha: try node.float("alpha", default: 1.67326319217681884765625),
                             gamma: try node.float("gamma", default: 1.05070102214813232421875))
        case "ThresholdedRelu":
            try node.checkAttributes(["alpha"])
            function = .thresholdedRelu(alpha: try node.float("alpha", default: 1))
        default:
            try node.checkAttributes([])
            let simple: [String: Function] = [
                "Relu": .relu, "Sigmoid": .sigmoid, "HardSwish": .hardSwish, "Tanh": .tanh,
                "Softplus": .softplus, "Softsign": .softsign, "Erf": .erf, "Exp": .exp, "Log": .log,
                "Sqrt": .sqrt, "Neg": .neg, "Abs": .abs, "Reciprocal": .reciprocal, "Floor": .floor,
                "Ceil": .ceil, "Round": .round, "Sign": .sign,
            ]
            guard let f = simple[node.opType] else { throw node.error(.unsupportedOperator, "not an element-wise unary operator") }
            function = f
        }
    }

    /// The operator names this kernel implements.
    static let names = ["Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Elu", "Selu",
                        "Softplus", "Softsign", "ThresholdedRelu", "Erf", "Exp", "Log", "Sqrt", "Neg",
                        "Abs", "Reciprocal", "Floor", "Ceil", "Round", "Sign"]

    func infer(_ inputs: [ValueInfo?]) throws -> [TensorType] {
        let x = try node.required(inputs, 0, "X")
        try node.check(x.elementType, in: function.takesIntegers ? ElementType.signed : ElementType.floats, "X")
        return [TensorType(x.elementType, x.shape)]
    }

    func run(_ inputs: [Tensor?], _ outputs: [Tensor], _ context: ExecutionContext) throws {
        let x = node.tensor(inputs, 0)
        if try visitFloat(x.elementType, FloatKernel(function: function, x: x, y: outputs[0])) == nil {
            _ = try visitNumeric(x.elementType, IntegerKernel(function: function, x: x, y: outputs[0]))
        }
    }

    private struct FloatKernel: FloatVisitor {
        let function: Function
        let x: Tensor, y: Tensor

        func visit<T: FloatElement>(_: T.Type) {
            let px = x.pointer(T.self), py = y.pointer(T.self)
            let function = self.function
            parallelRows(x.count, costPerRow: function.cost) { range in
                let x = px, y = py
                switch function {
                case .relu: for i in range { y[i] = x[i] > 0 ? x[i] : 0 }
                case .leakyRelu(let alpha):
                    let a = T(alpha)
                    for i in range { y[i] = x[i] >= 0 ? x[i] : a * x[i] }
                case .sigmoid: for i in range { y[i] = 1 / (1 + T.exp(-x[i])) }
                case .hardSigmoid(let alpha, let beta):
                    let a = T(alpha), b = T(beta)
                    for i in range { y[i] = Swift.max(0, Swift.min(1, a * x[i] + b)) }
                case .hardSwish:
                    for i in range { y[i] = x[i] * Swift.max(0, Swift.min(1, x[i] * (1 / 6 as T) + 0.5)) }
                case .tanh: for i in range { y[i] = T.tanh(x[i]) }
                case .elu(let alpha):
                    let a = T(alpha)
                    for i in range { y[i] = x[i] > 0 ? x[i] : a * (T.exp(x[i]) - 1) }
                case .selu(let alpha, let gamma):
                    let a = T(alpha), g = T(gamma)
                    for i in range { y[i] = g * (x[i] > 0 ? x[i] : a * (T.exp(x[i]) - 1)) }
                case .softplus: for i in range { y[i] = T.log(T.exp(x[i]) + 1) }
                case .softsign: for i in range { y[i] = x[i] / (1 + Swift.abs(x[i])) }
                case .thresholdedRelu(let alpha):
                    let a = T(alpha)
                    for i in range { y[i] = x[i] > a ? x[i] : 0 }
                case .erf: for i in range { y[i] = T.erf(x[i]) }
                case .exp: for i in range { y[i] = T.exp(x[i]) }
                case .log: for i in range { y[i] = T.log(x[i]) }
                case .sqrt: for i in range { y[i] = T.sqrt(x[i]) }
                case .neg: for i in range { y[i] = -x[i] }
                case .abs: for i in range { y[i] = Swift.abs(x[i]) }
                case .reciprocal: for i in range { y[i] = 1 / x[i] }
                case .floor: for i in range { y[i] = x[i].rounded(.down) }
                case .ceil: for i in range { y[i] = x[i].rounded(.up) }
                case .round: for i in range { y[i] = x[i].rounded(.toNearestOrEven) }
                case .sign: for i in range { y[i] = x[i] > 0 ? 1 : (x[i] < 0 ? -1 : x[i]) }
                }
            }
        }
    }

    private struct IntegerKernel: NumericVisitor {
        let function: Function
        let x: Tensor, y: Tensor

        func visit<T: NumericElement>(_: T.Type) {
            let px = x.pointer(T.self), py = y.pointer(T.self)
            let zero = T.zeroValue
            let one = T(convertingDouble: 1), minusOne = T(convertingDouble: -1)
            for i in 0..<x.count {
                let v = px[i]
                switch function {
                case .relu: py[i] = v > zero ? v : zero
                case .neg: py[i] = T.subtract(zero, v)
                case .abs: py[i] = v < zero ? T.subtract(zero, v) : v
                default: py[i] = v > zero ? one : (v < zero ? minusOne : zero)
                }
            }
        }
    }
}
