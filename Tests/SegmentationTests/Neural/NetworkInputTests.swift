import PixelEngine
@testable import Segmentation
import Testing

@Suite("Neural: image to network input")
struct NetworkInputTests {
    static let gray8 = Image<UInt8>(width: 3, height: 2, pixels: [0, 51, 102, 153, 204, 255])

    @Test func unitScalesEightBit() throws {
        let input = try NetworkInput(AnyImage(Self.gray8), channels: 1, order: .gray, normalization: .unit, source: "t")
        #expect(zip(input.values, [0, 0.2, 0.4, 0.6, 0.8, 1] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(input.channels == 1 && input.width == 3 && input.height == 2)
    }

    @Test func percentilesOfSixteenBitAsNumpy() throws {
        // np.percentile([0, 1000, …, 9000], [10, 90]) = 900, 8100.
        let image = Image<UInt16>(width: 10, height: 1, pixels: (0..<10).map { UInt16($0 * 1000) })
        let input = try NetworkInput(AnyImage(image), channels: 1, order: .gray,
                                     normalization: .percentile(low: 10, high: 90), source: "t")
        let expected = (0..<10).map { (Float($0 * 1000) - 900) / 7200 }
        #expect(zip(input.values, expected).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func percentilesOfFloatMatchTheHistogramPath() throws {
        let values: [UInt16] = [5, 3, 9, 9, 1, 0, 200, 7, 7, 3, 2, 11]
        let a = NetworkInput.percentiles(image: AnyImage(Image(width: 4, height: 3, pixels: values)), low: 3, high: 97)
        let b = NetworkInput.percentiles(image: AnyImage(Image(width: 4, height: 3, pixels: values.map { Float($0) })), low: 3, high: 97)
        #expect(abs(a.0 - b.0) < 1e-9 && abs(a.1 - b.1) < 1e-9)
        #expect(abs(a.0 - 0.33) < 1e-9)   // np.percentile(values, 3)
    }

    @Test func grayGoesToThreeChannels() throws {
        let input = try NetworkInput(AnyImage(Self.gray8), channels: 3, order: .rgb, normalization: .none, source: "t")
        #expect(input.values == [0, 51, 102, 153, 204, 255, 0, 51, 102, 153, 204, 255, 0, 51, 102, 153, 204, 255])
    }

    @Test func rgbaIsSplitAndBGRReversed() throws {
        let rgba = Image<UInt8>(width: 2, height: 1, channels: 4, pixels: [10, 20, 30, 255, 40, 50, 60, 0])
        let rgb = try NetworkInput(AnyImage(rgba), channels: 3, order: .rgb, normalization: .none, source: "t")
        #expect(rgb.values == [10, 40, 20, 50, 30, 60])
        let bgr = try NetworkInput(AnyImage(rgba), channels: 3, order: .bgr, normalization: .none, source: "t")
        #expect(bgr.values == [30, 60, 20, 50, 10, 40])
    }

    @Test func colourGoesToOneChannelAsLuminance() throws {
        let rgb = Image<UInt8>(width: 1, height: 1, channels: 3, pixels: [200, 100, 0])
        let input = try NetworkInput(AnyImage(rgb), channels: 1, order: .gray, normalization: .none, source: "t")
        #expect(input.values == [Float(rgb.grayscale()[0, 0])])
    }

    @Test func meanStdPerChannel() throws {
        let rgb = Image<UInt8>(width: 1, height: 1, channels: 3, pixels: [255, 0, 51])
        let input = try NetworkInput(AnyImage(rgb), channels: 3, order: .rgb,
                                     normalization: .meanStd(mean: [0.5, 0.5, 0.2], std: [0.5, 0.25, 0.1]), source: "t")
        #expect(zip(input.values, [1, -2, 0] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func channelsThatCannotFit() {
        let rgb = Image<UInt8>(width: 1, height: 1, channels: 3, pixels: [1, 2, 3])
        #expect(throws: NetworkError(.channels, "two.onnx takes 2-channel images; this one has 3 channels; convert it first (grayscale, or pick channels)")) {
            try NetworkInput(AnyImage(rgb), channels: 2, order: .rgb, normalization: .none, source: "two.onnx")
        }
    }
}
