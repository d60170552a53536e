/// A semantic segmentation: every pixel holds a class index into ``classes``.
///
/// Class indices are `UInt8` (up to 256 classes); each class has a name and a display
/// colour. Written to PNG as an 8-bit palette image carrying the class colours.
///
/// ```swift
/// let classes = [SemanticClass(name: "background", color: RGB8(0, 0, 0)),
///                SemanticClass(name: "cell", color: RGB8(255, 200, 0))]
/// let map = try ClassMap(indices: Image<UInt8>(width: 2, height: 1, pixels: [0, 1]), classes: classes)
/// ```
@frozen
public struct ClassMap: Sendable, Equatable, CustomStringConvertible {
    /// The class index of each pixel, one channel; every value is `< classes.count`.
    public private(set) var indices: Image<UInt8>
    /// The classes, in index order.
    public private(set) var classes: [SemanticClass]

    /// A class map; throws if an index has no class or there are more than 256 classes.
    public init(indices: Image<UInt8>, classes: [SemanticClass]) throws(PixelEngineError) {
        guard indices.channels == 1 else {
            throw PixelEngineError("class map", "class indices need 1 channel, got \(indices.channels)")
        }
        guard (1...256).contains(classes.count) else {
            throw PixelEngineError("class map", "needs 1 to 256 classes, got \(classes.count)")
        }
        let highest = indices.withUnsafeSamples { $0.max() ?? 0 }
        guard Int(highest) < classes.count else {
            throw PixelEngineError("class map", "pixel class \(highest) has no entry in the \(classes.count) class names")
        }
        self.indices = indices
        self.classes = classes
    }

    /// A class map with default names (`class 0`, `class 1`, …) and the default palette.
    public init(indices: Image<UInt8>, classCount: Int) throws(PixelEngineError) {
        try self.init(indices: indices, classes: SemanticClass.defaults(count: classCount))
    }

    @inlinable public var width: Int { indices.width }
    @inlinable public var height: Int { indices.height }

    /// The class index at (x, y).
    @inlinable
    public subscript(x: Int, y: Int) -> UInt8 { indices[x, y] }

    /// The class names, in index order.
    public var names: [String] { classes.map(\.name) }

    public var description: String {
        "\(width)x\(height) class map, \(classes.count) classes (\(names.joined(separator: ", ")))"
    }
}

/// One class of a ``ClassMap``: a name and the colour it is drawn in.
public struct SemanticClass: Sendable, Hashable {
    public var name: String
    public var color: RGB8

    public init(name: String, color: RGB8) {
        self.name = name
        self.color = color
    }

    /// `count` classes named `class 0`… with the default class palette.
    public static func defaults(count: Int) -> [SemanticClass] {
        (0..<count).map { SemanticClass(name: "class \($0)", color: classPalette[$0 % classPalette.count]) }
    }

    /// Class colours: black for class 0 (usually background), then well-separated hues.
    public static let classPalette: [RGB8] = [
        RGB8(0, 0, 0), RGB8(230, 159, 0), RGB8(86, 180, 233), RGB8(0, 158, 115),
        RGB8(240, 228, 66), RGB8(0, 114, 178), RGB8(213, 94, 0), RGB8(204, 121, 167),
        RGB8(255, 255, 255), RGB8(128, 128, 128), RGB8(148, 103, 189), RGB8(140, 86, 75),
    ]
}
