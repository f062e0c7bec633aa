// Package fastblas is a gonum BLAS implementation (blas.Float64) for the
// itlab command: gonum's own routines, except the two that the symmetric
// eigenvalue solver (mat.EigenSym, LAPACK's Dsytrd/Dlatrd tridiagonal
// reduction) spends almost all of its time in on large matrices:
//
//   - Dsyr2k (no transpose), the rank-2k update of the trailing matrix, as
//     tiles of internal/gemm's blocked kernel (both products into a row
//     block of the triangle, then the triangle's entries added in);
//   - Dsymv, y = α·A·x + β·y with A symmetric, with x and y gathered into
//     contiguous memory (Dlatrd passes columns of a row-major matrix: a
//     stride of a whole row, one cache line per element) and the row
//     products and updates done by gonum's vectorised dot and axpy.
//
// Both give the same results as gonum's up to rounding (different order of
// the sums). Problems of order below Small keep gonum's routines, so small
// eigenvalue problems (a d×d covariance) give the same bits with or without
// this package. The Vendi score and the matrix-based Rényi entropy on an
// n×n kernel are the users: n = 2000 went from about 7 s to about 1 s on a
// 2-core Zen 3 (BenchmarkEigenSym).
//
// Use it by installing it once, at program start: blas64.Use(fastblas.Implementation{}).
// The library packages never install it themselves (it would change the
// BLAS of the importing program).
package fastblas
