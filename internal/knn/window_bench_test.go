package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// equicorrelated returns n points of two groups of d coordinates each from
// a 2d-dimensional standard normal with all correlations rho (≥ 0).
func equicorrelated(rng *rand.Rand, n, da, db int, rho float64) (a, b []float64) {
	a, b = make([]float64, n*da), make([]float64, n*db)
	s, t := math.Sqrt(rho), math.Sqrt(1-rho)
	for i := 0; i < n; i++ {
		z := rng.NormFloat64()
		for c := 0; c < da; c++ {
			a[i*da+c] = s*z + t*rng.NormFloat64()
		}
		for c := 0; c < db; c++ {
			b[i*db+c] = s*z + t*rng.NormFloat64()
		}
	}
	return a, b
}

// exhaustiveCounts is the exhaustive search SplitWindows replaces: four
// queries per SplitScan pass, then the k-NN selection and both counts.
func exhaustiveCounts(s *SplitScan, k int, eps []float64, na, nb []int32) {
	n := s.N()
	pc := s.NewPairScanner()
	dist := make([]float64, k)
	for i0 := 0; i0 < n; i0 += 4 {
		q := [4]int{i0, min(i0+1, n-1), min(i0+2, n-1), min(i0+3, n-1)}
		pc.Scan4(q[0], q[1], q[2], q[3])
		for g, i := range q {
			pc.KNN(g, dist, nil)
			a, b := pc.CountAB(g, dist[k-1], dist[k-1], false)
			eps[i], na[i], nb[i] = dist[k-1], int32(a), int32(b)
		}
	}
}

// BenchmarkSplitWindows: KSG-1's k-NN and counts for all points (k = 3) on
// equicorrelated Gaussians (ρ = 0.5), one worker: the windowed search
// (slab=0: the default slab size) against the exhaustive four-query scan.
func BenchmarkSplitWindows(b *testing.B) {
	defer func(v int) { winSlabFixed = v }(winSlabFixed)
	for _, c := range [][3]int{{5, 5, 10000}, {3, 3, 5000}, {5, 5, 50000}, {4, 4, 20000}} {
		rng := rand.New(rand.NewPCG(1, 1))
		n := c[2]
		a, bb := equicorrelated(rng, n, c[0], c[1], 0.5)
		eps, na, nb := make([]float64, n), make([]int32, n), make([]int32, n)
		pre := fmt.Sprintf("%dx%d/n=%d/", c[0], c[1], n)
		b.Run(pre+"exhaustive", func(b *testing.B) {
			s := NewSplitScan(a, c[0], bb, c[1], n, nil)
			for b.Loop() {
				exhaustiveCounts(s, 3, eps, na, nb)
			}
		})
		for _, size := range []int{0, 128, 256, 512, 1024} {
			b.Run(fmt.Sprintf("%swindows/slab=%d", pre, size), func(b *testing.B) {
				winSlabFixed = size
				for b.Loop() {
					w := NewSplitWindows(a, c[0], bb, c[1], n, nil)
					w.Counts(3, false, 1, eps, na, nb)
				}
			})
		}
	}
}

// BenchmarkSplitWindowsKeys: the choice of keys on 5+5-D data whose first
// coordinate in each group is a rectified Gaussian (half the values 0, as a
// ReLU layer's): keyed on it (keys in column order), a slab holds a
// thousand points of the same key; the chosen keys avoid it.
func BenchmarkSplitWindowsKeys(b *testing.B) {
	defer func(v bool) { winNoKeyOrder = v }(winNoKeyOrder)
	rng := rand.New(rand.NewPCG(1, 1))
	n := 10000
	a, bb := equicorrelated(rng, n, 5, 5, 0.5)
	for i := 0; i < n; i++ {
		a[i*5], bb[i*5] = max(a[i*5], 0), max(bb[i*5], 0)
	}
	eps, na, nb := make([]float64, n), make([]int32, n), make([]int32, n)
	for _, fixed := range []bool{true, false} {
		b.Run(map[bool]string{true: "column-order", false: "chosen"}[fixed], func(b *testing.B) {
			winNoKeyOrder = fixed
			for b.Loop() {
				w := NewSplitWindows(a, 5, bb, 5, n, nil)
				w.Counts(3, false, 1, eps, na, nb)
			}
		})
	}
}
