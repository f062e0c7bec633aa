package fastblas

import (
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats"

	"github.com/itlab/itlab/internal/gemm"
)

// Small is the order below which gonum's own Dsymv and Dsyr2k are used.
const Small = 128

// Implementation is gonum's BLAS with faster Dsymv and Dsyr2k for large
// problems (see the package documentation).
type Implementation struct {
	gonum.Implementation
}

var _ blas.Float64 = Implementation{}

var bufPool = sync.Pool{New: func() any { return new([]float64) }}

func getBuf(n int) *[]float64 {
	p := bufPool.Get().(*[]float64)
	if cap(*p) < n {
		*p = make([]float64, n)
	}
	*p = (*p)[:n]
	return p
}

// Dsymv computes y = α·A·x + β·y for the symmetric n×n matrix A stored in
// the ul triangle of a (row-major, leading dimension lda). Cost O(n²).
func (impl Implementation) Dsymv(ul blas.Uplo, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if n < Small || incX <= 0 || incY <= 0 || lda < n || (ul != blas.Upper && ul != blas.Lower) ||
		len(a) < lda*(n-1)+n || len(x) < 1+(n-1)*incX || len(y) < 1+(n-1)*incY {
		// small, negative strides, or arguments gonum reports
		impl.Implementation.Dsymv(ul, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	if alpha == 0 && beta == 1 {
		return
	}
	bx, by := getBuf(n), getBuf(n)
	defer bufPool.Put(bx)
	defer bufPool.Put(by)
	xs, ys := *bx, *by
	for i := range xs {
		xs[i] = x[i*incX]
	}
	for i := range ys {
		if beta == 0 {
			ys[i] = 0 // y is not read, as in BLAS
		} else {
			ys[i] = beta * y[i*incY]
		}
	}
	if alpha != 0 {
		if ul == blas.Upper {
			for i := 0; i < n; i++ {
				row := a[i*lda+i+1 : i*lda+n]
				sum := xs[i]*a[i*lda+i] + floats.Dot(row, xs[i+1:n])
				floats.AddScaled(ys[i+1:n], alpha*xs[i], row)
				ys[i] += alpha * sum
			}
		} else {
			for i := 0; i < n; i++ {
				row := a[i*lda : i*lda+i]
				sum := floats.Dot(row, xs[:i]) + xs[i]*a[i*lda+i]
				floats.AddScaled(ys[:i], alpha*xs[i], row)
				ys[i] += alpha * sum
			}
		}
	}
	for i, v := range ys {
		y[i*incY] = v
	}
}

// tile is the number of rows of C per Dsyr2k block.
const tile = 128

// Dsyr2k computes C = α·(A·Bᵀ + B·Aᵀ) + β·C on the ul triangle of the n×n
// matrix C, for A and B n×k (t = NoTrans). Cost 4·n²·k flops in
// internal/gemm (twice the triangle's), O(tile·n) extra memory.
func (impl Implementation) Dsyr2k(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if n < Small || k == 0 || t != blas.NoTrans || (ul != blas.Upper && ul != blas.Lower) ||
		lda < max(1, k) || ldb < max(1, k) || ldc < n ||
		len(a) < lda*(n-1)+k || len(b) < ldb*(n-1)+k || len(c) < ldc*(n-1)+n {
		impl.Implementation.Dsyr2k(ul, t, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if alpha == 0 && beta == 1 {
		return
	}
	buf := getBuf(tile * n)
	defer bufPool.Put(buf)
	tmp := *buf
	for r0 := 0; r0 < n; r0 += tile {
		r1 := min(r0+tile, n)
		// columns of the triangle in rows r0..r1: upper j ≥ i (from r0),
		// lower j ≤ i (up to r1)
		c0, c1 := r0, n
		if ul == blas.Lower {
			c0, c1 = 0, r1
		}
		m, w := r1-r0, c1-c0
		if alpha != 0 {
			gemm.Dgemm(false, true, m, w, k, alpha, a[r0*lda:], lda, b[c0*ldb:], ldb, 0, tmp, w, 0)
			gemm.Dgemm(false, true, m, w, k, alpha, b[r0*ldb:], ldb, a[c0*lda:], lda, 1, tmp, w, 0)
		}
		for i := r0; i < r1; i++ {
			lo, hi := i, c1 // upper: j from i
			if ul == blas.Lower {
				lo, hi = c0, i+1
			}
			crow := c[i*ldc+lo : i*ldc+hi]
			var trow []float64
			if alpha != 0 {
				trow = tmp[(i-r0)*w+lo-c0 : (i-r0)*w+hi-c0]
			}
			for j := range crow {
				v := 0.0
				if beta != 0 {
					v = beta * crow[j]
				}
				if alpha != 0 {
					v += trow[j]
				}
				crow[j] = v
			}
		}
	}
}
