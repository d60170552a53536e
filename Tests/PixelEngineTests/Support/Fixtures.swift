import Foundation
import TestSupport

/// This target's committed reference data (see `Scripts/make-fixtures`).
let Fixtures = FixtureFolder(bundle: .module)
