package mi

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/pairwise"
)

// DefaultKDENoiseVar is the noise variance σ² a zero KDE uses: 0.1, the
// value of Saxe et al. (2018) and of the ComputeMI notebooks of their code
// (artemyk/ibsgd). Their notebook for the 12-bit IB network uses 1e-3.
const DefaultKDENoiseVar = 0.1

// KDE estimates the information-plane coordinates of a layer with the
// pairwise-distance bounds of Kolchinsky & Tracey (2017) on the entropy of a
// mixture of Gaussians, as used by Saxe et al. (2018) (code: artemyk/ibsgd
// kde.py). The layer T (n×d) is taken to be observed through additive noise
// Z ~ N(0, σ²I), so T+Z is a mixture of n Gaussians N(t_i, σ²I):
//
//	H_upper(T) = d/2 + d/2·ln(2πσ²) − (1/n) Σ_i ln((1/n) Σ_j exp(−‖t_i−t_j‖²/(2σ²)))
//	H_lower(T) = d/2 + d/2·ln(2πσ²) − (1/n) Σ_i ln((1/n) Σ_j exp(−‖t_i−t_j‖²/(8σ²)))
//	H(T|X)     = d/2·(ln(2πσ²) + 1)
//	I(X;T)     = H(T) − H(T|X)
//	I(T;Y)     = H(T) − Σ_c p(c)·H(T | Y=c)
//
// (upper: the KL bound; lower: the Bhattacharyya bound, the upper formula
// with 4σ² plus d/2·ln(1/4)). The sums include j = i, as the reference does;
// H(T|Y=c) uses the same formula over the samples of class c. All values
// are in nats. One pass of the fused kernel of internal/pairwise gives H(T),
// every H(T|Y=c), I(X;T) and I(T;Y): time O(n²·d/2), memory O(n·(d+classes));
// no n×n matrix is formed.
//
// I(X;T) ≤ ln n, reached when the points are far apart relative to σ; it is
// 0 when all points coincide. The lower bound is ≤ the upper bound.
type KDE struct {
	// NoiseVar is σ², the variance of the noise per dimension (in squared
	// activation units). Zero means DefaultKDENoiseVar (0.1).
	NoiseVar float64
	// Lower selects the Bhattacharyya lower bound instead of the KL upper
	// bound.
	Lower bool
	// Workers bounds the goroutines (0 = GOMAXPROCS). Results are
	// bit-identical for any value.
	Workers int
}

var (
	_ LayerEstimator = KDE{}
	_ LabelEstimator = KDE{}
)

// Name returns "kde" ("kde-lower" for the lower bound).
func (e KDE) Name() string {
	if e.Lower {
		return "kde-lower"
	}
	return "kde"
}

func (e KDE) noiseVar() (float64, error) {
	v := e.NoiseVar
	if v == 0 {
		return DefaultKDENoiseVar, nil
	}
	if !(v > 0) || math.IsInf(v, 0) {
		return 0, ipParamErr("KDE: NoiseVar = %v, need a finite value > 0", v)
	}
	return v, nil
}

// Layer returns I(X;T) and I(T;Y) in nats for activations t (n×d, n ≥ 2)
// and labels y (n values ≥ 0; nil gives I(T;Y) = 0).
func (e KDE) Layer(t mat.Matrix, y []int) (Layer, error) {
	r, err := e.Bounds(t, y)
	if err != nil {
		return Layer{}, err
	}
	return Layer{IXT: r.IXT, ITY: r.ITY}, nil
}

// MILabels returns I(T;Y) in nats (see Layer); y must not be nil.
func (e KDE) MILabels(t mat.Matrix, y []int) (float64, error) {
	if y == nil {
		return 0, ipParamErr("KDE: nil labels")
	}
	r, err := e.Bounds(t, y)
	return r.ITY, err
}

// KDEResult is everything one pass of the KDE estimator gives, in nats.
type KDEResult struct {
	H        float64 // H(T) bound (entropy of the noisy layer T+Z)
	HGivenX  float64 // H(T|X) = d/2·(ln 2πσ² + 1)
	HGivenY  float64 // Σ_c p(c)·H(T|Y=c)
	IXT, ITY float64 // I(X;T) = H − HGivenX, I(T;Y) = H − HGivenY
}

// Bounds returns the entropies and both informations of the layer t with
// labels y (nil labels: one class, so ITY = 0).
func (e KDE) Bounds(t mat.Matrix, y []int) (KDEResult, error) {
	s2, err := e.noiseVar()
	if err != nil {
		return KDEResult{}, err
	}
	x, n, d, err := ipFlatten("t", t, 2)
	if err != nil {
		return KDEResult{}, err
	}
	return ipKDE(x, n, d, y, s2, e.Lower, e.Workers)
}

// ipKDE is the shared core of KDE and AdaptiveKDE on a flat n×d slice.
func ipKDE(x []float64, n, d int, y []int, s2 float64, lower bool, workers int) (KDEResult, error) {
	nc, counts := 1, []int{n}
	if y != nil {
		var err error
		if y, nc, counts, err = ipLabels(y, n); err != nil {
			return KDEResult{}, err
		}
	}
	scale := 1 / (2 * s2)
	if lower {
		scale = 1 / (8 * s2)
	}
	if err := pairwise.CheckScale(x, n, d, scale); err != nil {
		return KDEResult{}, err
	}
	sums := pairwise.SymSums(nil, x, n, d, y, nc, scale, workers)
	// mean_i ln((1/n) Σ_j K_ij) and mean_i ln((1/n_c) Σ_{j∈c} K_ij), summed
	// in row order.
	var lAll, lOwn float64
	for i := 0; i < n; i++ {
		var tot float64
		for h := 0; h < nc; h++ {
			tot += sums[h*n+i]
		}
		c := 0
		if y != nil {
			c = y[i]
		}
		lAll += math.Log(tot / float64(n))
		lOwn += math.Log(sums[c*n+i] / float64(counts[c]))
	}
	lAll /= float64(n)
	lOwn /= float64(n)
	fd := float64(d)
	hx := fd / 2 * (math.Log(2*math.Pi*s2) + 1)
	r := KDEResult{
		H:       hx - lAll,
		HGivenX: hx,
		HGivenY: hx - lOwn,
		IXT:     ipNonNeg(-lAll),
		ITY:     ipNonNeg(lOwn - lAll),
	}
	return r, nil
}
