import Foundation

/// A test target's committed reference data (see `Scripts/make-fixtures`): the `Fixtures`
/// folder copied into its bundle.
///
///     let Fixtures = FixtureFolder(bundle: .module)
///     let camera = try Fixtures.npy("threshold/camera.npy")
public struct FixtureFolder: Sendable {
    /// The folder holding the fixtures, inside the test bundle.
    public let root: URL

    /// The `Fixtures` folder of `bundle`.
    public init(bundle: Bundle) {
        root = bundle.resourceURL!.appendingPathComponent("Fixtures")
    }

    /// The path of a fixture, e.g. `path("png/basn0g01.png")`.
    public func path(_ name: String) -> String {
        root.appendingPathComponent(name).path
    }

    /// The bytes of a fixture.
    public func data(_ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(name))
    }

    /// A NumPy array written with `numpy.save`.
    public func npy(_ name: String) throws -> NPYArray {
        try NPYArray(data: data(name))
    }
}
