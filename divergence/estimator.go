package divergence

import "gonum.org/v1/gonum/mat"

// KLEstimator estimates KL(P‖Q) in nats from a sample p of P (n×d) and a
// sample q of Q (m×d). KNN, KNNAdaptive and KNNEnsemble implement it, so
// they can be compared on the same samples.
type KLEstimator interface {
	// KL returns the estimate of KL(P‖Q) in nats.
	KL(p, q mat.Matrix) (float64, error)
}

// WassersteinEstimator estimates a p-Wasserstein distance (order ≥ 1)
// between two point clouds, in the units of the data. Sinkhorn and Sliced
// implement it; Exact wraps WExact.
type WassersteinEstimator interface {
	// W returns the distance of the given order between the rows of p and q.
	W(p, q mat.Matrix, order float64) (float64, error)
}

// Exact is WExact as a WassersteinEstimator: the exact distance between the
// empirical measures. Its zero value is ready to use.
type Exact struct{}

// W returns WExact(p, q, order).
func (Exact) W(p, q mat.Matrix, order float64) (float64, error) { return WExact(p, q, order) }

var (
	_ KLEstimator          = KNN{}
	_ KLEstimator          = KNNAdaptive{}
	_ KLEstimator          = KNNEnsemble{}
	_ WassersteinEstimator = Sinkhorn{}
	_ WassersteinEstimator = Sliced{}
	_ WassersteinEstimator = Exact{}
)
