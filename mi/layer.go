package mi

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Helpers shared by the information-plane estimators (binning, adaptive
// binning, KDE, adaptive KDE, Rényi). The ip prefix keeps them apart from
// the other estimators' helpers in this package.

// ipFlatten validates m (at least min rows, at least one column, finite) and
// returns its values row-major in a fresh slice.
func ipFlatten(name string, m mat.Matrix, min int) ([]float64, int, int, error) {
	x, n, d, _, _, err := ipFlattenRange(name, m, min, nil)
	return x, n, d, err
}

// ipFlattenRange is ipFlatten that also returns the smallest and largest
// value. One pass copies the values, tests them for finiteness (the sum of
// v − v is 0 exactly when every v is finite, with no branch per value) and
// tracks the range; only a failure calls check.Samples, for its message, so
// the errors are those of check.Samples. A non-nil sc lends the buffer (x
// then lives in sc.x).
func ipFlattenRange(name string, m mat.Matrix, min int, sc *ipScratch) (x []float64, n, d int, lo, hi float64, err error) {
	if check.IsNil(m) {
		return nil, 0, 0, 0, 0, check.Samples(name, m, min)
	}
	n, d = m.Dims()
	if d == 0 || n < min {
		return nil, 0, 0, 0, 0, check.Samples(name, m, min)
	}
	if sc != nil {
		x = ipGrow(&sc.x, n*d)
	} else {
		x = make([]float64, n*d)
	}
	if n == 0 {
		return x, n, d, 0, 0, nil
	}
	var acc float64
	lo, hi = math.Inf(1), math.Inf(-1)
	if rm, ok := m.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		if raw.Stride == d {
			acc, lo, hi = ipCopyScan(x, raw.Data[:n*d], acc, lo, hi)
		} else {
			for i := 0; i < n; i++ {
				acc, lo, hi = ipCopyScan(x[i*d:i*d+d], raw.Data[i*raw.Stride:i*raw.Stride+d], acc, lo, hi)
			}
		}
	} else {
		for i := 0; i < n; i++ {
			for k := 0; k < d; k++ {
				x[i*d+k] = m.At(i, k)
			}
		}
		acc, lo, hi = ipCopyScan(x, x, acc, lo, hi)
	}
	if acc != 0 {
		if err := check.Samples(name, m, min); err != nil {
			return nil, 0, 0, 0, 0, err
		}
		// not reached: a non-finite value fails check.Samples
		return nil, 0, 0, 0, 0, fmt.Errorf("%s: non-finite value: %w", name, check.ErrNonFinite)
	}
	return x, n, d, lo, hi, nil
}

// ipCopyScan copies src to dst and adds v − v of every value to acc (0
// for finite values, NaN otherwise) and updates the range [lo, hi].
// Two accumulators halve the chain of dependent additions.
func ipCopyScan(dst, src []float64, acc, lo, hi float64) (float64, float64, float64) {
	dst = dst[:len(src)]
	var acc2 float64
	k := 0
	for ; k+2 <= len(src); k += 2 {
		v, w := src[k], src[k+1]
		dst[k], dst[k+1] = v, w
		acc += v - v
		acc2 += w - w
		if v < lo { // predictable: rarely taken
			lo = v
		}
		if v > hi {
			hi = v
		}
		if w < lo {
			lo = w
		}
		if w > hi {
			hi = w
		}
	}
	if k < len(src) {
		v := src[k]
		dst[k] = v
		acc += v - v
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	return acc + acc2, lo, hi
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
		y, nc = denseIDs(y)
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
	// ln p of the small counts, computed once each (most counts are small,
	// often 1): the same values in the same sum, so the same result
	var lnp [ipLogMemo]float64
	var have [ipLogMemo]bool
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / fn
			var lp float64
			if c < ipLogMemo {
				if !have[c] {
					lnp[c], have[c] = math.Log(p), true
				}
				lp = lnp[c]
			} else {
				lp = math.Log(p)
			}
			h -= p * lp
		}
	}
	return h
}

// ipLogMemo is the number of small counts whose logarithms the plug-in
// entropies compute once per call.
const ipLogMemo = 64

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
