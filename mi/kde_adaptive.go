package mi

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// DefaultAdaptiveKDEC is the constant C of a zero AdaptiveKDE:
// σ² = C·max|T|. The paper (Chelombiev et al. 2019) makes the variance
// proportional to the layer's largest activation but the constant could not
// be verified; 0.1 reproduces the σ² = 0.1 of Saxe et al. for a saturated
// tanh layer (max|T| = 1).
const DefaultAdaptiveKDEC = 0.1

// AdaptiveKDE is the adaptive KDE (aKDE) of Chelombiev, Houghton & O'Donnell
// (ICLR 2019): the KDE bounds of KDE with a noise variance scaled to each
// layer's activation range, σ² = C·max_{i,k}|t_ik|, recomputed for every
// call (that is, per layer and per snapshot), so that layers of very
// different scales (ReLU versus tanh) are compared at the same relative
// resolution. Everything else, formulas and units (nats), is as in KDE.
//
// With FixedReference set it reproduces instead what the authors' code
// (ivansche/adaptive_estimators, calc_kde_info_for_layer) does: σ² = 0.01
// fixed, the activations jittered by Gaussian noise of standard deviation
// 0.01 (NumPy's normal(0, 0.01), seeded here by Seed) and then replaced by
// their absolute values, before the KDE upper (or lower) bound.
//
// A layer whose activations are all 0 has max|T| = 0; then σ² = C (as if
// max|T| were 1) and both informations are 0.
type AdaptiveKDE struct {
	// C is the proportionality constant; zero means DefaultAdaptiveKDEC.
	C float64
	// FixedReference selects the reference code's fixed-variance behaviour.
	FixedReference bool
	// Seed seeds the jitter of FixedReference.
	Seed uint64
	// Lower selects the Bhattacharyya lower bound.
	Lower bool
	// Workers bounds the goroutines (0 = GOMAXPROCS); results do not
	// depend on it.
	Workers int
}

var (
	_ LayerEstimator = AdaptiveKDE{}
	_ LabelEstimator = AdaptiveKDE{}
)

// Name returns "adaptive-kde" ("adaptive-kde-lower" for the lower bound).
func (e AdaptiveKDE) Name() string {
	if e.Lower {
		return "adaptive-kde-lower"
	}
	return "adaptive-kde"
}

// Layer returns I(X;T) and I(T;Y) in nats (nil y gives I(T;Y) = 0).
func (e AdaptiveKDE) Layer(t mat.Matrix, y []int) (Layer, error) {
	r, err := e.Bounds(t, y)
	if err != nil {
		return Layer{}, err
	}
	return Layer{IXT: r.IXT, ITY: r.ITY}, nil
}

// MILabels returns I(T;Y) in nats; y must not be nil.
func (e AdaptiveKDE) MILabels(t mat.Matrix, y []int) (float64, error) {
	if y == nil {
		return 0, ipParamErr("AdaptiveKDE: nil labels")
	}
	r, err := e.Bounds(t, y)
	return r.ITY, err
}

// NoiseVar returns the σ² the estimator uses for t (after validation).
func (e AdaptiveKDE) NoiseVar(t mat.Matrix) (float64, error) {
	x, _, _, err := ipFlatten("t", t, 1)
	if err != nil {
		return 0, err
	}
	return e.noiseVar(x)
}

func (e AdaptiveKDE) noiseVar(x []float64) (float64, error) {
	if e.FixedReference {
		return 0.01, nil
	}
	c := e.C
	if c == 0 {
		c = DefaultAdaptiveKDEC
	}
	if !(c > 0) || math.IsInf(c, 0) {
		return 0, ipParamErr("AdaptiveKDE: C = %v, need a finite value > 0", c)
	}
	var m float64
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	if m == 0 {
		m = 1
	}
	return c * m, nil
}

// Bounds returns the entropies and informations (nats) with the adaptive
// variance.
func (e AdaptiveKDE) Bounds(t mat.Matrix, y []int) (KDEResult, error) {
	x, n, d, err := ipFlatten("t", t, 2)
	if err != nil {
		return KDEResult{}, err
	}
	s2, err := e.noiseVar(x)
	if err != nil {
		return KDEResult{}, err
	}
	if e.FixedReference {
		r := rand.New(rand.NewPCG(e.Seed, 0x61b1a5e5))
		for i, v := range x {
			x[i] = math.Abs(v + 0.01*r.NormFloat64())
		}
	}
	return ipKDE(x, n, d, y, s2, e.Lower, e.Workers)
}
