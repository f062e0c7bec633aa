package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// eachKNNAll collects Tree.EachKNN into arrays indexed by original row.
func eachKNNAll(tr *Tree, k int, withNbr bool, workers int) ([]float64, []int32) {
	n := tr.N()
	dist := make([]float64, n*k)
	var nbr []int32
	if withNbr {
		nbr = make([]int32, n*k)
	}
	tr.EachKNN(k, withNbr, 64, workers, func(_, i int, d []float64, nb []int32) {
		copy(dist[i*k:i*k+k], d)
		if withNbr {
			copy(nbr[i*k:i*k+k], nb)
		}
	})
	return dist, nbr
}

// TestLeafSoAMatchesScalarAndBrute checks the structure-of-arrays leaf scan
// (the AVX2 filter where the CPU has it) against the scalar leaf scan of the
// same tree and against the exhaustive scan: identical k-th distances and
// neighbour rows, ties included, for leaf sizes that are and are not
// multiples of 4, n smaller than one vector, and exact duplicates.
func TestLeafSoAMatchesScalarAndBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	type gen struct {
		name string
		f    func(n, d int) []float64
	}
	gens := []gen{
		{"normal", func(n, d int) []float64 { return makeData(rng, n, d, false) }},
		{"tied", func(n, d int) []float64 { return makeData(rng, n, d, true) }},
		{"duplicates", func(n, d int) []float64 {
			// every point three times: distance 0 at k ≤ 2, ties at the k-th place
			p := makeData(rng, (n+2)/3, d, false)
			out := make([]float64, n*d)
			for i := 0; i < n; i++ {
				copy(out[i*d:i*d+d], p[(i/3)*d:(i/3)*d+d])
			}
			return out
		}},
		{"constant", func(n, d int) []float64 { return make([]float64, n*d) }},
	}
	for _, d := range []int{2, 3} {
		for _, g := range gens {
			for _, n := range []int{1, 2, 3, 4, 5, 7, 9, 13, 17, 130, 1001} {
				pts := g.f(n, d)
				for _, leaf := range []int{2, 3, 5, 0, 29, 64, 70} {
					t.Run(fmt.Sprintf("d%d/%s/n%d/leaf%d/euclidean", d, g.name, n, leaf), func(t *testing.T) {
						tr := Build(pts, n, d, Euclidean, leaf, 2)
						if haveAVX2 && leaf <= 64 && !sqDistFused {
							require.NotNil(t, tr.soa, "AVX2 leaf path not taken")
						}
						scalar := *tr
						scalar.soa = nil
						br := NewBrute(pts, n, d, Euclidean)
						for _, k := range []int{1, 3, 8} {
							wd := make([]float64, n*k)
							br.AllKNN(k, wd, nil, 1)
							gd, gn := eachKNNAll(tr, k, true, 2)
							sd, sn := eachKNNAll(&scalar, k, true, 1)
							require.Equal(t, wd, gd, "k=%d vs brute", k)
							require.Equal(t, sd, gd, "k=%d vs scalar", k)
							require.Equal(t, sn, gn, "k=%d rows vs scalar", k)
						}
					})
					t.Run(fmt.Sprintf("d%d/%s/n%d/leaf%d", d, g.name, n, leaf), func(t *testing.T) {
						tr := Build(pts, n, d, Max, leaf, 2)
						if haveAVX2 && leaf <= 64 {
							require.NotNil(t, tr.soa, "AVX2 leaf path not taken")
							require.Zero(t, tr.soaS%4)
						}
						scalar := *tr
						scalar.soa = nil
						br := NewBrute(pts, n, d, Max)
						for _, k := range []int{1, 3, 8} {
							wd, wn := make([]float64, n*k), make([]int32, n*k)
							br.AllKNN(k, wd, wn, 1)
							for _, withNbr := range []bool{false, true} {
								gd, gn := eachKNNAll(tr, k, withNbr, 2)
								sd, sn := eachKNNAll(&scalar, k, withNbr, 1)
								require.Equal(t, wd, gd, "k=%d nbr=%v vs brute", k, withNbr)
								require.Equal(t, sd, gd, "k=%d nbr=%v vs scalar", k, withNbr)
								if withNbr {
									require.Equal(t, wn, gn, "k=%d rows vs brute", k)
									require.Equal(t, sn, gn, "k=%d rows vs scalar", k)
								}
							}
							// AllKNN (descent from the root) and a query off the data
							ad, an := make([]float64, n*k), make([]int32, n*k)
							tr.AllKNN(k, ad, an, 2)
							require.Equal(t, wd, ad)
							require.Equal(t, wn, an)
							q := make([]float64, d)
							for c := range q {
								q[c] = 0.5
							}
							w, gq := make([]float64, k), make([]float64, k)
							wi, gi := make([]int32, k), make([]int32, k)
							br.KNN(q, -1, w, wi)
							tr.KNN(q, -1, gq, gi)
							require.Equal(t, w, gq)
							require.Equal(t, wi, gi)
						}
					})
				}
			}
		}
	}
}

// TestLeafMaxKernel checks the AVX2 filter kernels lane by lane against the
// scalar distance, with thresholds equal to a lane's distance (the ≤ edge),
// just below it, zero and +Inf.
func TestLeafMaxKernel(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2 kernel in this build")
	}
	rng := rand.New(rand.NewPCG(23, 24))
	for _, d := range []int{2, 3} {
		for _, s := range []int{4, 8, 16, 64} {
			t.Run(fmt.Sprintf("d%d/s%d", d, s), func(t *testing.T) {
				for trial := 0; trial < 50; trial++ {
					blk := make([]float64, d*s)
					for i := range blk {
						blk[i] = float64(rng.IntN(7)) * 0.25 // ties and zero distances
						if trial%2 == 1 {
							blk[i] = rng.NormFloat64()
						}
					}
					q := make([]float64, d)
					for c := range q {
						q[c] = blk[c*s+rng.IntN(s)]
					}
					want := make([]float64, s)
					wantSq := make([]float64, s)
					for j := range want {
						for c := 0; c < d; c++ {
							want[j] = max(want[j], math.Abs(blk[c*s+j]-q[c]))
						}
						wantSq[j] = sqDist(q, []float64{blk[j], blk[s+j], blk[min(2, d-1)*s+j]}[:d])
					}
					n := 4 * (1 + rng.IntN(s/4)) // lanes scanned, ≤ the stride
					for _, thr := range []float64{want[rng.IntN(s)], math.Nextafter(want[rng.IntN(s)], 0), wantSq[rng.IntN(s)], 0, -1, math.Inf(1)} {
						var out [64]float64
						var m uint64
						if d == 2 {
							m = leafMax2AVX2(&blk[0], s, n, &q[0], thr, &out[0])
						} else {
							m = leafMax3AVX2(&blk[0], s, n, &q[0], thr, &out[0])
						}
						for j := 0; j < n; j++ {
							require.Equal(t, math.Float64bits(want[j]), math.Float64bits(out[j]), "lane %d", j)
							require.Equal(t, want[j] <= thr, m>>uint(j)&1 == 1, "lane %d thr %v", j, thr)
						}
						if n < 64 {
							require.Zero(t, m>>uint(n), "bits beyond n")
						}
						if sqDistFused {
							continue // sqDist fuses x*x + s; the squared kernel is not used
						}
						if d == 2 {
							m = leafSq2AVX2(&blk[0], s, n, &q[0], thr, &out[0])
						} else {
							m = leafSq3AVX2(&blk[0], s, n, &q[0], thr, &out[0])
						}
						for j := 0; j < n; j++ {
							require.Equal(t, math.Float64bits(wantSq[j]), math.Float64bits(out[j]), "squared, lane %d", j)
							require.Equal(t, wantSq[j] <= thr, m>>uint(j)&1 == 1, "squared, lane %d thr %v", j, thr)
						}
					}
				}
			})
		}
	}
}
