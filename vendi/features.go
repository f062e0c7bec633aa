package vendi

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/gemm"
	"github.com/itlab/itlab/internal/parallel"
)

// Kernel is a similarity between two feature vectors of equal length.
// Cosine, Linear, RBF and Func implement it.
type Kernel interface {
	// Eval returns the similarity of two feature vectors of equal length
	// (1 when a = b, except for Linear, the plain dot product).
	Eval(a, b []float64) float64
}

// Cosine is the cosine similarity a·b/(‖a‖‖b‖) (unit diagonal). ScoreFeatures
// uses the d×d feature-space path for it when d < n. Rows of zero norm are an
// error (the cosine is undefined).
type Cosine struct{}

// Eval returns a·b/(‖a‖‖b‖).
func (Cosine) Eval(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += a[i] * b[i]
		aa += a[i] * a[i]
		bb += b[i] * b[i]
	}
	return ab / math.Sqrt(aa*bb)
}

// Linear is the dot product a·b. Its diagonal is not 1, so the score uses
// the spectrum of K/tr(K). ScoreFeatures uses the d×d path when d < n.
type Linear struct{}

// Eval returns a·b.
func (Linear) Eval(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// RBF is the Gaussian kernel exp(−‖a−b‖²/(2σ²)) with width Sigma (in the
// units of the features). Sigma = 0 means the median heuristic: σ = the
// median of the pairwise Euclidean distances of the sample.
type RBF struct {
	Sigma float64 // width σ in feature units; 0 means the median heuristic
}

// Eval returns exp(−‖a−b‖²/(2σ²)). It needs Sigma > 0: the median
// heuristic of a zero Sigma is applied by ScoreFeatures, which sees the whole
// sample; Eval itself then returns 0 (or NaN for a = b).
func (k RBF) Eval(a, b []float64) float64 {
	return math.Exp(-sqDist(a, b) / (2 * k.Sigma * k.Sigma))
}

// Func is any user similarity. It must be symmetric, PSD and satisfy
// f(x, x) = 1; the matrix it produces is validated as in Score.
type Func func(a, b []float64) float64

// Eval calls f.
func (f Func) Eval(a, b []float64) float64 { return f(a, b) }

var (
	_ Kernel = Cosine{}
	_ Kernel = Linear{}
	_ Kernel = RBF{}
	_ Kernel = Func(nil)
)

// ScoreFeatures returns the Vendi score of order q of the n×d sample x (rows
// are items) under the kernel kern. For Cosine and Linear with d < n it uses
// the eigenvalues of the d×d matrix X̃ᵀX̃/n (X̃ row-normalised for Cosine;
// divided by tr instead of n for Linear), O(n·d² + d³) time; otherwise it
// builds the n×n similarity, O(n²·d + n³) time and n² memory.
func ScoreFeatures(x mat.Matrix, kern Kernel, q float64) (float64, error) {
	return ScoreFeaturesWeighted(x, kern, nil, q)
}

// ScoreFeaturesWeighted is ScoreFeatures with probability weights p over the
// items (see ScoreWeighted). In the feature path the weighted spectrum is that
// of Σ_i p_i x̃_i x̃_iᵀ.
func ScoreFeaturesWeighted(x mat.Matrix, kern Kernel, p []float64, q float64) (float64, error) {
	if err := checkOrder(q); err != nil {
		return 0, err
	}
	if kern == nil {
		return 0, fmt.Errorf("vendi: nil kernel: %w", check.ErrParam)
	}
	if f, ok := kern.(Func); ok && f == nil {
		return 0, fmt.Errorf("vendi: nil Func kernel: %w", check.ErrParam)
	}
	if err := check.Samples("x", x, 1); err != nil {
		return 0, err
	}
	n, d := x.Dims()
	w, err := weights(p, n)
	if err != nil {
		return 0, err
	}
	switch k := kern.(type) {
	case Cosine, Linear:
		_, cos := k.(Cosine)
		if d < n {
			g, err := gramMatrix(x, w, cos)
			if err != nil {
				return 0, err
			}
			lambda, err := eigenvalues(mat.NewSymDense(d, g))
			if err != nil {
				return 0, err
			}
			return fromSpectrum(lambda, q, n)
		}
		xs, tr, err := prepareRows(x, w, cos)
		if err != nil {
			return 0, err
		}
		return outerScore(xs, n, d, tr, q)
	case RBF:
		if k.Sigma < 0 || math.IsNaN(k.Sigma) || math.IsInf(k.Sigma, 0) {
			return 0, fmt.Errorf("vendi: RBF width σ = %v, need ≥ 0 (0 = median heuristic): %w", k.Sigma, check.ErrParam)
		}
		rows := denseRows(x)
		// The RBF similarity depends only on distances relative to σ: data
		// beyond 2^±500 are evaluated at an exact power-of-two scale (σ
		// scaled alike), so squared distances neither over- nor underflow.
		if e := check.Rescale(rows); e != 0 && k.Sigma != 0 {
			s := math.Ldexp(k.Sigma, -e)
			if s == 0 || math.IsInf(s, 0) {
				return 0, fmt.Errorf("vendi: RBF width σ = %v is outside the data's scale by more than the float64 range: %w", k.Sigma, check.ErrRange)
			}
			k.Sigma = s
		}
		if k.Sigma == 0 {
			k.Sigma = medianDistance(rows, n, d)
			if !(k.Sigma > 0) {
				// All items identical: every similarity is 1.
				k.Sigma = 1
			}
		}
		return matrixScore(rows, n, d, k, w, q)
	default:
		return matrixScore(denseRows(x), n, d, kern, w, q)
	}
}

// unitRow scales row in place to unit Euclidean norm and reports whether it
// was non-zero. It divides by the largest magnitude first, so rows of any
// finite scale (1e-300 or 1e300) normalise without under- or overflow, as
// the cosine kernel's scale invariance requires.
func unitRow(row []float64) bool {
	var m float64
	for _, v := range row {
		if a := math.Abs(v); a > m { // not math.Max: its NaN handling is slow
			m = a
		}
	}
	if m == 0 {
		return false
	}
	// an exact power-of-two scale: the same result as dividing by m, at
	// the cost of a multiplication
	_, e := math.Frexp(m)
	var ss float64
	if e > -1000 && e < 1000 {
		pm := math.Ldexp(1, -e)
		for j, v := range row {
			v *= pm
			row[j] = v
			ss += v * v
		}
	} else { // 2^−e would overflow or be subnormal
		for j, v := range row {
			v /= m
			row[j] = v
			ss += v * v
		}
	}
	inv := 1 / math.Sqrt(ss)
	for j := range row {
		row[j] *= inv
	}
	return true
}

// prepareRows copies x into a row-major slice, normalising rows for the
// cosine kernel and scaling row i by √w_i; it returns the data and the trace
// Σ_i w_i‖x̃_i‖² (n·1 for unweighted cosine) the spectrum is divided by.
func prepareRows(x mat.Matrix, w []float64, cos bool) ([]float64, float64, error) {
	n, d := x.Dims()
	xs := denseRows(x)
	var tr float64
	for i := 0; i < n; i++ {
		row := xs[i*d : (i+1)*d]
		if cos && !unitRow(row) {
			return nil, 0, fmt.Errorf("vendi: row %d has zero norm, cosine similarity undefined: %w", i, check.ErrParam)
		}
		var ss float64
		for _, v := range row {
			ss += v * v
		}
		scale := 1.0
		if w != nil {
			scale *= math.Sqrt(w[i])
			ss *= w[i]
		}
		if scale != 1 {
			for j := range row {
				row[j] *= scale
			}
		}
		tr += ss
	}
	if !(tr > 0) {
		return nil, 0, fmt.Errorf("vendi: all feature vectors are zero: %w", check.ErrParam)
	}
	return xs, tr, nil
}

// Row chunking of the Gram path: rows are normalised into a chunk buffer that
// stays in cache, and each block of gramBlock rows accumulates its own d×d
// partial Gram on one goroutine; partials are added in block order, so the
// result does not depend on GOMAXPROCS.
const (
	gramChunk = 1024
	gramBlock = 4 * gramChunk
)

// gramMatrix returns the upper triangle (row-major d×d) of X̃ᵀX̃/tr, where
// X̃ has rows x_i/‖x_i‖ (cosine) or x_i, each scaled by √w_i when weighted,
// and tr = Σ_i w_i‖x̃_i‖² (n for unweighted cosine). Only the block upper
// triangle is multiplied (two GEMM calls per chunk instead of one full
// product: 3/4 of the flops), with internal/gemm.
func gramMatrix(x mat.Matrix, w []float64, cos bool) ([]float64, error) {
	n, d := x.Dims()
	var raw blas64.General
	rm, isRaw := x.(mat.RawMatrixer)
	if isRaw {
		raw = rm.RawMatrix()
	}
	nb := parallel.NumBlocks(n, gramBlock)
	parts := make([][]float64, nb)
	trs := make([]float64, nb)
	bad := make([]int, nb)
	h := d / 2
	parallel.Blocks(n, gramBlock, 0, func(b, lo, hi int) {
		bad[b] = -1
		g := make([]float64, d*d)
		buf := make([]float64, gramChunk*d)
		for c := lo; c < hi; c += gramChunk {
			m := min(gramChunk, hi-c)
			for r := 0; r < m; r++ {
				i := c + r
				dst := buf[r*d : (r+1)*d]
				if isRaw {
					copy(dst, raw.Data[i*raw.Stride:i*raw.Stride+d])
				} else {
					for j := range dst {
						dst[j] = x.At(i, j)
					}
				}
				if cos && !unitRow(dst) && bad[b] < 0 {
					bad[b] = i
				}
				var ss float64
				for _, v := range dst {
					ss += v * v
				}
				scale := 1.0
				if w != nil {
					scale *= math.Sqrt(w[i])
					ss *= w[i]
				}
				if scale != 1 {
					for j := range dst {
						dst[j] *= scale
					}
				}
				trs[b] += ss
			}
			if h == 0 {
				gemm.Dgemm(true, false, d, d, m, 1, buf, d, buf, d, 1, g, d, 1)
				continue
			}
			// Rows 0..h of the Gram (all columns), then the lower-right block.
			gemm.Dgemm(true, false, h, d, m, 1, buf, d, buf, d, 1, g, d, 1)
			gemm.Dgemm(true, false, d-h, d-h, m, 1, buf[h:], d, buf[h:], d, 1, g[h*d+h:], d, 1)
		}
		parts[b] = g
	})
	var tr float64
	for b := 0; b < nb; b++ {
		if bad[b] >= 0 {
			return nil, fmt.Errorf("vendi: row %d has zero norm, cosine similarity undefined: %w", bad[b], check.ErrParam)
		}
		tr += trs[b]
	}
	if !(tr > 0) {
		return nil, fmt.Errorf("vendi: all feature vectors are zero: %w", check.ErrParam)
	}
	g := parts[0]
	for b := 1; b < nb; b++ {
		for k, v := range parts[b] {
			g[k] += v
		}
	}
	for k := range g {
		g[k] /= tr
	}
	return g, nil
}

// outerScore scores from the n×n matrix X̃X̃ᵀ/tr (used when d ≥ n).
func outerScore(xs []float64, n, d int, tr, q float64) (float64, error) {
	k := make([]float64, n*n)
	gemm.Dgemm(false, true, n, n, d, 1/tr, xs, d, xs, d, 0, k, n, 0)
	lambda, err := eigenvalues(mat.NewSymDense(n, k))
	if err != nil {
		return 0, err
	}
	return fromSpectrum(lambda, q, n)
}

// matrixScore builds the n×n similarity with kern, validates it and scores it.
func matrixScore(rows []float64, n, d int, kern Kernel, w []float64, q float64) (float64, error) {
	k := make([]float64, n*n)
	parallel.Blocks(n, 16, 0, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			a := rows[i*d : (i+1)*d]
			for j := i; j < n; j++ {
				k[i*n+j] = kern.Eval(a, rows[j*d:(j+1)*d])
			}
		}
	})
	// Validate (diagonal, finiteness, symmetry on the sampled pairs).
	for i := 0; i < n; i++ {
		if v := k[i*n+i]; math.IsNaN(v) || math.Abs(v-1) > Tol {
			return 0, fmt.Errorf("vendi: kernel gives k(x_%d, x_%d) = %v, need 1: %w", i, i, v, check.ErrParam)
		}
		for j := i + 1; j < n; j++ {
			if v := k[i*n+j]; math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("vendi: kernel gives %v at (%d,%d): %w", v, i, j, check.ErrNonFinite)
			}
		}
	}
	if n > 1 {
		// Spot-check symmetry of a user kernel on one pair.
		a, b := rows[0:d], rows[(n-1)*d:n*d]
		if v1, v2 := kern.Eval(a, b), kern.Eval(b, a); math.Abs(v1-v2) > Tol {
			return 0, fmt.Errorf("vendi: kernel is not symmetric: k(x_0, x_%d) = %v but k(x_%d, x_0) = %v: %w", n-1, v1, n-1, v2, check.ErrNotPSD)
		}
	}
	if w != nil {
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				k[i*n+j] *= math.Sqrt(w[i] * w[j])
			}
		}
	} else {
		inv := 1 / float64(n)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				k[i*n+j] *= inv
			}
		}
	}
	lambda, err := eigenvalues(mat.NewSymDense(n, k))
	if err != nil {
		return 0, err
	}
	return fromSpectrum(lambda, q, n)
}

// denseRows copies x into a fresh row-major slice.
func denseRows(x mat.Matrix) []float64 {
	n, d := x.Dims()
	out := make([]float64, n*d)
	if rm, ok := x.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		for i := 0; i < n; i++ {
			copy(out[i*d:(i+1)*d], raw.Data[i*raw.Stride:i*raw.Stride+d])
		}
		return out
	}
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			out[i*d+j] = x.At(i, j)
		}
	}
	return out
}

func sqDist(a, b []float64) float64 {
	var s float64
	for i := range a {
		t := a[i] - b[i]
		s += t * t
	}
	return s
}

// medianDistance returns the median pairwise Euclidean distance (i < j).
func medianDistance(rows []float64, n, d int) float64 {
	if n < 2 {
		return 0
	}
	ds := make([]float64, 0, n*(n-1)/2)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			ds = append(ds, sqDist(rows[i*d:(i+1)*d], rows[j*d:(j+1)*d]))
		}
	}
	slices.Sort(ds)
	m := len(ds)
	med := ds[m/2]
	if m%2 == 0 {
		med = 0.5 * (ds[m/2-1] + ds[m/2])
	}
	return math.Sqrt(med)
}
