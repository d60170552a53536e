#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The activation the engine's fusion pass folds into a Conv (or ConvTranspose), applied
/// to each output value together with the bias while the output tile is still in cache.
///
/// The pass writes it as internal attributes on the node: `segsh.activation` names the
/// operator (`Relu`, `LeakyRelu`, `Clip`, `HardSwish`, `HardSigmoid`, `Sigmoid`) and
/// `segsh.alpha`, `segsh.beta`, `segsh.min`, `segsh.max` carry its parameters with the ONNX
/// meanings and defaults of that operator.
///
/// ```swift
/// let act = try FusedActivation(node)      // .none when the node has no segsh.activation
/// act.apply(row, count: width, bias: 0.5)  // row[i] = act(row[i] + 0.5)
/// ```
struct FusedActivation: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case none
        case relu
        case leakyRelu(alpha: Float)
        case clip(min: Float, max: Float)
        case hardSwish
        case hardSigmoid(alpha: Float, beta: Float)
        case sigmoid
    }

    /// The attribute names a node carrying a fused activation may have.
    static let attributeNames: Set<String> = ["segsh.activation", "segsh.alpha", "segsh.beta", "segsh.min", "segsh.max"]

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// Reads the fused activation of `node`; throws `.unsupportedAttribute` for an unknown
    /// activation name or parameters that do not belong to it.
    init(_ node: Node) throws {
        guard let name = node.attributes["segsh.activation"] else {
            for key in Self.attributeNames where node.attributes[key] != nil {
                throw node.error(.invalidModel, "attribute '\(key)' needs 'segsh.activation' beside it")
            }
            kind = .none
            return
        }
        guard case .string(let op) = name else {
            throw node.error(.invalidModel, "attribute 'segsh.activation' must be a string")
        }
        func only(_ allowed: Set<String>) throws {
            for key in Self.attributeNames.subtracting(allowed).subtracting(["segsh.activation"]).sorted()
            where node.attributes[key] != nil {
                throw node.error(.unsupportedAttribute, "attribute '\(key)' does not apply to the fused activation \(op)")
            }
        }
        switch op {
        case "Relu":
            try only([])
            kind = .relu
        case "LeakyRelu":
            try only(["segsh.alpha"])
            kind = .leakyRelu(alpha: try node.float("segsh.alpha", default: 0.01))
        case "Clip":
            try only(["segsh.min", "segsh.max"])
            let lo = try node.float("segsh.min", default: -.infinity), hi = try node.float("segsh.max", default: .infinity)
            kind = .clip(min: lo, max: hi)
        case "HardSwish":
            try only([])
            kind = .hardSwish
        case "HardSigmoid":
            try only(["segsh.alpha", "segsh.beta"])
            kind = .hardSigmoid(alpha: try node.float("segsh.alpha", default: 0.2), beta: try node.float("segsh.beta", default: 0.5))
        case "Sigmoid":
            try only([])
            kind = .sigmoid
        default:
            throw node.error(.unsupportedAttribute,
                             "the fused activation '\(op)' is not supported (supported: Clip, HardSigmoid, HardSwish, LeakyRelu, Relu, Sigmoid)")
        }
    }

    /// One value: `act(x)`.
    @inline(__always)
    func scalar(_ x: Float) -> Float {
        switch kind {
        case .none: return x
        case .relu: return x < 0 ? 0 : x
        case .leakyRelu(let alpha): return x < 0 ? alpha * x : x
        case .clip(let lo, let hi): return Swift.min(Swift.max(x, lo), hi)
        case .hardSwish: return x * Swift.min(Swift.max(x * (1 / 6) + 0.5, 0), 1)
        case .hardSigmoid(let alpha, let beta): return Swift.min(Swift.max(alpha * x + beta, 0), 1)
        case .sigmoid: return 1 / (1 + expf(-x))
        }
    }

    /// Eight values at once; the same results as ``scalar(_:)`` lane by lane.
    @inline(__always)
    func vector(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let zero = SIMD8<Float>(repeating: 0), one = SIMD8<Float>(repeating: 1)
        switch kind {
        case .none: return x
        case .relu: return x.replacing(with: zero, where: x .< zero)
        case .leakyRelu(let alpha): return x.replacing(with: x * alpha, where: x .< zero)
        case .clip(let lo, let hi):
            let l = SIMD8(repeating: lo), h = SIMD8(repeating: hi)
            let low = x.replacing(with: l, where: x .< l)
            return low.replacing(with: h, where: low .> h)
        case .hardSwish:
            var t = x * (1 / 6) + 0.5
            t = t.replacing(with: zero, where: t .< zero)
            t = t.replacing(with: one, where: t .> one)
            return x * t
        case .hardSigmoid(let alpha, let beta):
            var t = x * alpha + beta
            t = t.replacing(with: zero, where: t .< zero)
            return t.replacing(with: one, where: t .> one)
        case .sigmoid:
            var r = x
            for i in 0..<8 { r[i] = 1 / (1 + expf(-x[i])) }
            return r
        }
    }

    /// `p[i] = act(p[i] + bias)` for `i` in `0..<count`.
    @inline(__always)
    func apply(_ p: UnsafeMutablePointer<Float>, count: Int, bias: Float) {
        if kind == .none && bias == 0 { return }
        let raw = UnsafeMutableRawPointer(p)
        let b = SIMD8<Float>(repeating: bias)
        var i = 0
        while i &+ 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
            raw.storeBytes(of: vector(v + b), toByteOffset: i &* 4, as: SIMD8<Float>.self)
            i &+= 8
        }
        while i < count {
            p[i] = scalar(p[i] + bias)
            i &+= 1
        }
    }
}
