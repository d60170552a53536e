/// The neighbourhood of a morphological operation: a grid of booleans, scikit-image's
/// `footprint`.
///
/// The shapes match `skimage.morphology` exactly: ``rectangle(width:height:)`` is
/// `footprint_rectangle((height, width))`, ``disk(radius:)`` is `disk(radius)`,
/// ``diamond(radius:)`` is `diamond(radius)`, ``cross(radius:)`` is a plus sign whose
/// radius-1 case is `ndi.generate_binary_structure(2, 1)` (scikit-image's default
/// footprint). Any other shape comes from a grid (``init(width:height:elements:)``).
///
/// The centre is element `((width - 1) / 2, (height - 1) / 2)` for gray operations; even
/// sizes are handled as scikit-image does (see ``Image/erode(footprint:)`` and
/// ``Mask/erode(footprint:)``, which differ by one pixel there, like scikit-image).
///
/// Operations never visit the grid pixel by pixel: they use its rows as horizontal runs,
/// so a disk of radius r costs O(r) per pixel and a rectangle O(log w + log h).
///
/// ```swift
/// let round = try Footprint.disk(radius: 5)     // 11x11
/// let opened = try img.open(footprint: round)
/// ```
public struct Footprint: Sendable, Hashable, CustomStringConvertible {
    /// Columns of the grid.
    public let width: Int
    /// Rows of the grid.
    public let height: Int
    /// The grid, row-major: element `(x, y)` is `elements[y * width + x]`.
    public let elements: [Bool]

    /// A footprint from a row-major grid of `width * height` booleans with at least one set.
    ///
    /// - Throws: ``PixelEngineError`` (operation `footprint`) when a size is < 1, the
    ///   element count is not `width * height`, or no element is set.
    ///
    /// ```swift
    /// let diagonal = try Footprint(width: 2, height: 2, elements: [true, false, false, true])
    /// ```
    public init(width: Int, height: Int, elements: [Bool]) throws(PixelEngineError) {
        guard width >= 1, height >= 1 else {
            throw PixelEngineError("footprint", "size must be at least 1x1, got \(width)x\(height)")
        }
        guard elements.count == width * height else {
            throw PixelEngineError("footprint", "\(elements.count) elements for a \(width)x\(height) grid; pass width * height")
        }
        guard elements.contains(true) else {
            throw PixelEngineError("footprint", "no element is set; a footprint needs at least one")
        }
        self.width = width
        self.height = height
        self.elements = elements
    }

    /// A footprint from rows of text, `#` or `1` for set elements and `.` or `0` for unset,
    /// all rows of one length: `try Footprint(rows: [".#.", "###", ".#."])`.
    ///
    /// - Throws: ``PixelEngineError`` (operation `footprint`) for ragged rows, other
    ///   characters, or an empty grid.
    public init(rows: [String]) throws(PixelEngineError) {
        let width = rows.first?.count ?? 0
        var elements: [Bool] = []
        for row in rows {
            guard row.count == width else {
                throw PixelEngineError("footprint", "rows differ in length: \(width) and \(row.count)")
            }
            for character in row {
                switch character {
                case "#", "1": elements.append(true)
                case ".", "0": elements.append(false)
                default:
                    throw PixelEngineError("footprint", "unexpected '\(character)'; use '#' or '1' for set, '.' or '0' for unset")
                }
            }
        }
        try self.init(width: width, height: rows.count, elements: elements)
    }

    /// Unchecked init for the built-in shapes.
    init(uncheckedWidth width: Int, height: Int, _ inside: (_ x: Int, _ y: Int) -> Bool) {
        self.width = width
        self.height = height
        var elements = [Bool](repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width { elements[y * width + x] = inside(x, y) }
        }
        self.elements = elements
    }

    /// A `width` x `height` rectangle of set elements (`footprint_rectangle((height, width))`).
    ///
    /// - Throws: ``PixelEngineError`` when a side is < 1.
    public static func rectangle(width: Int, height: Int) throws(PixelEngineError) -> Footprint {
        guard width >= 1, height >= 1 else {
            throw PixelEngineError("footprint", "rectangle sides must be >= 1, got \(width)x\(height)")
        }
        return Footprint(uncheckedWidth: width, height: height) { _, _ in true }
    }

    /// A `size` x `size` square: `try .square(3)`.
    public static func square(_ size: Int) throws(PixelEngineError) -> Footprint {
        try rectangle(width: size, height: size)
    }

    /// The digital disk of `skimage.morphology.disk(radius)`: offsets with
    /// `dx² + dy² <= radius²`, in a `2r+1` square. Radius 0 is a single element.
    ///
    /// - Throws: ``PixelEngineError`` when `radius < 0`.
    public static func disk(radius: Int) throws(PixelEngineError) -> Footprint {
        try checkRadius(radius, "disk")
        let n = 2 * radius + 1
        return Footprint(uncheckedWidth: n, height: n) { x, y in
            let dx = x - radius, dy = y - radius
            return dx * dx + dy * dy <= radius * radius
        }
    }

    /// The diamond of `skimage.morphology.diamond(radius)`: `|dx| + |dy| <= radius`.
    ///
    /// - Throws: ``PixelEngineError`` when `radius < 0`.
    public static func diamond(radius: Int) throws(PixelEngineError) -> Footprint {
        try checkRadius(radius, "diamond")
        let n = 2 * radius + 1
        return Footprint(uncheckedWidth: n, height: n) { x, y in abs(x - radius) + abs(y - radius) <= radius }
    }

    /// A plus sign: the centre row and centre column of a `2r+1` square. `cross(radius: 1)`
    /// is 4-connectivity (scikit-image's default footprint).
    ///
    /// - Throws: ``PixelEngineError`` when `radius < 0`.
    public static func cross(radius: Int) throws(PixelEngineError) -> Footprint {
        try checkRadius(radius, "cross")
        let n = 2 * radius + 1
        return Footprint(uncheckedWidth: n, height: n) { x, y in x == radius || y == radius }
    }

    /// The 3x3 plus sign, scikit-image's default footprint (`cross(radius: 1)`).
    public static let `default` = Footprint(uncheckedWidth: 3, height: 3) { x, y in x == 1 || y == 1 }

    private static func checkRadius(_ radius: Int, _ shape: String) throws(PixelEngineError) {
        guard radius >= 0 else {
            throw PixelEngineError("footprint", "\(shape) radius must be >= 0, got \(radius)")
        }
        guard radius <= 4096 else {
            throw PixelEngineError("footprint", "\(shape) radius must be <= 4096, got \(radius)")
        }
    }

    /// Whether element `(x, y)` is set.
    public subscript(x: Int, y: Int) -> Bool {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "Footprint: (\(x), \(y)) outside \(width)x\(height)")
        return elements[y * width + x]
    }

    /// The number of set elements.
    public var count: Int { elements.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// The footprint rotated by 180° (`skimage.morphology.mirror_footprint`).
    public var mirrored: Footprint {
        Footprint(uncheckedWidth: width, height: height) { x, y in self[width - 1 - x, height - 1 - y] }
    }

    /// `"5x5 footprint, 21 elements"`.
    public var description: String {
        "\(width)x\(height) footprint, \(count) elements"
    }
}

/// A footprint as horizontal runs of offsets relative to the output pixel, the form every
/// morphology kernel consumes.
///
/// `value(p) = pick over (dx, dy) in offsets of input(p + (dx, dy))`, where the offsets of
/// row `dy` are the runs `start ..< start + length`.
struct FootprintRuns: Sendable, Equatable {
    struct Run: Sendable, Equatable {
        var dy: Int
        var start: Int
        var length: Int
    }

    /// Runs sorted by `dy`, then `start`.
    var runs: [Run]

    /// Where the grid's element (0, 0) lands, as an offset from the output pixel.
    enum Centering {
        /// scikit-image gray morphology: even sizes are padded at the start
        /// (`pad_footprint(pad_end=False)`), so element `j` is at `j - (n - 1) / 2`.
        case padStart
        /// scikit-image binary morphology (`pad_end=True`): element `j` is at `j - n / 2`.
        case padEnd
    }

    init(_ footprint: Footprint, centering: Centering, mirrored: Bool) {
        let cx = centering == .padStart ? (footprint.width - 1) / 2 : footprint.width / 2
        let cy = centering == .padStart ? (footprint.height - 1) / 2 : footprint.height / 2
        var runs: [Run] = []
        for y in 0..<footprint.height {
            var x = 0
            while x < footprint.width {
                guard footprint.elements[y * footprint.width + x] else { x += 1; continue }
                let start = x
                while x < footprint.width && footprint.elements[y * footprint.width + x] { x += 1 }
                runs.append(Run(dy: y - cy, start: start - cx, length: x - start))
            }
        }
        if mirrored {
            runs = runs.map { Run(dy: -$0.dy, start: -($0.start + $0.length - 1), length: $0.length) }
        }
        runs.sort { ($0.dy, $0.start) < ($1.dy, $1.start) }
        self.runs = runs
    }

    init(runs: [Run]) { self.runs = runs }

    /// The same runs with every offset negated (the reflected footprint).
    var negated: FootprintRuns {
        var out = runs.map { Run(dy: -$0.dy, start: -($0.start + $0.length - 1), length: $0.length) }
        out.sort { ($0.dy, $0.start) < ($1.dy, $1.start) }
        return FootprintRuns(runs: out)
    }

    var minDy: Int { runs.first!.dy }
    var maxDy: Int { runs.last!.dy }
    var minDx: Int { runs.map(\.start).min()! }
    var maxDx: Int { runs.map { $0.start + $0.length - 1 }.max()! }
    var maxLength: Int { runs.map(\.length).max()! }

    /// When every row from `minDy` to `maxDy` holds exactly one run with the same start and
    /// length, the footprint is a rectangle: returns `(start, length)` of its rows.
    var rectangleRow: (start: Int, length: Int)? {
        guard let first = runs.first, runs.count == maxDy - minDy + 1 else { return nil }
        for (i, run) in runs.enumerated() where run.dy != minDy + i || run.start != first.start || run.length != first.length {
            return nil
        }
        return (first.start, first.length)
    }
}
