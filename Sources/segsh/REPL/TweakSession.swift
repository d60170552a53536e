import Foundation
import SegScript
import TerminalGraphics

/// What the session remembers for `tweak`: which statements showed pictures (the slider
/// redraws the last one that depends on the param), the latest of those pictures (so the
/// slider's first frame needs no recomputation), and where each param's declaration is in
/// the saved statements (so `:save` records a kept value).
struct TweakMemory {
    /// Indices (in `Interpreter.statements`) of statements that showed a picture.
    var pictureStatements: Set<Int> = []
    /// The last picture of the most recent picture statements, newest last.
    private(set) var recentPictures: [(statement: Int, value: Value)] = []
    /// Pictures kept for first frames (they share pixels with variables, mostly).
    static let cacheSize = 8
    /// Index in the saved statements of each param's latest declaration.
    var savedDeclarations: [String: Int] = [:]

    mutating func remember(statement: Int, picture: Value) {
        pictureStatements.insert(statement)
        recentPictures.removeAll { $0.statement == statement }
        recentPictures.append((statement, picture))
        if recentPictures.count > Self.cacheSize { recentPictures.removeFirst() }
    }

    func picture(of statement: Int) -> Value? {
        recentPictures.last { $0.statement == statement }?.value
    }
}

extension REPLSession {
    /// `tweak NAME [from A to B] [step S]`: checks the request, then runs the slider.
    func tweak(_ line: String) {
        let request: TweakRequest
        switch TweakRequest.parse(line) {
        case .success(let r): request = r
        case .failure(let f): return Terminal.writeError(f.message)
        }
        let name = request.name
        let params = interpreter.parameters
        guard let current = params.first(where: { $0.name == name })?.value else {
            let known = params.map(\.name)
            var message: String
            if interpreter[name] != nil {
                message = "error: tweak: '\(name)' is a variable, not a param; declare it with `param \(name) = …` to tweak it"
            } else {
                message = "error: tweak: unknown param '\(name)'"
                if let near = Suggestions.nearest(name, among: known) { message += "; did you mean \(near)?" }
            }
            message += known.isEmpty ? " (no params are declared yet)" : " (params: \(known.joined(separator: ", ")))"
            return Terminal.writeError(message)
        }
        guard case .number(let value) = current else {
            return Terminal.writeError("error: tweak: param '\(name)' is \(ValueTypeName.article(current.typeName)) (\(current.debugDescription)); tweak moves numbers only")
        }
        let range: TweakRange
        switch TweakRange.resolve(value: value, request: request) {
        case .success(let r): range = r
        case .failure(let f): return Terminal.writeError(f.message)
        }
        guard RawKeys.enter() else {
            return Terminal.writeError("error: tweak: needs an interactive terminal for its keys (standard input is not one)")
        }
        defer { RawKeys.restore() }
        let dependents = interpreter.dependents(of: name) ?? []
        let target = dependents.last { tweakMemory.pictureStatements.contains($0) }
        let slider = TweakSlider(session: self, name: name, range: range, original: value, target: target)
        slider.run()
    }
}

/// One `tweak` in progress: reads keys, recomputes through `Interpreter.retweak`, redraws
/// the target picture in place and the slider line below it.
///
/// Screen layout while it runs: the picture (``frameRows`` text rows), then the slider
/// line with the cursor on it. A redraw goes up ``frameRows`` rows and writes a picture of
/// the same size over the old one, so nothing scrolls.
final class TweakSlider {
    unowned let session: REPLSession
    let name: String
    let range: TweakRange
    let original: Double
    /// The statement whose picture is redrawn (nil: no dependent statement showed one).
    let target: Int?
    /// Pictures are redrawn while dragging (not for `:display none`).
    let live: Bool

    /// The value on the slider.
    private var value: Double
    /// The value the interpreter's variables reflect.
    private var computed: Double
    /// Text rows of the picture above the slider line (0: none drawn).
    private var frameRows = 0
    /// Shown on the slider line instead of the keys.
    private var status: String?
    /// The text the last recomputation printed, and its error.
    private var lines: [String] = []
    private var failure: ScriptFailure?
    private var interrupted = false
    /// The target's newest picture.
    private var picture: Value?

    init(session: REPLSession, name: String, range: TweakRange, original: Double, target: Int?) {
        self.session = session
        self.name = name
        self.range = range
        self.original = original
        self.target = target
        self.value = original
        self.computed = original
        self.live = session.display.backend != .pngFile
    }

    private var interpreter: Interpreter { session.interpreter }

    func run() {
        let output = interpreter.output, display = interpreter.display
        defer {
            interpreter.output = output
            interpreter.display = display
        }
        interpreter.output = { [unowned self] line in lines.append(line) }
        interpreter.display = { [unowned self] value in captureDisplay(value) }

        if live, let target {
            if let cached = session.tweakMemory.picture(of: target) {
                picture = cached
            } else {
                recompute(original)
            }
        }
        draw(newPicture: live && picture != nil)

        var pending: [UInt8] = []
        while true {
            if Interrupt.pending { return finish(keep: false) }
            guard let bytes = RawKeys.read(timeout: pending.isEmpty ? 0.25 : 0.05) else { return finish(keep: false) }
            var keys: [TweakKey]
            if bytes.isEmpty {
                guard !pending.isEmpty else { continue }
                keys = TweakKeyParser.flush(pending[...])
                pending = []
            } else {
                pending += bytes
                let parsed = TweakKeyParser.parse(pending[...])
                keys = parsed.keys
                pending = Array(pending.suffix(parsed.pending))
            }
            // Every key read so far counts, but only the last value is computed.
            var next = value
            for key in keys {
                switch key {
                case .step(let n): next = range.moved(next, by: n)
                case .home: next = range.clamp(range.lower)
                case .end: next = range.clamp(range.upper)
                case .accept:
                    value = next
                    return finish(keep: true)
                case .cancel:
                    return finish(keep: false)
                }
            }
            guard next != value else { continue }
            value = next
            if live {
                recompute(value)
                if interrupted { return finish(keep: false) }
                draw(newPicture: picture != nil)
            } else {
                draw(newPicture: false)
            }
        }
    }

    // MARK: Recomputing

    private func captureDisplay(_ value: Value) {
        if session.displayItem(value) != nil {
            if interpreter.runningStatement == target { picture = value }
        } else {
            lines.append(value.debugDescription)
        }
    }

    private func recompute(_ v: Double) {
        lines = []
        failure = nil
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try interpreter.retweak(name, to: .number(v))
        } catch {
            if Interrupt.pending {
                interrupted = true
                Interrupt.clear()
            } else {
                failure = error
            }
        }
        computed = v
        let elapsed = REPLSession.format(start.duration(to: clock.now))
        if let failure {
            status = "error: " + (failure.diagnostics.first?.message ?? "failed")
        } else if let last = lines.last {
            status = "\(last)  (\(elapsed))"
        } else {
            status = target == nil ? "(\(elapsed))" : nil
        }
    }

    // MARK: Drawing

    /// Redraws the slider line, and first the picture in place when `newPicture`.
    private func draw(newPicture: Bool) {
        var bytes: [UInt8] = [0x0D]
        if newPicture, let picture, let item = session.displayItem(picture) {
            do {
                let rendered = try session.display.render(item, caption: session.displayCaption(picture))
                if frameRows > 0 {
                    bytes += Array("\u{1B}[\(frameRows)A".utf8)
                    // A picture of another size would leave parts of the old one.
                    if rendered.rows != frameRows { bytes += Array("\u{1B}[J".utf8) }
                }
                bytes += Self.clearingLineEnds(rendered.bytes)
                frameRows = rendered.rows
            } catch {
                status = "error: " + error.message
            }
        }
        bytes += Array("\u{1B}[K".utf8)
        bytes += Array(TweakLine.render(name: name, value: value, range: range, status: status,
                                        columns: session.display.capabilities.columns).utf8)
        Terminal.write(bytes)
    }

    /// Text lines after a picture (captions, "N instances") end with an erase to the end
    /// of the line, so a shorter caption does not leave the end of a longer one. The sixel
    /// data itself (a DCS string) and the newline just after it are left alone: the
    /// terminal leaves the cursor at the start of the picture's last text row, which an
    /// erase would blank.
    static func clearingLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0
        if bytes.starts(with: [0x1B, 0x50]) {
            var i = 2
            while i + 1 < bytes.count, !(bytes[i] == 0x1B && bytes[i + 1] == 0x5C) { i += 1 }
            start = min(bytes.count, i + 2)
            if start < bytes.count && bytes[start] == 0x0A { start += 1 }
        }
        var out = Array(bytes[..<start])
        out.reserveCapacity(bytes.count + 32)
        for b in bytes[start...] {
            if b == 0x0A { out += [0x1B, 0x5B, 0x4B] }
            out.append(b)
        }
        return out
    }

    // MARK: Finishing

    private func finish(keep: Bool) {
        // A Ctrl-C that ended the slider must not cancel the recomputation below.
        Interrupt.clear()
        if !keep { value = original }
        if computed != value {
            recompute(value)
            if interrupted {
                // A second Ctrl-C while putting the old value back: finish that anyway.
                interrupted = false
                recompute(original)
                value = original
            }
            if live && picture != nil { draw(newPicture: true) }
        }
        var summary = "\(name) = \(TweakLine.format(value, range: range))"
        if keep {
            summary += value == original ? " (unchanged)" : " (was \(TweakLine.format(original, range: range)))"
        } else {
            summary += " (restored)"
        }
        Terminal.write(Array(("\r\u{1B}[K" + summary + "\n").utf8))
        if let target, let picture { session.tweakMemory.remember(statement: target, picture: picture) }
        guard keep else { return }
        session.recordTweak(name: name, value: value)
        if !live, let picture { session.show(picture) }
        for line in lines { Terminal.writeLine(line) }
        if let failure { session.report(failure.diagnostics) }
    }
}

/// Articles for type names in messages ("a string", "an image").
enum ValueTypeName {
    static func article(_ name: String) -> String {
        ("aeiou".contains(name.first ?? "x") ? "an " : "a ") + name
    }
}
