// OpenBLAS (Debian libopenblas-dev, pthread variant), found through pkg-config "openblas".
// Only the CBLAS entry points and the thread-count controls are used: matrix products for
// Conv (im2col and 1x1), Gemm and MatMul in the Inference target.
#ifndef SEGSH_COPENBLAS_SHIM_H
#define SEGSH_COPENBLAS_SHIM_H
#include <cblas.h>

// openblas_set_num_threads/openblas_get_num_threads are declared by <cblas.h> in OpenBLAS
// builds; they are re-exported under our prefix so that a call site reads as ours and the
// shim is the one place to change when another BLAS is linked.
static inline void segsh_blas_set_threads(int n) { openblas_set_num_threads(n); }
static inline int segsh_blas_threads(void) { return openblas_get_num_threads(); }
#endif
