/// The physical size of one pixel, from a file's resolution tags (TIFF XResolution,
/// YResolution and ResolutionUnit), for measurements in physical units.
///
/// ```swift
/// let size = PixelSize(width: 0.325, height: 0.325, unit: .micrometre)
/// size.area  // 0.105625 (µm² per pixel)
/// ```
public struct PixelSize: Sendable, Hashable, CustomStringConvertible {
    /// The length unit of ``width`` and ``height``.
    public enum Unit: String, Sendable, Hashable {
        case inch = "in"
        case centimetre = "cm"
        case millimetre = "mm"
        case micrometre = "µm"
        case nanometre = "nm"
        /// The file gives a ratio with no unit (ResolutionUnit 1): only the aspect is known.
        case none = ""
    }

    /// The width of a pixel in ``unit``.
    public var width: Double
    /// The height of a pixel in ``unit``.
    public var height: Double
    public var unit: Unit

    public init(width: Double, height: Double, unit: Unit) {
        self.width = width
        self.height = height
        self.unit = unit
    }

    /// The area of one pixel, in ``unit`` squared.
    public var area: Double { width * height }

    /// `"0.325 x 0.325 µm"`.
    public var description: String {
        let w = PixelSize.format(width), h = PixelSize.format(height)
        return unit == .none ? "\(w) x \(h)" : "\(w) x \(h) \(unit.rawValue)"
    }

    static func format(_ value: Double) -> String {
        var text = String(format: "%.6g", value)
        if text.contains("e") { return text }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
