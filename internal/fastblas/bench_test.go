package fastblas

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// BenchmarkEigenSym: the eigenvalues of an n×n Gaussian kernel matrix (what
// the Vendi score with the RBF kernel computes) with gonum's BLAS and with
// this one, in the same run.
func BenchmarkEigenSym(b *testing.B) {
	for _, n := range []int{500, 1000, 2000} {
		k := kernelMatrix(n, 4)
		for _, impl := range []struct {
			name string
			b    blas.Float64
		}{{"gonum", gonum.Implementation{}}, {"fastblas", Implementation{}}} {
			b.Run(fmt.Sprintf("n=%d/%s", n, impl.name), func(b *testing.B) {
				defer blas64.Use(blas64.Implementation())
				blas64.Use(impl.b)
				var e mat.EigenSym
				for b.Loop() {
					if !e.Factorize(k, false) {
						b.Fatal("no convergence")
					}
				}
			})
		}
	}
}
