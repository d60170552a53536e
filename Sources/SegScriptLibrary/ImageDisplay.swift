import Foundation
import SegScript
import Segmentation

/// How images become pictures on a screen or in a report.
///
/// - uint8 images show as they are (0 black, 255 white).
/// - uint16 images, and float images with values outside 0…1, show with an **automatic
///   contrast stretch** (Fiji's Auto): the darkest 0.35 % of pixels black, the brightest
///   0.35 % white, linear between; the caption says so and gives the range
///   ("contrast 200…3260, auto").
/// - float images within 0…1 (probabilities, `float(img)`) show on 0…1, unstretched, so a
///   dim probability looks dim.
/// - `show(img, range: [lo, hi])` sets the range; `cmap: "viridis"`, `"magma"` or
///   `"gray"` colours a gray image and adds a colour bar with the range's ends.
///
///     let (rgb, note) = try ImageDisplay.render(image16, range: nil, cmap: nil)
public enum ImageDisplay {
    /// The fraction of pixels saturated at each end by the automatic stretch.
    static let saturated = 0.0035

    /// The colour maps `cmap:` accepts.
    public static let colorMaps = ["gray", "viridis", "magma"]

    /// Whether `image` needs a mapping to be seen (uint16, or float beyond 0…1).
    static func needsStretch(_ image: AnyImage) -> Bool {
        switch image {
        case .uint8: return false
        case .uint16: return true
        case .float32(let f):
            return f.pixels.contains { $0.isFinite && ($0 < 0 || $0 > 1) }
        }
    }

    /// The picture of `image` and the caption note saying how its values were mapped; the
    /// image itself (nil note) when it shows as it is.
    /// - Throws: ``ScriptError`` for an unknown colour map, a bad range, or a colour map on
    ///   a colour image.
    public static func render(_ image: AnyImage, range: ClosedRange<Double>? = nil, cmap: String? = nil)
        throws -> (picture: AnyImage, note: String?) {
        let stretch = range != nil || cmap != nil || needsStretch(image)
        guard stretch else { return (image, nil) }
        guard image.channels == 1 else {
            if cmap != nil { throw ScriptError("a colour map colours a gray image; this one has \(image.channels) channels", argument: "cmap") }
            if range == nil { return (image, nil) }
            let f = PixelArithmetic.floats(image)
            return (.uint8(mapped(f, range!)), "range \(format(range!.lowerBound))…\(format(range!.upperBound))")
        }
        let values = PixelArithmetic.floats(image)
        var shown: ClosedRange<Double>
        var how: String
        if let range {
            shown = range
            how = "range"
        } else if case .float32 = image, !needsStretch(image) {
            shown = 0...1
            how = "range"
        } else {
            shown = autoRange(values)
            how = "contrast"
        }
        if shown.upperBound <= shown.lowerBound { shown = shown.lowerBound...(shown.lowerBound + 1) }
        var note = "\(how) \(format(shown.lowerBound))…\(format(shown.upperBound))"
        if how == "contrast" { note = "\(image.sampleType), " + note + " (auto)" }
        guard let name = cmap else { return (.uint8(mapped(values, shown)), note) }
        guard let stops = stops[name] else {
            throw ScriptError("cmap must be one of \(colorMaps.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(name)\"", argument: "cmap")
        }
        let gray = mapped(values, shown)
        return (.uint8(colorBar(colored(gray, stops), stops: stops, range: shown)), note + ", \(name)")
    }

    /// The values at 0.35 % and 99.65 % of the finite samples (NaN and ±inf left out).
    static func autoRange(_ image: Image<Float>) -> ClosedRange<Double> {
        var finite = image.pixels.filter(\.isFinite)
        guard !finite.isEmpty else { return 0...1 }
        // A large image is sampled with a fixed stride: percentiles need no more than ~1M values.
        let stride = max(1, finite.count / 1_000_000)
        if stride > 1 { finite = Swift.stride(from: 0, to: finite.count, by: stride).map { finite[$0] } }
        finite.sort()
        let n = finite.count
        let lo = Double(finite[min(n - 1, Int(Double(n - 1) * saturated))])
        let hi = Double(finite[max(0, Int((Double(n - 1) * (1 - saturated)).rounded(.up)))])
        return lo...max(hi, lo)
    }

    /// Gray levels: `range` onto 0…255, clamped; NaN black.
    static func mapped(_ image: Image<Float>, _ range: ClosedRange<Double>) -> Image<UInt8> {
        let lo = Float(range.lowerBound), span = Float(range.upperBound - range.lowerBound)
        let scale = span > 0 ? 255 / span : 0
        return Image(width: image.width, height: image.height, channels: image.channels, pixels: image.pixels.map { v in
            guard !v.isNaN else { return 0 }
            let s = (v - lo) * scale
            return s <= 0 ? 0 : s >= 255 ? 255 : UInt8(s + 0.5)
        })
    }

    /// Colour stops at equal spacing from 0 to 1, from the published definitions of each
    /// map (viridis and magma by van der Walt and Smith, in the public domain).
    static let stops: [String: [RGB8]] = [
        "gray": [RGB8(0, 0, 0), RGB8(255, 255, 255)],
        "viridis": [RGB8(0x44, 0x01, 0x54), RGB8(0x48, 0x28, 0x78), RGB8(0x3e, 0x4a, 0x89), RGB8(0x31, 0x68, 0x8e),
                    RGB8(0x26, 0x82, 0x8e), RGB8(0x1f, 0x9e, 0x89), RGB8(0x35, 0xb7, 0x79), RGB8(0x6d, 0xcd, 0x59),
                    RGB8(0xb4, 0xde, 0x2c), RGB8(0xfd, 0xe7, 0x25)],
        "magma": [RGB8(0x00, 0x00, 0x04), RGB8(0x18, 0x0f, 0x3d), RGB8(0x44, 0x0f, 0x76), RGB8(0x72, 0x1f, 0x81),
                  RGB8(0x9e, 0x2f, 0x7f), RGB8(0xcd, 0x40, 0x71), RGB8(0xf1, 0x60, 0x5d), RGB8(0xfd, 0x96, 0x68),
                  RGB8(0xfe, 0xca, 0x8d), RGB8(0xfc, 0xfd, 0xbf)],
    ]

    /// The colour of gray level `g` in a map of `stops`.
    static func color(_ g: UInt8, _ stops: [RGB8]) -> RGB8 {
        let t = Double(g) / 255 * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(t)), f = t - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func mix(_ x: UInt8, _ y: UInt8) -> UInt8 { UInt8((Double(x) + (Double(y) - Double(x)) * f).rounded()) }
        return RGB8(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
    }

    static func colored(_ gray: Image<UInt8>, _ stops: [RGB8]) -> Image<UInt8> {
        let table = (0...255).map { color(UInt8($0), stops) }
        var out = [UInt8](repeating: 0, count: gray.pixelCount * 3)
        for (i, g) in gray.pixels.enumerated() {
            let c = table[Int(g)]
            out[i * 3] = c.r; out[i * 3 + 1] = c.g; out[i * 3 + 2] = c.b
        }
        return Image(width: gray.width, height: gray.height, channels: 3, pixels: out)
    }

    /// The picture with a colour bar on its right: the map from bottom (low) to top (high)
    /// and the range's ends written beside it, on white.
    static func colorBar(_ picture: Image<UInt8>, stops: [RGB8], range: ClosedRange<Double>) -> Image<UInt8> {
        let h = picture.height
        let scale = h >= 160 ? 2 : 1
        let barWidth = max(6, min(24, h / 16)), gap = max(3, barWidth / 2)
        let labels = [format(range.upperBound), format(range.lowerBound)]
        let labelWidth = labels.map { PixelFont.width($0, scale: scale) }.max() ?? 0
        let width = picture.width + gap + barWidth + gap + labelWidth + gap
        var out = Image<UInt8>(width: width, height: h, channels: 3, repeating: 255)
        out.withUnsafeMutableSamples { o in
            picture.withUnsafeSamples { p in
                for y in 0..<h {
                    for x in 0..<picture.width * 3 { o[y * width * 3 + x] = p[y * picture.width * 3 + x] }
                    let level = h > 1 ? UInt8((Double(h - 1 - y) / Double(h - 1) * 255).rounded()) : 255
                    let c = color(level, stops)
                    for x in (picture.width + gap)..<(picture.width + gap + barWidth) {
                        let k = (y * width + x) * 3
                        o[k] = c.r; o[k + 1] = c.g; o[k + 2] = c.b
                    }
                }
            }
        }
        let textX = picture.width + gap + barWidth + gap
        let ink = RGB8(40, 40, 40)
        PixelFont.draw(labels[0], into: &out, x: textX, y: 0, scale: scale, color: ink)
        PixelFont.draw(labels[1], into: &out, x: textX, y: h - PixelFont.height(scale: scale), scale: scale, color: ink)
        return out
    }

    /// A range end for captions and bars: whole numbers whole, others to 4 significant digits.
    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e9 { return String(Int64(x)) }
        var s = String(format: "%.4g", x)
        if s.contains("e") { return s }
        if s.contains(".") { while s.hasSuffix("0") { s.removeLast() } }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
