package knn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCountSelfExactRadii: KSG counts neighbours strictly (or, for KSG2,
// inclusively) within a radius that is itself a distance between two sample
// points, so the counters must decide the boundary exactly as the definition
// dist(p, q) < r does, with dist computed as |a − b| per coordinate. A
// counter that compares against precomputed bounds q − r and q + r instead
// rounds differently for some wide radii and counts the boundary point (an
// earlier Sorted did when the radius reached the largest value exactly).
// Every radius here is the exact distance from a point to another one (a
// near one, a random one, or an extreme one), and every counter must agree
// with Brute on every point.
func TestCountSelfExactRadii(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, d := range []int{1, 2, 3, 5} {
		for _, norm := range []Norm{Max, Euclidean} {
			if d == 1 && norm == Euclidean {
				continue // one coordinate: the norms coincide
			}
			sizes := []int{4000}
			if d == 1 {
				// The cheap case: several samples, since whether a radius
				// reaching the extremes went wrong depended on the sample.
				sizes = []int{1000, 1200, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000}
			}
			for _, n := range sizes {
				testCountSelfExactRadii(t, rng, n, d, norm)
			}
		}
	}
}

func testCountSelfExactRadii(t *testing.T, rng *rand.Rand, n, d int, norm Norm) {
	t.Run(fmt.Sprintf("n=%d/d=%d/%v", n, d, norm), func(t *testing.T) {
		pts := make([]float64, n*d)
		for i := range pts {
			pts[i] = 1.7 * rng.NormFloat64()
		}
		// The extremes of the first coordinate: a radius that reaches
		// exactly the first or last value of a sorted search is where
		// an earlier Sorted went wrong (it counted the last value
		// strictly inside in almost every such query).
		lo, hi := 0, 0
		for i := 0; i < n; i++ {
			if pts[i*d] < pts[lo*d] {
				lo = i
			}
			if pts[i*d] > pts[hi*d] {
				hi = i
			}
		}
		r := make([]float64, n)
		for i := range r {
			var j int
			switch i % 4 {
			case 0:
				j = (i + 1 + rng.IntN(20)) % n // a near partner: a narrow radius
			case 1:
				j = rng.IntN(n) // any partner: often a wide radius
			case 2:
				j = hi
			case 3:
				j = lo
			}
			r[i] = dist(norm, pts[i*d:i*d+d], pts[j*d:j*d+d])
		}
		oracle := NewBrute(pts, n, d, norm)
		var counters []struct {
			name string
			c    SelfCounter
		}
		if d == 1 {
			counters = append(counters, struct {
				name string
				c    SelfCounter
			}{"sorted", NewSorted(pts)}, struct {
				name string
				c    SelfCounter
			}{"sorted-values", NewSortedValues(pts)})
		}
		counters = append(counters, struct {
			name string
			c    SelfCounter
		}{"tree", Build(pts, n, d, norm, 0, 2)})
		for _, incl := range []bool{false, true} {
			want := make([]int32, n)
			oracle.CountSelf(r, incl, want, 2)
			for _, ct := range counters {
				got := make([]int32, n)
				ct.c.CountSelf(r, incl, got, 2)
				for i := range got {
					require.Equal(t, want[i], got[i], "%s inclusive=%v point %d radius %v", ct.name, incl, i, r[i])
				}
			}
		}
	})
}
