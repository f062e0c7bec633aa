// Package gemm is the blocked matrix-multiply kernel shared by the network
// engine and the pairwise estimators.
//
// PLACEHOLDER: a correct but slow reference loop, to be replaced by the packed,
// register-blocked implementation. The signature is the contract.
package gemm

// Dgemm computes C = alpha·op(A)·op(B) + beta·C on row-major matrices.
// op(A) is m×k (A is m×k with leading dimension lda, or k×m if tA),
// op(B) is k×n (B is k×n with ldb, or n×k if tB), C is m×n with ldc.
// With beta == 0, C is overwritten and its previous contents (even NaN) are
// ignored. workers bounds the goroutines used (0 = GOMAXPROCS, 1 = calling
// goroutine only); results are bit-identical for any workers value.
func Dgemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, workers int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var av, bv float64
				if tA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if tB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += av * bv
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}
