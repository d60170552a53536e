/// The 8-bit path of the separable filters.

extension Image where Sample == UInt8 {
    /// ``separableCorrelate(row:column:mode:inputScale:as:)`` for 8-bit in and out.
    @inlinable
    func separableCorrelate8(row: Kernel1D, column: Kernel1D, mode: BorderMode) -> Image<UInt8> {
        separableCorrelate(row: row, column: column, mode: mode, as: UInt8.self)
    }
}
