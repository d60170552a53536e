// Row expressions: an argument such as `area > 50` in `filter(m, area > 50)`, evaluated
// once per row with the row's fields in scope (see `Parameter.rowExpression`).

/// Makes the function a row-expression argument stands for: called with a record, it
/// evaluates the expression with the record's fields in scope. Where the builtin's name has
/// been redefined by the script, the argument is an ordinary expression.
final class RowExpressionNode: ExprNode, @unchecked Sendable {
    let expression: ExprNode
    /// The global slot of the callee's name, to tell whether the script shadowed it.
    let calleeSlot: Int

    init(_ expression: ExprNode, calleeSlot: Int, _ range: SourceRange) {
        self.expression = expression
        self.calleeSlot = calleeSlot
        super.init(range)
    }

    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        if rt.readGlobal(calleeSlot) != nil { return try expression.eval(rt, frame) }
        // The function lives only for the call it is an argument of, like the frame.
        let captured = Captured(rt: rt, frame: frame, expression: expression)
        let row = Builtin("row expression", topic: "core", parameters: [Parameter("row")],
                          summary: "An expression evaluated with a row's fields in scope.") { _, args in
            try captured.evaluate(for: args["row"])
        }
        return .function(.builtin(row))
    }

    private struct Captured: @unchecked Sendable {
        let rt: Interpreter, frame: Frame, expression: ExprNode

        func evaluate(for value: Value) throws -> Value {
            let isRow: Bool
            if case .record(let record) = value {
                rt.rows.append(record)
                isRow = true
            } else {
                isRow = false
            }
            defer { if isRow { rt.rows.removeLast() } }
            let result = try expression.eval(rt, frame)
            // `filter(m, big)`: a function is called with the row.
            if case .function = result { return try rt.callValue(result, [value], range: expression.range) }
            return result
        }
    }
}

/// A name inside a row expression: the field of the current row if it has one, else the
/// variable (or builtin) of that name.
final class RowFieldNode: ExprNode, @unchecked Sendable {
    let name: String
    let variable: ExprNode

    init(name: String, variable: ExprNode, _ range: SourceRange) {
        self.name = name
        self.variable = variable
        super.init(range)
    }

    override func eval(_ rt: Interpreter, _ frame: Frame) throws -> Value {
        guard let row = rt.rows.last else { return try variable.eval(rt, frame) }
        if let value = row[name] { return value }
        if let global = variable as? GlobalNode, global.lookup(rt) == nil {
            throw RuntimeError("'\(name)' is neither a field of the row nor a variable; the row's fields are: "
                               + row.names.joined(separator: ", "), range,
                               suggestion: Suggestions.nearest(name, among: row.names + rt.knownNames(plus: global.locals)))
        }
        return try variable.eval(rt, frame)
    }
}
