package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// insertRef offers the distance bits v to the ascending list dist as the
// scalar walks do (insertDist when below the limit lb) and returns the new
// limit.
func insertRef(dist []float64, v, lb uint64) uint64 {
	if v < lb {
		return insertDist(dist, v, lb)
	}
	return lb
}

// insertValues draws distance bits with many ties and zeros (a few
// distinct values), or spread values.
func insertValues(rng *rand.Rand, tied bool, m int) []uint64 {
	v := make([]uint64, m)
	for i := range v {
		if tied {
			v[i] = math.Float64bits(float64(rng.IntN(4)) * 0.25)
		} else {
			v[i] = math.Float64bits(rng.ExpFloat64())
		}
	}
	return v
}

// TestInsert3MatchesInsertDist checks that the branch-free insertion of
// the strip walks leaves the list and the limit as insertDist does, for
// values above, at and below the k-th distance, ties and zeros included,
// and from limits below the list's last entry (a bound given).
func TestInsert3MatchesInsertDist(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, tied := range []bool{false, true} {
		t.Run(fmt.Sprintf("tied=%v", tied), func(t *testing.T) {
			for trial := 0; trial < 2000; trial++ {
				lb := math.Float64bits(math.Inf(1))
				if trial%3 == 1 {
					lb = nextUpBits(0.5)
				}
				ref := []float64{math.Inf(1), math.Inf(1), math.Inf(1)}
				inf := math.Float64bits(math.Inf(1))
				d0, d1, d2, lb3 := inf, inf, inf, lb
				for _, v := range insertValues(rng, tied, 1+rng.IntN(12)) {
					lb = insertRef(ref, v, lb)
					if v < lb3 { // the walks offer only what their filter passes
						d0, d1, d2 = insert3(d0, d1, d2, v)
						lb3 = min(lb3, d2)
					}
					// and a value the filter did not stop changes nothing
					e0, e1, e2 := insert3(d0, d1, d2, max(v, d2))
					require.Equal(t, [3]uint64{d0, d1, d2}, [3]uint64{e0, e1, e2})
				}
				require.Equal(t, lb, lb3)
				require.Equal(t, []float64{ref[0], ref[1], ref[2]},
					[]float64{math.Float64frombits(d0), math.Float64frombits(d1), math.Float64frombits(d2)})
			}
		})
	}
}

// TestInsertMarkedMatchesInsertDist checks the column walks' branch-free
// insertion of the filter's marked distances against insertDist in mark
// order, for k = 1…5 (k = 3 has its own path), ties and zeros included.
func TestInsertMarkedMatchesInsertDist(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, k := range []int{1, 2, 3, 4, 5} {
		for _, tied := range []bool{false, true} {
			t.Run(fmt.Sprintf("k=%d/tied=%v", k, tied), func(t *testing.T) {
				for trial := 0; trial < 1000; trial++ {
					var buf [2 * colPad]float64
					ref, got := make([]float64, k), make([]float64, k)
					resetKNN(ref, nil)
					resetKNN(got, nil)
					lb := math.Float64bits(math.Inf(1))
					if trial%3 == 1 {
						lb = nextUpBits(0.5)
					}
					lbRef := lb
					for round := 0; round < 3; round++ {
						vals := insertValues(rng, tied, len(buf))
						var m uint64
						for t, v := range vals {
							buf[t] = math.Float64frombits(v)
							// the filter marks the distances below the limit
							// at its call, some positions masked off
							if v < lb && rng.IntN(4) != 0 {
								m |= 1 << uint(t)
							}
						}
						for mm := m; mm != 0; mm &= mm - 1 {
							lbRef = insertRef(ref, math.Float64bits(buf[bitsTrailing(mm)]), lbRef)
						}
						lb = insertMarked(got, &buf, m, lb)
						require.Equal(t, lbRef, lb)
						require.Equal(t, ref, got)
					}
				}
			})
		}
	}
}

func bitsTrailing(m uint64) int {
	t := 0
	for m&1 == 0 {
		m >>= 1
		t++
	}
	return t
}
