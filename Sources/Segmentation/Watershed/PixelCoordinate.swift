/// A pixel position: column `x`, row `y` (scikit-image coordinates are `(row, col)`, i.e.
/// `(y, x)`).
///
/// ```swift
/// let p = PixelCoordinate(x: 3, y: 7)
/// ```
public struct PixelCoordinate: Sendable, Hashable, CustomStringConvertible {
    /// Column.
    public var x: Int
    /// Row.
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    public var description: String { "(\(x), \(y))" }
}
