package entropy

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// SpacingMethod selects the m-spacing estimator of Spacing.
type SpacingMethod int

const (
	// Ebrahimi is Vasicek's estimator with the boundary correction of
	// Ebrahimi, Pflughoeft & Soofi (1994, Stat. Probab. Lett. 20): the
	// windows that hit the sample edges are clipped and weighted by
	//	c_i = 1 + (i−1)/m (i ≤ m), 2 (m < i ≤ n−m), 1 + (n−i)/m (i > n−m),
	//	ĥ = (1/n) Σ_i log( n·(X₍ᵢ₊ₘ₎ − X₍ᵢ₋ₘ₎) / (c_i·m) ).
	// It has a smaller bias than Vasicek's at small n. The default.
	Ebrahimi SpacingMethod = iota
	// Vasicek is the original m-spacing estimator (Vasicek 1976, J. R.
	// Stat. Soc. B 38, Eq. 1.3):
	//	ĥ = (1/n) Σ_i log( n/(2m) · (X₍ᵢ₊ₘ₎ − X₍ᵢ₋ₘ₎) ),
	// with X₍ⱼ₎ = X₍₁₎ for j < 1 and X₍ₙ₎ for j > n. It is consistent but
	// biased downwards at small n.
	Vasicek
	// VanEs is the estimator of van Es (1992, Scand. J. Stat. 19):
	//	ĥ = 1/(n−m) Σ_{i=1..n−m} log( (n+1)/m · (X₍ᵢ₊ₘ₎ − X₍ᵢ₎) ) + Σ_{k=m..n} 1/k + log m − log(n+1).
	VanEs
)

// String returns "ebrahimi", "vasicek" or "van-es".
func (m SpacingMethod) String() string {
	switch m {
	case Ebrahimi:
		return "ebrahimi"
	case Vasicek:
		return "vasicek"
	case VanEs:
		return "van-es"
	}
	return fmt.Sprintf("SpacingMethod(%d)", int(m))
}

// Spacing estimates the differential entropy of a 1-D sample from its order
// statistics (m-spacings), in nats. It needs no bandwidth and no neighbour
// search: O(n log n) for the sort, one pass after it.
//
// The idea (Vasicek 1976): F(X₍ᵢ₊ₘ₎) − F(X₍ᵢ₋ₘ₎) ≈ 2m/n, so the density at
// X₍ᵢ₎ is about 2m/(n·(X₍ᵢ₊ₘ₎ − X₍ᵢ₋ₘ₎)), and h = −E[log f(X)] is the mean
// of the log of its inverse. The methods differ in how they treat the edges;
// see SpacingMethod. The window m defaults, as in SciPy's
// differential_entropy, to floor(√n + 0.5), and must satisfy 1 ≤ m < n/2.
// (SciPy's method "auto" picks van Es for n ≤ 10, Ebrahimi for n ≤ 1000 and
// Vasicek above; here the zero value is always Ebrahimi.)
//
// Ties: equal values are harmless as long as every window X₍ᵢ₊ₘ₎ − X₍ᵢ₋ₘ₎
// still has positive width. A run of more than 2m equal values (or more than
// m at either end) makes some window zero; the sample then has an atom, the
// log of a zero spacing is −∞, and the estimate is −Inf with a nil error — a
// distribution with an atom has differential entropy −∞. Dequantise such
// data (add uniform noise of the rounding width) before estimating.
//
// Bias at the default window, mean error in nats over 2000 N(0,1) samples
// (measured here; truth 1.4189):
//
//	n      m    Ebrahimi  Vasicek  van Es
//	30     5    −0.117    −0.243   −0.192
//	100    10   −0.024    −0.093   −0.152
//	1000   32   +0.012    −0.008   −0.077
//
// SciPy's doc example, a N(0,1) sample of 100 points, gives 1.3408. Heavy
// tails add an edge bias of order (m/n)·log n: the first and last m windows
// reach the extreme order statistics.
type Spacing struct {
	// M is the window half-width m; 0 means floor(√n + 0.5).
	M int
	// Method is the estimator; the zero value is Ebrahimi.
	Method SpacingMethod
}

// Entropy returns the m-spacing entropy estimate of x, which must have one
// column (n×1, n ≥ 3) of finite values, in nats.
func (s Spacing) Entropy(x mat.Matrix) (float64, error) {
	if err := check.Samples("x", x, 3); err != nil {
		return math.NaN(), fmt.Errorf("entropy.Spacing: %w", err)
	}
	n, d := x.Dims()
	if d != 1 {
		return math.NaN(), fmt.Errorf("entropy.Spacing: x has %d columns, the m-spacing estimator is 1-D: %w", d, check.ErrShape)
	}
	v := make([]float64, n)
	mat.Col(v, 0, x)
	return s.entropySorted(v)
}

// EntropySlice is Entropy for a plain slice (it does not modify x).
func (s Spacing) EntropySlice(x []float64) (float64, error) {
	if len(x) < 3 {
		return math.NaN(), fmt.Errorf("entropy.Spacing: x: %d samples, need at least 3: %w", len(x), check.ErrTooFewSamples)
	}
	if err := check.FiniteSlice("x", x); err != nil {
		return math.NaN(), fmt.Errorf("entropy.Spacing: %w", err)
	}
	return s.entropySorted(slices.Clone(x))
}

// Window returns the window m used for n samples.
func (s Spacing) Window(n int) int {
	if s.M > 0 {
		return s.M
	}
	return int(math.Floor(math.Sqrt(float64(n)) + 0.5))
}

// entropySorted sorts v in place and evaluates the estimator.
func (s Spacing) entropySorted(v []float64) (float64, error) {
	n := len(v)
	m := s.Window(n)
	if s.M < 0 || 2*m >= n {
		return math.NaN(), fmt.Errorf("entropy.Spacing: window m = %d with %d samples, need 1 ≤ m < n/2: %w", m, n, check.ErrParam)
	}
	slices.Sort(v)
	// Near the float64 limits the spacings overflow (±1.8e308 apart) or
	// lose their precision as subnormals: rescale by an exact power of two
	// and add its log back (h(aX) = h(X) + log a).
	e := check.Rescale(v)
	h, err := s.entropyScaled(v, m)
	return h + float64(e)*math.Ln2, err
}

// entropyScaled evaluates the estimator on sorted v with window m.
func (s Spacing) entropyScaled(v []float64, m int) (float64, error) {
	n := len(v)
	fn, fm := float64(n), float64(m)
	at := func(j int) float64 { return v[min(max(j, 0), n-1)] }
	var sum float64
	switch s.Method {
	case Ebrahimi:
		for i := 0; i < n; i++ {
			c := 2.0
			if i < m { // 1-based i+1 ≤ m
				c = 1 + float64(i)/fm
			} else if i >= n-m { // 1-based i+1 ≥ n−m+1
				c = 1 + float64(n-1-i)/fm
			}
			sum += math.Log(fn * (at(i+m) - at(i-m)) / (c * fm))
		}
		return sum / fn, nil
	case Vasicek:
		for i := 0; i < n; i++ {
			sum += math.Log(fn / (2 * fm) * (at(i+m) - at(i-m)))
		}
		return sum / fn, nil
	case VanEs:
		for i := 0; i < n-m; i++ {
			sum += math.Log((fn + 1) / fm * (v[i+m] - v[i]))
		}
		h := sum / float64(n-m)
		for k := m; k <= n; k++ {
			h += 1 / float64(k)
		}
		return h + math.Log(fm) - math.Log(fn+1), nil
	}
	return math.NaN(), fmt.Errorf("entropy.Spacing: unknown method %d: %w", int(s.Method), check.ErrParam)
}
