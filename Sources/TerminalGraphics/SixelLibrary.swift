internal import CSixel

/// Facts about the linked libsixel.
public enum SixelLibrary {
    /// The libsixel version segsh was built against, e.g. `"1.10.3"` (libsixel has no
    /// run-time version query).
    public static var version: String { String(cString: segsh_sixel_version()) }
}
