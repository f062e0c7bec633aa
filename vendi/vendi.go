package vendi

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Tol is the absolute tolerance used to validate a similarity matrix: the
// matrix must be symmetric and have a unit diagonal within Tol entrywise, and
// the eigenvalues of K/n (or of K∘√p√pᵀ) may not be below −Tol. It is loose
// enough for similarities computed in float32.
const Tol = 1e-6

// Score returns the Vendi score of order q of the n×n similarity matrix k
// (unitless, in [1, n]). q = 1 is the Shannon (von Neumann) score,
// q = math.Inf(1) gives 1/λ_max, q = 0 the rank; any q ≥ 0 is allowed.
//
// k must be square, symmetric and have a unit diagonal within Tol and be
// positive semidefinite within Tol (eigenvalues of K/n ≥ −Tol); otherwise the
// error wraps itlab.ErrShape, itlab.ErrNonFinite, itlab.ErrParam (diagonal)
// or itlab.ErrNotPSD. Cost: one symmetric eigenvalue decomposition, O(n³)
// time and O(n²) memory.
func Score(k mat.Matrix, q float64) (float64, error) {
	return ScoreWeighted(k, nil, q)
}

// ScoreWeighted is Score with a probability vector p over the items: the
// score uses the spectrum of K ∘ (√p √pᵀ) instead of K/n. p must be finite
// and non-negative with a positive sum; it is normalised to sum 1. A nil p
// means uniform weights (the unweighted score).
func ScoreWeighted(k mat.Matrix, p []float64, q float64) (float64, error) {
	if err := checkOrder(q); err != nil {
		return 0, err
	}
	sym, n, err := validateSimilarity(k)
	if err != nil {
		return 0, err
	}
	w, err := weights(p, n)
	if err != nil {
		return 0, err
	}
	if w != nil {
		sq := make([]float64, n)
		for i, v := range w {
			sq[i] = math.Sqrt(v)
		}
		data := sym.RawSymmetric().Data
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				data[i*n+j] *= sq[i] * sq[j]
			}
		}
	} else {
		sym.ScaleSym(1/float64(n), sym)
	}
	lambda, err := eigenvalues(sym)
	if err != nil {
		return 0, err
	}
	return fromSpectrum(lambda, q, n)
}

// FromSpectrum returns the Hill number of order q of a spectrum λ (the
// eigenvalues of K/n): (Σ λ_i^q)^(1/(1−q)), exp(−Σ λ_i log λ_i) at q = 1,
// 1/max λ at q = ∞ and the rank at q = 0. Eigenvalues at or below
// len(λ)·1e-13·max λ count as zero for every order (eigensolver noise).
// λ is normalised to sum 1; values in [−Tol, 0) are treated as 0 and more
// negative ones give itlab.ErrNotPSD.
func FromSpectrum(lambda []float64, q float64) (float64, error) {
	if err := checkOrder(q); err != nil {
		return 0, err
	}
	if len(lambda) == 0 {
		return 0, fmt.Errorf("vendi: empty spectrum: %w", check.ErrTooFewSamples)
	}
	if err := check.FiniteSlice("spectrum", lambda); err != nil {
		return 0, err
	}
	l := append([]float64(nil), lambda...)
	var s float64
	for _, v := range l {
		s += v
	}
	if !(s > 0) {
		return 0, fmt.Errorf("vendi: spectrum sums to %v, need > 0: %w", s, check.ErrParam)
	}
	for i := range l {
		l[i] /= s
	}
	return fromSpectrum(l, q, len(l))
}

func checkOrder(q float64) error {
	if math.IsNaN(q) || q < 0 {
		return fmt.Errorf("vendi: order q = %v, need q ≥ 0: %w", q, check.ErrParam)
	}
	return nil
}

// fromSpectrum computes the Hill number of the spectrum λ (summing to 1
// within rounding). n is the matrix size used in the rank tolerance.
func fromSpectrum(lambda []float64, q float64, n int) (float64, error) {
	var lmax, sum float64
	for i, v := range lambda {
		if v < -Tol {
			return 0, fmt.Errorf("vendi: eigenvalue %.3g of the normalised similarity is negative beyond tolerance %g: %w", v, Tol, check.ErrNotPSD)
		}
		if v < 0 {
			lambda[i] = 0
			v = 0
		}
		sum += v
		if v > lmax {
			lmax = v
		}
	}
	if !(lmax > 0) {
		return 0, fmt.Errorf("vendi: all eigenvalues are zero: %w", check.ErrNotPSD)
	}
	// Eigenvalues below the rounding noise of the eigensolver (about
	// n·ε·λ_max) are zeroed: for q < 1 a spurious 1e-16 would add 1e-8 to
	// Σλ^q. Then renormalise so the clipped noise does not bias the score.
	tol := float64(max(n, 1)) * 1e-13 * lmax
	sum = 0
	r := 0
	for i, v := range lambda {
		if v <= tol {
			lambda[i] = 0
			continue
		}
		r++
		sum += v
	}
	for i := range lambda {
		lambda[i] /= sum
	}
	lmax /= sum
	switch {
	case q == 0:
		return float64(r), nil
	case q == 1:
		var h float64
		for _, v := range lambda {
			if v > 0 {
				h -= v * math.Log(v)
			}
		}
		return math.Exp(h), nil
	case math.IsInf(q, 1):
		return 1 / lmax, nil
	}
	// log Σ λ^q = q log λmax + log Σ (λ/λmax)^q, stable for large q.
	var s float64
	for _, v := range lambda {
		if v > 0 {
			s += math.Pow(v/lmax, q)
		}
	}
	logSum := q*math.Log(lmax) + math.Log(s)
	return math.Exp(logSum / (1 - q)), nil
}

// validateSimilarity copies k into a SymDense after checking shape,
// finiteness, symmetry and unit diagonal.
func validateSimilarity(k mat.Matrix) (*mat.SymDense, int, error) {
	if check.IsNil(k) {
		return nil, 0, fmt.Errorf("vendi: nil similarity matrix: %w", check.ErrShape)
	}
	r, c := k.Dims()
	if r != c {
		return nil, 0, fmt.Errorf("vendi: similarity matrix is %d×%d, need square: %w", r, c, check.ErrShape)
	}
	if r == 0 {
		return nil, 0, fmt.Errorf("vendi: empty similarity matrix: %w", check.ErrTooFewSamples)
	}
	if err := check.Finite("similarity", k); err != nil {
		return nil, 0, err
	}
	n := r
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		if d := k.At(i, i); math.Abs(d-1) > Tol {
			return nil, 0, fmt.Errorf("vendi: similarity diagonal entry %d is %v, need 1 (k(x,x) = 1): %w", i, d, check.ErrParam)
		}
		for j := i; j < n; j++ {
			a, b := k.At(i, j), k.At(j, i)
			if math.Abs(a-b) > Tol {
				return nil, 0, fmt.Errorf("vendi: similarity not symmetric at (%d,%d): %v vs %v: %w", i, j, a, b, check.ErrNotPSD)
			}
			s.SetSym(i, j, 0.5*(a+b))
		}
	}
	return s, n, nil
}

// weights validates p and returns it normalised, or nil for uniform.
func weights(p []float64, n int) ([]float64, error) {
	if p == nil {
		return nil, nil
	}
	if len(p) != n {
		return nil, fmt.Errorf("vendi: %d weights for %d items: %w", len(p), n, check.ErrShape)
	}
	if err := check.FiniteSlice("weights", p); err != nil {
		return nil, err
	}
	var s float64
	for i, v := range p {
		if v < 0 {
			return nil, fmt.Errorf("vendi: weight %d is %v, need ≥ 0: %w", i, v, check.ErrParam)
		}
		s += v
	}
	if !(s > 0) {
		return nil, fmt.Errorf("vendi: weights sum to %v, need > 0: %w", s, check.ErrParam)
	}
	w := make([]float64, n)
	for i, v := range p {
		w[i] = v / s
	}
	return w, nil
}

// eigenvalues returns the eigenvalues of a symmetric matrix in ascending order.
func eigenvalues(s *mat.SymDense) ([]float64, error) {
	var e mat.EigenSym
	if !e.Factorize(s, false) {
		return nil, fmt.Errorf("vendi: eigenvalue decomposition failed: %w", check.ErrNoConvergence)
	}
	v := e.Values(nil)
	sort.Float64s(v)
	return v, nil
}
