import Foundation
import SegScript

/// `tweak NAME [from A to B] [step S]`, as typed at the prompt.
///
///     TweakRequest.parse("tweak t from 0 to 1 step 0.05")
///     // .success(TweakRequest(name: "t", lower: 0, upper: 1, step: 0.05))
struct TweakRequest: Equatable {
    var name: String
    var lower: Double?
    var upper: Double?
    var step: Double?

    static let usage = "usage: tweak NAME [from A to B] [step S]   (:help tweak explains the keys)"

    /// Whether `line` is a `tweak` command rather than SegScript: its first word is
    /// `tweak` (or `:tweak`) followed by nothing or by a name, so `tweak = 3` and
    /// `tweak(x)` stay code.
    static func isCommand(_ line: String) -> Bool {
        let words = line.split(whereSeparator: \.isWhitespace)
        guard let first = words.first, first == "tweak" || first == ":tweak" else { return false }
        guard words.count > 1, let c = words[1].first else { return true }
        return c.isLetter || c == "_"
    }

    /// Reads the command; the failure is the message to print.
    static func parse(_ line: String) -> Result<TweakRequest, TweakFailure> {
        var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return .failure(TweakFailure(usage)) }
        words.removeFirst()
        guard let name = words.first else { return .failure(TweakFailure(usage)) }
        guard name.first.map({ $0.isLetter || $0 == "_" }) == true,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            return .failure(TweakFailure("error: tweak: '\(name)' is not a name\n\(usage)"))
        }
        var request = TweakRequest(name: name)
        var rest = words.dropFirst()
        func number(after keyword: String) -> Result<Double, TweakFailure> {
            guard let text = rest.popFirst() else {
                return .failure(TweakFailure("error: tweak: '\(keyword)' needs a number after it\n\(usage)"))
            }
            guard let n = Double(text), n.isFinite else {
                return .failure(TweakFailure("error: tweak: '\(keyword) \(text)': '\(text)' is not a number\n\(usage)"))
            }
            return .success(n)
        }
        while let word = rest.popFirst() {
            switch word {
            case "from":
                switch number(after: "from") {
                case .success(let n): request.lower = n
                case .failure(let f): return .failure(f)
                }
                guard rest.popFirst() == "to" else {
                    return .failure(TweakFailure("error: tweak: 'from A' must be followed by 'to B'\n\(usage)"))
                }
                switch number(after: "to") {
                case .success(let n): request.upper = n
                case .failure(let f): return .failure(f)
                }
            case "step":
                switch number(after: "step") {
                case .success(let n): request.step = n
                case .failure(let f): return .failure(f)
                }
            default:
                return .failure(TweakFailure("error: tweak: unexpected '\(word)'\n\(usage)"))
            }
        }
        if let lower = request.lower, let upper = request.upper, lower >= upper {
            return .failure(TweakFailure("error: tweak: the range from \(Value.format(lower)) to \(Value.format(upper)) is empty; give from A to B with A < B"))
        }
        if let step = request.step, step <= 0 {
            return .failure(TweakFailure("error: tweak: step must be above 0, got \(Value.format(step))"))
        }
        return .success(request)
    }
}

/// A message for the user (already worded, `error: …` or `usage: …`).
struct TweakFailure: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The slider's range and step, and the arithmetic of moving along it.
///
/// Defaults, from the current value `v` (see ``resolve(value:request:)``):
/// - a whole number in 0…255: 0 to 255, step 1 (8-bit thresholds, radii, sizes);
/// - a number in [0, 1] that is not whole: 0 to 1, step 0.01;
/// - any other value: from 0 to 2v (2v to 0 when negative; −1 to 1 for 0), step the
///   1-2-5 number at or below a hundredth of the range (a 256th, and at least 1, for
///   whole numbers).
///
/// Whole numbers stay whole: when the value, the ends and the step (given or default) are
/// whole, every value on the slider is.
struct TweakRange: Equatable {
    var lower: Double
    var upper: Double
    var step: Double
    /// Every value is a whole number.
    var integral: Bool
    /// Decimal places values are rounded to (so 0.1 + 0.2 shows as 0.3).
    var decimals: Int

    /// The range for a param whose value is `value`, with what the user gave.
    static func resolve(value: Double, request: TweakRequest) -> Result<TweakRange, TweakFailure> {
        let whole = isWhole(value)
        var lower: Double, upper: Double
        if let l = request.lower, let u = request.upper {
            (lower, upper) = (l, u)
        } else if whole && value >= 0 && value <= 255 {
            (lower, upper) = (0, 255)
        } else if !whole && value >= 0 && value <= 1 {
            (lower, upper) = (0, 1)
        } else if value > 0 {
            (lower, upper) = (0, 2 * value)
        } else if value < 0 {
            (lower, upper) = (2 * value, 0)
        } else {
            (lower, upper) = (-1, 1)
        }
        let span = upper - lower
        guard span.isFinite, span > 0 else {
            return .failure(TweakFailure("error: tweak: cannot make a range around \(Value.format(value)); give one: tweak NAME from A to B"))
        }
        let wholeEnds = whole && isWhole(lower) && isWhole(upper)
        let step: Double
        if let given = request.step {
            step = given
        } else if wholeEnds {
            step = max(1, niceFloor(span / 256))
        } else {
            step = niceFloor(span / 100)
        }
        guard step <= span else {
            return .failure(TweakFailure("error: tweak: step \(Value.format(step)) is wider than the range \(Value.format(lower))…\(Value.format(upper)); give a smaller step"))
        }
        let integral = wholeEnds && isWhole(step)
        let decimals = integral ? 0 : max(decimalPlaces(step), decimalPlaces(value), decimalPlaces(lower))
        return .success(TweakRange(lower: lower, upper: upper, step: step, integral: integral, decimals: decimals))
    }

    /// `value` moved by `steps` steps, kept inside the range and rounded to its grid.
    func moved(_ value: Double, by steps: Int) -> Double {
        clamp(value + Double(steps) * step)
    }

    /// `value` inside the range, rounded to ``decimals`` places.
    func clamp(_ value: Double) -> Double {
        let inside = min(upper, max(lower, value))
        if integral { return inside.rounded() }
        let scale = pow(10, Double(decimals))
        let rounded = (inside * scale).rounded() / scale
        return rounded.isFinite ? rounded : inside
    }

    /// Where `value` sits, from 0 (lower end) to 1 (upper end).
    func fraction(_ value: Double) -> Double {
        min(1, max(0, (value - lower) / (upper - lower)))
    }

    static func isWhole(_ x: Double) -> Bool {
        x.isFinite && x == x.rounded() && abs(x) < 9_007_199_254_740_992
    }

    /// The largest of 1, 2, 5 × 10^k not above `x` (x > 0).
    static func niceFloor(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let power = pow(10, floor(log10(x)))
        let mantissa = x / power
        let nice: Double = mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1
        // 10^k for negative k is inexact; rebuild through the exact decimal string.
        return Double("\(Int(nice))e\(Int(floor(log10(x))))") ?? nice * power
    }

    /// Decimal places `x` needs (at most 10).
    static func decimalPlaces(_ x: Double) -> Int {
        guard x.isFinite else { return 0 }
        for d in 0...10 {
            let scaled = x * pow(10, Double(d))
            if abs(scaled - scaled.rounded()) < 1e-9 * max(1, abs(scaled)) { return d }
        }
        return 10
    }
}

/// A key the slider understands.
enum TweakKey: Equatable {
    /// One step (negative: down).
    case step(Int)
    case home, end, accept, cancel
}

/// Turns the bytes a terminal sends into ``TweakKey``s.
///
/// Arrows in both cursor-key modes (`ESC [ C`, `ESC O C`), with modifiers (`ESC [ 1 ; 2 C`:
/// Shift, or any other modifier: ten steps), PageUp/PageDown (`ESC [ 5 ~`, `ESC [ 6 ~`: ten
/// steps up/down), Home/End in their four spellings, Enter (CR or LF), Ctrl-C, and Esc on
/// its own. Other keys are ignored.
enum TweakKeyParser {
    /// The keys in `bytes`, and how many bytes at the end form an unfinished escape
    /// sequence (wait briefly for the rest; if none comes, a lone `ESC` is Esc).
    static func parse(_ bytes: ArraySlice<UInt8>) -> (keys: [TweakKey], pending: Int) {
        var keys: [TweakKey] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            switch b {
            case 0x0D, 0x0A:
                keys.append(.accept)
                i += 1
            case 0x03:
                keys.append(.cancel)
                i += 1
            case 0x1B:
                guard i + 1 < bytes.endIndex else { return (keys, bytes.endIndex - i) }
                let kind = bytes[i + 1]
                if kind == 0x5B {  // CSI: parameters, intermediates, a final byte
                    var j = i + 2
                    while j < bytes.endIndex, (0x20...0x3F).contains(bytes[j]) { j += 1 }
                    guard j < bytes.endIndex else { return (keys, bytes.endIndex - i) }
                    let parameters = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                    if let key = csiKey(parameters: parameters, final: bytes[j]) { keys.append(key) }
                    i = j + 1
                } else if kind == 0x4F {  // SS3
                    guard i + 2 < bytes.endIndex else { return (keys, bytes.endIndex - i) }
                    if let key = csiKey(parameters: "", final: bytes[i + 2]) { keys.append(key) }
                    i += 3
                } else if kind == 0x1B {
                    // Esc pressed twice: the first is a cancel on its own.
                    keys.append(.cancel)
                    i += 1
                } else {
                    // Alt+key: ignored.
                    i += 2
                }
            default:
                i += 1
            }
        }
        return (keys, 0)
    }

    /// The end of a stream: the unfinished bytes were a lone Esc (or garbage).
    static func flush(_ pending: ArraySlice<UInt8>) -> [TweakKey] {
        pending.first == 0x1B && pending.count == 1 ? [.cancel] : []
    }

    private static func csiKey(parameters: String, final: UInt8) -> TweakKey? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        let modified = fields.count > 1 && (Int(fields[1]) ?? 1) > 1
        switch final {
        case 0x43: return .step(modified ? 10 : 1)    // C: right
        case 0x44: return .step(modified ? -10 : -1)  // D: left
        case 0x48: return .home                       // H
        case 0x46: return .end                        // F
        case 0x7E:
            switch fields.first.flatMap({ Int($0) }) {
            case 1, 7: return .home
            case 4, 8: return .end
            case 5: return .step(10)   // PageUp
            case 6: return .step(-10)  // PageDown
            default: return nil
            }
        default: return nil
        }
    }
}

/// The slider's line: name, bar, value, then either the keys or a status message,
/// cut to the terminal's width.
enum TweakLine {
    static let keys = "←/→ ±1  ⇧←/→ ±10  Home/End  Enter keep  Esc undo"

    /// - Parameters:
    ///   - status: shown instead of the keys when set (an error, the last output line).
    ///   - columns: the terminal's width; the line stays one column shorter.
    static func render(name: String, value: Double, range: TweakRange, status: String?, columns: Int) -> String {
        let width = max(20, columns - 1)
        let barWidth = max(8, min(30, width / 4))
        let filled = Int((range.fraction(value) * Double(barWidth)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        let valueText = format(value, range: range)
        var line = "\(name) \(bar) \(valueText)  "
        let tail = status ?? "[\(Value.format(range.lower))…\(Value.format(range.upper)) step \(Value.format(range.step))]  \(keys)"
        line += tail
        if line.count > width { line = String(line.prefix(width - 1)) + "…" }
        return line
    }

    /// A value with the range's decimal places (so 0.5 shows as 0.50 on a 0.01 grid).
    static func format(_ value: Double, range: TweakRange) -> String {
        range.integral || range.decimals == 0 ? Value.format(value) : String(format: "%.\(range.decimals)f", value)
    }

    /// What `:help tweak` prints.
    static let help = """
        tweak NAME [from A to B] [step S]
          A slider for the param NAME. The last picture shown (by show or as a result) that
          depends on NAME, directly or through other variables, is drawn again above the slider and
          redrawn in place as the value changes; only the statements that depend on NAME run
          again. Their other output is held back; the last line of it shows on the slider.

          Keys:  ←/→ one step   Shift+←/→ or PgDn/PgUp ten steps   Home/End the two ends
                 Enter keeps the value (:save then records it in the param's declaration)
                 Esc or Ctrl-C puts the old value back (and recomputes)
          Held keys are coalesced: when a recomputation is slower than the key repeat,
          values in between are skipped.

          Range and step when not given, from the current value v:
            a whole number 0…255      0 to 255, step 1 (8-bit thresholds, sizes)
            a fraction in 0…1         0 to 1, step 0.01
            anything else             0 to 2v (2v to 0 when negative), step a 1-2-5 number
                                      near range/100 (range/256 and at least 1 for whole numbers)
          Whole numbers stay whole unless the range or step you give has a fraction.
          With :display none, the slider only moves the value; Enter recomputes once and
          prints the result's PNG path.

          Example:  param t = 120
                    m = sample("cells") > t
                    m
                    tweak t                 # ←/→ and watch the mask
                    tweak t from 50 to 200 step 5
        """
}
