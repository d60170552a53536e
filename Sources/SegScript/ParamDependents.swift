// What a tool that drives `retweak` (the REPL's `tweak` slider, a notebook) needs to know
// before and while it recomputes: which statements depend on a parameter, which statement
// is running, and how to drop a tweaked value.

extension Interpreter {
    /// The indices (in ``statements``) of the statements that ``retweak(_:to:)`` would run
    /// again for parameter `name`, in order, or `nil` when `name` is not a declared
    /// parameter. Nothing is run: the answer comes from the reads and writes each statement
    /// made when it last ran, so a branch that starts reading the parameter only after the
    /// change is not predicted.
    ///
    ///     try interpreter.run(source: "param t = 2\na = 1\ny = t * 10\nprint(y)")
    ///     interpreter.dependents(of: "t")  // [0, 2, 3]
    public func dependents(of name: String) -> [Int]? {
        guard let declaration = paramDeclarations[name] else { return nil }
        var dirty = Set<Int>()
        var result: [Int] = []
        for i in declaration.entry..<history.count {
            let e = history[i]
            guard i == declaration.entry || e.reads.contains(where: dirty.contains) || e.writes.contains(where: dirty.contains)
            else { continue }
            result.append(i)
            dirty.formUnion(e.writes)
        }
        return result
    }

    /// The index (in ``statements``) of the top-level statement running now, or of the last
    /// one that ran. A ``display`` or ``output`` callback reads it to tell which statement
    /// produced a value (during ``retweak(_:to:)``, statements run out of their order).
    ///
    ///     interpreter.display = { value in shown.append((interpreter.runningStatement, value)) }
    public var runningStatement: Int { currentEntry }

    /// Forgets the value ``retweak(_:to:)`` (or a `run` override) gave parameter `name`, so
    /// that its next `param` declaration takes the declared value again. The variable keeps
    /// its current value until then.
    ///
    ///     interpreter.clearParamOverride("t")
    ///     try interpreter.run(source: "param t = 5")  // t == 5 even after a tweak
    public func clearParamOverride(_ name: String) {
        paramOverrides[name] = nil
    }
}
