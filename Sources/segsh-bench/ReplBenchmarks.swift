import Foundation
import PixelEngine
import SegScript
import SegScriptLibrary
import TerminalGraphics

extension BenchRegistry {
    /// The REPL's interactive paths (issue 6), in the VT340-like 800-px sixel terminal of
    /// ``ShowInput/display``. Launch to prompt needs a terminal: `Scripts/bench-repl`
    /// times it through a pseudo-terminal, and runs these cases too.
    ///
    /// - `repl_show_png_1280x960`: `show(load("x.png"))` of a 1280×960 RGB picture: PNG
    ///   decode, resize to 800×600, palette and sixel encoding (target < 100 ms).
    /// - `repl_tweak_threshold_512`: one step of `tweak t` over `m = img > t` of a 512×512
    ///   gray sample: `retweak` (only the dependent statements) and the sixel of the new
    ///   mask (target < 50 ms).
    /// - `repl_tweak_overlay_512`: the same with `overlay(img, m)` as the preview, an RGB
    ///   picture (adaptive palette and dithering).
    static let repl: [BenchCase] = [
        BenchCase(name: "repl_show_png_1280x960") { inputs in
            let data = try ReplInput.shared.png(for: inputs)
            return try ShowInput.display.render(.image(PNG.decode(data).image)).bytes
        },
        BenchCase(name: "repl_tweak_threshold_512") { _ in
            try ReplInput.shared.tweakStep(preview: "m")
        },
        BenchCase(name: "repl_tweak_overlay_512") { _ in
            try ReplInput.shared.tweakStep(preview: "overlay(img, m)")
        },
    ]
}

/// Inputs of the REPL cases, made once: the PNG bytes of the `show` picture, and a
/// session with a threshold preview.
final class ReplInput: @unchecked Sendable {
    static let shared = ReplInput()
    private let lock = NSLock()
    private var pngs: [Int: Data] = [:]
    private var sessions: [String: (Interpreter, Box)] = [:]
    private var step = 0

    /// What the display callback saw during the last recomputation.
    final class Box { var shown: Value? }

    func png(for inputs: BenchInputs) throws -> Data {
        lock.lock()
        defer { lock.unlock() }
        if let data = pngs[inputs.size] { return data }
        let data = try PNG.encode(ShowInput.shared.picture(for: inputs))
        pngs[inputs.size] = data
        return data
    }

    /// Moves `t` one step (alternating, so every run computes a new preview) and draws
    /// the preview the way the slider does.
    func tweakStep(preview: String) throws -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        let (interpreter, box) = try sessions[preview] ?? makeSession(preview: preview)
        sessions[preview] = (interpreter, box)
        step += 1
        box.shown = nil
        _ = try interpreter.retweak("t", to: .number(Double(100 + step % 2)))
        switch box.shown {
        case .host(let value as MaskValue)?:
            return try ShowInput.display.render(.mask(value.mask)).bytes
        case .host(let value as ImageValue)?:
            return try ShowInput.display.render(.image(value.image)).bytes
        default:
            throw PixelEngineError("repl_tweak", "the preview \(preview) was not shown again")
        }
    }

    private func makeSession(preview: String) throws -> (Interpreter, Box) {
        let box = Box()
        let interpreter = Interpreter(registry: .library, output: { _ in })
        interpreter.echo = true
        interpreter.display = { box.shown = $0 }
        try interpreter.run(source: """
            param t = 100
            img = sample("cells", width: 512, height: 512)
            other = blur(img, sigma: 2)
            m = img > t
            \(preview)
            """)
        return (interpreter, box)
    }
}
