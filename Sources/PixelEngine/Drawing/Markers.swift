/// A shape to draw with ``Image/drawing(_:color:)``. Coordinates are pixels (x right,
/// y down); shapes may extend past the image and are clipped.
public enum Marker: Sendable, Hashable {
    /// A filled disk: every pixel whose centre is within `radius` of (`x`, `y`).
    case disk(x: Double, y: Double, radius: Double)
    /// A plus sign centred on (`x`, `y`) with arms `size` pixels long, `thickness` wide.
    case cross(x: Int, y: Int, size: Int, thickness: Int = 1)
    /// The outline of a box whose top-left pixel is (`x`, `y`), `thickness` pixels
    /// wide, drawn inside the box.
    case rectangle(x: Int, y: Int, width: Int, height: Int, thickness: Int = 1)
    /// A straight line between two pixels (Bresenham), `thickness` pixels wide.
    case line(x0: Int, y0: Int, x1: Int, y1: Int, thickness: Int = 1)
}

extension Image {
    /// The image (shown as 8-bit RGB, ``displayRGB()``) with `markers` painted over it in
    /// `color`, without anti-aliasing.
    ///
    /// - Parameters:
    ///   - markers: the shapes, painted in order.
    ///   - color: their colour.
    /// - Returns: an RGB uint8 image of the same size.
    /// - Throws: ``PixelEngineError`` (`draw`) for a negative or non-finite radius or size,
    ///   a thickness below 1, a box of non-positive size, or coordinates or sizes beyond ±2²⁴.
    ///
    /// ```swift
    /// let marked = try img.drawing([.disk(x: 10, y: 12, radius: 3),
    ///                               .rectangle(x: 4, y: 4, width: 20, height: 10, thickness: 2)],
    ///                              color: RGB8(255, 0, 0))
    /// ```
    public func drawing(_ markers: [Marker], color: RGB8) throws(PixelEngineError) -> Image<UInt8> {
        for marker in markers { try MarkerPainter.validate(marker) }
        var canvas = displayRGB()
        let w = width, h = height
        canvas.withUnsafeMutableSamples { pixels in
            var painter = MarkerPainter(pixels: pixels, width: w, height: h, color: color)
            for marker in markers { painter.draw(marker) }
        }
        return canvas
    }
}

/// Rasterises markers into an RGB buffer, clipping to it.
struct MarkerPainter {
    let pixels: UnsafeMutableBufferPointer<UInt8>
    let width: Int
    let height: Int
    let color: RGB8

    /// Coordinates and sizes beyond this are refused: a line walks every pixel of its length.
    static let limit = 1 << 24

    static func validate(_ marker: Marker) throws(PixelEngineError) {
        func coordinate(_ values: Int...) throws(PixelEngineError) {
            for v in values where v < -limit || v > limit {
                throw PixelEngineError("draw", "coordinate \(v) is beyond ±\(limit)")
            }
        }
        func thick(_ t: Int) throws(PixelEngineError) {
            if t < 1 || t > limit { throw PixelEngineError("draw", "thickness must be >= 1, got \(t)") }
        }
        switch marker {
        case .disk(let x, let y, let radius):
            guard x.isFinite, y.isFinite, abs(x) <= Double(limit), abs(y) <= Double(limit) else {
                throw PixelEngineError("draw", "disk centre (\(x), \(y)) must be finite and within ±\(limit)")
            }
            guard radius >= 0, radius <= Double(limit) else {
                throw PixelEngineError("draw", "disk radius must be >= 0, got \(radius)")
            }
        case .cross(let x, let y, let size, let thickness):
            try coordinate(x, y, size)
            if size < 0 { throw PixelEngineError("draw", "cross size must be >= 0, got \(size)") }
            try thick(thickness)
        case .rectangle(let x, let y, let width, let height, let thickness):
            try coordinate(x, y, width, height)
            if width < 1 || height < 1 {
                throw PixelEngineError("draw", "rectangle size must be >= 1x1, got \(width)x\(height)")
            }
            try thick(thickness)
        case .line(let x0, let y0, let x1, let y1, let thickness):
            try coordinate(x0, y0, x1, y1)
            try thick(thickness)
        }
    }

    /// Fills the pixels of the half-open box, clipped.
    func fill(x0: Int, y0: Int, x1: Int, y1: Int) {
        let xa = max(x0, 0), xb = min(x1, width)
        let ya = max(y0, 0), yb = min(y1, height)
        guard xa < xb, ya < yb else { return }
        for y in ya..<yb {
            for x in xa..<xb {
                let i = (y &* width &+ x) &* 3
                pixels[i] = color.r; pixels[i &+ 1] = color.g; pixels[i &+ 2] = color.b
            }
        }
    }

    mutating func draw(_ marker: Marker) {
        switch marker {
        case .disk(let cx, let cy, let radius):
            let r2 = radius * radius
            let ya = max(Int((cy - radius).rounded(.up)), 0), yb = min(Int((cy + radius).rounded(.down)), height - 1)
            guard ya <= yb else { return }
            for y in ya...yb {
                let dy = Double(y) - cy
                let span = (r2 - dy * dy).squareRoot()
                fill(x0: Int((cx - span).rounded(.up)), y0: y, x1: Int((cx + span).rounded(.down)) + 1, y1: y + 1)
            }
        case .cross(let x, let y, let size, let thickness):
            let lo = -(thickness - 1) / 2
            fill(x0: x - size, y0: y + lo, x1: x + size + 1, y1: y + lo + thickness)
            fill(x0: x + lo, y0: y - size, x1: x + lo + thickness, y1: y + size + 1)
        case .rectangle(let x, let y, let w, let h, let thickness):
            let t = min(thickness, (min(w, h) + 1) / 2)
            fill(x0: x, y0: y, x1: x + w, y1: y + t)
            fill(x0: x, y0: y + h - t, x1: x + w, y1: y + h)
            fill(x0: x, y0: y, x1: x + t, y1: y + h)
            fill(x0: x + w - t, y0: y, x1: x + w, y1: y + h)
        case .line(let x0, let y0, let x1, let y1, let thickness):
            let lo = -(thickness - 1) / 2
            // Clip the walk to the image grown by the stamp, so far-off lines cost nothing.
            let dx = abs(x1 - x0), dy = -abs(y1 - y0)
            let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
            var err = dx + dy
            var x = x0, y = y0
            let margin = thickness
            while true {
                if x >= -margin && x < width + margin && y >= -margin && y < height + margin {
                    fill(x0: x + lo, y0: y + lo, x1: x + lo + thickness, y1: y + lo + thickness)
                }
                if x == x1 && y == y1 { break }
                let e2 = 2 * err
                if e2 >= dy { err += dy; x += sx }
                if e2 <= dx { err += dx; y += sy }
            }
        }
    }
}
