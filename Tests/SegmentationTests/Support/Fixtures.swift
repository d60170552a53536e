import Foundation
import Segmentation
import TestSupport

/// Committed reference data of the segmentation tests (see `Scripts/make-fixtures`).
enum Fixtures {
    /// The folder holding the fixtures, inside the test bundle.
    static let root: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// The path of a fixture, e.g. `path("threshold/camera.png")`.
    static func path(_ name: String) -> String {
        root.appendingPathComponent(name).path
    }

    /// The bytes of a fixture.
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(name))
    }

    /// A NumPy array written with `numpy.save`.
    static func npy(_ name: String) throws -> NPYArray {
        try NPYArray(data: data(name))
    }
}
