import PixelEngine
import Testing
import TestSupport

@Suite struct ColorArithmeticTests {
    /// Naive saturating reference in exact integers (round half to even for ÷).
    func naive(_ op: ArithmeticOperation, _ x: Int, _ y: Int, max: Int) -> Int {
        let r: Int
        switch op {
        case .add: r = x + y
        case .subtract: r = x - y
        case .multiply: r = x * y
        case .divide:
            if y == 0 { return 0 }
            let q = x / y, rem = x % y
            r = 2 * rem > y || (2 * rem == y && q % 2 == 1) ? q + 1 : q
        case .minimum: r = min(x, y)
        case .maximum: r = Swift.max(x, y)
        case .absoluteDifference: r = abs(x - y)
        }
        return min(Swift.max(r, 0), max)
    }

    @Test(arguments: ArithmeticOperation.allCases)
    func integerImageArithmeticSaturates(_ op: ArithmeticOperation) throws {
        for (w, h) in oddShapes {
            for c in [1, 2, 3, 4] {
                let a = randomImage(UInt8.self, width: w, height: h, channels: c, seed: 1)
                let b = randomImage(UInt8.self, width: w, height: h, channels: c, seed: 2)
                let got = try expectScheduleIndependent { try a.arithmetic(op, b) }
                #expect(got.pixels.map(Int.init) == zip(a.pixels, b.pixels).map { naive(op, Int($0), Int($1), max: 255) })
                let a16 = randomImage(UInt16.self, width: w, height: h, channels: c, seed: 3)
                let b16 = randomImage(UInt16.self, width: w, height: h, channels: c, seed: 4).map { $0 / 300 }
                let got16 = try a16.arithmetic(op, b16)
                #expect(got16.pixels.map(Int.init) == zip(a16.pixels, b16.pixels).map { naive(op, Int($0), Int($1), max: 65535) })
            }
        }
    }

    @Test func operatorsAndScalars() throws {
        let a = Image<UInt8>(width: 4, height: 1, pixels: [0, 100, 200, 255])
        let b = Image<UInt8>(width: 4, height: 1, pixels: [10, 100, 100, 0])
        #expect(try (a + b).pixels == [10, 200, 255, 255])
        #expect(try (a - b).pixels == [0, 0, 100, 255])
        #expect(try (a * b).pixels == [0, 255, 255, 0])
        #expect(try (a / b).pixels == [0, 1, 2, 0])
        #expect(try a.arithmetic(.absoluteDifference, b).pixels == [10, 0, 100, 255])
        #expect(try (a + 60).pixels == [60, 160, 255, 255])
        #expect(try (255 - a).pixels == [255, 155, 55, 0])
        #expect(try (a * 0.5).pixels == [0, 50, 100, 128])      // 127.5 → 128 (even)
        #expect(try (a / 2).pixels == [0, 50, 100, 128])
        #expect(try (a / 0).pixels == [0, 0, 0, 0])
        #expect(try (100 / a).pixels == [0, 1, 0, 0])           // 100/0 = 0, 0.5 → 0, 0.39 → 0
        #expect(try a.arithmetic(.minimum, 150).pixels == [0, 100, 150, 150])
        #expect(try a.arithmetic(.maximum, 150).pixels == [150, 150, 200, 255])
        let f = Image<Float>(width: 3, height: 1, pixels: [0.25, -1, 2])
        #expect(try (f * 2).pixels == [0.5, -2, 4])
        #expect(try (f - f).pixels == [0, 0, 0])
        #expect(try (f / 0).pixels == [.infinity, -.infinity, .infinity])
        let g = Image<UInt16>(width: 2, height: 1, pixels: [65000, 3])
        #expect(try (g + 1000).pixels == [65535, 1003])
    }

    @Test func arithmeticErrors() {
        let a = Image<UInt8>(width: 4, height: 2)
        expectError("add") { try a + Image<UInt8>(width: 2, height: 4) }
        expectError("subtract") { try a - Image<UInt8>(width: 4, height: 2, channels: 3) }
        expectError("multiply") { try a * .nan }
    }

    @Test(arguments: ComparisonOperator.allCases)
    func comparisonsMatchNaive(_ op: ComparisonOperator) throws {
        func holds(_ x: Double, _ y: Double) -> Bool {
            switch op {
            case .less: x < y
            case .lessOrEqual: x <= y
            case .greater: x > y
            case .greaterOrEqual: x >= y
            case .equal: x == y
            case .notEqual: x != y
            }
        }
        for (w, h) in oddShapes {
            let a = randomImage(UInt8.self, width: w, height: h, seed: 5).map { $0 / 16 }
            let b = randomImage(UInt8.self, width: w, height: h, seed: 6).map { $0 / 16 }
            let scalar = try expectScheduleIndependent { try a.compare(op, 7) }
            #expect(scalar.bits.pixels == a.pixels.map { holds(Double($0), 7) ? 1 : 0 })
            let pair = try a.compare(op, b)
            #expect(pair.bits.pixels == zip(a.pixels, b.pixels).map { holds(Double($0), Double($1)) ? 1 : 0 })
            let f = randomImage(Float.self, width: w, height: h, seed: 7)
            #expect(try f.compare(op, 0.5).bits.pixels == f.pixels.map { holds(Double($0), 0.5) ? 1 : 0 })
        }
    }

    @Test func comparisonOperatorsAndErrors() throws {
        let a = Image<UInt8>(width: 3, height: 1, pixels: [1, 5, 9])
        let b = Image<UInt8>(width: 3, height: 1, pixels: [2, 5, 8])
        #expect(try (a .> 4).count == 2)
        #expect(try (a .< b).bits.pixels == [1, 0, 0])
        #expect(try (a .== b).bits.pixels == [0, 1, 0])
        #expect(try (a .!= 5).bits.pixels == [1, 0, 1])
        #expect(try (a .>= b).bits.pixels == [0, 1, 1])
        #expect(try (a .<= 5.5).bits.pixels == [1, 1, 0])
        expectError("compare >") { try Image<UInt8>(width: 2, height: 2, channels: 3) .> 4 }
        expectError("compare <") { try a .< Image<UInt8>(width: 2, height: 1) }
        #expect(try (Image<Float>(width: 1, height: 1, repeating: .nan) .!= 0).count == 1)
    }

    @Test func maskLogic() throws {
        let a = Mask(width: 5, height: 3) { x, y in x > y }
        let b = Mask(width: 5, height: 3) { x, _ in x % 2 == 0 }
        for y in 0..<3 {
            for x in 0..<5 {
                #expect(try a.and(b)[x, y] == (a[x, y] && b[x, y]))
                #expect(try (a .| b)[x, y] == (a[x, y] || b[x, y]))
                #expect(try (a .^ b)[x, y] == (a[x, y] != b[x, y]))
                #expect((.!a)[x, y] == !a[x, y])
            }
        }
        #expect(try a.and(b).bits.pixels.allSatisfy { $0 <= 1 })
        expectError("and") { try a .& Mask(width: 3, height: 5) }
        expectError("or") { try a.or(Mask(width: 1, height: 1)) }
        expectError("xor") { try a.xor(Mask(width: 5, height: 4)) }
    }
}
