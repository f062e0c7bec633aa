package knn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestProbeCostSuited: the probes that choose between the strip or column
// search and a kd-tree accept spread data and refuse data with a constant
// coordinate (jittered at 1e-8, as the estimators leave it), where those
// searches reach most strips or slabs (columns need AVX2 as well); the
// search results do not depend on the choice (TestStripsMatchesBrute,
// TestColumnsMatchesBrute).
func TestProbeCostSuited(t *testing.T) {
	rng := rand.New(rand.NewPCG(91, 92))
	const n, k = 100000, 3
	for _, constant := range []bool{false, true} {
		t.Run(fmt.Sprintf("constant=%v", constant), func(t *testing.T) {
			x, y := make([]float64, n), make([]float64, n)
			pts := make([]float64, 3*n)
			for i := 0; i < n; i++ {
				a := rng.NormFloat64()
				if constant {
					a = 1 + 1e-8*rng.NormFloat64()
				}
				x[i], y[i] = a, rng.NormFloat64()
				pts[3*i], pts[3*i+1], pts[3*i+2] = a, y[i], rng.NormFloat64()
			}
			s := NewStrips(x, y, nil, nil, k, 0)
			c := NewColumns(pts, n, k, 0, 2)
			sc, cc := s.ProbeCost(k), c.ProbeCost(k)
			require.Equal(t, !constant, s.Suited(k), "strips cost %.1f", sc)
			require.Equal(t, !constant && haveAVX2, c.Suited(k), "columns cost %.1f", cc)
			require.Greater(t, sc, 0.0)
			require.Greater(t, cc, 0.0)
		})
	}
}
