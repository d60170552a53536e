import Foundation
import PixelEngine
import Testing
import TestSupport

@Suite("Geometry: rotate")
struct GeometryRotateTests {
    /// skimage.transform.rotate(order=1, mode='constant', cval=0.25) on floats.
    @Test(arguments: [false, true])
    func floatMatchesScikitImage(resize: Bool) throws {
        let img: Image<Float> = try geometryFixture("float_17x13")
        let expected: Image<Float> = try geometryFixture(resize ? "rotate30_resize_float" : "rotate30_float")
        let out = try expectScheduleIndependent { try img.rotate(angle: 30, resize: resize, cval: 0.25) }
        expectClose(out, expected, tolerance: 1e-5)
    }

    /// preserve_range=True results (float64) against our rounded 8-bit output.
    @Test func bytesMatchScikitImage() throws {
        let rgb: Image<UInt8> = try geometryFixture("rgb8_17x13")
        let expected: Image<Float> = try geometryFixture("rotate-73.5_resize_rgb8")
        expectClose(try rgb.rotate(angle: -73.5, resize: true), expected, tolerance: 0.501)
        let gray: Image<UInt8> = try geometryFixture("gray8_17x13")
        let expectedGray: Image<Float> = try geometryFixture("rotate200_gray8")
        expectClose(try gray.rotate(angle: 200, cval: 255), expectedGray, tolerance: 0.501)
    }

    /// order=0 on a uint32 label image: ids copied exactly.
    @Test func labelsMatchScikitImageNearest() throws {
        let labels = LabelMap(ids: try geometryFixture("labels_20x16"))
        let expected: Image<UInt32> = try geometryFixture("rotate30_resize_labels")
        let out = try expectScheduleIndependent { try labels.rotate(angle: 30, resize: true) }
        #expect(out.ids == expected)
        let mask = Mask(nonzero: try geometryFixture("mask_20x16"))
        #expect(try mask.rotate(angle: 30, resize: true).bits == expected.map { $0 != 0 ? 1 : 0 })
        let classes = try ClassMap(indices: labels.ids.map { UInt8($0 == 0 ? 0 : 1) }, classCount: 2)
        #expect(try classes.rotate(angle: 30, resize: true).indices == expected.map { $0 != 0 ? 1 : 0 })
    }

    /// A naive bilinear reference, straight from the definition.
    @Test(arguments: [1, 2, 3, 4])
    func matchesNaive(channels: Int) throws {
        for (w, h) in oddSizes {
            let img = randomImage(Float.self, width: w, height: h, channels: channels, seed: UInt64(w + 100 * h))
            for angle in [0.0, 17, 90, -135] {
                let out = try expectScheduleIndependent { try img.rotate(angle: angle, cval: 0.5) }
                let t = angle * .pi / 180
                let cx = Double(w - 1) / 2, cy = Double(h - 1) / 2
                for y in 0..<h { for x in 0..<w { for c in 0..<channels {
                    let sx = cos(t) * (Double(x) - cx) - sin(t) * (Double(y) - cy) + cx
                    let sy = sin(t) * (Double(x) - cx) + cos(t) * (Double(y) - cy) + cy
                    func at(_ xx: Double, _ yy: Double) -> Double {
                        let ix = Int(xx), iy = Int(yy)
                        return xx < 0 || yy < 0 || ix >= w || iy >= h ? 0.5 : Double(img[ix, iy, c])
                    }
                    let x0 = sx.rounded(.down), y0 = sy.rounded(.down)
                    let fx = sx - x0, fy = sy - y0
                    let v = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0))
                        + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
                    #expect(abs(Double(out[x, y, c]) - v) < 1e-5)
                } } }
            }
        }
    }

    /// The 8-bit kernel (fixed point, tiled) against the exact float path, across tiles.
    @Test(arguments: [1, 2, 3, 4])
    func bytesMatchFloatPath(channels: Int) throws {
        let img = randomImage(UInt8.self, width: 150, height: 21, channels: channels, seed: UInt64(channels))
        for (angle, resize) in [(30.0, false), (-11.0, true), (90.0, false), (181.0, true)] {
            let out = try expectScheduleIndependent { try img.rotate(angle: angle, resize: resize, cval: 40) }
            let exact = try img.map { Float($0) }.rotate(angle: angle, resize: resize, cval: 40)
            expectClose(out, exact, tolerance: 0.52)
        }
    }

    @Test func resizeGrowsToHoldCorners() throws {
        let img = Image<UInt8>(width: 40, height: 10, repeating: 200)
        let turned = try img.rotate(angle: 90, resize: true)
        #expect(turned.width == 10 && turned.height == 40)
        #expect(turned.pixels.allSatisfy { $0 == 200 })
        #expect(try img.rotate(angle: 0) == img)
        #expect(try img.rotate(angle: 360).pixels.allSatisfy { $0 == 200 })
        let one = Image<UInt16>(width: 1, height: 1, pixels: [700])
        #expect(try one.rotate(angle: 45, resize: true).pixels == [700])
    }

    @Test func rotateErrors() {
        let img = Image<UInt8>(width: 3, height: 3)
        expectError("rotate") { _ = try img.rotate(angle: .nan) }
        expectError("rotate") { _ = try img.rotate(angle: .infinity) }
        expectError("rotate") { _ = try img.rotate(angle: 3, cval: .nan) }
        expectError("rotate") { _ = try Image<Float>(width: 0, height: 4).rotate(angle: 3) }
        expectError("rotate") { _ = try LabelMap(width: 5, height: 0).rotate(angle: 3) }
        expectError("rotate") { _ = try Mask(width: 0, height: 0).rotate(angle: 3) }
    }
}
