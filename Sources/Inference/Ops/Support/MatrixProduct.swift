internal import COpenBLAS
import PixelEngine

/// Row-major float32 matrix products over OpenBLAS: the one place the Inference target
/// calls BLAS.
///
/// Threading, decided once for the whole engine: OpenBLAS is set to **one thread** before
/// the first product and never changed, and every parallel split is ours, through
/// `parallelRows`. Conv computes each tile of output pixels on one core (im2col, the
/// product, then bias and activation while the tile is still in cache), so the cores must
/// belong to `parallelRows`, not to OpenBLAS's own pool; with both pools running, the
/// two would oversubscribe the two cores and OpenBLAS's spinning workers would steal time
/// from ours. A lone big product (Gemm, MatMul, ConvTranspose) is split by
/// ``parallel(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` along its longer output
/// side, one single-threaded OpenBLAS call per core.
enum MatrixProduct {
    /// Set before the first product: see the type's comment. A `static let` runs once,
    /// thread-safely.
    private static let singleThreaded: Void = segsh_blas_set_threads(1)

    /// `C = alpha · op(A) · op(B) + beta · C` on the calling thread, where `op(A)` is
    /// `m × k`, `op(B)` is `k × n` and `C` is `m × n`, all row-major with the given row
    /// strides. With `beta == 0`, `C` may hold garbage on entry.
    @inline(__always)
    static func serial(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                       a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                       beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        if k == 0 || alpha == 0 {
            // BLAS may skip C entirely here; the product is empty, so C = beta · C.
            for i in 0..<m {
                let row = c + i &* ldc
                if beta == 0 { row.update(repeating: 0, count: n) } else {
                    for j in 0..<n { row[j] *= beta }
                }
            }
            return
        }
        _ = singleThreaded
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The same product split over the cores along the longer of `m` and `n` (in blocks of
    /// 16, the kernels' width), one ``serial(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``
    /// call per part. Never call it from inside a `parallelRows` body; use `serial` there.
    static func parallel(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let splitColumns = n >= m
        let side = splitColumns ? n : m
        let blocks = (side + 15) / 16
        let parts = min(ParallelRows.processorCount, blocks)
        // Below about 256 K multiply-adds a second thread costs more than it saves.
        let work = Double(m) * Double(n) * Double(max(k, 1))
        guard parts > 1, work >= 262_144 else {
            serial(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                   beta: beta, c: c, ldc: ldc)
            return
        }
        parallelRows(parts, costPerRow: 1 << 20) { range in
            for part in range {
                let lo = min(side, blocks * part / parts * 16), hi = min(side, blocks * (part + 1) / parts * 16)
                guard lo < hi else { continue }
                if splitColumns {
                    // op(B) columns lo..<hi: B's columns (no trans) or rows (trans).
                    serial(transA: transA, transB: transB, m: m, n: hi - lo, k: k, alpha: alpha, a: a, lda: lda,
                           b: transB ? b + lo * ldb : b + lo, ldb: ldb, beta: beta, c: c + lo, ldc: ldc)
                } else {
                    serial(transA: transA, transB: transB, m: hi - lo, n: n, k: k, alpha: alpha,
                           a: transA ? a + lo : a + lo * lda, lda: lda, b: b, ldb: ldb, beta: beta,
                           c: c + lo * ldc, ldc: ldc)
                }
            }
        }
    }
}
