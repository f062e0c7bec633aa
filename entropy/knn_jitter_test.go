package entropy

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// klJitterColumns is the column-at-a-time jitter that klJitterScale and
// klJitterAdd replaced (the reference of TestKLJitterMatches).
func klJitterColumns(x []float64, n, d int, level float64, z []float64) {
	sd := make([]float64, d)
	for c := 0; c < d; c++ {
		var mean, ss float64
		for i := 0; i < n; i++ {
			mean += x[i*d+c]
		}
		mean /= float64(n)
		for i := 0; i < n; i++ {
			v := x[i*d+c] - mean
			ss += v * v
		}
		sd[c] = 1
		if n > 1 && ss > 0 {
			sd[c] = math.Sqrt(ss / float64(n-1))
		}
	}
	for i := 0; i < n; i++ {
		for c := 0; c < d; c++ {
			x[i*d+c] += level * sd[c] * z[i*d+c]
		}
	}
}

// TestKLJitterMatches: the one-pass column scales and the blocked addition
// give the jittered values of the column-at-a-time loops bit for bit, at
// any worker count.
func TestKLJitterMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, d := range []int{1, 3, 4} {
		for _, n := range []int{1, 9, 50000} {
			x := make([]float64, n*d)
			z := make([]float64, n*d)
			for i := range x {
				x[i] = float64(i%d+1) * rng.NormFloat64()
				if i%d == 2 {
					x[i] = 7 // a constant column
				}
				z[i] = rng.NormFloat64()
			}
			want := append([]float64(nil), x...)
			klJitterColumns(want, n, d, 1e-8, z)
			for _, w := range []int{1, 2, 3} {
				t.Run(fmt.Sprintf("d%d/n%d/w%d", d, n, w), func(t *testing.T) {
					got := append([]float64(nil), x...)
					klJitterAdd(got, n, d, klJitterScale(got, n, d, 1e-8), z, w)
					for i := range want {
						require.Equal(t, math.Float64bits(want[i]), math.Float64bits(got[i]), "entry %d", i)
					}
				})
			}
		}
	}
}

// TestKLJitterOntoMatches: writing the jittered values over the variates
// gives the values of the copy-then-add path bit for bit, and Entropy gives
// the same bits whether its input is contiguous (that path) or a strided
// view (the copy), for 3-D (columns) and 2-D (tree) data.
func TestKLJitterOntoMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const n = 30000
	for _, d := range []int{2, 3} {
		x := make([]float64, n*d)
		z := make([]float64, n*d)
		for i := range x {
			x[i] = rng.NormFloat64() * float64(i%d+1)
			z[i] = rng.NormFloat64()
		}
		scale := klJitterScale(x, n, d, 1e-8)
		want := append([]float64(nil), x...)
		klJitterAdd(want, n, d, scale, z, 1)
		for _, w := range []int{1, 3} {
			got := append([]float64(nil), z...)
			klJitterOnto(got, x, n, d, scale, w)
			for i := range want {
				require.Equal(t, math.Float64bits(want[i]), math.Float64bits(got[i]), "d %d entry %d", d, i)
			}
		}
		dense := mat.NewDense(n, d, x)
		wide := mat.NewDense(n, d+2, nil)
		view := wide.Slice(0, n, 1, d+1).(*mat.Dense)
		view.Copy(dense)
		a, err := KL{}.Entropy(dense)
		require.NoError(t, err)
		b, err := KL{}.Entropy(view)
		require.NoError(t, err)
		require.Equal(t, math.Float64bits(a), math.Float64bits(b), "d %d: %v vs %v", d, a, b)
	}
}
