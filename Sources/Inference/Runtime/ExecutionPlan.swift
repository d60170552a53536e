import Foundation

/// A model prepared for one set of input shapes: shapes inferred, constants folded, every
/// intermediate tensor placed in an activation arena.
///
/// A plan is immutable; each run allocates its own arena, so one plan can run on several
/// threads at once. Results own their storage.
///
/// ```swift
/// let plan = try model.plan(inputShapes: ["input": [1, 3, 512, 512]])
/// print(plan.plannedPeakBytes, plan.flops)
/// let out = try plan.run(["input": x])["output"]!
/// ```
public final class ExecutionPlan: Sendable {
    /// Bytes of the activation arena each run allocates (the planned peak of intermediates).
    public let plannedPeakBytes: Int
    /// Bytes of the constants the plan reads (weights and folded values).
    public let weightBytes: Int
    /// Estimated floating-point operations of one run: multiply-adds × 2 of Conv,
    /// ConvTranspose, Gemm and MatMul.
    public let flops: Int
    /// The element type and shape of every output, by name.
    public let outputTypes: [String: TensorType]
    /// The shape of every input, by name.
    public let inputShapes: [String: [Int]]
    /// The number of operators each run executes.
    public var stepCount: Int { steps.count }

    /// Where a value's tensor comes from during a run.
    enum Slot: Sendable {
        /// Known before running.
        case constant(Tensor)
        /// The caller's input of this name.
        case input(String)
        /// A window of the arena.
        case arena(offset: Int, type: TensorType)
        /// Storage of its own, allocated per run: values returned to the caller.
        case owned(TensorType)
    }

    /// One operator to run: which values it reads and writes (indices into `slots`, -1 for
    /// an omitted optional input).
    struct Step: Sendable {
        let node: Node
        let kernel: any Operator
        let inputs: [Int]
        let outputs: [Int]
    }

    let source: String
    let inputTypes: [(name: String, elementType: ElementType)]
    let slots: [Slot]
    let steps: [Step]
    /// Each result's name and the value it is taken from.
    let results: [(name: String, value: Int)]

    init(source: String, inputShapes: [String: [Int]], inputTypes: [(name: String, elementType: ElementType)],
         slots: [Slot], steps: [Step], results: [(name: String, value: Int)],
         arenaBytes: Int, weightBytes: Int, flops: Int, outputTypes: [String: TensorType]) {
        self.source = source
        self.inputShapes = inputShapes
        self.inputTypes = inputTypes
        self.slots = slots
        self.steps = steps
        self.results = results
        plannedPeakBytes = arenaBytes
        self.weightBytes = weightBytes
        self.flops = flops
        self.outputTypes = outputTypes
    }

    /// Runs the model on `inputs` (by name; shapes must be the plan's) and returns every
    /// output by name.
    ///
    /// Throws `.inputMismatch` for a missing, unknown or ill-shaped input, `.cancelled`
    /// when `context.isCancelled()` turns true between operators (no partial result), and
    /// kernel errors naming the node.
    public func run(_ inputs: [String: Tensor], context: ExecutionContext = .init()) throws -> [String: Tensor] {
        var unused = Profile()
        return try execute(inputs, context: context, profile: &unused, profiling: false)
    }

    /// Runs the model as ``run(_:context:)`` and records each operator's time in `profile`.
    public func run(_ inputs: [String: Tensor], context: ExecutionContext = .init(), profile: inout Profile) throws -> [String: Tensor] {
        try execute(inputs, context: context, profile: &profile, profiling: true)
    }

    /// Checks the caller's inputs against the plan.
    func check(_ inputs: [String: Tensor]) throws {
        let expected = inputTypes.map { "'\($0.name)' \(inputShapes[$0.name]!) \($0.elementType)" }.joined(separator: ", ")
        for name in inputs.keys.sorted() where inputShapes[name] == nil {
            throw InferenceError(.inputMismatch, "\(source): the model has no input '\(name)'; its inputs are \(expected)")
        }
        for (name, elementType) in inputTypes {
            guard let tensor = inputs[name] else {
                throw InferenceError(.inputMismatch, "\(source): the input '\(name)' is missing; the model's inputs are \(expected)")
            }
            guard tensor.elementType == elementType else {
                throw InferenceError(.inputMismatch, "\(source): the input '\(name)' holds \(tensor.elementType) but the model expects \(elementType); convert it first")
            }
            let shape = inputShapes[name]!
            guard tensor.shape == shape else {
                throw InferenceError(.inputMismatch, "\(source): the input '\(name)' has shape \(tensor.shape) but this plan was made for \(shape); make a plan for the new shape (Model.run does so itself)")
            }
        }
    }

    private func execute(_ inputs: [String: Tensor], context: ExecutionContext,
                         profile: inout Profile, profiling: Bool) throws -> [String: Tensor] {
        try check(inputs)
        let arena = TensorStorage(uninitializedByteCount: plannedPeakBytes)
        var values = [Tensor?](repeating: nil, count: slots.count)
        for (index, slot) in slots.enumerated() {
            switch slot {
            case .constant(let t): values[index] = t
            case .input(let name): values[index] = inputs[name]
            case .arena(let offset, let type):
                let bytes = type.shape.reduce(1, *) * type.elementType.byteSize
                values[index] = Tensor(type.elementType, shape: type.shape,
                                       storage: TensorStorage(borrowing: arena.base + offset, byteCount: bytes, owner: arena))
            case .owned(let type):
                values[index] = Tensor(uninitialized: type.elementType, shape: type.shape)
            }
        }
        let clock = ContinuousClock()
        for step in steps {
            if context.isCancelled() {
                throw InferenceError(.cancelled, "\(source): the run was cancelled before \(step.node.label)")
            }
            let stepInputs = step.inputs.map { $0 < 0 ? nil : values[$0] }
            let stepOutputs = step.outputs.map { values[$0]! }
            if profiling {
                let start = clock.now
                try step.kernel.run(stepInputs, stepOutputs, context)
                let elapsed = clock.now - start
                let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                profile.record(node: step.node.name, op: step.node.opType, milliseconds: ms)
            } else {
                try step.kernel.run(stepInputs, stepOutputs, context)
            }
        }
        var results: [String: Tensor] = [:]
        for (name, value) in self.results {
            let tensor = values[value]!
            if case .owned = slots[value] {
                results[name] = tensor
            } else {
                results[name] = tensor.copied()
            }
        }
        return results
    }
}
