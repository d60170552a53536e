/// Where pictures go on the screen and how big they are drawn: pure arithmetic on
/// ``TerminalCapabilities``.
///
/// **Sixel box.** Width: the text area width from `CSI 14 t`, else the XTSMGRAPHICS sixel
/// geometry width, else `TIOCGWINSZ` `ws_xpixel`, else columns × 10 px. Height: the text
/// area height less two text rows (room for the caption and the next prompt, so the whole
/// picture is on screen at once), with the same fallbacks (rows × cell height). Both are
/// then capped by the XTSMGRAPHICS geometry, the largest sixel image the terminal accepts.
///
/// **Block box.** One character cell shows two pixels stacked (`▀`), so the box is
/// (columns − 1) × 2 × (rows − 2) pixels; the last column stays free so no terminal
/// wraps early.
///
/// **Scaling** (``fit(width:height:into:minimumLongSide:maximumUpscale:)``): pictures
/// larger than the box shrink to fit it, aspect kept. Pictures whose longer side is below
/// ``sixelMinimumLongSide`` (blocks: ``blockMinimumLongSide``) grow by the smallest
/// *integer* factor that reaches it (at most ``maximumUpscale``, and never beyond the box),
/// so an 8×8 mask shows as 256×256 crisp squares instead of a dot; integer factors with
/// nearest-neighbour sampling keep every source pixel the same size on screen.
///
/// ```swift
/// let layout = DisplayLayout(capabilities: caps)
/// let size = layout.sixelSize(width: 1280, height: 960)   // e.g. 800x600
/// let rows = layout.cellRows(forPixelHeight: size.height)
/// ```
public struct DisplayLayout: Sendable, Equatable {
    /// Small pictures grow (by an integer factor) until their longer side reaches this, in
    /// sixel pixels.
    public static let sixelMinimumLongSide = 256
    /// The same for half blocks, in block pixels (one cell column, half a cell row).
    public static let blockMinimumLongSide = 32
    /// The largest enlargement factor.
    public static let maximumUpscale = 64
    /// Cell size assumed when the terminal reports none: 10×20 px.
    public static let fallbackCellSize = PixelSize(width: 10, height: 20)

    /// The largest sixel picture that fits, in pixels.
    public var sixelBox: PixelSize
    /// The largest half-block picture that fits, in block pixels.
    public var blockBox: PixelSize
    /// One character cell, in pixels (reported or estimated).
    public var cellSize: PixelSize

    public init(sixelBox: PixelSize, blockBox: PixelSize, cellSize: PixelSize) {
        self.sixelBox = sixelBox
        self.blockBox = blockBox
        self.cellSize = cellSize
    }

    /// The layout for a terminal with `capabilities` (see the type's documentation).
    public init(capabilities c: TerminalCapabilities) {
        let columns = max(1, c.columns), rows = max(1, c.rows)
        let cell: PixelSize
        if let reported = c.cellSize, reported.width > 0, reported.height > 0 {
            cell = reported
        } else if let window = c.windowPixels ?? c.ioctlPixels, window.width >= columns, window.height >= rows {
            cell = PixelSize(width: window.width / columns, height: window.height / rows)
        } else {
            cell = Self.fallbackCellSize
        }
        let area = c.windowPixels ?? c.maxSixelSize ?? c.ioctlPixels
            ?? PixelSize(width: columns * cell.width, height: rows * cell.height)
        var width = area.width
        var height = area.height - 2 * cell.height
        if let limit = c.maxSixelSize {
            width = min(width, limit.width)
            height = min(height, limit.height)
        }
        self.init(sixelBox: PixelSize(width: max(1, width), height: max(1, height)),
                  blockBox: PixelSize(width: max(1, columns - 1), height: max(2, 2 * (rows - 2))),
                  cellSize: cell)
    }

    /// The drawn size of a `width`×`height` picture as sixel.
    public func sixelSize(width: Int, height: Int) -> PixelSize {
        Self.fit(width: width, height: height, into: sixelBox, minimumLongSide: Self.sixelMinimumLongSide)
    }

    /// The drawn size of a `width`×`height` picture as half blocks (in block pixels).
    public func blockSize(width: Int, height: Int) -> PixelSize {
        Self.fit(width: width, height: height, into: blockBox, minimumLongSide: Self.blockMinimumLongSide)
    }

    /// Text rows a sixel picture `height` pixels tall covers (at least 1).
    public func cellRows(forPixelHeight height: Int) -> Int {
        max(1, (height + cellSize.height - 1) / max(1, cellSize.height))
    }

    /// The size a `width`×`height` picture is drawn at inside `box`.
    ///
    /// - Returns: a size no larger than `box` in either direction (and at least 1×1),
    ///   with the aspect ratio kept (to rounding). Shrinks to fit when the picture is
    ///   larger than `box`; grows by an integer factor `k` ≤ `maximumUpscale` when its longer
    ///   side is below `minimumLongSide`, to `k·width`×`k·height` with the smallest `k` that
    ///   reaches `minimumLongSide` (or the largest that fits); otherwise keeps the size.
    ///
    /// ```swift
    /// DisplayLayout.fit(width: 8, height: 8, into: PixelSize(width: 800, height: 600),
    ///                   minimumLongSide: 256)   // 256x256
    /// ```
    public static func fit(width: Int, height: Int, into box: PixelSize, minimumLongSide: Int,
                           maximumUpscale: Int = DisplayLayout.maximumUpscale) -> PixelSize {
        let w = max(1, width), h = max(1, height)
        let boxW = max(1, box.width), boxH = max(1, box.height)
        if w > boxW || h > boxH {
            // Shrink by the tighter ratio; the other side rounds (never to 0).
            if w * boxH >= h * boxW {
                return PixelSize(width: boxW, height: min(boxH, max(1, (h * boxW + w / 2) / w)))
            }
            return PixelSize(width: min(boxW, max(1, (w * boxH + h / 2) / h)), height: boxH)
        }
        let longSide = max(w, h)
        guard longSide < minimumLongSide else { return PixelSize(width: w, height: h) }
        var factor = (minimumLongSide + longSide - 1) / longSide
        factor = min(factor, max(1, maximumUpscale), boxW / w, boxH / h)
        factor = max(1, factor)
        return PixelSize(width: w * factor, height: h * factor)
    }
}
