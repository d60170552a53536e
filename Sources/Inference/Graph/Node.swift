/// One attribute value of a node, as ONNX stores it.
public enum Attribute: Sendable {
    case float(Float)
    case int(Int)
    case string(String)
    case tensor(Tensor)
    case floats([Float])
    case ints([Int])
    case strings([String])
    /// A subgraph (If/Loop bodies); the engine reads but does not run these.
    case graph
}

/// One operator application in a graph.
///
/// Input names may be empty: ONNX marks an omitted optional input with `""`.
public struct Node: Sendable {
    /// The node's name (may be empty in the file; the reader fills `op_type#index` then).
    public var name: String
    /// The operator, e.g. `"Conv"`.
    public var opType: String
    /// The operator set domain; `""` is the default ONNX domain.
    public var domain: String
    /// The opset version the model imports for `domain`: operators change meaning across versions.
    public var opsetVersion: Int
    /// Value names consumed, in order; `""` for an omitted optional input.
    public var inputs: [String]
    /// Value names produced, in order; `""` for an unused optional output.
    public var outputs: [String]
    /// Attributes by name.
    public var attributes: [String: Attribute]

    public init(name: String, opType: String, domain: String = "", opsetVersion: Int,
                inputs: [String], outputs: [String], attributes: [String: Attribute] = [:]) {
        self.name = name
        self.opType = opType
        self.domain = domain
        self.opsetVersion = opsetVersion
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    /// How errors name this node: `Conv node 'conv1'`.
    public var label: String { "\(opType) node '\(name)'" }

    /// An error about this node.
    public func error(_ kind: InferenceError.Kind, _ message: String) -> InferenceError {
        InferenceError(kind, "\(label): \(message)")
    }

    /// An integer attribute, or `defaultValue` when absent.
    public func int(_ key: String, default defaultValue: Int) throws -> Int {
        switch attributes[key] {
        case nil: return defaultValue
        case .int(let v)?: return v
        default: throw error(.invalidModel, "attribute '\(key)' must be an integer")
        }
    }

    /// A float attribute, or `defaultValue` when absent.
    public func float(_ key: String, default defaultValue: Float) throws -> Float {
        switch attributes[key] {
        case nil: return defaultValue
        case .float(let v)?: return v
        case .int(let v)?: return Float(v)
        default: throw error(.invalidModel, "attribute '\(key)' must be a float")
        }
    }

    /// A string attribute, or `defaultValue` when absent.
    public func string(_ key: String, default defaultValue: String) throws -> String {
        switch attributes[key] {
        case nil: return defaultValue
        case .string(let v)?: return v
        default: throw error(.invalidModel, "attribute '\(key)' must be a string")
        }
    }

    /// An integer-list attribute, or nil when absent.
    public func ints(_ key: String) throws -> [Int]? {
        switch attributes[key] {
        case nil: return nil
        case .ints(let v)?: return v
        case .int(let v)?: return [v]
        default: throw error(.invalidModel, "attribute '\(key)' must be a list of integers")
        }
    }

    /// A float-list attribute, or nil when absent.
    public func floats(_ key: String) throws -> [Float]? {
        switch attributes[key] {
        case nil: return nil
        case .floats(let v)?: return v
        case .float(let v)?: return [v]
        default: throw error(.invalidModel, "attribute '\(key)' must be a list of floats")
        }
    }

    /// A tensor attribute, or nil when absent.
    public func tensor(_ key: String) throws -> Tensor? {
        switch attributes[key] {
        case nil: return nil
        case .tensor(let v)?: return v
        default: throw error(.invalidModel, "attribute '\(key)' must be a tensor")
        }
    }

    /// Refuses attributes the kernel does not know, so that a model relying on one fails
    /// loudly instead of computing something else.
    public func checkAttributes(_ known: Set<String>) throws {
        for key in attributes.keys.sorted() where !known.contains(key) {
            throw error(.unsupportedAttribute, "attribute '\(key)' is not supported (supported: \(known.sorted().joined(separator: ", ")))")
        }
    }
}
