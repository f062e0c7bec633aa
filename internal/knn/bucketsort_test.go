package knn

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBucketArgsort: the bucket sort gives the stable sorted order of the
// radix sort (and of a comparison sort), ties, signed zeros and subnormals
// included, and declines (so argsort falls back to the radix sort) on
// clustered, constant, short or overflowing data; its bucket starts bound
// every bucket.
func TestBucketArgsort(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	gen := func(n int, f func(i int) float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = f(i)
		}
		return x
	}
	cases := []struct {
		name string
		x    []float64
		ok   bool
	}{
		{"normal", gen(5000, func(int) float64 { return rng.NormFloat64() }), true},
		{"uniform", gen(4096, func(int) float64 { return rng.Float64() }), true},
		{"ties", gen(3000, func(int) float64 { return float64(rng.IntN(2000)) }), true},
		{"zeros", gen(1000, func(i int) float64 {
			return []float64{0, math.Copysign(0, -1), 1, -1, 5e-324, -5e-324}[rng.IntN(6)] + float64(i%400)*1e-3
		}), true},
		{"few-values", gen(3000, func(int) float64 { return float64(rng.IntN(4)) }), false},
		{"outlier", append(gen(3000, func(int) float64 { return rng.Float64() }), 1e12), false},
		{"constant", gen(100, func(int) float64 { return 7 }), false},
		{"short", gen(63, func(int) float64 { return rng.NormFloat64() }), false},
		{"overflow-range", append(gen(200, func(int) float64 { return rng.NormFloat64() }), math.MaxFloat64, -math.MaxFloat64), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, idx, starts, lo, invWidth, ok := bucketArgsort(c.x)
			require.Equal(t, c.ok, ok)
			wv, widx := radixArgsort(c.x)
			want := make([]int32, len(c.x))
			for i := range want {
				want[i] = int32(i)
			}
			sort.SliceStable(want, func(a, b int) bool { return c.x[want[a]] < c.x[want[b]] })
			require.Equal(t, want, widx)
			gv, gidx := argsort(c.x)
			require.Equal(t, widx, gidx)
			require.Equal(t, len(wv), len(gv))
			for p := range wv {
				require.Equal(t, math.Float64bits(wv[p]), math.Float64bits(gv[p]), "position %d", p)
			}
			if !ok {
				return
			}
			require.Equal(t, widx, idx)
			for p := range v {
				require.Equal(t, math.Float64bits(wv[p]), math.Float64bits(v[p]))
			}
			// every value of bucket b lies in [starts[b], starts[b+1])
			nb := len(starts) - 1
			for b := 0; b < nb; b++ {
				for p := starts[b]; p < starts[b+1]; p++ {
					f := (v[p] - lo) * invWidth
					require.Equal(t, b, int(min(f, float64(nb-1))))
				}
			}
		})
	}
}
