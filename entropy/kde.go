package entropy

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/bandwidth"
	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/colscale"
	"github.com/itlab/itlab/internal/pairwise"
)

// KDE is the resubstitution kernel-density estimate of the differential
// entropy (Ahmad & Lin 1976) with an isotropic Gaussian kernel of standard
// deviation h per coordinate:
//
//	f̂(x) = (1/n) Σ_j (2πh²)^{−d/2} exp(−‖x − x_j‖²/(2h²))
//	Ĥ    = −(1/n) Σ_i ln f̂(x_i)
//	     = d/2·ln(2πh²) − (1/n) Σ_i ln((1/n) Σ_j exp(−‖x_i − x_j‖²/(2h²)))
//
// in nats. The sum includes j = i (no leave-one-out), which keeps every
// term finite; it biases f̂ up by (2πh²)^{−d/2}/n. Ĥ is consistent as h → 0
// with n·h^d → ∞, and it equals the Kolchinsky–Tracey upper bound KDEBound
// with σ² = h² minus d/2. The kernel sums are one pass of the fused kernel of
// internal/pairwise: time O(n²·d/2), memory O(n·d); no n×n matrix.
type KDE struct {
	// Bandwidth is h > 0 in data units; zero selects Silverman's rule
	// h = (4/(d+2))^{1/(d+4)}·n^{−1/(d+4)}·s, with s² the mean of the column
	// variances (n−1 denominator); a zero spread gives h = 1. With the rule,
	// columns whose standard deviations differ by more than a factor 2√2
	// from the widest are first brought within 2√2 of it by exact powers of
	// two, and the log-Jacobian is subtracted (internal/colscale), so the
	// one isotropic width suits every column.
	Bandwidth float64
	// Workers bounds the goroutines (0 = GOMAXPROCS); the result does not
	// depend on it.
	Workers int
}

// KDEBound is the Kolchinsky–Tracey (2017) pairwise-distance bound on the
// entropy of the Gaussian mixture (1/n) Σ_i N(x_i, σ²I), that is of X + Z with
// Z ~ N(0, σ²I) independent noise, as used for information planes by Saxe et
// al. (2018) (code artemyk/ibsgd kde.py; mi.KDE builds on the same sums):
//
//	upper (KL):            d/2 + d/2·ln(2πσ²) − (1/n) Σ_i ln((1/n) Σ_j exp(−‖x_i−x_j‖²/(2σ²)))
//	lower (Bhattacharyya): d/2 + d/2·ln(2πσ²) − (1/n) Σ_i ln((1/n) Σ_j exp(−‖x_i−x_j‖²/(8σ²)))
//
// in nats (j = i included). Both are exact when the points are all equal
// or all far apart relative to σ; in between the true mixture entropy lies
// between them. Time O(n²·d/2), memory O(n·d).
type KDEBound struct {
	// NoiseVar is σ²; zero means 0.1 (Saxe et al.).
	NoiseVar float64
	// Lower selects the Bhattacharyya lower bound.
	Lower bool
	// Workers bounds the goroutines (0 = GOMAXPROCS).
	Workers int
}

var (
	_ Estimator = KDE{}
	_ Estimator = KDEBound{}
)

// kdeFlatten validates x (≥ 2 rows, finite) and copies it row-major.
func kdeFlatten(x mat.Matrix) ([]float64, int, int, error) {
	if err := check.Samples("x", x, 2); err != nil {
		return nil, 0, 0, err
	}
	n, d := x.Dims()
	out := make([]float64, n*d)
	for i := 0; i < n; i++ {
		for k := 0; k < d; k++ {
			out[i*d+k] = x.At(i, k)
		}
	}
	return out, n, d, nil
}

// kdeMeanLogSum returns (1/n) Σ_i ln((1/n) Σ_j exp(−scale·‖x_i−x_j‖²)),
// summed in row order. Every row sum is ≥ 1 (the self term).
func kdeMeanLogSum(x []float64, n, d int, scale float64, workers int) (float64, error) {
	if err := pairwise.CheckScale(x, n, d, scale); err != nil {
		return 0, err
	}
	s := pairwise.SymSums(nil, x, n, d, nil, 1, scale, workers)
	var m float64
	for _, v := range s {
		m += math.Log(v / float64(n))
	}
	return m / float64(n), nil
}

// kdeSilverman is Silverman's rule of thumb for an isotropic Gaussian kernel.
func kdeSilverman(x []float64, n, d int) float64 {
	return bandwidth.Silverman(math.Sqrt(bandwidth.MeanVariance(x, n, d)), float64(n), d)
}

// Entropy returns the resubstitution KDE entropy of x (n×d, n ≥ 2) in nats.
func (e KDE) Entropy(x mat.Matrix) (float64, error) {
	if h := e.Bandwidth; h != 0 && (!(h > 0) || math.IsInf(h, 0)) {
		return 0, fmt.Errorf("KDE: Bandwidth = %v, need a finite value > 0: %w", h, check.ErrParam)
	}
	v, n, d, err := kdeFlatten(x)
	if err != nil {
		return 0, err
	}
	// The estimator is scale-equivariant (the bandwidth scales with the
	// data): evaluate data beyond 2^±500 at an exact power-of-two scale and
	// add d·ln(scale) back, so that any finite data work.
	ex := check.Rescale(v)
	h := math.Ldexp(e.Bandwidth, -ex)
	eq := 0
	if h == 0 {
		if e.Bandwidth != 0 {
			return 0, fmt.Errorf("KDE: Bandwidth = %v is below the data's scale by more than the float64 range: %w", e.Bandwidth, check.ErrRange)
		}
		// Silverman's isotropic width on columns brought within 2√2 of the
		// widest one's spread by exact powers of two (ln|det| subtracted
		// below): one width for spreads 0.01 and 100 smooths the narrow
		// column away (+9 nats on a 3-D Gaussian)
		eq = colscale.Equalize(d, v)
		h = kdeSilverman(v, n, d)
	}
	if math.IsInf(h, 0) {
		return 0, fmt.Errorf("KDE: Bandwidth = %v is beyond the data's scale by more than the float64 range: %w", e.Bandwidth, check.ErrRange)
	}
	m, err := kdeMeanLogSum(v, n, d, 1/(2*h*h), e.Workers)
	if err != nil {
		return 0, err
	}
	return float64(d)/2*math.Log(2*math.Pi*h*h) - m + float64(d*ex-eq)*math.Ln2, nil
}

// Entropy returns the Kolchinsky–Tracey bound (upper, or lower with Lower)
// on the entropy of x + N(0, σ²I), in nats.
func (e KDEBound) Entropy(x mat.Matrix) (float64, error) {
	s2 := e.NoiseVar
	if s2 == 0 {
		s2 = 0.1
	}
	if !(s2 > 0) || math.IsInf(s2, 0) {
		return 0, fmt.Errorf("KDEBound: NoiseVar = %v, need a finite value > 0: %w", s2, check.ErrParam)
	}
	v, n, d, err := kdeFlatten(x)
	if err != nil {
		return 0, err
	}
	scale := 1 / (2 * s2)
	if e.Lower {
		scale = 1 / (8 * s2)
	}
	m, err := kdeMeanLogSum(v, n, d, scale, e.Workers)
	if err != nil {
		return 0, err
	}
	fd := float64(d)
	return fd/2 + fd/2*math.Log(2*math.Pi*s2) - m, nil
}
