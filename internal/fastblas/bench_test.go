package fastblas

import (
	"fmt"
	"math"
	"math/rand/v2"
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
		r := rand.New(rand.NewPCG(4, 4))
		pts := randSlice(r, 2*n)
		k := mat.NewSymDense(n, nil)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				dx, dy := pts[2*i]-pts[2*j], pts[2*i+1]-pts[2*j+1]
				k.SetSym(i, j, math.Exp(-(dx*dx+dy*dy)/2)/float64(n))
			}
		}
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
