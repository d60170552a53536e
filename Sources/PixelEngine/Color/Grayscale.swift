extension Image {
    /// Luminance, `0.2125 R + 0.7154 G + 0.0721 B` (`skimage.color.rgb2gray`, the ITU-R
    /// BT.709 weights for linear light; OpenCV's `cvtColor` uses BT.601's 0.299/0.587/0.114).
    ///
    /// The output keeps the sample type:
    /// - float: the weighted sum in single precision, as scikit-image for float32 input;
    /// - 8/16-bit: `img_as_ubyte(rgb2gray(img))` (resp. `img_as_uint`), computed exactly in
    ///   integers and rounded half to even. scikit-image's float64 sum (BLAS, with FMA) lands
    ///   on either side of exact .5 ties, so it differs by 1 on those (316 of the 2²⁴ 8-bit
    ///   colours); everywhere else the results are equal.
    ///
    /// Alpha is dropped, not composited (RGBA → the gray of RGB; gray+alpha → gray); a gray
    /// image is returned unchanged.
    ///
    /// - Returns: a one-channel image of the same type and size.
    ///
    /// ```swift
    /// let gray = rgb8.grayscale()
    /// ```
    public func grayscale() -> Image {
        switch channels {
        case 1: return self
        case 2: return extractChannel(0)
        default: break
        }
        let c = channels
        switch TypedImage(self) {
        case .uint8(let image):
            return .from(image.mapRows(outputChannels: 1) { (_, input, output: UnsafeMutableBufferPointer<UInt8>) in
                var i = 0
                for x in 0..<output.count {
                    let n = 2125 &* UInt64(input[i]) &+ 7154 &* UInt64(input[i &+ 1]) &+ 721 &* UInt64(input[i &+ 2])
                    // Round n / 10000 half to even in integers: q = ⌊(n + 5000) / 10000⌋ by a
                    // multiply and shift (exact for every n ≤ 2 550 000), minus one on an odd tie.
                    let m = n &+ 5000
                    let q = (m &* 109_951_163) &>> 40
                    let oddTie = (m == q &* 10000 ? 1 : 0) & q
                    output[x] = UInt8(truncatingIfNeeded: q &- oddTie)
                    i &+= c
                }
            })
        case .uint16(let image):
            return .from(image.mapRows(outputChannels: 1) { (_, input, output: UnsafeMutableBufferPointer<UInt16>) in
                var i = 0
                for x in 0..<output.count {
                    let n = 2125 &* Int64(input[i]) &+ 7154 &* Int64(input[i &+ 1]) &+ 721 &* Int64(input[i &+ 2])
                    output[x] = UInt16(truncatingIfNeeded: Int64(rintSmall(Double(n) / 10000)))
                    i &+= c
                }
            })
        case .uint32(let image):
            return .from(image.mapRows(outputChannels: 1) { (_, input, output: UnsafeMutableBufferPointer<UInt32>) in
                var i = 0
                for x in 0..<output.count {
                    let n = 2125 * Double(input[i]) + 7154 * Double(input[i + 1]) + 721 * Double(input[i + 2])
                    output[x] = UInt32(clamping: (n / 10000).rounded(.toNearestOrEven))
                    i += c
                }
            })
        case .float32(let image):
            return .from(image.mapRows(outputChannels: 1) { (_, input, output: UnsafeMutableBufferPointer<Float>) in
                var i = 0
                for x in 0..<output.count {
                    output[x] = input[i] * 0.2125 + input[i &+ 1] * 0.7154 + input[i &+ 2] * 0.0721
                    i &+= c
                }
            })
        }
    }
}
