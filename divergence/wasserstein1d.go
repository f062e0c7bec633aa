package divergence

import (
	"fmt"
	"math"
	"sync"

	"github.com/itlab/itlab/internal/check"
)

// W1D returns the exact p-Wasserstein distance W_p (order ≥ 1) between two
// weighted 1-D empirical distributions, in the units of the data:
//
//	W_p(P, Q) = ( ∫₀¹ |F⁻¹(t) − G⁻¹(t)|^p dt )^(1/p)
//
// where F⁻¹ and G⁻¹ are the quantile functions of P = Σ_i wp_i δ(p_i) and
// Q = Σ_j wq_j δ(q_j). In 1-D the monotone (quantile) coupling is optimal for
// every convex cost, so this is exact. For order 1 it equals ∫|F − G|dx,
// which is what scipy.stats.wasserstein_distance returns.
//
// Sizes may differ. nil weights mean uniform; otherwise weights must be
// finite and non-negative with a positive sum, and are normalised. Inputs are
// not modified. Both samples are sorted concurrently by an O(n) radix sort,
// then merged in O(n + m); total O(n + m) time and memory.
func W1D(p, q []float64, wp, wq []float64, order float64) (float64, error) {
	if !(order >= 1) || math.IsInf(order, 0) {
		return 0, fmt.Errorf("divergence: Wasserstein order %v, need a finite p ≥ 1: %w", order, check.ErrParam)
	}
	if len(p) == 0 || len(q) == 0 {
		return 0, fmt.Errorf("divergence: empty sample (%d and %d values): %w", len(p), len(q), check.ErrTooFewSamples)
	}
	if err := check.FiniteSlice("p", p); err != nil {
		return 0, err
	}
	if err := check.FiniteSlice("q", q); err != nil {
		return 0, err
	}
	var err error
	if wp != nil {
		if len(wp) != len(p) {
			return 0, fmt.Errorf("divergence: %d weights for %d values of p: %w", len(wp), len(p), check.ErrShape)
		}
		if wp, err = normalise("p weights", wp); err != nil {
			return 0, err
		}
	}
	if wq != nil {
		if len(wq) != len(q) {
			return 0, fmt.Errorf("divergence: %d weights for %d values of q: %w", len(wq), len(q), check.ErrShape)
		}
		if wq, err = normalise("q weights", wq); err != nil {
			return 0, err
		}
	}
	u := append([]float64(nil), p...)
	v := append([]float64(nil), q...)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		radixSort(u, wp)
	}()
	radixSort(v, wq)
	wg.Wait()
	return math.Pow(sortedCost(u, v, wp, wq, order), 1/order), nil
}

// sortedCost returns W_p^p between sorted samples u and v with normalised
// weights (nil = uniform).
func sortedCost(u, v, wu, wv []float64, order float64) float64 {
	n, m := len(u), len(v)
	if wu == nil && wv == nil && n == m {
		var s float64
		for i := range u {
			s += powAbs(u[i]-v[i], order)
		}
		return s / float64(n)
	}
	// Walk the merged quantile levels: the cumulative weights of u and v.
	massU := func(i int) float64 {
		if wu == nil {
			return 1 / float64(n)
		}
		return wu[i]
	}
	massV := func(j int) float64 {
		if wv == nil {
			return 1 / float64(m)
		}
		return wv[j]
	}
	var cost, prev float64
	i, j := 0, 0
	cu, cv := massU(0), massV(0)
	for i < n && j < m {
		next := cu // min(cu, cv); both finite, so a comparison does
		if cv < next {
			next = cv
		}
		if i == n-1 && j == m-1 {
			next = 1 // both cumulative sums end at 1 up to rounding
		}
		if next > prev {
			cost += (next - prev) * powAbs(u[i]-v[j], order)
			prev = next
		}
		switch {
		case i == n-1 && j == m-1:
			i, j = n, m
		case i == n-1:
			j++
			cv += massV(j)
		case j == m-1:
			i++
			cu += massU(i)
		case cu < cv:
			i++
			cu += massU(i)
		case cv < cu:
			j++
			cv += massV(j)
		default:
			i++
			j++
			cu += massU(i)
			cv += massV(j)
		}
	}
	return cost
}

func powAbs(x, p float64) float64 {
	x = math.Abs(x)
	switch p {
	case 1:
		return x
	case 2:
		return x * x
	}
	return math.Pow(x, p)
}
