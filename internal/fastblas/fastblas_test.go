package fastblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

func randSlice(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = r.NormFloat64()
	}
	return s
}

// close reports whether a and b agree to rounding: the fast routines sum in
// another order, so each entry may differ by a few ulps of the sum of the
// magnitudes of its terms (scale).
func requireClose(t *testing.T, want, got []float64, scale float64, msg string) {
	t.Helper()
	require.Equal(t, len(want), len(got))
	for i := range want {
		if math.IsNaN(want[i]) {
			require.True(t, math.IsNaN(got[i]), "%s: [%d] want NaN, got %v", msg, i, got[i])
			continue
		}
		require.InDelta(t, want[i], got[i], 1e-13*scale, "%s: [%d]", msg, i)
	}
}

func TestDsymvMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	ref, fast := gonum.Implementation{}, Implementation{}
	for _, n := range []int{1, Small - 1, Small, 300} {
		for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
			for _, inc := range [][2]int{{1, 1}, {3, 1}, {1, 5}, {n + 7, n + 2}} {
				for _, ab := range [][2]float64{{1, 0}, {-0.7, 1}, {2, 0.5}, {0, 0.3}} {
					lda := n + 3
					a := randSlice(r, lda*n)
					x := randSlice(r, 1+(n-1)*inc[0])
					y0 := randSlice(r, 1+(n-1)*inc[1])
					if ab[1] == 0 {
						for i := range y0 {
							y0[i] = math.NaN() // β = 0: y is not read
						}
					}
					want := append([]float64(nil), y0...)
					got := append([]float64(nil), y0...)
					ref.Dsymv(ul, n, ab[0], a, lda, x, inc[0], ab[1], want, inc[1])
					fast.Dsymv(ul, n, ab[0], a, lda, x, inc[0], ab[1], got, inc[1])
					msg := fmt.Sprintf("n=%d ul=%v inc=%v αβ=%v", n, ul, inc, ab)
					// entries between the strided elements are untouched
					for i := range got {
						if i%inc[1] != 0 {
							require.Equal(t, math.Float64bits(y0[i]), math.Float64bits(got[i]), msg)
						}
					}
					if ab[1] == 0 {
						for i := range want {
							if i%inc[1] != 0 {
								want[i], got[i] = 0, 0
							}
						}
					}
					requireClose(t, want, got, float64(n)*4, msg)
				}
			}
		}
	}
}

func TestDsyr2kMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	ref, fast := gonum.Implementation{}, Implementation{}
	for _, n := range []int{Small - 1, Small, 300, 2*tile + 5} {
		for _, k := range []int{1, 7, 64} {
			for _, ul := range []blas.Uplo{blas.Upper, blas.Lower} {
				for _, ab := range [][2]float64{{-1, 1}, {0.5, 0}, {0, 2}} {
					lda, ldb, ldc := k+2, k+5, n+4
					a := randSlice(r, lda*n)
					b := randSlice(r, ldb*n)
					c0 := randSlice(r, ldc*n)
					want := append([]float64(nil), c0...)
					got := append([]float64(nil), c0...)
					ref.Dsyr2k(ul, blas.NoTrans, n, k, ab[0], a, lda, b, ldb, ab[1], want, ldc)
					fast.Dsyr2k(ul, blas.NoTrans, n, k, ab[0], a, lda, b, ldb, ab[1], got, ldc)
					msg := fmt.Sprintf("n=%d k=%d ul=%v αβ=%v", n, k, ul, ab)
					// only the ul triangle changes
					for i := 0; i < n; i++ {
						for j := 0; j < ldc; j++ {
							in := j < n && ((ul == blas.Upper && j >= i) || (ul == blas.Lower && j <= i))
							if !in {
								require.Equal(t, c0[i*ldc+j], got[i*ldc+j], "%s: (%d,%d) outside the triangle", msg, i, j)
							}
						}
					}
					requireClose(t, want, got, float64(k)*8+4, msg)
				}
			}
		}
	}
}

// TestEigenSymWithFastBLAS: the eigenvalues of a 400×400 Gaussian kernel
// matrix with this implementation installed agree with gonum's own to
// 1e-12 of the largest.
func TestEigenSymWithFastBLAS(t *testing.T) {
	n := 400
	k := kernelMatrix(n, 3)
	eig := func() []float64 {
		var e mat.EigenSym
		require.True(t, e.Factorize(k, false))
		return e.Values(nil)
	}
	want := eig()
	defer blas64.Use(blas64.Implementation())
	blas64.Use(Implementation{})
	got := eig()
	requireClose(t, want, got, 10*want[n-1], "eigenvalues")
}

// kernelMatrix is the n×n Gaussian kernel matrix (divided by n) of n random
// points in the plane, what the Vendi score with the RBF kernel factorises.
func kernelMatrix(n int, seed uint64) *mat.SymDense {
	pts := randSlice(rand.New(rand.NewPCG(seed, seed)), 2*n)
	k := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			dx, dy := pts[2*i]-pts[2*j], pts[2*i+1]-pts[2*j+1]
			k.SetSym(i, j, math.Exp(-(dx*dx+dy*dy)/2)/float64(n))
		}
	}
	return k
}
