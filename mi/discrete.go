package mi

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/entropy"
	"github.com/itlab/itlab/internal/check"
)

// Discrete estimates the mutual information between two discrete variables,
//
//	Î(X;Y) = Ĥ(X) + Ĥ(Y) − Ĥ(X,Y)   (nats),
//
// with one discrete entropy estimator applied to the marginal and the joint
// symbol counts. Each distinct row of a matrix is one symbol (exact equality
// of the float64 values, −0 equal to +0), so integer codes, binned
// activations or one-hot rows all work; labels are symbols as they are.
//
// Entropy chooses the entropy estimator: nil or entropy.PlugIn{} is the
// maximum-likelihood estimate, which is biased upwards by about
// (K_XY − K_X − K_Y + 1)/(2N) nats for independent variables with K_X, K_Y
// symbols (Miller 1955; Paninski 2003, §4); entropy.MillerMadow{} removes
// that first-order bias, and entropy.Grassberger{} (Grassberger 2003) corrects
// most of the bias that remains when many symbols are seen only a few times.
// The bias-corrected estimates can be slightly negative for independent
// variables. entropy.NSB needs an alphabet size per variable and is not
// accepted here.
//
// Cost O(n·(d_x + d_y) + n log n) time and O(n) memory.
type Discrete struct {
	// Entropy is the entropy estimator of the three terms; nil means
	// entropy.PlugIn{}.
	Entropy entropy.Discrete
}

var (
	_ Estimator      = Discrete{}
	_ LabelEstimator = Discrete{}
)

func (e Discrete) estimator() (entropy.Discrete, error) {
	switch e.Entropy.(type) {
	case nil:
		return entropy.PlugIn{}, nil
	case entropy.NSB, *entropy.NSB:
		return nil, fmt.Errorf("mi.Discrete: NSB needs one alphabet size per variable; use PlugIn, MillerMadow or Grassberger: %w", check.ErrParam)
	}
	return e.Entropy, nil
}

// MI estimates I(X;Y) in nats between the rows of x (n×d_x) and y (n×d_y),
// each distinct row one symbol. Both need the same n ≥ 1 and finite values.
func (e Discrete) MI(x, y mat.Matrix) (float64, error) {
	if err := check.Samples("x", x, 1); err != nil {
		return math.NaN(), fmt.Errorf("mi.Discrete: %w", err)
	}
	if err := check.Samples("y", y, 1); err != nil {
		return math.NaN(), fmt.Errorf("mi.Discrete: %w", err)
	}
	if err := check.SameRows("x", x, "y", y); err != nil {
		return math.NaN(), fmt.Errorf("mi.Discrete: %w", err)
	}
	xs, kx := entropy.RowSymbols(x)
	ys, ky := entropy.RowSymbols(y)
	return e.symbols(xs, kx, ys, ky)
}

// MILabels estimates I(X;Y) in nats between the rows of x (n×d, each distinct
// row one symbol) and the labels y (n values, any integers).
func (e Discrete) MILabels(x mat.Matrix, y []int) (float64, error) {
	if err := check.Samples("x", x, 1); err != nil {
		return math.NaN(), fmt.Errorf("mi.Discrete: %w", err)
	}
	if n, _ := x.Dims(); n != len(y) {
		return math.NaN(), fmt.Errorf("mi.Discrete: x has %d rows but %d labels: %w", n, len(y), check.ErrShape)
	}
	xs, kx := entropy.RowSymbols(x)
	ys, ky := denseIDs(y)
	return e.symbols(xs, kx, ys, ky)
}

// Symbols estimates I(X;Y) in nats between two paired symbol sequences
// (any integers, equal lengths ≥ 1).
func (e Discrete) Symbols(x, y []int) (float64, error) {
	if len(x) != len(y) {
		return math.NaN(), fmt.Errorf("mi.Discrete: %d symbols of x but %d of y: %w", len(x), len(y), check.ErrShape)
	}
	if len(x) == 0 {
		return math.NaN(), fmt.Errorf("mi.Discrete: no symbols: %w", check.ErrTooFewSamples)
	}
	xs, kx := denseIDs(x)
	ys, ky := denseIDs(y)
	return e.symbols(xs, kx, ys, ky)
}

// symbols estimates I from dense ids xs in 0..kx−1 and ys in 0..ky−1.
func (e Discrete) symbols(xs []int, kx int, ys []int, ky int) (float64, error) {
	h, err := e.estimator()
	if err != nil {
		return math.NaN(), err
	}
	cx := make([]int, kx)
	cy := make([]int, ky)
	joint := make([]int, len(xs))
	for i, a := range xs {
		b := ys[i]
		cx[a]++
		cy[b]++
		joint[i] = a*ky + b // < n² fits an int
	}
	hx, err := h.Counts(cx)
	if err != nil {
		return math.NaN(), fmt.Errorf("mi.Discrete: %w", err)
	}
	hy, err := h.Counts(cy)
	if err != nil {
		return math.NaN(), fmt.Errorf("mi.Discrete: %w", err)
	}
	hxy, err := h.Counts(entropy.SymbolCounts(joint))
	if err != nil {
		return math.NaN(), fmt.Errorf("mi.Discrete: %w", err)
	}
	return hx + hy - hxy, nil
}

// denseIDs maps the distinct values of v to ids 0..k−1 in increasing order of
// value (Discrete, and ipLabels for sparse labels). O(n log n).
func denseIDs(v []int) ([]int, int) {
	vals := slices.Clone(v)
	slices.Sort(vals)
	vals = slices.Compact(vals)
	ids := make([]int, len(v))
	for i, x := range v {
		ids[i], _ = slices.BinarySearch(vals, x)
	}
	return ids, len(vals)
}
