// Calling functions: binding arguments to parameters, frames, the recursion limit, and
// turning builtin errors into diagnostics at the call.

extension Interpreter {
    /// Calls `f` with evaluated arguments from call site `site`.
    func call(_ f: Value, _ values: [Value], site: CallNode) throws -> Value {
        switch f {
        case .function(.user(let u)):
            return try callUser(u, values, labels: site.labels, ranges: site.argumentRanges, callRange: site.range)
        case .function(.builtin(let b)):
            let args = try bind(b, values, site: site)
            try tick(site.range)
            let context = CallContext(interpreter: self, range: site.range)
            return try guarded(b, site: site) { try b.implementation(context, args) }
        default:
            throw RuntimeError("'\(site.calleeText)' is a \(f.typeName), not a function", site.callee.range)
        }
    }

    /// Calls a function value with positional arguments (for builtins that take functions).
    func callValue(_ f: Value, _ values: [Value], range: SourceRange) throws -> Value {
        switch f {
        case .function(.user(let u)):
            return try callUser(u, values, labels: Array(repeating: nil, count: values.count),
                                ranges: Array(repeating: range, count: values.count), callRange: range)
        case .function(.builtin(let b)):
            let args = try bindBuiltin(b, values, labels: Array(repeating: nil, count: values.count),
                                       ranges: Array(repeating: range, count: values.count), callRange: range)
            try tick(range)
            let context = CallContext(interpreter: self, range: range)
            return try invoke(b, range: range, argumentRange: { _ in nil }) { try b.implementation(context, args) }
        default:
            throw RuntimeError("expected a function, got \(f.typeName)", range)
        }
    }

    func bind(_ b: Builtin, _ values: [Value], site: CallNode) throws -> Arguments {
        try bindBuiltin(b, values, labels: site.labels, ranges: site.argumentRanges, callRange: site.range)
    }

    /// Runs `body` on behalf of builtin `b` called at `site`, turning its errors into
    /// diagnostics: a `ScriptError` gets the builtin's name in front and points at the
    /// argument it names.
    func guarded<T>(_ b: Builtin, site: CallNode, _ body: () throws -> T) throws -> T {
        try invoke(b, range: site.range, argumentRange: { name in
            guard let p = b.parameters.firstIndex(where: { $0.name == name }) else { return nil }
            if let i = site.labels.firstIndex(of: name) { return site.argumentRanges[i] }
            return p < site.positionalCount && !b.parameters[p].variadic ? site.argumentRanges[p] : nil
        }, body)
    }

    private func invoke<T>(_ b: Builtin, range: SourceRange, argumentRange: (String) -> SourceRange?,
                           _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as RuntimeError {
            throw e
        } catch let e as ScriptError {
            throw RuntimeError(e, at: e.argument.flatMap(argumentRange) ?? range, prefix: b.name)
        } catch {
            throw RuntimeError(String(describing: error), range)
        }
    }

    /// Binds positional then named arguments to a builtin's parameters: fills defaults,
    /// collects variadic arguments, checks types.
    func bindBuiltin(_ b: Builtin, _ values: [Value], labels: [String?], ranges: [SourceRange],
                     callRange: SourceRange) throws -> Arguments {
        let parameters = b.parameters
        var bound = [Value?](repeating: nil, count: parameters.count)
        var given = [Bool](repeating: false, count: parameters.count)
        var boundRanges = [SourceRange?](repeating: nil, count: parameters.count)
        var variadic: [Value] = []
        var variadicIndex: Int?
        for (i, value) in values.enumerated() {
            if let label = labels[i] {
                guard let p = parameters.firstIndex(where: { $0.name == label }), !parameters[p].variadic else {
                    throw RuntimeError("\(b.name): unknown argument '\(label)'", ranges[i],
                                       label: "expected \(b.signature)",
                                       suggestion: Suggestions.nearest(label, among: parameters.filter { !$0.variadic }.map(\.name)))
                }
                if given[p] { throw RuntimeError("\(b.name): argument '\(label)' is given twice", ranges[i]) }
                bound[p] = value
                given[p] = true
                boundRanges[p] = ranges[i]
            } else if i < parameters.count, !parameters[i].variadic, variadicIndex == nil {
                bound[i] = value
                given[i] = true
                boundRanges[i] = ranges[i]
            } else if let v = parameters.last, v.variadic {
                let p = parameters.count - 1
                if !v.type.accepts(value) {
                    throw RuntimeError("\(b.name): arguments must be \(v.type), got \(value.typeName)", ranges[i])
                }
                variadic.append(value)
                variadicIndex = p
                given[p] = true
            } else {
                throw RuntimeError("\(b.name): too many arguments: it takes \(parameters.count), got \(values.count)",
                                   ranges[i], label: "expected \(b.signature)")
            }
        }
        var result: [Value] = []
        result.reserveCapacity(parameters.count)
        for (p, parameter) in parameters.enumerated() {
            if parameter.variadic {
                result.append(.list(variadic))
                continue
            }
            guard let value = bound[p] ?? parameter.defaultValue else {
                throw RuntimeError("\(b.name): missing argument '\(parameter.name)'", callRange,
                                   label: "expected \(b.signature)")
            }
            if given[p], !parameter.type.accepts(value) {
                let noneAllowed: Bool = if case .none? = parameter.defaultValue, case .none = value { true } else { false }
                if !noneAllowed {
                    var got = value.typeName
                    if parameter.type == .integer, case .number(let n) = value { got = Value.format(n) }
                    throw RuntimeError("\(b.name): '\(parameter.name)' must be \(parameter.type), got \(got)",
                                       boundRanges[p] ?? callRange)
                }
            }
            result.append(value)
        }
        return Arguments(callee: b.name, parameters: parameters, values: result, given: given)
    }

    /// Calls a `def` function: a fresh frame, arguments bound, defaults evaluated in the
    /// new frame, body run.
    func callUser(_ u: UserFunction, _ values: [Value], labels: [String?], ranges: [SourceRange],
                  callRange: SourceRange) throws -> Value {
        try tick(callRange)
        guard depth < maxCallDepth else {
            throw RuntimeError("recursion too deep: more than \(maxCallDepth) nested calls", callRange,
                               label: "in a call to '\(u.name)'")
        }
        let frame = Frame(slots: .allocate(capacity: max(u.localCount, 1)))
        frame.slots.initialize(repeating: nil, count: max(u.localCount, 1))
        depth += 1
        defer {
            depth -= 1
            frame.slots.deinitialize(count: max(u.localCount, 1))
            frame.slots.deallocate()
        }
        let count = u.parameterNames.count
        for (i, value) in values.enumerated() {
            if let label = labels[i] {
                guard let p = u.parameterNames.firstIndex(of: label) else {
                    throw RuntimeError("\(u.name): unknown argument '\(label)'", ranges[i], label: "expected \(u.signature)",
                                       suggestion: Suggestions.nearest(label, among: u.parameterNames))
                }
                if frame[p] != nil { throw RuntimeError("\(u.name): argument '\(label)' is given twice", ranges[i]) }
                frame[p] = value
            } else {
                guard i < count else {
                    throw RuntimeError("\(u.name): too many arguments: it takes \(count), got \(values.count)", ranges[i],
                                       label: "expected \(u.signature)")
                }
                frame[i] = value
            }
        }
        do {
            for p in 0..<count where frame[p] == nil {
                guard let d = u.defaults[p] else {
                    throw RuntimeError("\(u.name): missing argument '\(u.parameterNames[p])'", callRange,
                                       label: "expected \(u.signature)").inCaller()
                }
                frame[p] = try d.eval(self, frame)
            }
            let flow = try execBlock(u.body, self, frame)
            guard flow == .returned else { return .none }
            let result = returnValue
            returnValue = .none
            return result
        } catch var e as RuntimeError {
            if e.frames < 0 {
                // An error about the call itself: report it in the caller's source.
                e.frames = 0
                throw e
            }
            e.diagnostic.fillSource(u.source)
            e.frames += 1
            if e.frames <= 6 {
                e.diagnostic.notes.append(.init("in a call to '\(u.name)'", range: callRange))
            } else if e.frames == 7 {
                e.diagnostic.notes.append(.init("… and more calls"))
            }
            throw e
        }
    }
}

extension RuntimeError {
    /// Marks an error that belongs to the call site, not the function body.
    func inCaller() -> RuntimeError {
        var e = self
        e.frames = -1
        return e
    }
}
