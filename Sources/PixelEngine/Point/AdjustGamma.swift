#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Image {
    /// Gamma correction, `gain · vᵞ` on samples scaled to 0...1 (`skimage.exposure.adjust_gamma`).
    ///
    /// - 8-bit: scikit-image's table, `min(rint(255 · gain · (i/255)ᵞ), 255)`, bit for bit;
    /// - 16-bit: `trunc((v/65535)ᵞ · 65535 · gain)`, as scikit-image's `astype`, clipped to
    ///   65535 (scikit-image wraps around instead);
    /// - float: `vᵞ · gain` in single precision, not clipped.
    ///
    /// - Parameters:
    ///   - gamma: the exponent, ≥ 0. Above 1 darkens, below 1 brightens.
    ///   - gain: a constant factor, ≥ 0.
    /// - Returns: an image of the same type, size and channel count.
    /// - Throws: ``PixelEngineError`` when `gamma` or `gain` is negative or not finite, or
    ///   when a float image has negative samples (as scikit-image).
    ///
    /// ```swift
    /// let darker = try gray8.adjustGamma(gamma: 2)
    /// ```
    public func adjustGamma(gamma: Double = 1, gain: Double = 1) throws(PixelEngineError) -> Image {
        guard gamma >= 0, gamma.isFinite else {
            throw PixelEngineError("adjustGamma", "gamma must be >= 0, got \(gamma)")
        }
        guard gain >= 0, gain.isFinite else {
            throw PixelEngineError("adjustGamma", "gain must be >= 0, got \(gain)")
        }
        switch TypedImage(self) {
        case .uint8(let image):
            let table = (0..<256).map { i -> UInt8 in
                // numpy.linspace(0, 1, 256): i * (1/255), with the last point exactly 1.
                let x = i == 255 ? 1.0 : Double(i) * (1.0 / 255.0)
                let v = (255 * gain * pow(x, gamma)).rounded(.toNearestOrEven)
                return UInt8(min(v, 255))
            }
            return .from(image.applyingTable(table))
        case .uint16(let image):
            let table = (0..<65536).map { i -> UInt16 in
                let v = pow(Double(i) / 65535, gamma) * 65535 * gain
                return v < 65535 ? UInt16(v) : 65535
            }
            return .from(image.applyingTable(table))
        case .uint32(let image):
            return .from(image.map { v -> UInt32 in
                let x = pow(Double(v) / 4_294_967_295, gamma) * 4_294_967_295 * gain
                return x < 4_294_967_295 ? UInt32(x) : .max
            })
        case .float32(let image):
            let negative = image.withUnsafeSamples { s in s.contains { $0 < 0 } }
            if negative {
                throw PixelEngineError("adjustGamma", "the image has negative samples; rescale it to 0...1 first (rescaleIntensity)")
            }
            let g = Float(gamma), k = Float(gain)
            return .from(image.map { powf($0, g) * k })
        }
    }
}
