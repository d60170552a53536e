import Foundation

/// Reads tensors stored outside the model file (`data_location = EXTERNAL`), as
/// `torch.onnx.export` writes them for models over 2 GB or when asked (`model.onnx.data`).
///
/// Each tensor names its file (`location`, relative to the model's folder), and optionally an
/// `offset` and a `length` in bytes. Locations that leave the model's folder (absolute paths,
/// `..`) are refused: a downloaded model must not read arbitrary files.
final class ExternalDataFiles {
    private let source: String
    private let directory: String?
    private var handles: [String: FileHandle] = [:]

    init(source: String, directory: String?) {
        self.source = source
        self.directory = directory
    }

    deinit {
        for handle in handles.values { try? handle.close() }
    }

    /// Copies the `byteCount` bytes `entries` point at into `destination`.
    func read(_ entries: [Onnx_StringStringEntryProto], byteCount: Int, what: String,
              into destination: UnsafeMutableRawPointer) throws {
        var keys: [String: String] = [:]
        for entry in entries { keys[entry.key] = entry.value }
        guard let location = keys["location"], !location.isEmpty else {
            throw InferenceError(.corrupt, "\(source): \(what) is stored externally but names no file (no 'location' key); export the model again")
        }
        func number(_ key: String) throws -> Int? {
            guard let text = keys[key] else { return nil }
            guard let value = Int(text), value >= 0 else {
                throw InferenceError(.corrupt, "\(source): \(what) has the external-data \(key) '\(text)', which is not a byte count; export the model again")
            }
            return value
        }
        let offset = try number("offset") ?? 0
        let length = try number("length") ?? byteCount
        guard length == byteCount else {
            throw InferenceError(.corrupt, "\(source): \(what) needs \(byteCount) bytes but its external data has length \(length); export the model again")
        }
        let path = try resolve(location, what: what)
        let handle = try open(path, what: what)
        let size = (try? handle.seekToEnd()) ?? 0
        guard UInt64(offset + length) <= size else {
            throw InferenceError(.missingExternalData, """
                \(source): the external-data file \(path) is \(size) bytes, but \(what) needs bytes \
                \(offset)..<\(offset + length); the file is incomplete, copy it again beside the model
                """)
        }
        guard length > 0 else { return }
        try handle.seek(toOffset: UInt64(offset))
        guard let data = try handle.read(upToCount: length), data.count == length else {
            throw InferenceError(.missingExternalData, "\(source): could not read \(length) bytes for \(what) from \(path); copy the file again beside the model")
        }
        data.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: length) }
    }

    /// The file `location` names inside the model's folder.
    private func resolve(_ location: String, what: String) throws -> String {
        guard let directory else {
            throw InferenceError(.missingExternalData, "\(source): \(what) is stored in the external file '\(location)', but the model was given as bytes without its folder; load it with Model.load(path:) or pass the folder")
        }
        let components = location.split(separator: "/", omittingEmptySubsequences: true)
        guard !location.hasPrefix("/"), !location.contains("\\"), !components.contains("..") else {
            throw InferenceError(.invalidModel, "\(source): \(what) points at '\(location)', outside the model's folder; external data must sit beside the model (a plain file name)")
        }
        return (directory as NSString).appendingPathComponent(components.joined(separator: "/"))
    }

    private func open(_ path: String, what: String) throws -> FileHandle {
        if let handle = handles[path] { return handle }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InferenceError(.missingExternalData, "\(source): the external-data file \(path) holding \(what) is missing or unreadable; copy it beside the model (torch.onnx.export writes it next to the .onnx file)")
        }
        handles[path] = handle
        return handle
    }
}
