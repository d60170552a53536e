import SegScript

/// All of SegScript's pixel builtins, by topic.
///
///     let interpreter = Interpreter(registry: .library)
public enum LibraryBuiltins {
    /// Every library builtin (not the core ones).
    public static let all: [Builtin] = IOBuiltins.all + FilterBuiltins.all + MorphologyBuiltins.all + ThresholdBuiltins.all
        + SegmentBuiltins.semantic + SegmentBuiltins.instance + MeasureBuiltins.measure + MeasureBuiltins.evaluate
        + MeasureBuiltins.display + WatershedBuiltins.all + InspectBuiltins.all + ClassifierBuiltins.all
        + TableBuiltins.all + ArithmeticBuiltins.all
}

extension Registry {
    /// The core builtins plus the library's (``LibraryBuiltins``): what `segsh` uses.
    ///
    ///     let interpreter = Interpreter(registry: .library)
    public static let library: Registry = {
        var r = Registry.core
        r.register(LibraryBuiltins.all)
        return r
    }()
}

/// segsh's version: `segsh --version` prints it, manifests and model files record it.
public let segshVersion = "0.1.0"
