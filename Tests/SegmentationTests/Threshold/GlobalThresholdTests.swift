import Foundation
import Segmentation
import Testing
import TestSupport

/// Loads the fixture images of the threshold area.
enum ThresholdFixtures {
    static func gray8(_ name: String) throws -> Image<UInt8> {
        guard case .uint8(let image) = try PNG.readImage(path: Fixtures.path("threshold/\(name).png")) else {
            throw PixelEngineError("test", "\(name).png is not 8-bit")
        }
        return image
    }

    static func u16() throws -> Image<UInt16> { try Fixtures.npy("threshold/u16_input.npy").image(UInt16.self) }
    static func f32() throws -> Image<Float> { try Fixtures.npy("threshold/f32_input.npy").image(Float.self) }

    /// `global_<name>.npy`: otsu, li, yen, triangle, isodata, mean, minimum (NaN: skimage raised).
    static func globals(_ name: String) throws -> [ThresholdMethod: Double] {
        let values = try Fixtures.npy("threshold/global_\(name).npy").doubles
        let order: [ThresholdMethod] = [.otsu, .li, .yen, .triangle, .isodata, .mean, .minimum]
        return Dictionary(uniqueKeysWithValues: zip(order, values))
    }
}

@Suite("Threshold global methods")
struct ThresholdGlobalTests {
    /// Checks one method against scikit-image: exact for integers (Li: to 1e-12, the last
    /// bits of `log`), 1e-6 relative for float; a NaN reference means skimage raised.
    func check<S: PixelSample>(_ image: Image<S>, _ name: String, _ method: ThresholdMethod, exact: Bool) throws {
        let expected = try #require(try ThresholdFixtures.globals(name)[method])
        if expected.isNaN {
            expectError(method.rawValue) { try image.threshold(method) }
            return
        }
        let got = try image.threshold(method)
        let tolerance = exact ? (method == .li ? 1e-12 * abs(expected) : 0) : 1e-6 * abs(expected)
        #expect(abs(got - expected) <= tolerance, "\(name) \(method): got \(got), expected \(expected)")
    }

    @Test("camera (8-bit, full size) equals scikit-image", arguments: ThresholdMethod.allCases)
    func camera(method: ThresholdMethod) throws {
        try check(ThresholdFixtures.gray8("camera"), "camera", method, exact: true)
    }

    @Test("coins (8-bit) equals scikit-image", arguments: ThresholdMethod.allCases)
    func coins(method: ThresholdMethod) throws {
        try check(ThresholdFixtures.gray8("coins"), "coins", method, exact: true)
    }

    @Test("16-bit equals scikit-image", arguments: ThresholdMethod.allCases)
    func uint16(method: ThresholdMethod) throws {
        try check(ThresholdFixtures.u16(), "u16", method, exact: true)
    }

    @Test("float within 1e-6 of scikit-image", arguments: ThresholdMethod.allCases)
    func float(method: ThresholdMethod) throws {
        try check(ThresholdFixtures.f32(), "f32", method, exact: false)
    }

    @Test("the mask is image > threshold")
    func mask() throws {
        let image = try ThresholdFixtures.gray8("coins")
        let t = try image.threshold(.otsu)
        let mask = try image.thresholdMask(.otsu)
        let naive = Mask(width: image.width, height: image.height) { x, y in Double(image[x, y]) > t }
        #expect(mask == naive)
        #expect(mask.count > 0 && mask.count < image.pixelCount)
    }

    @Test("constant images return their value (minimum throws)", arguments: ThresholdMethod.allCases)
    func constant(method: ThresholdMethod) throws {
        let image = Image<UInt8>(width: 3, height: 5, repeating: 77)
        let float = Image<Float>(width: 1, height: 1, repeating: 0.25)
        if method == .minimum {
            expectError("minimum") { try image.threshold(method) }
            expectError("minimum") { try float.threshold(method) }
            return
        }
        #expect(try image.threshold(method) == 77)
        #expect(try float.threshold(method) == 0.25)
        #expect(try image.thresholdMask(method).count == 0)
    }

    @Test("two-valued and odd-sized images", arguments: [(1, 2), (2, 1), (3, 5), (1, 7)])
    func small(size: (Int, Int)) throws {
        let (w, h) = size
        let image = Image<UInt8>(width: w, height: h, pixels: (0..<(w * h)).map { $0 % 2 == 0 ? 10 : 200 })
        for method in [ThresholdMethod.otsu, .yen, .isodata, .triangle, .li, .mean] {
            let t = try image.threshold(method)
            #expect(t >= 10 && t < 200, "\(method) on \(w)x\(h): \(t)")
            #expect(try image.thresholdMask(method).count == image.pixels.filter { $0 == 200 }.count)
        }
    }

    @Test("bad input throws the method's error", arguments: ThresholdMethod.allCases)
    func errors(method: ThresholdMethod) {
        let op = method.rawValue
        expectError(op) { try Image<UInt8>(width: 0, height: 3).threshold(method) }
        expectError(op) { try Image<UInt8>(width: 2, height: 2, channels: 3).threshold(method) }
        expectError(op) { try Image<UInt32>(width: 2, height: 2).threshold(method) }
        expectError(op) { try Image<Float>(width: 2, height: 1, pixels: [0, .nan]).threshold(method) }
        expectError(op) { try Image<Float>(width: 2, height: 1, pixels: [0, .infinity]).thresholdMask(method) }
        expectError("mask") { try Image<UInt8>(width: 2, height: 2, channels: 2).mask(above: 3) }
    }
}
