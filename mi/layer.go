package mi

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Helpers shared by the information-plane estimators (binning, adaptive
// binning, KDE, adaptive KDE, Rényi). The ip prefix keeps them apart from
// the other estimators' helpers in this package.

// ipFlatten validates m (at least min rows, at least one column, finite) and
// returns its values row-major in a fresh slice.
func ipFlatten(name string, m mat.Matrix, min int) ([]float64, int, int, error) {
	if err := check.Samples(name, m, min); err != nil {
		return nil, 0, 0, err
	}
	n, d := m.Dims()
	out := make([]float64, n*d)
	if rm, ok := m.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		for i := 0; i < n; i++ {
			copy(out[i*d:i*d+d], raw.Data[i*raw.Stride:i*raw.Stride+d])
		}
		return out, n, d, nil
	}
	for i := 0; i < n; i++ {
		for k := 0; k < d; k++ {
			out[i*d+k] = m.At(i, k)
		}
	}
	return out, n, d, nil
}

// ipLabels validates labels for n samples and returns them as dense class
// ids 0..nc−1 (the input itself when max+1 ≤ n, else the rank of each value
// among the distinct labels, so huge label values cost no memory), the
// number of classes nc and the count of each class.
func ipLabels(y []int, n int) ([]int, int, []int, error) {
	nc, err := check.Labels("y", y, n)
	if err != nil {
		return nil, 0, nil, err
	}
	if nc > n {
		vals := slices.Clone(y)
		slices.Sort(vals)
		vals = slices.Compact(vals)
		dense := make([]int, n)
		for i, v := range y {
			dense[i], _ = slices.BinarySearch(vals, v)
		}
		y, nc = dense, len(vals)
	}
	counts := make([]int, nc)
	for _, l := range y {
		counts[l]++
	}
	return y, nc, counts, nil
}

// ipEntropyCounts returns the plug-in entropy −Σ p ln p (nats) of counts
// that sum to n, summed in slice order.
func ipEntropyCounts(counts []int, n int) float64 {
	var h float64
	fn := float64(n)
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / fn
			h -= p * math.Log(p)
		}
	}
	return h
}

// ipNonNeg clamps tiny negative round-off of a difference of entropies.
func ipNonNeg(v float64) float64 {
	if v < 0 && v > -1e-12 {
		return 0
	}
	return v
}

func ipParamErr(format string, a ...any) error {
	return fmt.Errorf(format+": %w", append(a, check.ErrParam)...)
}
