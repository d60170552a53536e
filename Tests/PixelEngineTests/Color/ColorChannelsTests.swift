import PixelEngine
import Testing
import TestSupport

@Suite struct ColorChannelsTests {
    @Test(arguments: [1, 2, 3, 4])
    func splitThenMergeIsIdentity(channels: Int) throws {
        for (w, h) in oddShapes {
            let img = randomImage(UInt16.self, width: w, height: h, channels: channels, seed: 10)
            let planes = img.splitChannels()
            #expect(planes.count == channels)
            for (c, plane) in planes.enumerated() {
                #expect(plane.channels == 1)
                #expect(plane.pixels == stride(from: c, to: img.pixels.count, by: channels).map { img.pixels[$0] })
                #expect(try img.channel(c) == plane)
            }
            #expect(try expectScheduleIndependent { try Image.mergeChannels(planes) } == img)
        }
    }

    @Test func mergeMixedAndAlpha() throws {
        let rgb = randomImage(UInt8.self, width: 5, height: 3, channels: 3, seed: 1)
        let alpha = randomImage(UInt8.self, width: 5, height: 3, channels: 1, seed: 2)
        let rgba = try Image.mergeChannels([rgb, alpha])
        #expect(rgba.channels == 4)
        #expect(rgba.droppingAlpha() == rgb)
        #expect(try rgba.channel(3) == alpha)
        let opaque = try rgb.addingAlpha()
        #expect(try opaque.channel(3).pixels.allSatisfy { $0 == 255 })
        #expect(opaque.droppingAlpha() == rgb)
        #expect(try Image<Float>(width: 2, height: 1).addingAlpha(0.5).pixels == [0, 0.5, 0, 0.5])
        #expect(rgb.droppingAlpha() == rgb)
    }

    @Test func channelErrors() {
        let rgb = Image<UInt8>(width: 3, height: 3, channels: 3)
        let gray = Image<UInt8>(width: 3, height: 3)
        expectError("channel") { try rgb.channel(3) }
        expectError("channel") { try rgb.channel(-1) }
        expectError("mergeChannels") { try Image<UInt8>.mergeChannels([]) }
        expectError("mergeChannels") { try Image.mergeChannels([rgb, gray, gray]) }
        expectError("mergeChannels") { try Image.mergeChannels([gray, Image<UInt8>(width: 3, height: 2)]) }
        expectError("addingAlpha") { try rgb.addingAlpha().addingAlpha() }
    }
}
