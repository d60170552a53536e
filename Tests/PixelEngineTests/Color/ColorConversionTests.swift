import PixelEngine
import Testing
import TestSupport

@Suite struct ColorConversionTests {
    @Test func uint8ToFloatMatchesSkimage() throws {
        let input = try colorFixture("conv_u8", UInt8.self)
        let expected = try colorFixture("conv_u8_to_f32", Float.self)
        expectClose(input.converted(to: Float.self), expected)
        expectClose(input.converted(to: UInt16.self), try colorFixture("conv_u8_to_u16", UInt16.self))
    }

    @Test func uint16ConversionsMatchSkimage() throws {
        let input = try colorFixture("conv_u16", UInt16.self)
        expectClose(input.converted(to: Float.self), try colorFixture("conv_u16_to_f32", Float.self))
        expectClose(input.converted(to: UInt8.self), try colorFixture("conv_u16_to_u8", UInt8.self))
    }

    @Test func floatToIntegersMatchSkimage() throws {
        // Includes the ties 0.5/255, 1.5/255, 2.5/255 (rounded to even) and negatives.
        let input = try colorFixture("conv_f32", Float.self)
        expectClose(input.converted(to: UInt8.self), try colorFixture("conv_f32_to_u8", UInt8.self))
        expectClose(input.converted(to: UInt16.self), try colorFixture("conv_f32_to_u16", UInt16.self))
    }

    @Test func outOfRangeFloatsClipAndNaNIsZero() {
        let f = Image<Float>(width: 4, height: 1, pixels: [2, -3, .nan, .infinity])
        #expect(f.converted(to: UInt8.self).pixels == [255, 0, 0, 255])
        #expect(f.converted(to: UInt16.self).pixels == [65535, 0, 0, 65535])
    }

    @Test(arguments: [1, 2, 3, 4])
    func roundTripsAreExact(channels: Int) {
        for (w, h) in oddShapes {
            let u8 = randomImage(UInt8.self, width: w, height: h, channels: channels, seed: UInt64(w * 31 + h))
            #expect(u8.converted(to: Float.self).converted(to: UInt8.self) == u8)
            #expect(u8.converted(to: UInt16.self).converted(to: UInt8.self) == u8)
            #expect(u8.converted(to: UInt8.self) == u8)
            let u16 = randomImage(UInt16.self, width: w, height: h, channels: channels, seed: 7)
            #expect(u16.converted(to: Float.self).converted(to: UInt16.self) == u16)
        }
    }

    @Test func parallelEqualsSerial() {
        let img = randomImage(UInt16.self, width: 33, height: 21, channels: 3, seed: 5)
        _ = expectScheduleIndependent { img.converted(to: Float.self) }
        _ = expectScheduleIndependent { img.converted(to: UInt8.self) }
        let f = randomImage(Float.self, width: 33, height: 21, channels: 2, seed: 6)
        _ = expectScheduleIndependent { f.converted(to: UInt8.self) }
    }

    @Test func anyImageConverts() throws {
        let u8 = randomImage(UInt8.self, width: 5, height: 3, seed: 1)
        let any = AnyImage.uint8(u8)
        #expect(try any.converted(to: .float32) == .float32(u8.converted(to: Float.self)))
        #expect(try any.converted(to: .uint16) == .uint16(u8.converted(to: UInt16.self)))
        #expect(any.floatImage == u8.converted(to: Float.self))
        expectError("convert") { try any.converted(to: .uint32) }
    }
}
