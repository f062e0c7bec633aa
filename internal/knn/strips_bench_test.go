package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkStrips times the all-points 2-D max-norm k-NN (k = 3) of a
// bivariate normal with correlation 0.9, build included: the strip search
// (sort orders given, as KSG has them from its marginals) against the
// kd-tree (the baseline).
func BenchmarkStrips(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		rng := rand.New(rand.NewPCG(5, 6))
		x, y := make([]float64, n), make([]float64, n)
		pts := make([]float64, 2*n)
		for i := range x {
			a := rng.NormFloat64()
			x[i], y[i] = a, 0.9*a+math.Sqrt(1-0.81)*rng.NormFloat64()
			pts[2*i], pts[2*i+1] = x[i], y[i]
		}
		_, xo := radixArgsort(x)
		_, yo := radixArgsort(y)
		const k = 3
		out := make([]float64, n)
		for _, f := range []float64{0.25, 0.5, 0.75, 1, 1.5} {
			size := max(int(math.Sqrt(float64(n*k))*f), 8)
			b.Run(fmt.Sprintf("n%d/strips-f%.2f", n, f), func(b *testing.B) {
				for b.Loop() {
					s := NewStrips(x, y, xo, yo, k, size)
					s.EachKNN(k, false, 1024, 1, func(_, i int, d []float64, _ []int32) { out[i] = d[k-1] })
				}
			})
		}
		b.Run(fmt.Sprintf("n%d/tree", n), func(b *testing.B) {
			for b.Loop() {
				t := Build(pts, n, 2, Max, 0, 1)
				t.EachKNN(k, false, 1024, 1, func(_, i int, d []float64, _ []int32) { out[i] = d[k-1] })
			}
		})
	}
}
