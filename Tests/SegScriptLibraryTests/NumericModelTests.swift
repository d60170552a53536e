import Foundation
import Testing
import SegScript
import Segmentation
@testable import SegScriptLibrary

/// The numeric model (README, "Numbers in pictures"): every arithmetic and comparison
/// operator on every pair of operand kinds, against an oracle written from the rules.
@Suite struct NumericModelTests {
    /// An operand kind and its four samples (a 2x2 picture), or a number.
    enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case uint8, uint16, float, mask, labels, number
        var description: String { rawValue }

        var samples: [Double] {
            switch self {
            case .uint8: [0, 3, 200, 255]
            case .uint16: [0, 3, 1000, 65535]
            case .float: [-1.5, 0.5, 2, 300]
            case .mask: [0, 1, 1, 0]
            case .labels: [0, 1, 2, 0]
            case .number: [3, 3, 3, 3]
            }
        }

        var value: Value {
            let s = samples
            switch self {
            case .uint8: return .host(ImageValue(.uint8(Image(width: 2, height: 2, pixels: s.map { UInt8($0) }))))
            case .uint16: return .host(ImageValue(.uint16(Image(width: 2, height: 2, pixels: s.map { UInt16($0) }))))
            case .float: return .host(ImageValue(.float32(Image(width: 2, height: 2, pixels: s.map { Float($0) }))))
            case .mask: return .host(MaskValue(Mask(uncheckedBits: Image(width: 2, height: 2, pixels: s.map { UInt8($0) }))))
            case .labels: return .host(LabelsValue(LabelMap(ids: Image(width: 2, height: 2, pixels: s.map { UInt32($0) }))))
            case .number: return .number(3)
            }
        }

        /// Unsigned in the model: `+` and `*` of two such stay unsigned.
        var isUnsigned: Bool { [.uint8, .uint16, .mask, .number].contains(self) }
    }

    struct Pair: Sendable, CustomStringConvertible {
        let left: Kind, right: Kind
        var description: String { "\(left) ∘ \(right)" }
    }

    static let pairs: [Pair] = Kind.allCases.flatMap { l in Kind.allCases.map { Pair(left: l, right: $0) } }
        .filter { !($0.left == .number && $0.right == .number) }

    static let operators: [BinaryOperator] = [.add, .subtract, .multiply, .divide, .modulo, .power,
                                              .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual]

    /// What the model says `l op r` is: a type name ("uint8", "uint16", "float32", "mask",
    /// "bool") and its samples.
    static func oracle(_ op: BinaryOperator, _ l: Kind, _ r: Kind) -> (type: String, values: [Double]) {
        let (xs, ys) = (l.samples, r.samples)
        if op == .equal || op == .notEqual, l == r, l == .mask || l == .labels {
            return ("bool", [op == .equal ? 1 : 0])
        }
        if op.isComparison {
            let holds: (Double, Double) -> Bool = switch op {
            case .less: { $0 < $1 }
            case .lessEqual: { $0 <= $1 }
            case .greater: { $0 > $1 }
            case .greaterEqual: { $0 >= $1 }
            case .equal: { $0 == $1 }
            default: { $0 != $1 }
            }
            return ("mask", zip(xs, ys).map { holds(Double(Float($0)), Double(Float($1))) ? 1 : 0 })
        }
        if (op == .add || op == .multiply) && l.isUnsigned && r.isUnsigned {
            let wide = l == .uint16 || r == .uint16
            let limit: Double = wide ? 65535 : 255
            return (wide ? "uint16" : "uint8", zip(xs, ys).map { min(limit, op == .add ? $0 + $1 : $0 * $1) })
        }
        let f: (Float, Float) -> Float = switch op {
        case .add: { $0 + $1 }
        case .subtract: { $0 - $1 }
        case .multiply: { $0 * $1 }
        case .divide: { $0 / $1 }
        case .modulo: { x, y in
            let m = fmodf(x, y)
            return m != 0 && (m < 0) != (y < 0) ? m + y : m
        }
        default: { powf($0, $1) }
        }
        return ("float32", zip(xs, ys).map { Double(f(Float($0), Float($1))) })
    }

    /// The type name and samples of a result.
    static func observed(_ v: Value) -> (type: String, values: [Double]) {
        switch v {
        case .bool(let b): return ("bool", [b ? 1 : 0])
        case .host(let m as MaskValue): return ("mask", m.mask.bits.pixels.map(Double.init))
        case .host(let i as ImageValue):
            switch i.image {
            case .uint8(let x): return ("uint8", x.pixels.map(Double.init))
            case .uint16(let x): return ("uint16", x.pixels.map(Double.init))
            case .float32(let x): return ("float32", x.pixels.map(Double.init))
            }
        default: return (v.typeName, [])
        }
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    @Test(arguments: pairs)
    func everyOperatorFollowsTheModel(_ pair: Pair) throws {
        let interpreter = Interpreter(registry: .library, output: { _ in })
        interpreter["a"] = pair.left.value
        interpreter["b"] = pair.right.value
        for op in Self.operators {
            try interpreter.run(source: "r = a \(op.symbol) b")
            let got = Self.observed(try #require(interpreter["r"]))
            let want = Self.oracle(op, pair.left, pair.right)
            #expect(got.type == want.type, "\(pair.left) \(op.symbol) \(pair.right)")
            #expect(Self.same(got.values, want.values), "\(pair.left) \(op.symbol) \(pair.right): \(got.values) vs \(want.values)")
        }
    }

    @Test(arguments: [Kind.uint8, .uint16, .float, .mask, .labels])
    func negationIsFloat(_ kind: Kind) throws {
        let interpreter = Interpreter(registry: .library, output: { _ in })
        interpreter["a"] = kind.value
        try interpreter.run(source: "r = -a")
        let got = Self.observed(try #require(interpreter["r"]))
        #expect(got.type == "float32")
        #expect(got.values == kind.samples.map { -Double(Float($0)) })
    }

    @Test func fractionsAndNegativeNumbersGiveFloat() throws {
        let interpreter = Interpreter(registry: .library, output: { _ in })
        interpreter["a"] = Kind.uint8.value
        try interpreter.run(source: "r = a * 0.5\ns = a + -1")
        #expect(Self.observed(try #require(interpreter["r"])).values == [0, 1.5, 100, 127.5])
        #expect(Self.observed(try #require(interpreter["s"])).values == [-1, 2, 199, 254])
    }

    @Test func clippingPrintsANote() throws {
        var lines: [String] = []
        let interpreter = Interpreter(registry: .library, output: { lines.append($0) })
        interpreter["a"] = Kind.uint8.value
        try interpreter.run(source: "r = a * 2\ns = a + 0")
        #expect(lines == ["note: 1:5: 2 of 4 samples were clipped at 255 (uint8 + and * saturate); convert first with astype(x, \"float\") to keep them"])
    }

    @Test func oneChannelOperandSpreadsOverColour() throws {
        let interpreter = Interpreter(registry: .library, output: { _ in })
        interpreter["rgb"] = .host(ImageValue(.uint8(Image(width: 2, height: 1, channels: 3, pixels: [10, 20, 30, 40, 50, 60]))))
        interpreter["m"] = .host(MaskValue(Mask(uncheckedBits: Image(width: 2, height: 1, pixels: [0, 1]))))
        try interpreter.run(source: "r = rgb * m")
        #expect(Self.observed(try #require(interpreter["r"])).values == [0, 0, 0, 40, 50, 60])
    }
}
