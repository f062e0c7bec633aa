package knn

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkEachKNNLeaf times the all-points k-NN query (k = 3) of a tree in
// 2 and 3 dimensions with the AVX2 structure-of-arrays leaf scan ("soa",
// where available) against the scalar leaf scan of the same tree
// ("scalar", the baseline and the -tags purego path).
func BenchmarkEachKNNLeaf(b *testing.B) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, d := range []int{2, 3} {
		for _, nm := range []Norm{Max, Euclidean} {
			n, k := 100000, 3
			pts := makeData(rng, n, d, false)
			tr := Build(pts, n, d, nm, 0, 0)
			scalar := *tr
			scalar.soa = nil
			for _, c := range []struct {
				name string
				t    *Tree
			}{{"soa", tr}, {"scalar", &scalar}} {
				b.Run(fmt.Sprintf("d%d/%v/n%d/%s", d, nm, n, c.name), func(b *testing.B) {
					if c.name == "soa" && c.t.soa == nil {
						b.Skip("no AVX2 leaf scan in this build")
					}
					sums := make([]float64, 128)
					for b.Loop() {
						c.t.EachKNN(k, false, 1024, 0, func(blk, _ int, dist []float64, _ []int32) {
							sums[blk] += dist[k-1]
						})
					}
				})
			}
		}
	}
}
