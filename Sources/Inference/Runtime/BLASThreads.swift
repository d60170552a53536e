import Foundation
internal import COpenBLAS

/// OpenBLAS's thread count, set once for the process.
///
/// The rule that keeps OpenBLAS's pool and the pixel engine's `parallelRows` from
/// oversubscribing the cores: one big GEMM at a time owns every core (OpenBLAS threads =
/// core count), and kernels never call BLAS from inside a parallel loop — a kernel either
/// makes one large BLAS call, or splits work over `parallelRows` with its own loops.
/// Operators run one after another, so two GEMMs never overlap within a run.
enum BLASThreads {
    /// Set on first use; reading it again costs nothing.
    static let configured: Int = {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        segsh_blas_set_threads(Int32(cores))
        return cores
    }()
}
