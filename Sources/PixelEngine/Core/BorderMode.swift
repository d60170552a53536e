/// How a neighbourhood operation reads pixels outside the image.
///
/// Names follow scipy.ndimage / scikit-image; the OpenCV equivalent is given for each.
/// For a row `a b c d`:
public enum BorderMode: Sendable, Hashable, CustomStringConvertible {
    /// `c b a | a b c d | d c b`: mirrored, edge repeated. scipy `reflect`,
    /// OpenCV `BORDER_REFLECT`.
    case reflect
    /// `d c b | a b c d | c b a`: mirrored about the edge pixel. scipy `mirror`,
    /// OpenCV `BORDER_REFLECT_101` (OpenCV's default).
    case mirror
    /// `a a a | a b c d | d d d`: edge repeated. scipy `nearest`, OpenCV `BORDER_REPLICATE`.
    case nearest
    /// `k k k | a b c d | k k k`. scipy `constant` with `cval`, OpenCV `BORDER_CONSTANT`.
    case constant(Float)
    /// `b c d | a b c d | a b c`. scipy `wrap`, OpenCV `BORDER_WRAP`.
    case wrap

    /// Maps index `i` (possibly outside `0..<n`) to the index whose value it reads, or nil
    /// for `.constant`. Works for any distance outside, including kernels wider than `n`.
    @inlinable
    public func sourceIndex(_ i: Int, count n: Int) -> Int? {
        if i >= 0 && i < n { return i }
        switch self {
        case .constant:
            return nil
        case .nearest:
            return i < 0 ? 0 : n - 1
        case .wrap:
            let m = i % n
            return m < 0 ? m + n : m
        case .reflect:
            let period = 2 * n
            var m = i % period
            if m < 0 { m += period }
            return m < n ? m : period - 1 - m
        case .mirror:
            if n == 1 { return 0 }
            let period = 2 * n - 2
            var m = i % period
            if m < 0 { m += period }
            return m < n ? m : period - m
        }
    }

    /// Parses `reflect`, `mirror`, `nearest`, `constant` (value 0) or `wrap`.
    public init?(name: String) {
        switch name {
        case "reflect": self = .reflect
        case "mirror": self = .mirror
        case "nearest", "edge", "replicate": self = .nearest
        case "constant": self = .constant(0)
        case "wrap": self = .wrap
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .reflect: "reflect"
        case .mirror: "mirror"
        case .nearest: "nearest"
        case .constant(let value): "constant(\(value))"
        case .wrap: "wrap"
        }
    }
}
