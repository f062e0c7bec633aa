package knn

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkColumns times the all-points 3-D max-norm k-NN (k = 3) of a
// correlated normal, build included: the column search against the kd-tree
// (the baseline), both on one worker.
func BenchmarkColumns(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		rng := rand.New(rand.NewPCG(7, 8))
		pts := make([]float64, 3*n)
		for i := 0; i < n; i++ {
			a := rng.NormFloat64()
			pts[3*i], pts[3*i+1], pts[3*i+2] = a, 0.8*a+0.6*rng.NormFloat64(), 0.5*a+0.5*rng.NormFloat64()
		}
		const k = 3
		out := make([]float64, n)
		b.Run(fmt.Sprintf("n%d/columns", n), func(b *testing.B) {
			for b.Loop() {
				c := NewColumns(pts, n, k, 0, 1)
				c.EachKNN(k, false, 1024, 1, func(_, i int, d []float64, _ []int32) { out[i] = d[k-1] })
			}
		})
		b.Run(fmt.Sprintf("n%d/tree", n), func(b *testing.B) {
			for b.Loop() {
				t := Build(pts, n, 3, Max, 0, 1)
				t.EachKNN(k, false, 1024, 1, func(_, i int, d []float64, _ []int32) { out[i] = d[k-1] })
			}
		})
	}
}
