import Foundation
import PixelEngine
import TerminalGraphics

extension BenchRegistry {
    /// Terminal graphics (issue 6): `show` of a 1280×960 RGB picture in an 800-px-wide
    /// sixel terminal, without the decode: area resize to 800×600, palette and sixel
    /// encoding by libsixel, newline. Compare with Scripts/bench/cases_graphics.py (Pillow
    /// resize + 256-colour quantisation; neither reference writes sixel).
    static let graphics: [BenchCase] = [
        BenchCase(name: "show_rgb_1280x960") { inputs in
            try ShowInput.display.render(.image(AnyImage(ShowInput.shared.picture(for: inputs)))).bytes
        },
    ]
}

/// The 1280×960 picture of the `show` case, made once per input size: the top-left
/// 1280×960 of the RGB input (scaled up first when the input is smaller).
final class ShowInput: @unchecked Sendable {
    static let shared = ShowInput()
    /// A VT340-like xterm 800 px wide: 256 colour registers, 10×20 cells.
    static let display = Display(backend: .sixel, capabilities: TerminalCapabilities(
        isTerminal: true, sixel: true, colorRegisters: 256, maxSixelSize: PixelSize(width: 2000, height: 2000),
        cellSize: PixelSize(width: 10, height: 20), windowPixels: PixelSize(width: 800, height: 680),
        columns: 80, rows: 34))
    private let lock = NSLock()
    private var cache: [Int: Image<UInt8>] = [:]

    func picture(for inputs: BenchInputs) throws -> Image<UInt8> {
        lock.lock()
        defer { lock.unlock() }
        if let picture = cache[inputs.size] { return picture }
        var source = inputs.rgb8
        if source.width < 1280 || source.height < 960 {
            source = try source.resize(width: max(1280, source.width), height: max(960, source.height))
        }
        let picture = try source.crop(x: 0, y: 0, width: 1280, height: 960)
        cache[inputs.size] = picture
        return picture
    }
}
