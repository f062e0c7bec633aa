package mi

import "gonum.org/v1/gonum/mat"

// Estimator estimates the mutual information I(X;Y) in nats between two
// continuous sample sets with the same number of rows (rows are samples).
type Estimator interface {
	// MI returns the estimate in nats for x (n×dx) and y (n×dy), rows
	// paired.
	MI(x, y mat.Matrix) (float64, error)
}

// LabelEstimator estimates I(X;Y) in nats between continuous samples x
// (n×d) and discrete labels y (n values ≥ 0).
type LabelEstimator interface {
	// MILabels returns the estimate in nats for x (n×d) and n labels.
	MILabels(x mat.Matrix, y []int) (float64, error)
}

// Layer holds the two information-plane coordinates of one layer, in nats.
type Layer struct {
	IXT float64 // I(X;T): information the layer keeps about the input
	ITY float64 // I(T;Y): information the layer carries about the labels
}

// LayerEstimator estimates the information-plane coordinates of a layer's
// activations t (n×d, one row per probe sample) where the input X is the
// sample identity (every probe sample is its own symbol, as in the 12-bit
// task) and y are the labels. It is the interface the ib tracker takes.
// Every implementation here takes y == nil to mean "no labels": it then
// estimates only I(X;T) and returns ITY = 0 (MILabels refuses nil labels).
type LayerEstimator interface {
	// Name is a short stable identifier used in files and figures
	// ("binning", "adaptive-binning", "kde", ...).
	Name() string
	// Layer returns I(X;T) and I(T;Y) in nats for the activations t (n×d)
	// and the n labels y (nil: ITY = 0).
	Layer(t mat.Matrix, y []int) (Layer, error)
}
