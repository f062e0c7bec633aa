package knn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSortedCountNearMatchesCount1: CountSelf's stepping search from the
// lookup table's guess gives Count1's counts, strict and inclusive, for
// radii equal to the distance to another value (so values lie exactly on the
// radius, as KSG's k-th distances put them, the largest and smallest values
// included) and for random radii, on smooth data (bucket-sort table) and on
// clustered data (radix sort, buildLUT's table, far guesses).
func TestSortedCountNearMatchesCount1(t *testing.T) {
	rng := rand.New(rand.NewPCG(81, 82))
	for _, kind := range []string{"normal", "clustered"} {
		for _, n := range []int{64, 65, 300, 2000} {
			t.Run(fmt.Sprintf("%s/n%d", kind, n), func(t *testing.T) {
				x := make([]float64, n)
				for i := range x {
					x[i] = rng.NormFloat64()
					if kind == "clustered" {
						x[i] = float64(rng.IntN(3))*1e6 + x[i]
					}
				}
				s := NewSortedValues(x)
				require.NotNil(t, s.lut)
				r := make([]float64, n)
				for i := range r {
					if i%2 == 0 {
						r[i] = x[i] - x[rng.IntN(n)]
						if r[i] < 0 {
							r[i] = -r[i]
						}
					} else {
						r[i] = rng.Float64() * 0.5
					}
				}
				for _, inc := range []bool{false, true} {
					got := make([]int32, n)
					s.CountSelf(r, inc, got, 2)
					for i := range x {
						require.Equal(t, s.Count1(x[i], r[i], inc), int(got[i]), "row %d r %v inclusive %v", i, r[i], inc)
					}
				}
			})
		}
	}
}
