import PixelEngine
import Testing
import TestSupport

@Suite("Geometry: flip and rotate90")
struct GeometryFlipRotate90Tests {
    @Test(arguments: [1, 2, 3, 4])
    func flipMatchesNaive(channels: Int) throws {
        for (w, h) in oddSizes + [(0, 3)] {
            let img = randomImage(UInt8.self, width: w, height: h, channels: channels, seed: UInt64(w * 31 + h))
            for axis in FlipAxis.allCases {
                let out = expectScheduleIndependent { img.flip(axis) }
                for y in 0..<h { for x in 0..<w { for c in 0..<channels {
                    let sx = axis == .vertical ? x : w - 1 - x
                    let sy = axis == .horizontal ? y : h - 1 - y
                    #expect(out[x, y, c] == img[sx, sy, c])
                } } }
                #expect(out.flip(axis) == img)
            }
        }
    }

    /// numpy.rot90(rgb, k) on a 17x13 RGB image.
    @Test(arguments: [1, 2, 3])
    func rotate90MatchesNumPy(k: Int) throws {
        let img: Image<UInt8> = try geometryFixture("rgb8_17x13")
        let expected: Image<UInt8> = try geometryFixture("rot90_k\(k)")
        expectClose(expectScheduleIndependent { img.rotate90(k) }, expected)
        expectClose(img.rotate90(k - 4), expected)
        expectClose(img.rotate90(k + 8), expected)
    }

    @Test(arguments: [1, 2, 3, 4])
    func rotate90RoundTrips(channels: Int) {
        for (w, h) in oddSizes {
            let img = randomImage(Float.self, width: w, height: h, channels: channels, seed: 99)
            let once = img.rotate90()
            #expect(once.width == h && once.height == w)
            #expect(once.rotate90(-1) == img)
            #expect(img.rotate90(0) == img)
            #expect(once.rotate90().rotate90().rotate90() == img)
            // One turn counter-clockwise: the top-right pixel becomes the top-left.
            #expect(once[0, 0] == img[w - 1, 0])
        }
    }

    @Test func mapsFlipAndTurn() throws {
        let labels = LabelMap(ids: try geometryFixture("labels_20x16"))
        #expect(labels.flip(.horizontal).ids == labels.ids.flip(.horizontal))
        #expect(labels.rotate90(3).ids == labels.ids.rotate90(3))
        let mask = Mask(nonzero: try geometryFixture("mask_20x16"))
        #expect(mask.flip(.both).bits == mask.bits.flip(.both))
        #expect(mask.rotate90(1).count == mask.count)
        let classes = try ClassMap(indices: Image(width: 2, height: 1, pixels: [0, 1]), classCount: 2)
        #expect(classes.flip(.horizontal).indices.pixels == [1, 0])
        #expect(classes.rotate90(1).indices.pixels == [1, 0])
    }
}
