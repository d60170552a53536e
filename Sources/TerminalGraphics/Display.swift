#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Foundation
import PixelEngine

/// A value the terminal can show.
public indirect enum DisplayItem: Sendable {
    /// A picture, drawn as is (alpha over a checkerboard).
    case image(AnyImage)
    /// A mask, white on black.
    case mask(Mask)
    /// A label map in its stable ``LabelPalette`` colours, captioned "N instances".
    case labels(LabelMap)
    /// A class map in its class colours, with a legend line of class names.
    case classes(ClassMap)
    /// Several values side by side at a common height, each with its caption below it.
    case montage([DisplayTile])

    /// Width and height in source pixels (a montage: at its common height, with gaps of
    /// `gap` pixels).
    func size(gap: Int) -> PixelSize {
        switch self {
        case .image(let i): PixelSize(width: i.width, height: i.height)
        case .mask(let m): PixelSize(width: m.width, height: m.height)
        case .labels(let l): PixelSize(width: l.width, height: l.height)
        case .classes(let c): PixelSize(width: c.width, height: c.height)
        case .montage(let tiles): Display.montageLayout(tiles.map { $0.item.size(gap: gap) }, height: nil, gap: gap).total
        }
    }
}

/// One tile of a ``DisplayItem/montage(_:)``: a value and its caption.
public struct DisplayTile: Sendable {
    public var item: DisplayItem
    public var caption: String?

    public init(_ item: DisplayItem, caption: String? = nil) {
        self.item = item
        self.caption = caption
    }
}

/// What ``Display/render(_:caption:)`` produced.
public struct RenderedDisplay: Sendable, Equatable {
    /// The bytes to write to the terminal (or file), ending with a newline: the cursor is
    /// at the start of a line below the picture and its captions.
    public var bytes: [UInt8]
    /// Text rows the output occupies (picture and caption lines): move the cursor up this
    /// many rows to redraw in place.
    public var rows: Int
    /// The PNG written, for the `pngFile` backend.
    public var file: String?
}

/// Draws images, masks, label and class maps in the terminal: sixel, half blocks, or
/// a PNG file whose path is printed.
///
/// The output goes to a byte buffer, never straight to stdout, so that the caller decides
/// where and when to write it (and tests can read it).
///
/// ```swift
/// let caps = TerminalCapabilities.detect(mode: mode, environment: env)
/// let display = Display(backend: mode.backend(for: caps), capabilities: caps)
/// let out = try display.render(.labels(labels), caption: "cells")
/// FileHandle.standardOutput.write(Data(out.bytes))
/// ```
public struct Display: Sendable {
    /// How pictures are drawn.
    public var backend: DisplayBackend
    /// The terminal's size and abilities.
    public var capabilities: TerminalCapabilities
    /// Picture sizes, derived from ``capabilities``.
    public var layout: DisplayLayout
    /// Caption colouring (off under `NO_COLOR`).
    public var style: TextStyle
    /// Where the `pngFile` backend saves pictures.
    public var fileDirectory: String

    /// A display for `backend` on a terminal with `capabilities`.
    ///
    /// - Parameter fileDirectory: the folder for PNG files; default
    ///   `$TMPDIR/segsh-<uid>` (created, mode 0700, when first needed).
    public init(backend: DisplayBackend, capabilities: TerminalCapabilities, fileDirectory: String? = nil) {
        self.backend = backend
        self.capabilities = capabilities
        self.layout = DisplayLayout(capabilities: capabilities)
        self.style = TextStyle(capabilities: capabilities)
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        self.fileDirectory = fileDirectory ?? "\(temporary)/segsh-\(getuid())"
    }

    /// Sixel palette size: the terminal's colour registers, at most 256.
    public var paletteSize: Int { min(256, max(2, capabilities.colorRegisters ?? 256)) }

    /// `item` drawn for this display, then `caption` (if any) and the item's own text
    /// ("N instances", the class legend) on lines below it.
    ///
    /// - Returns: the bytes and the number of text rows they take.
    /// - Throws: ``GraphicsError`` when a PNG cannot be written or libsixel fails.
    public func render(_ item: DisplayItem, caption: String? = nil) throws(GraphicsError) -> RenderedDisplay {
        var textLines: [String] = []
        if let caption, !caption.isEmpty { textLines.append(caption) }
        textLines += infoLines(item)
        let size = item.size(gap: 0)
        guard size.width > 0 && size.height > 0 else {
            let line = "(empty \(size.width)x\(size.height) picture)"
            return text([line] + textLines)
        }
        do {
            switch backend {
            case .pngFile:
                let path = try savePNG(item)
                return text(textLines + [style.dim(path)], file: path)
            case .sixel:
                let gap = PictureMaker.montageGap
                let natural = item.size(gap: gap)
                let target = layout.sixelSize(width: natural.width, height: natural.height)
                let (picture, montageCaption) = try prepare(item, size: target, checker: PictureMaker.checkerSide,
                                                            gap: gap, columnWidth: layout.cellSize.width)
                var bytes: [UInt8]
                switch picture {
                case .rgb(let rgb): bytes = try SixelEncoder.encode(rgb: rgb, colors: paletteSize)
                case .indexed(let indices, let palette): bytes = SixelEncoder.encode(indexed: indices, palette: palette)
                }
                // The terminal leaves the cursor on the text row of the picture's last
                // pixel row: a newline moves below it.
                bytes.append(0x0A)
                var lines = textLines
                if let montageCaption { lines.insert(montageCaption, at: 0) }
                let after = text(lines)
                return RenderedDisplay(bytes: bytes + after.bytes, rows: layout.cellRows(forPixelHeight: picture.height) + after.rows)
            case .truecolorBlocks, .ansi256Blocks:
                // A block pixel is a tenth of a sixel one: smaller gaps and checks.
                let gap = 2
                let natural = item.size(gap: gap)
                let target = layout.blockSize(width: natural.width, height: natural.height)
                let (picture, montageCaption) = try prepare(item, size: target, checker: 2, gap: gap, columnWidth: 1)
                let bytes = BlockRenderer.render(rgb: picture.rgb, colors: backend == .truecolorBlocks ? .truecolor : .ansi256)
                var lines = textLines
                if let montageCaption { lines.insert(montageCaption, at: 0) }
                let after = text(lines)
                return RenderedDisplay(bytes: bytes + after.bytes, rows: (picture.height + 1) / 2 + after.rows)
            }
        } catch let error as PixelEngineError {
            throw GraphicsError("show: \(error.message)")
        } catch let error as GraphicsError {
            throw error
        } catch {
            throw GraphicsError("show: \(error)")
        }
    }

    /// Lines of text, each ending in a newline.
    private func text(_ lines: [String], file: String? = nil) -> RenderedDisplay {
        RenderedDisplay(bytes: Array(lines.map { $0 + "\n" }.joined().utf8), rows: lines.count, file: file)
    }

    /// The text a value brings along: instance counts, class legends.
    func infoLines(_ item: DisplayItem) -> [String] {
        switch item {
        case .labels(let map):
            let n = map.labels.count
            return ["\(n) instance\(n == 1 ? "" : "s")"]
        case .classes(let map):
            return [map.classes.map { style.swatch("  ", $0.color) + " " + $0.name }.joined(separator: "  ")]
        case .image, .mask, .montage:
            return []
        }
    }

    // MARK: Pictures

    /// `item` scaled to `size`, and for a montage the caption line (tile captions at the
    /// columns where their tiles start, `columnWidth` pixels per column).
    func prepare(_ item: DisplayItem, size: PixelSize, checker: Int, gap: Int = PictureMaker.montageGap,
                 columnWidth: Int) throws -> (DisplayPicture, String?) {
        switch item {
        case .image(let image):
            return (.rgb(try PictureMaker.rgb(image, size: size, checker: checker)), nil)
        case .mask(let mask):
            return (try PictureMaker.mask(mask, size: size), nil)
        case .labels(let labels):
            return (try PictureMaker.labels(labels, size: size, paletteLimit: paletteSize), nil)
        case .classes(let classes):
            return (try PictureMaker.classes(classes, size: size, paletteLimit: paletteSize), nil)
        case .montage(let tiles):
            return try montage(tiles, size: size, checker: checker, gap: gap, columnWidth: columnWidth)
        }
    }

    /// Tile sizes at a common height and the montage's total size, with `gap` pixels
    /// between tiles. `height` nil: the tallest tile's height.
    static func montageLayout(_ sizes: [PixelSize], height: Int?, gap: Int) -> (tiles: [PixelSize], total: PixelSize) {
        let common = max(1, height ?? sizes.map(\.height).max() ?? 1)
        let tiles = sizes.map { s in
            PixelSize(width: max(1, (s.width * common + s.height / 2) / max(1, s.height)), height: common)
        }
        let width = tiles.reduce(0) { $0 + $1.width } + gap * max(0, tiles.count - 1)
        return (tiles, PixelSize(width: width, height: common))
    }

    private func montage(_ tiles: [DisplayTile], size: PixelSize, checker: Int, gap: Int,
                         columnWidth: Int) throws -> (DisplayPicture, String?) {
        guard !tiles.isEmpty else { return (.rgb(Image(width: 1, height: 1, channels: 3)), nil) }
        // Scale the tiles themselves to the final height (so maps stay nearest-neighbour
        // exact), with gaps at full size; then fit the gaps' share of the width too.
        let sizes = tiles.map { $0.item.size(gap: gap) }
        let natural = Self.montageLayout(sizes, height: nil, gap: gap)
        let gaps = gap * (tiles.count - 1)
        let tileWidth = max(1, natural.total.width - gaps)
        let available = max(tiles.count, size.width - gaps)
        var height = size.height
        if tileWidth * size.height > available * natural.total.height {
            height = max(1, available * natural.total.height / tileWidth)
        }
        let layout = Self.montageLayout(sizes, height: height, gap: gap)
        var pictures: [Image<UInt8>] = []
        for (tile, tileSize) in zip(tiles, layout.tiles) {
            pictures.append(try prepare(tile.item, size: tileSize, checker: checker, gap: gap, columnWidth: columnWidth).0.rgb)
        }
        let canvas = try PixelEngine.montage(pictures, gap: gap, background: PictureMaker.montageBackground)
        // Captions under their tiles: pad to each tile's first column, cut to its width.
        var caption = ""
        var x = 0
        var column = 0
        for (tile, tileSize) in zip(tiles, layout.tiles) {
            let start = x / max(1, columnWidth)
            let end = (x + tileSize.width) / max(1, columnWidth)
            if let text = tile.caption, !text.isEmpty, start >= column {
                caption += String(repeating: " ", count: start - column)
                let room = max(1, end - start - 1)
                let shown = text.count > room ? String(text.prefix(max(0, room - 1))) + "…" : text
                caption += shown
                column = start + shown.count
            }
            x += tileSize.width + gap
        }
        return (.rgb(canvas), caption.isEmpty ? nil : caption)
    }

    // MARK: PNG files

    /// Saves the full-resolution picture as `show-<hash>.png` in ``fileDirectory`` (the
    /// same picture, the same file) and returns its path.
    private func savePNG(_ item: DisplayItem) throws -> String {
        let data: Data
        switch item {
        case .image(let image): data = try PNG.encode(image)
        case .mask(let mask): data = try PNG.encode(mask)
        case .labels(let labels): data = try PNG.encode(labels.colorized())
        case .classes(let classes): data = try PNG.encode(classes)
        case .montage(let tiles):
            let gap = PictureMaker.montageGap
            let natural = Self.montageLayout(tiles.map { $0.item.size(gap: gap) }, height: nil, gap: gap)
            let (picture, _) = try montage(tiles, size: natural.total, checker: PictureMaker.checkerSide, gap: gap, columnWidth: 1)
            data = try PNG.encode(picture.rgb)
        }
        if mkdir(fileDirectory, 0o700) != 0 && errno != EEXIST {
            throw GraphicsError("show: cannot create the folder '\(fileDirectory)': \(String(cString: strerror(errno)))")
        }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let name = String(hash, radix: 16)
        let path = "\(fileDirectory)/show-\(String(repeating: "0", count: 16 - name.count))\(name).png"
        do {
            try PNG.write(data, to: path)
        } catch {
            throw GraphicsError("show: cannot save '\(path)': \(error)")
        }
        return path
    }
}
